from django.urls import path

from . import views_manage

app_name = "training_manage"

urlpatterns = [
    path("", views_manage.course_list, name="courses"),
    path("courses/new/", views_manage.course_create, name="course_create"),
    path("courses/<int:pk>/", views_manage.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views_manage.course_edit, name="course_edit"),
    path("courses/<int:pk>/co-designers/add/", views_manage.co_designer_add, name="co_designer_add"),
    path(
        "courses/<int:pk>/co-designers/<int:designer>/remove/",
        views_manage.co_designer_remove,
        name="co_designer_remove",
    ),
    path("courses/<int:pk>/materials/add/", views_manage.material_add, name="material_add"),
    path("materials/<int:pk>/delete/", views_manage.material_delete, name="material_delete"),
    path("courses/<int:pk>/sessions/new/", views_manage.session_create, name="session_create"),
    path("sessions/", views_manage.session_list, name="sessions"),
    path("sessions/<int:pk>/", views_manage.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views_manage.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views_manage.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/support/", views_manage.support, name="support"),
    path("sessions/<int:pk>/book/", views_manage.book, name="book"),
    path("sessions/<int:pk>/attendance/", views_manage.attendance, name="attendance"),
    path("sessions/<int:pk>/preparation/", views_manage.preparation, name="preparation"),
    path("sessions/<int:pk>/feedback/paper/", views_manage.paper_feedback, name="paper_feedback"),
    path("bookings/<int:pk>/cancel/", views_manage.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/certificate/", views_manage.certificate, name="certificate"),
    path("bookings/<int:pk>/certificate.pdf", views_manage.certificate_pdf, name="certificate_pdf"),
    path("report/", views_manage.report, name="report"),
    path("report/refresh/", views_manage.report_refresh, name="report_refresh"),
    path("report/<slug:name>.csv", views_manage.report_csv, name="report_csv"),
]
