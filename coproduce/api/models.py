from django.db import models
from django.utils import timezone
from knox.models import AuthToken


class ApiToken(models.Model):
    """What a person calls one of their API tokens, beside knox's token (which stores only a digest).

    The id here is what pages and URLs use, so neither knox's digest nor the token's first characters
    (which knox keeps to look tokens up) ever reach a page. Deleting the knox token revokes it and removes
    this row with it.
    """

    auth_token = models.OneToOneField(AuthToken, on_delete=models.CASCADE, related_name="details")
    name = models.CharField("Name", max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    # For people whose roles need two-factor: the authenticator verified when the token was made. The token
    # works only while that authenticator is still theirs and confirmed (coproduce/api/authentication.py).
    second_factor = models.CharField(max_length=80, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    @property
    def expiry(self):
        return self.auth_token.expiry

    @property
    def has_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()
