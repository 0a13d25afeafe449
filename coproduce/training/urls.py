from django.urls import path

from . import views_member, views_public

app_name = "training"

urlpatterns = [
    path("", views_public.courses, name="courses"),
    path("courses/<slug:slug>/", views_public.course, name="course"),
    path("sessions/<int:pk>/", views_public.session, name="session"),
    path("materials/<int:pk>/", views_public.material, name="material"),
    path("mine/", views_member.my_training, name="mine"),
    path("sessions/<int:pk>/book/", views_member.book, name="book"),
    path("sessions/<int:pk>/trainers/", views_member.trainer_view, name="trainer_view"),
    path("bookings/<int:pk>/cancel/", views_member.cancel, name="cancel"),
    path("bookings/<int:pk>/feedback/", views_member.feedback, name="feedback"),
    path("bookings/<int:pk>/feedback/easy-read/", views_member.feedback_easy_read, name="feedback_easy_read"),
    path("bookings/<int:pk>/certificate/", views_member.certificate, name="certificate"),
    path("bookings/<int:pk>/certificate.pdf", views_member.certificate_pdf, name="certificate_pdf"),
]
