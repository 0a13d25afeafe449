import re

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import sign_in
from tests.factories import PASSWORD, totp_device

from .conftest import current_code, last_event

SETUP = "/account/two-factor/set-up/"


def unconfirmed_device(user):
    return TOTPDevice.objects.get(user=user, confirmed=False)


def enrol(client, user, next_url="/manage/"):
    client.get(SETUP, {"next": next_url})
    device = unconfirmed_device(user)
    response = client.post(SETUP, {"code": current_code(device), "next": next_url})
    return device, response


def test_urls_are_where_the_access_middleware_sends_people():
    assert reverse("accounts:two_factor_setup") == SETUP
    assert reverse("accounts:two_factor_verify") == "/account/two-factor/verify/"


def test_the_setup_page_shows_an_accessible_qr_code_and_the_key_as_text(client, officer):
    sign_in(client, officer, verified=False)
    html = client.get(SETUP).content.decode()
    device = unconfirmed_device(officer)
    assert re.search(r'<svg role="img" aria-label="QR code[^"]*"', html)
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'id="secret-key">([^<]+)<', html).group(1).replace(" ", "")
    assert shown == key
    assert 'autocomplete="one-time-code"' in html


def test_reloading_the_setup_page_keeps_the_same_key(client, officer):
    sign_in(client, officer, verified=False)
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_wrong_code_does_not_confirm_the_authenticator(client, officer):
    sign_in(client, officer, verified=False)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert b"The code is not correct" in response.content
    assert not unconfirmed_device(officer).confirmed
    assert "<title>Error: " in response.content.decode()


def test_the_code_must_be_six_digits(client, officer):
    sign_in(client, officer, verified=False)
    response = client.post(SETUP, {"code": "12ab"})
    assert b"Enter the 6-digit code from your authenticator app" in response.content


def test_the_right_code_confirms_it_and_shows_ten_recovery_codes_once(client, officer):
    sign_in(client, officer, verified=False)
    device, response = enrol(client, officer)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_recovery_codes"))
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id  # this session is now verified

    first = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", first)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert 'href="/manage/"' in first

    again = client.get(response["Location"]).content.decode()
    assert not re.findall(r"<li><code>", again)
    assert "shown only once" in again
    assert last_event("accounts.two_factor_enrolled").actor_id == officer.pk
    assert client.get("/manage/").status_code == 200


def test_the_setup_page_sends_enrolled_people_to_their_account(client, officer):
    sign_in(client, officer)
    assert client.get(SETUP)["Location"] == reverse("accounts:account")


def test_the_access_middleware_asks_for_a_code_and_returns_to_the_page(client, officer):
    device = totp_device(officer)
    sign_in(client, officer, verified=False)
    response = client.get("/manage/")
    assert response["Location"] == reverse("accounts:two_factor_verify") + "?next=%2Fmanage%2F"
    response = client.post(response["Location"], {"code": current_code(device), "next": "/manage/"})
    assert response["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200


def test_a_recovery_code_works_once_and_its_use_is_audited(client, officer):
    sign_in(client, officer, verified=False)
    enrol(client, officer)
    code = StaticToken.objects.filter(device__user=officer).first().token
    client.logout()

    client.post(reverse("accounts:sign_in"), {"email": officer.email, "password": PASSWORD})
    response = client.post(reverse("accounts:two_factor_verify"), {"code": f" {code.upper()} "})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == officer.pk
    assert last_event("accounts.recovery_code_used").actor_id == officer.pk
    assert StaticToken.objects.filter(device__user=officer).count() == 9

    client.logout()
    client.post(reverse("accounts:sign_in"), {"email": officer.email, "password": PASSWORD})
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_resetting_the_authenticator_needs_the_password(client, officer):
    sign_in(client, officer)  # has a confirmed device
    response = client.post(reverse("accounts:two_factor_reset"), {"password": "not my password"})
    assert response.status_code == 200
    assert b"Your password is not correct" in response.content
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert b"not my password" not in response.content


def test_resetting_the_authenticator_removes_codes_and_asks_to_set_up_again(client, officer):
    sign_in(client, officer)
    StaticDevice.objects.create(user=officer, name="Recovery codes")
    response = client.post(reverse("accounts:two_factor_reset"), {"password": PASSWORD})
    assert response["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert last_event("accounts.two_factor_reset").actor_id == officer.pk
    # The session is no longer verified, so the back office asks for set-up again.
    assert client.get("/manage/")["Location"].startswith(SETUP)


def test_the_account_page_links_to_reset_when_enrolled(client, officer):
    sign_in(client, officer)
    html = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:two_factor_reset") in html
