from django.urls import path

from . import views_member
from .views_member import PROFILE_SECTIONS, STEPS

app_name = "people"

urlpatterns = [
    path("me/equality/", views_member.start, name="equality"),
    path("me/equality/questions/", views_member.questions, name="equality_questions"),
    path("me/equality/delete/", views_member.delete, name="equality_delete"),
    path("join/", views_member.join_start, name="join_start"),
    path("join/check-your-answers/", views_member.join_check, name="join_check"),
    path("join/done/", views_member.join_done, name="join_done"),
    path("me/", views_member.me, name="me"),
    path("me/consent/", views_member.me_consent, name="me_consent"),
    path("me/download/", views_member.me_download, name="me_download"),
    path("me/delete/", views_member.me_delete, name="me_delete"),
    path("account-deleted/", views_member.deleted, name="deleted"),
    # Each journey page and profile section has its own named URL without arguments, so the URL-policy
    # checks reach every one of them.
    *(
        path(f"join/{slug}/", views_member.join_step, {"step": slug}, name=f"join_{slug}")
        for slug, _, _ in STEPS
    ),
    *(
        path(f"me/change/{slug}/", views_member.me_change, {"section": slug}, name=f"me_change_{slug}")
        for slug, _, _ in PROFILE_SECTIONS
    ),
]
