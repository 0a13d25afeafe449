from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from coproduce.accounts.models import UserSession
from tests.conftest import sign_in
from tests.factories import PASSWORD, UserFactory

from .conftest import last_event, link_in, path_of, without_csrf

NEW = "tangerine bicycle meadow"


def test_a_reset_link_is_emailed_through_the_queue_and_audited(client, member, outbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "Member@Example.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(outbox) == 1
    assert outbox[0].to == [member.email]
    assert "/account/password-reset/" in outbox[0].body
    event = last_event("accounts.password_reset_requested")
    assert event.actor_id is None and event.object_id == str(member.pk)


def test_asking_for_a_reset_never_reveals_whether_the_account_exists(client, member, outbox):
    known = client.post(reverse("accounts:password_reset"), {"email": member.email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done = client.get(known["Location"])
    assert b"If the address you entered has an account" in done.content
    assert len(outbox) == 1


def test_the_reset_link_sets_a_new_password_audits_it_and_signs_out_everywhere(client, member, outbox):
    elsewhere = sign_in(Client(), member)
    client.post(reverse("accounts:password_reset"), {"email": member.email})
    page = client.get(path_of(link_in(outbox[0])), follow=True)
    assert b"Choose a new password" in page.content
    form_url = page.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert last_event("accounts.password_reset").object_id == str(member.pk)
    assert not UserSession.objects.filter(user=member, ended_at__isnull=True).exists()
    assert elsewhere.get(reverse("accounts:account")).status_code == 302


def test_the_reset_form_applies_the_password_rules(client, member, outbox):
    client.post(reverse("accounts:password_reset"), {"email": member.email})
    page = client.get(path_of(link_in(outbox[0])), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    assert b"at least 12 characters" in response.content
    assert b'value="short"' not in response.content


def test_a_used_or_broken_reset_link_says_so(client, db):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))
    assert b"This link has expired or does not work" in response.content


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, member):
    other = sign_in(Client(), member)
    other_key = other.session.session_key
    sign_in(client, member)
    response = client.post(
        reverse("accounts:change_password"),
        {"password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("accounts:account")
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert client.get(reverse("accounts:account")).status_code == 200
    assert other.get(reverse("accounts:account")).status_code == 302
    assert not Session.objects.filter(session_key=other_key).exists()
    assert UserSession.objects.get(session_key=other_key).ended_at is not None
    event = last_event("accounts.password_changed")
    assert event.actor_id == member.pk and event.changed_fields == ["password"]


def test_changing_the_password_needs_the_current_one(client, member):
    sign_in(client, member)
    response = client.post(
        reverse("accounts:change_password"),
        {"password": "not the password", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert b"Your password is not correct" in response.content
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert NEW.encode() not in response.content


def test_the_new_password_may_not_resemble_the_name(client, db):
    user = UserFactory(full_name="Rosalind Fairweather", email="rosalind.fairweather@example.test")
    sign_in(client, user)
    response = client.post(
        reverse("accounts:change_password"),
        {
            "password": PASSWORD,
            "new_password1": "rosalindfairweather",
            "new_password2": "rosalindfairweather",
        },
    )
    assert b"too similar" in response.content


def test_change_password_page_uses_password_autocomplete(client, member):
    html = sign_in(client, member).get(reverse("accounts:change_password")).content.decode()
    assert 'autocomplete="current-password"' in html
    assert html.count('autocomplete="new-password"') == 2


def test_the_reset_page_is_the_same_for_everyone(client, member):
    a = client.get(reverse("accounts:password_reset"))
    b = client.get(reverse("accounts:password_reset"))
    assert without_csrf(a.content) == without_csrf(b.content)
