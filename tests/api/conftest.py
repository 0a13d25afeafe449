import pytest
from rest_framework.test import APIClient

from coproduce.api.services import create_token
from tests.factories import totp_device


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def token_for():
    """Create a token for `user` the way the token page does, returning (ApiToken, secret)."""

    def make(user, *, name="Test token", expiry_days=None):
        # The service checks the actor's two-factor state like the page does; tests act as verified, with
        # the authenticator django-otp puts on a verified user.
        user.is_verified = lambda: True
        if user.requires_two_factor:
            user.otp_device = totp_device(user)
        return create_token(user, name=name, expiry_days=expiry_days)

    return make
