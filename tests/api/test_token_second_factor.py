"""A staff token works only while the authenticator verified when it was made is still on the account."""

from knox.models import AuthToken

from coproduce.api.models import ApiToken
from tests.factories import UserFactory


def test_a_staff_token_made_with_a_verified_authenticator_works(api_client, token_for, db):
    officer = UserFactory(roles=["officer"])
    _, secret = token_for(officer)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.get("/api/me/").status_code == 200


def test_removing_the_authenticator_stops_the_staff_token(api_client, token_for, db):
    officer = UserFactory(roles=["officer"])
    _, secret = token_for(officer)
    officer.otp_device.delete()  # a lost phone, removed from the account
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api_client.get("/api/me/")
    assert response.status_code == 401
    assert "no longer on the account" in response.json()["detail"]


def test_a_staff_token_with_no_second_factor_on_record_never_works(api_client, db):
    officer = UserFactory(roles=["officer"])
    auth_token, secret = AuthToken.objects.create(user=officer)  # made before tokens recorded one
    ApiToken.objects.create(auth_token=auth_token, name="Old")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.get("/api/me/").status_code == 401


def test_a_members_token_needs_no_second_factor(api_client, token_for, db):
    member = UserFactory(roles=["member"])
    _, secret = token_for(member)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.get("/api/me/").status_code == 200
