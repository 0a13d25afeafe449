from django.urls import path

from . import views_member, views_public

app_name = "evaluation"

urlpatterns = [
    path("survey/<str:token>/", views_public.answer, name="answer"),
    path("survey/<str:token>/thanks/", views_public.thanks, name="thanks"),
    path("reports/", views_public.reports, name="reports"),
    path("reports/open-data.csv", views_public.open_data, name="open_data"),
    path("reports/data-dictionary.csv", views_public.data_dictionary, name="data_dictionary"),
    path("reports/<int:year>/", views_public.report, name="report"),
    path("reports/<int:year>/easy-read/", views_public.report_easy_read, name="report_easy_read"),
    path("reports/<int:year>/report.pdf", views_public.report_pdf, name="report_pdf"),
    path("peer-research/", views_member.workspace, name="workspace"),
]
