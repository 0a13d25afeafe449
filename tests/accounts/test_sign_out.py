from django.urls import reverse

from coproduce.accounts.models import UserSession
from tests.conftest import sign_in

from .conftest import last_event


def test_signing_out_needs_a_post(client, member):
    sign_in(client, member)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    assert "_auth_user_id" in client.session


def test_signing_out_ends_the_session_and_is_audited(client, member):
    sign_in(client, member)
    key = client.session.session_key
    response = client.post(reverse("accounts:sign_out"))
    assert response["Location"] == reverse("core:home")
    assert "_auth_user_id" not in client.session
    assert UserSession.objects.get(session_key=key).ended_at is not None
    assert last_event("accounts.signed_out").actor_id == member.pk


def test_signing_out_when_not_signed_in_is_harmless(client, db):
    assert client.post(reverse("accounts:sign_out")).status_code == 302
