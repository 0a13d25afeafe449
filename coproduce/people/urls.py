from django.urls import path

from . import views_equality, views_member

app_name = "people"

urlpatterns = [
    path("me/equality/", views_equality.start, name="equality"),
    path("me/equality/questions/", views_equality.questions, name="equality_questions"),
    path("me/equality/delete/", views_equality.delete, name="equality_delete"),
    *views_member.urlpatterns(),
]
