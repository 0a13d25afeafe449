from django.urls import path

from . import views_manage

app_name = "notifications_manage"

urlpatterns = [
    path("", views_manage.not_reached, name="not_reached"),
    path("calls/", views_manage.calls, name="calls"),
    path("person/<int:person_id>/", views_manage.person_messages, name="person"),
    path("<int:pk>/", views_manage.message_detail, name="message"),
    path("<int:pk>/resolve/", views_manage.resolve, name="resolve"),
    path("settings/", views_manage.message_settings, name="settings"),
    path("letters/", views_manage.letters, name="letters"),
    path("letters/batch/", views_manage.make_batch, name="make_batch"),
    path("letters/<int:pk>/", views_manage.batch, name="batch"),
    path("letters/<int:pk>/letters.pdf", views_manage.batch_pdf, name="batch_pdf"),
    path("letters/<int:pk>/posted/", views_manage.batch_posted, name="batch_posted"),
]
