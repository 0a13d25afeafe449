"""Pages and API answers for a signed-in person may hold personal or bank details: never kept in a cache."""

from django.urls import reverse
from knox.models import AuthToken

from tests.conftest import sign_in
from tests.factories import UserFactory


def test_a_signed_in_persons_pages_are_never_stored(client, db):
    sign_in(client, UserFactory(roles=["member"]))
    for name in ("core:home", "accounts:account"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, (name, cache_control)


def test_an_api_answer_to_a_token_is_never_stored(client, db):
    _, token = AuthToken.objects.create(UserFactory(roles=["member"]))
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_anyone_may_be_cached(client, db):
    response = client.get(reverse("core:accessibility"))
    assert "no-store" not in response.get("Cache-Control", "")
