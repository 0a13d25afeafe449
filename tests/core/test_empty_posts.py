"""A POST with no fields at all (a script, a broken browser, a proxy that dropped the body) is checked and
explained like any other bad input, never shown as a blank form that silently saved nothing."""

import pytest
from django.urls import reverse

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name", ["opportunities_manage:advertise", "projects:request_new", "meetings_manage:create"]
)
def test_an_empty_post_gets_an_error_summary(client, officer, url_name):
    response = sign_in(client, officer).post(reverse(url_name), {})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_an_empty_post_to_sign_up_is_explained(client):
    response = client.post(reverse("accounts:sign_up"), {})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
