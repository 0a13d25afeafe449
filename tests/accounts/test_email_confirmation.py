import time

from django.urls import reverse

from coproduce.accounts import services
from coproduce.accounts.models import User
from tests.conftest import sign_in
from tests.factories import UserFactory

from .conftest import link_in, path_of, verbs


def unconfirmed(**kwargs):
    return UserFactory(email_confirmed_at=None, **kwargs)


def test_the_emailed_link_confirms_the_address_after_pressing_the_button(client, db, outbox):
    client.post(
        reverse("accounts:sign_up"),
        {
            "full_name": "Cai Confirm",
            "email": "cai@example.test",
            "new_password1": "velvet harbour compass",
            "new_password2": "velvet harbour compass",
        },
    )
    url = path_of(link_in(outbox[0]))
    page = client.get(url)
    assert page.status_code == 200
    assert b"Confirm email address" in page.content
    assert User.objects.get(email="cai@example.test").email_confirmed_at is None  # GET changes nothing

    response = client.post(url)
    # Signed in by joining: the join started carries on where it stopped.
    assert response["Location"] == reverse("people:join_check")
    assert User.objects.get(email="cai@example.test").email_confirmed_at is not None
    assert "accounts.email_confirmed" in verbs()


def test_confirming_in_another_browser_signs_in_then_resumes_the_join(client, db):
    user = unconfirmed()
    response = client.post(reverse("accounts:confirm_email", args=[services.email_confirmation_token(user)]))
    assert response["Location"] == f"{reverse('accounts:sign_in')}?next=%2Fjoin%2Fcheck-your-answers%2F"


def test_the_link_expires_after_the_configured_days(client, db, settings, monkeypatch):
    user = unconfirmed()
    token = services.email_confirmation_token(user)
    later = time.time() + (settings.EMAIL_CONFIRMATION_DAYS + 1) * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(reverse("accounts:confirm_email", args=[token]))
    assert response.status_code == 200
    assert b"This link has expired or does not work" in response.content
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_tampered_link_does_not_work(client, db):
    user = unconfirmed()
    token = services.email_confirmation_token(user)
    for bad in [token[:-2] + "xx", "garbage", "a" * 2000, "%00"]:
        response = client.get(reverse("accounts:confirm_email", args=[bad]))
        assert response.status_code == 200
        assert b"This link has expired or does not work" in response.content


def test_a_link_stops_working_when_the_address_changes(client, db):
    user = unconfirmed(email="old@example.test")
    token = services.email_confirmation_token(user)
    user.email = "new@example.test"
    user.save()
    response = client.post(reverse("accounts:confirm_email", args=[token]))
    assert b"This link has expired or does not work" in response.content


def test_resending_sends_a_new_link_to_an_unconfirmed_account(client, db, outbox):
    unconfirmed(email="waiting@example.test")
    response = client.post(reverse("accounts:resend_confirmation"), {"email": "Waiting@example.test"})
    assert response["Location"] == reverse("accounts:check_email")
    assert len(outbox) == 1
    assert "/account/confirm-email/" in outbox[0].body


def test_resending_does_not_reveal_whether_an_account_exists(client, db, outbox):
    UserFactory(email="done@example.test")  # already confirmed
    a = client.post(reverse("accounts:resend_confirmation"), {"email": "nobody@example.test"})
    b = client.post(reverse("accounts:resend_confirmation"), {"email": "done@example.test"})
    assert a.status_code == b.status_code == 302
    assert a["Location"] == b["Location"]
    assert outbox == []


def test_a_signed_in_person_can_ask_for_a_new_link_from_their_account(client, db, outbox):
    user = unconfirmed()
    sign_in(client, user)
    page = client.get(reverse("accounts:account"))
    assert b"Send a new confirmation email" in page.content
    response = client.post(reverse("accounts:resend_my_confirmation"))
    assert response["Location"] == reverse("accounts:account")
    assert outbox[0].to == [user.email]
