import re

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from coproduce.api.models import ApiToken
from coproduce.audit.models import AuditEvent
from tests.conftest import sign_in

LIST = reverse("api_tokens:list")
CREATE = reverse("api_tokens:create")


def revoke_url(token):
    return reverse("api_tokens:revoke", args=[token.pk])


def shown_token(response) -> str:
    html = response.content.decode()
    match = re.search(r'<code class="coproduce-token" id="api-token">([^<]+)</code>', html)
    assert match, "the new token is shown on the result page"
    return match.group(1)


def test_signed_out_people_are_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_signed_out_people_cannot_create_a_token(client, db):
    response = client.post(CREATE, {"name": "Sneaky"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_it_lists_no_tokens_at_first(client, member):
    sign_in(client, member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "You have no API tokens." in response.content.decode()


def test_a_member_creates_a_token_and_sees_it_once(client, member, api_client):
    sign_in(client, member)
    response = client.post(CREATE, {"name": "Report spreadsheet", "expiry_days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "You will not be able to see it again" in html
    secret = shown_token(response)

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.get("/api/me/").json()["email"] == member.email

    listing = client.get(LIST).content.decode()
    assert "Report spreadsheet" in listing
    assert secret not in listing
    assert secret[:15] not in listing
    auth_token = AuthToken.objects.get(user=member)
    assert auth_token.digest not in listing
    assert auth_token.expiry is not None


def test_a_token_without_a_chosen_expiry_lasts_90_days(client, member):
    sign_in(client, member)
    client.post(CREATE, {"name": "Quarterly report"})
    expiry = AuthToken.objects.get(user=member).expiry
    assert expiry is not None
    assert 89 <= (expiry - timezone.now()).days <= 90


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter a name for the token"),
        ({"name": "x" * 81}, "Name must be 80 characters or fewer"),
        ({"name": "Ok", "expiry_days": "soon"}, "Number of days must be a whole number, like 90"),
        ({"name": "Ok", "expiry_days": "0"}, "Number of days must be 1 or more"),
        ({"name": "Ok", "expiry_days": "9999"}, "Number of days must be 366 or fewer"),
    ],
)
def test_it_explains_what_to_fix_and_keeps_what_was_typed(client, member, data, message):
    sign_in(client, member)
    response = client.post(CREATE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: API tokens" in html
    assert "There is a problem" in html
    assert message in html
    if data.get("expiry_days"):
        assert f'value="{data["expiry_days"]}"' in html
    assert not ApiToken.objects.exists()


def test_creating_a_token_is_audited_without_the_secret(client, member):
    sign_in(client, member)
    secret = shown_token(client.post(CREATE, {"name": "Audited", "expiry_days": "7"}))
    event = AuditEvent.objects.get(verb="api.token_created")
    token = ApiToken.objects.get()
    assert event.actor == member
    assert (event.object_type, event.object_id) == ("api.apitoken", str(token.pk))
    assert event.changed_fields == ["expiry", "name"]
    assert secret not in str(event.__dict__)


def test_a_member_revokes_their_token(client, member):
    sign_in(client, member)
    client.post(CREATE, {"name": "Old laptop"})
    token = ApiToken.objects.get()
    response = client.post(revoke_url(token), follow=True)
    assert response.status_code == 200
    assert "Token ‘Old laptop’ revoked" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert not AuthToken.objects.exists()
    event = AuditEvent.objects.get(verb="api.token_revoked")
    assert event.actor == member
    assert event.object_id == str(token.pk)


def test_revoking_needs_a_post(client, member, token_for):
    token, _secret = token_for(member)
    sign_in(client, member)
    assert client.get(revoke_url(token)).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_member_cannot_see_another_persons_tokens(client, member, user_with_role, token_for):
    other = user_with_role("member", email="other@example.test")
    token_for(other, name="Someone else's integration")
    sign_in(client, member)
    html = client.get(LIST).content.decode()
    assert "Someone else&#x27;s integration" not in html
    assert "Someone else's integration" not in html
    assert "You have no API tokens." in html


def test_a_member_cannot_revoke_another_persons_token(client, member, user_with_role, token_for):
    other = user_with_role("member", email="other@example.test")
    token, _secret = token_for(other)
    sign_in(client, member)
    response = client.post(revoke_url(token))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert not AuditEvent.objects.filter(verb="api.token_revoked").exists()


def test_revoking_a_token_that_does_not_exist_is_not_found(client, member):
    sign_in(client, member)
    assert client.post(reverse("api_tokens:revoke", args=[999999])).status_code == 404


def test_a_privileged_user_must_be_verified_to_create_a_token(client, officer):
    sign_in(client, officer, verified=False)
    page = client.get(LIST).content.decode()
    assert "you need to enter a two-factor code" in page
    assert 'action="/account/api-tokens/create/"' not in page
    assert "/account/two-factor/set-up/?next=%2Faccount%2Fapi-tokens%2F" in page

    response = client.post(CREATE, {"name": "Unverified"})
    assert response.status_code == 200
    assert "Enter a two-factor code before creating an API token." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_verified_privileged_user_can_create_a_token(client, officer):
    sign_in(client, officer, verified=True)
    response = client.post(CREATE, {"name": "Verified"})
    assert response.status_code == 200
    assert ApiToken.objects.filter(auth_token__user=officer).exists()


def test_it_stops_at_the_token_limit(client, member, token_for, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    token_for(member, name="one")
    token_for(member, name="two")
    sign_in(client, member)
    response = client.post(CREATE, {"name": "three"})
    assert "You already have 2 tokens" in response.content.decode()
    assert ApiToken.objects.count() == 2
