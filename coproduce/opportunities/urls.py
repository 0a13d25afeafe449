from django.urls import path

from . import views_member, views_public

app_name = "opportunities"

urlpatterns = [
    path("", views_public.opportunity_list, name="list"),
    path("<int:pk>/", views_public.detail, name="detail"),
    path("<int:pk>/interest/", views_member.express_interest, name="express_interest"),
    path("applications/", views_member.applications, name="applications"),
    path("applications/<int:pk>/", views_member.application, name="application"),
    path("applications/<int:pk>/withdraw/", views_member.withdraw, name="withdraw"),
]
