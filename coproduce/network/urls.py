from django.urls import path

from . import views_member, views_public

app_name = "network"

urlpatterns = [
    path("network/", views_public.about, name="about"),
    path("network/invite/<str:code>/", views_public.invitation, name="invitation"),
    path("network/unsubscribe/<str:token>/", views_public.unsubscribe, name="unsubscribe"),
    path("network/apply/", views_member.apply, name="apply"),
    path("network/nominate/", views_member.nominate, name="nominate"),
    path("network/me/", views_member.home, name="home"),
    path("network/me/activity/", views_member.activity_list, name="activity"),
    path("network/me/activity/new/", views_member.record_activity, name="record_activity"),
    path("network/me/recommendations/new/", views_member.recommend, name="recommend"),
    path("network/me/pledge/", views_member.pledge, name="pledge"),
    path("network/me/invitation/", views_member.printable_invitation, name="printable_invitation"),
    path("network/joined-through-a-champion/", views_member.recruit_naming, name="recruit_naming"),
    path("network/news/<int:pk>/", views_member.news_item, name="news_item"),
    path("events/", views_public.events, name="events"),
    path("events/<int:pk>/", views_public.event, name="event"),
    path("events/<int:pk>/book/", views_public.book, name="book"),
    path("events/<int:pk>/booked/", views_public.booked, name="booked"),
]
