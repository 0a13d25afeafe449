import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory, totp_device

from .conftest import current_code, last_event, without_csrf

SIGN_IN = "/account/sign-in/"


def post(client, email, password, ip="192.0.2.10", **extra):
    return client.post(SIGN_IN, {"email": email, "password": password, **extra}, REMOTE_ADDR=ip)


def test_sign_in_url_is_where_the_lead_expects():
    assert reverse("accounts:sign_in") == SIGN_IN


def test_it_signs_a_member_in_and_audits_it(client, member):
    response = post(client, "MEMBER@example.test", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert int(client.session["_auth_user_id"]) == member.pk
    event = last_event("accounts.signed_in")
    assert event.actor_id == member.pk
    assert event.object_id == str(member.pk)


def test_it_follows_a_safe_next_address_only(client, member):
    assert post(client, member.email, PASSWORD, next="/account/sessions/")["Location"] == "/account/sessions/"
    client.logout()
    assert post(client, member.email, PASSWORD, next="https://evil.example/")["Location"] == reverse(
        "core:home"
    )


def test_a_failed_sign_in_is_audited_against_the_account_without_an_actor(client, member):
    post(client, member.email, "wrong password here")
    event = last_event("accounts.sign_in_failed")
    assert event.actor_id is None
    assert event.object_type == "accounts.user"
    assert event.object_id == str(member.pk)


def test_a_failed_sign_in_for_an_unknown_email_is_audited_with_no_object(client, db):
    post(client, "nobody@example.test", "wrong password here")
    event = last_event("accounts.sign_in_failed")
    assert event.actor_id is None
    assert event.object_id == ""


def test_the_response_is_identical_whether_or_not_the_account_exists(client, member):
    known = post(client, member.email, "wrong password here")
    unknown = post(client, "nobody@example.test", "wrong password here")
    assert known.status_code == unknown.status_code == 200
    known_html = without_csrf(known.content).replace(member.email.encode(), b"EMAIL")
    unknown_html = without_csrf(unknown.content).replace(b"nobody@example.test", b"EMAIL")
    assert known_html == unknown_html
    assert b"Enter a correct email address and password" in known.content
    assert b"wrong password here" not in known.content


def test_inactive_accounts_get_the_same_refusal(client, db):
    UserFactory(email="gone@example.test", is_active=False)
    response = post(client, "gone@example.test", PASSWORD)
    assert response.status_code == 200
    assert b"Enter a correct email address and password" in response.content


def fail_until_locked(client, email, ip):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post(client, email, "wrong password here", ip=ip)


def test_after_the_failure_limit_the_account_is_paused_at_that_address(client, member):
    fail_until_locked(client, member.email, ip="192.0.2.10")
    response = post(client, member.email, PASSWORD, ip="192.0.2.10")
    assert response.status_code == 429
    assert b"Too many attempts to sign in" in response.content
    assert "_auth_user_id" not in client.session


def test_one_persons_failures_never_lock_out_a_shared_office(client, member, officer):
    fail_until_locked(client, member.email, ip="203.0.113.5")
    # A colleague behind the same address signs in, and the member can from home.
    assert post(client, officer.email, PASSWORD, ip="203.0.113.5").status_code == 302
    client.logout()
    assert post(client, member.email, PASSWORD, ip="198.51.100.7").status_code == 302


def test_guessing_many_accounts_from_one_address_is_paused_at_the_higher_limit(client, officer):
    for n in range(settings.COPRODUCE_SIGNIN_ADDRESS_FAILURE_LIMIT):
        post(client, f"guess{n}@example.test", "wrong password here", ip="203.0.113.9")
    assert post(client, officer.email, PASSWORD, ip="203.0.113.9").status_code == 429
    assert "_auth_user_id" not in client.session
    assert post(client, officer.email, PASSWORD, ip="198.51.100.8").status_code == 302


def test_guessing_one_account_from_many_addresses_is_paused_at_the_account_limit(client, member):
    for n in range(settings.COPRODUCE_SIGNIN_ACCOUNT_FAILURE_LIMIT):
        post(client, member.email, "wrong password here", ip=f"198.51.100.{n + 1}")
    assert post(client, member.email, PASSWORD, ip="192.0.2.99").status_code == 429


def test_a_locked_response_looks_the_same_for_an_unknown_email(client, member):
    fail_until_locked(client, member.email, ip="192.0.2.20")
    fail_until_locked(client, "nobody@example.test", ip="192.0.2.21")
    known = post(client, member.email, "wrong password here", ip="192.0.2.20")
    unknown = post(client, "nobody@example.test", "wrong password here", ip="192.0.2.21")
    assert known.status_code == unknown.status_code == 429
    assert without_csrf(known.content) == without_csrf(unknown.content)


def test_a_person_with_an_authenticator_must_enter_a_code_before_they_are_signed_in(client, officer):
    device = totp_device(officer)
    response = post(client, officer.email, PASSWORD, next="/manage/")
    assert response["Location"] == reverse("accounts:two_factor_verify")
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(verb="accounts.signed_in").exists()

    response = client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})
    assert response["Location"] == "/manage/"
    assert int(client.session["_auth_user_id"]) == officer.pk
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get("/manage/").status_code == 200
    assert last_event("accounts.signed_in").actor_id == officer.pk


def test_a_member_who_chose_two_factor_also_gets_the_second_step(client, member):
    totp_device(member)
    assert post(client, member.email, PASSWORD)["Location"] == reverse("accounts:two_factor_verify")


def test_the_second_step_refuses_a_wrong_code_and_keeps_them_signed_out(client, officer):
    totp_device(officer)
    post(client, officer.email, PASSWORD)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert response.status_code == 200
    assert b"The code is not correct" in response.content
    assert "_auth_user_id" not in client.session
    assert last_event("accounts.two_factor_failed").object_id == str(officer.pk)


def test_the_second_step_without_the_password_step_goes_back_to_sign_in(client, db):
    response = client.get(reverse("accounts:two_factor_verify"))
    assert response["Location"] == reverse("accounts:sign_in")


def test_the_password_step_expires(client, officer, monkeypatch):
    import time

    device = totp_device(officer)
    post(client, officer.email, PASSWORD)
    later = time.time() + 11 * 60
    monkeypatch.setattr("coproduce.accounts.views_public.time.time", lambda: later)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})
    assert response["Location"] == reverse("accounts:sign_in")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ADMINISTRATOR, Role.BOARD_MEMBER])
def test_people_who_need_two_factor_but_have_none_are_sent_to_set_it_up(client, user_with_role, role):
    user = user_with_role(role)
    response = post(client, user.email, PASSWORD, next="/manage/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup") + "?next=%2Fmanage%2F"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_signed_in_people_skip_the_sign_in_page(client, member):
    from tests.conftest import sign_in

    assert sign_in(client, member).get(SIGN_IN)["Location"] == reverse("core:home")
