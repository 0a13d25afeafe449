import datetime

from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from coproduce.accounts.models import Role
from coproduce.api.services import revoke_token
from tests.factories import totp_device

ME = "/api/me/"


def authorise(api_client, secret):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api_client


def test_the_me_url_is_named():
    assert reverse("api:me") == ME


def test_it_refuses_me_without_a_token(api_client, db):
    response = api_client.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_refuses_a_made_up_token(api_client, member):
    response = authorise(api_client, "0" * 64).get(ME)
    assert response.status_code == 401


def test_it_describes_the_token_holder(api_client, member, token_for):
    _token, secret = token_for(member)
    response = authorise(api_client, secret).get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "id": member.pk,
        "email": "member@example.test",
        "full_name": "Morgan Member",
        "preferred_name": "",
        "display_name": "Morgan Member",
        "roles": ["member"],
        "two_factor_enabled": False,
    }


def test_it_reports_roles_and_two_factor_of_a_privileged_holder(api_client, user_with_role, token_for):
    user = user_with_role(Role.OFFICER, Role.MEMBER)
    totp_device(user)
    _token, secret = token_for(user)
    body = authorise(api_client, secret).get(ME).json()
    assert body["roles"] == ["member", "officer"]
    assert body["two_factor_enabled"] is True


def test_it_refuses_a_revoked_token(api_client, member, token_for):
    token, secret = token_for(member)
    revoke_token(token, actor=member)
    response = authorise(api_client, secret).get(ME)
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=member).exists()


def test_it_refuses_an_expired_token(api_client, member, token_for):
    token, secret = token_for(member, expiry_days=1)
    a_moment_ago = timezone.now() - datetime.timedelta(seconds=1)
    AuthToken.objects.filter(pk=token.auth_token.pk).update(expiry=a_moment_ago)
    response = authorise(api_client, secret).get(ME)
    assert response.status_code == 401


def test_it_accepts_a_token_before_its_expiry(api_client, member, token_for):
    _token, secret = token_for(member, expiry_days=30)
    assert authorise(api_client, secret).get(ME).status_code == 200


def test_it_refuses_the_token_of_a_deactivated_account(api_client, member, token_for):
    _token, secret = token_for(member)
    member.is_active = False
    member.save()
    assert authorise(api_client, secret).get(ME).status_code == 401


def test_a_browser_session_is_not_an_api_credential(client, member):
    client.force_login(member)
    assert client.get(ME).status_code == 401
