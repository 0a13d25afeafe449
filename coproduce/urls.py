from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("coproduce.core.urls")),
    path("account/", include("coproduce.accounts.urls")),
    path("account/api-tokens/", include("coproduce.api.token_urls")),
    path("manage/audit/", include("coproduce.audit.urls")),
    path("manage/people/", include("coproduce.people.manage_urls")),
    path("", include("coproduce.people.urls")),
    path("manage/projects/", include("coproduce.projects.manage_urls")),
    path("", include("coproduce.projects.urls")),
    path("opportunities/", include("coproduce.opportunities.urls")),
    path("manage/opportunities/", include("coproduce.opportunities.manage_urls")),
    path("meetings/", include("coproduce.meetings.urls")),
    path("manage/meetings/", include("coproduce.meetings.manage_urls")),
    path("manage/accounts/", include("coproduce.accounts.manage_urls")),
    path("manage/payments/", include("coproduce.payments.manage_urls")),
    path("", include("coproduce.payments.urls")),
    path("", include("coproduce.handbook.urls")),
    path("manage/handbook/", include("coproduce.handbook.manage_urls")),
    path("search/", include("coproduce.search.urls")),
    path("api/", include("coproduce.api.urls")),
    path("django-admin/", admin.site.urls),
]
