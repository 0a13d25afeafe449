from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    CHAMPION = "champion", "Champion"
    BOARD_MEMBER = "board_member", "Board member"
    PROJECT_LEAD = "project_lead", "Staff project lead"
    OFFICER = "officer", "Co-production officer"
    FINANCE_APPROVER = "finance_approver", "Finance approver"
    EVALUATOR = "evaluator", "Evaluator"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that reach back-office data about other people: they must use two-factor authentication.
TWO_FACTOR_ROLES = frozenset(
    {
        Role.BOARD_MEMBER,
        Role.PROJECT_LEAD,
        Role.OFFICER,
        Role.FINANCE_APPROVER,
        Role.EVALUATOR,
        Role.ADMINISTRATOR,
    }
)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalise_email(email))

    def create_user(self, email, password=None, **extra):
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who can sign in. Their programme profile (needs, consent, experience) lives in `people`."""

    email = models.EmailField("Email address", unique=True, help_text="Stored in lower case.")
    full_name = models.CharField("Full name", max_length=150)
    preferred_name = models.CharField("What should we call you?", max_length=80, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("Can use the data-repair admin", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        # The administrators' list pages through accounts in name order: a range of this index, not a sort.
        indexes = [models.Index(fields=["full_name", "id"], name="accounts_user_name_order")]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def requires_two_factor(self) -> bool:
        return self.is_superuser or bool(self.roles & TWO_FACTOR_ROLES)

    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.roles]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self):
        return f"{self.user_id}: {self.get_role_display()}"


class UserSession(models.Model):
    """A signed-in browser, so people can see where they are signed in and end a session."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="browser_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self):
        return f"session of {self.user_id} from {self.created_at:%Y-%m-%d}"
