"""No form answers garbage, oversized or odd input with a server error."""

import pytest
from django.urls import reverse

from tests.conftest import sign_in

HUGE = "x" * 100_000
GARBAGE = [
    {},
    {"email": HUGE, "password": HUGE},
    {"email": "a\x00b@example.test", "password": "p\x00"},
    {"email": ["one@example.test", "two@example.test"], "password": ["a", "b"]},
    {"email": "💥@例え.テスト", "password": "🔑" * 50},
    {"full_name": HUGE, "new_password1": HUGE, "new_password2": "", "code": HUGE, "roles": ["x", HUGE]},
    {"full_name": "\x00", "code": "\x00", "q": "\x00", "next": "javascript:alert(1)"},
]

PUBLIC_FORMS = [
    "accounts:sign_in",
    "accounts:sign_up",
    "accounts:resend_confirmation",
    "accounts:password_reset",
    "accounts:two_factor_verify",
]
SIGNED_IN_FORMS = ["accounts:change_password", "accounts:two_factor_setup", "accounts:two_factor_reset"]


@pytest.mark.parametrize("data", GARBAGE)
@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_public_forms_survive_garbage(client, db, name, data):
    response = client.post(reverse(name), data, REMOTE_ADDR="192.0.2.99")
    assert response.status_code < 500


@pytest.mark.parametrize("data", GARBAGE)
@pytest.mark.parametrize("name", SIGNED_IN_FORMS)
def test_signed_in_forms_survive_garbage(client, officer, name, data):
    sign_in(client, officer, verified=False)
    assert client.post(reverse(name), data).status_code < 500


@pytest.mark.parametrize("data", GARBAGE)
def test_the_roles_page_survives_garbage(client, administrator, member, data):
    sign_in(client, administrator)
    assert client.post(reverse("accounts_manage:roles", args=[member.pk]), data).status_code < 500
    assert (
        client.get(reverse("accounts_manage:list"), {k: v for k, v in data.items() if k in {"q"}}).status_code
        < 500
    )


@pytest.mark.parametrize("q", [HUGE, "\x00", "%", "_", "' OR 1=1 --"])
def test_account_search_survives_odd_searches(client, administrator, q):
    sign_in(client, administrator)
    assert client.get(reverse("accounts_manage:list"), {"q": q, "page": q}).status_code == 200


def test_oversized_input_gets_a_plain_message_and_is_kept(client, db):
    response = client.post(
        reverse("accounts:sign_up"),
        {"full_name": "n" * 200, "email": "a@example.test", "new_password1": "", "new_password2": ""},
    )
    assert b"Full name must be 150 characters or fewer" in response.content
    assert b"Enter a password" in response.content
    assert ("n" * 200).encode() in response.content


def test_sign_in_errors_link_to_their_fields(client, db):
    html = client.post(
        reverse("accounts:sign_in"), {"email": "not an email", "password": ""}
    ).content.decode()
    assert 'href="#id_email"' in html and 'href="#id_password"' in html
    assert "Enter an email address in the correct format" in html
    assert "Enter your password" in html
    assert 'value="not an email"' in html
