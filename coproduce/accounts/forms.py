"""Account forms. Passwords are never sent back to the browser (PasswordInput does not re-render values)."""

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm

from . import services
from .models import Role, User, normalise_email

PASSWORD_MAX_LENGTH = 1000
PASSWORD_HELP = "Use at least 12 characters. A few unrelated words together make a strong password."


def email_field(label="Email address"):
    return forms.EmailField(
        label=label,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


def password_field(label, *, autocomplete, help_text="", required_message="Enter your password"):
    return forms.CharField(
        label=label,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={
            "required": required_message,
            "max_length": f"Password must be {PASSWORD_MAX_LENGTH} characters or fewer",
        },
    )


def new_password_field(label, *, required_message):
    """The first of two new-password fields, with the password rules as its hint."""
    return password_field(
        label, autocomplete="new-password", help_text=PASSWORD_HELP, required_message=required_message
    )


def confirm_password_field(label):
    """The second new-password field: the same password typed again."""
    return password_field(label, autocomplete="new-password", required_message=label)


class NewPasswordMixin:
    """Two new-password fields checked against the password rules in settings (length and a deny-list)."""

    def _user_for_validation(self):
        return getattr(self, "user", None)

    def clean_new_password2(self):
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data.get("new_password2")
        if first and second and first != second:
            raise forms.ValidationError("The passwords do not match", code="password_mismatch")
        return second

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("new_password1")
        if password:
            try:
                password_validation.validate_password(password, self._user_for_validation())
            except forms.ValidationError as error:
                self.add_error("new_password1", error)


class SignInForm(forms.Form):
    """Email and password. The error never says whether the account exists."""

    email = email_field()
    password = password_field("Password", autocomplete="current-password")

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if email and password:
            # `email=` (not `username=`) so django-axes counts failures per account as well as per address.
            self.user = authenticate(self.request, email=normalise_email(email), password=password)
            if self.user is None:
                services.record_failed_sign_in(email, request=self.request)
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data


class SignUpForm(NewPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 150 characters or fewer",
        },
    )
    email = email_field()
    new_password1 = new_password_field("Create a password", required_message="Enter a password")
    new_password2 = confirm_password_field("Confirm your password")

    def _user_for_validation(self):
        return User(
            email=self.cleaned_data.get("email", ""), full_name=self.cleaned_data.get("full_name", "")
        )


class ResendConfirmationForm(forms.Form):
    email = email_field()


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the security code", "max_length": "Enter the security code"},
    )


class SetupCodeForm(TwoFactorCodeForm):
    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app", code="format")
        return code


class VerifyCodeForm(TwoFactorCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "code"
        ].help_text = "The 6-digit code from your authenticator app, or one of your recovery codes."
        self.fields["code"].widget.attrs["inputmode"] = "text"


class CurrentPasswordForm(forms.Form):
    """Asks for the password again before a sensitive change."""

    password = password_field("Your current password", autocomplete="current-password")

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password is not correct", code="password_incorrect")
        return password


class ChangePasswordForm(NewPasswordMixin, CurrentPasswordForm):
    new_password1 = new_password_field("New password", required_message="Enter a new password")
    new_password2 = confirm_password_field("Confirm your new password")


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, sending through the task queue. The page is the same whether or not the account
    exists: Django only emails accounts it finds and always shows the same confirmation."""

    email = email_field()

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        services.send_password_reset_email(
            user, uidb64=context["uid"], token=context["token"], request=getattr(self, "_request", None)
        )

    def save(self, *args, request=None, **kwargs):
        self._request = request
        return super().save(*args, request=request, **kwargs)


class SetPasswordForm(NewPasswordMixin, forms.Form):
    """Choosing a new password from a reset link (Django's PasswordResetConfirmView passes `user`)."""

    new_password1 = new_password_field("New password", required_message="Enter a new password")
    new_password2 = confirm_password_field("Confirm your new password")

    def __init__(self, user, *args, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        services.reset_password(self.user, self.cleaned_data["new_password1"], request=self.request)
        return self.user


class AccountSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name or email",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        required=False,
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Roles other than member need two-factor authentication to reach the back office.",
        error_messages={"invalid_choice": "Select roles from the list"},
    )
