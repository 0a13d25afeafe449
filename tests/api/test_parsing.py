"""Whatever a client sends, the API answers with a 4xx, never a server error."""

from django.urls import reverse
from knox.models import AuthToken

from tests.factories import UserFactory
from tests.people.manage_support import make_person


def call(client, body: str):
    user = UserFactory(roles=["member"])
    make_person(user=user)
    _, token = AuthToken.objects.create(user)
    return client.patch(
        reverse("api:person-me"), body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )


def test_json_nested_5000_deep_is_refused_with_a_400(client, db):
    response = call(client, "[" * 5000 + "]" * 5000)
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting(client, db):
    response = call(client, '{"pronouns": "' + "[{" * 100 + '"}')
    assert response.status_code != 500
    assert "nested" not in response.content.decode()


def test_broken_json_is_a_400(client, db):
    assert call(client, '{"pronouns": ').status_code == 400
