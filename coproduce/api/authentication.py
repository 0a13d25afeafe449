"""Token authentication for the API: knox's tokens, and for staff only while their second factor stands.

A back-office role needs two-factor on the pages; a token is a way in without the pages, so a staff token is
tied to the authenticator that was verified when it was made. Removing or replacing that authenticator (a lost
phone) stops every token made with it, and a staff token made without one never works.
"""

from django_otp.models import Device
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class TwoFactorTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, auth_token = super().authenticate_credentials(key)
        if user.requires_two_factor and not self.second_factor_stands(user, auth_token):
            raise AuthenticationFailed(
                "This token was made with a two-factor authenticator that is no longer on the account. "
                "Create a new token after signing in with your current authenticator."
            )
        return user, auth_token

    @staticmethod
    def second_factor_stands(user, auth_token) -> bool:
        details = getattr(auth_token, "details", None)
        if details is None or not details.second_factor:
            return False
        device = Device.from_persistent_id(details.second_factor, for_verify=False)
        return device is not None and device.user_id == user.pk and device.confirmed


class TwoFactorTokenScheme(KnoxTokenScheme):
    """The schema describes these tokens as knox's (the same header), so clients see one scheme."""

    target_class = "coproduce.api.authentication.TwoFactorTokenAuthentication"
