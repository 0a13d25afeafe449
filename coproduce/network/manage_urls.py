from django.urls import path

from . import views_manage as views

app_name = "network_manage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("champions/<int:pk>/", views.champion_detail, name="champion"),
    path("champions/<int:pk>/approve/", views.approve, name="approve"),
    path("champions/<int:pk>/decline/", views.decline, name="decline"),
    path("champions/<int:pk>/step-down/", views.step_down, name="step_down"),
    path("champions/<int:pk>/induction/", views.induction, name="induction"),
    path("champions/<int:pk>/activity/new/", views.activity_on_behalf, name="activity_on_behalf"),
    path("champions/<int:pk>/edit/", views.edit_champion, name="edit_champion"),
    path("nominate/", views.nominate_search, name="nominate_search"),
    path("nominate/<int:person_pk>/", views.nominate, name="nominate"),
    path("activity/", views.activity_log, name="activity"),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/answer/", views.answer, name="answer"),
    path("recommendations/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/new/", views.partner_edit, name="partner_new"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/log/", views.partner_log, name="partner_log"),
    path("events/", views.event_list, name="events"),
    path("events/<int:pk>/bookings/", views.event_bookings, name="bookings"),
    path(
        "events/<int:pk>/bookings/<int:booking_pk>/register/", views.register_booking, name="register_booking"
    ),
    path("newsletters/", views.newsletter_list, name="newsletters"),
    path("newsletters/new/", views.newsletter_edit, name="newsletter_new"),
    path("newsletters/<int:pk>/", views.newsletter_preview, name="newsletter"),
    path("newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter_edit"),
    path("newsletters/<int:pk>/send/", views.newsletter_send, name="newsletter_send"),
    path("pledge/", views.pledge, name="pledge"),
    path("new-voices/", views.new_voices, name="new_voices"),
]
