import pytest

from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """Emails go out on commit; a test's transaction never commits."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def as_user(api_client, token_for):  # noqa: F811
    """The API client, signed in with a token of `user`."""

    def authorise(user):
        _token, secret = token_for(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return api_client

    return authorise
