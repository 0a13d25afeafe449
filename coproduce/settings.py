"""One settings module, driven by environment variables (every one is listed in docs/configuration.md)."""

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import csp.constants as csp
import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COPRODUCE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Under pytest the suite runs with test settings whether started by `make test` or plain `pytest`.
TESTING = env_bool("COPRODUCE_TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development).")

# Bank details are encrypted at rest with these Fernet keys (coproduce/core/crypto.py): the first encrypts,
# all decrypt, so a new key goes first and the old one stays until `manage.py rotate_encryption_keys` has run.
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "Y29wcm9kdWNlLWRldmVsb3BtZW50LW9ubHkta2V5ISE="


def field_encryption_keys() -> list[str]:
    keys = env_list("COPRODUCE_FIELD_ENCRYPTION_KEYS")
    if not keys:
        if DEBUG or TESTING:
            return [DEVELOPMENT_FIELD_ENCRYPTION_KEY]
        raise ImproperlyConfigured(
            "Set COPRODUCE_FIELD_ENCRYPTION_KEYS to the comma-separated Fernet keys bank details are "
            "encrypted with (docs/configuration.md says how to make one), or DJANGO_DEBUG=true for local "
            "development."
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"Key {position} of COPRODUCE_FIELD_ENCRYPTION_KEYS is not a Fernet key "
                "(32 url-safe base64-encoded bytes)."
            ) from None
    return keys


FIELD_ENCRYPTION_KEYS = field_encryption_keys()

# The audit trail's hash chain is keyed (HMAC) with this secret, kept outside the database, so someone who can
# write to the database cannot rewrite history and recompute the chain (docs/configuration.md).
AUDIT_CHAIN_KEY = os.environ.get("COPRODUCE_AUDIT_KEY", "")
if not AUDIT_CHAIN_KEY:
    if DEBUG or TESTING:
        AUDIT_CHAIN_KEY = "development-audit-chain-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "Set COPRODUCE_AUDIT_KEY to a long random secret (docs/configuration.md), or DJANGO_DEBUG=true "
            "for local development."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "coproduce.core",
    "coproduce.audit",
    "coproduce.accounts",
    "coproduce.people",
    "coproduce.projects",
    "coproduce.opportunities",
    "coproduce.meetings",
    "coproduce.payments",
    "coproduce.programme",
    "coproduce.network",
    "coproduce.notifications",
    "coproduce.evaluation",
    "coproduce.training",
    "coproduce.handbook",
    "coproduce.search",
    "coproduce.api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coproduce.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "coproduce.core.access.AccessPolicyMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coproduce" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coproduce.core.context_processors.programme",
                "csp.context_processors.nonce",
            ],
            "builtins": ["coproduce.core.templatetags.govuk"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
# SQLite by default (one file, WAL, IMMEDIATE transactions so writers queue instead of failing with
# "database is locked"); PostgreSQL when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("COPRODUCE_SQLITE_PATH", str(VAR_DIR / "coproduce.sqlite3")),
            # Kept open between requests, like PostgreSQL's: a new SQLite connection per request ran the
            # PRAGMAs, parsed the whole schema again and started with an empty page cache (a back-office
            # page cost about three times under gunicorn what it cost in one process).
            "CONN_MAX_AGE": int(os.environ.get("COPRODUCE_SQLITE_CONN_MAX_AGE", 600)),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA cache_size=-20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    # NCSC / NIST 800-63B: length and a deny-list, no composition rules.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
SESSION_COOKIE_AGE = int(os.environ.get("COPRODUCE_SESSION_AGE_SECONDS", 60 * 60 * 12))
# Back-office (two-factor) sessions: coproduce/accounts/middleware.py
COPRODUCE_STAFF_IDLE_MINUTES = int(os.environ.get("COPRODUCE_STAFF_IDLE_MINUTES", 30))
COPRODUCE_STAFF_SESSION_HOURS = int(os.environ.get("COPRODUCE_STAFF_SESSION_HOURS", 12))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("COPRODUCE_SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
EMAIL_CONFIRMATION_DAYS = 3

# Sign-in throttling (django-axes), with wider limits per address and per account (below).
AXES_FAILURE_LIMIT = int(os.environ.get("COPRODUCE_SIGNIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("COPRODUCE_SIGNIN_COOLOFF_MINUTES", 15)) / 60
# One account at one address is paused after AXES_FAILURE_LIMIT failures; an address (whatever accounts it
# tries) and an account (from whatever addresses) only after the much higher limits below, so one person's
# typing never locks out a shared office (coproduce/accounts/selectors.py sign_in_paused).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
COPRODUCE_SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("COPRODUCE_SIGNIN_ADDRESS_FAILURE_LIMIT", 50))
COPRODUCE_SIGNIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("COPRODUCE_SIGNIN_ACCOUNT_FAILURE_LIMIT", 20))
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coproduce.accounts.views_public.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("COPRODUCE_PROXY_COUNT", 0))
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

OTP_TOTP_ISSUER = os.environ.get("COPRODUCE_PROGRAMME_NAME", "Coproduce")

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "coproduce" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("COPRODUCE_MEDIA_ROOT", VAR_DIR / "media"))
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# --- Background work ------------------------------------------------------------------------------------
# "immediate" runs tasks in the request (development, tests); "database" queues them in the database for
# `manage.py db_worker` processes (production).
TASKS_BACKEND = os.environ.get("COPRODUCE_TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}
# Evaluation follows other apps' changes: a debounced refresh of its summary rows, and the default survey
# after meetings and at project close. Off under the test suite (each test recording attendance would
# refresh every summary); evaluation's own tests switch it on.
EVALUATION_FOLLOWS_CHANGES = env_bool("COPRODUCE_EVALUATION_FOLLOWS_CHANGES", not TESTING)

# --- Email ----------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "COPRODUCE_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("COPRODUCE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("COPRODUCE_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("COPRODUCE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("COPRODUCE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("COPRODUCE_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("COPRODUCE_FROM_EMAIL", "coproduce@localhost")

# --- Cache ----------------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- API ------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["coproduce.api.authentication.TwoFactorTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["coproduce.core.access.PolicyPermission"],
    "DEFAULT_SCHEMA_CLASS": "coproduce.api.schema.ContractSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "coproduce.core.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # A service's refusal (core.errors.ServiceError) answers its status and message: mapped once, here.
    "EXCEPTION_HANDLER": "coproduce.core.errors.api_exception_handler",
}
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False, "TOKEN_LIMIT_PER_USER": 20}
# knox's token is swappable; naming it lets coproduce.api.ApiToken (a token's name) point at it.
KNOX_TOKEN_MODEL = "knox.AuthToken"
SPECTACULAR_SETTINGS = {
    "TITLE": "Coproduce API",
    "DESCRIPTION": (
        "The same workflows as the web pages, as JSON. Authenticate with a personal API token "
        "(create one under Your account → API tokens) sent as `Authorization: Token <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The contract states what the API does (coproduce/api/schema.py): request bodies get their own
    # components, so a field the API refuses blank is declared non-blank where it is sent.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coproduce.api.schema.document_errors",
    ],
    # One name per choice set used by more than one app's serializers.
    "ENUM_NAME_OVERRIDES": {
        "AccessNeedEnum": "coproduce.people.choices.AccessNeed",
        "ContactMethodEnum": "coproduce.people.choices.ContactMethod",
        "DayEnum": "coproduce.people.choices.Day",
        "TimeOfDayEnum": "coproduce.people.choices.TimeOfDay",
        "OpportunityStatusEnum": "coproduce.opportunities.choices.Status",
        "OpportunityStatusChangeEnum": "coproduce.opportunities.choices.STATUS_CHANGES",
        "InterestStatusEnum": "coproduce.opportunities.choices.InterestStatus",
        "RungEnum": "coproduce.projects.choices.Rung",
        "StageEnum": "coproduce.projects.choices.Stage",
        "MeetingModeEnum": "coproduce.meetings.choices.Mode",
        "ChallengeOutcomeEnum": "coproduce.programme.choices.ChallengeOutcome",
        "ShiftStatusEnum": "coproduce.programme.choices.ShiftStatus",
        "RecommendationOutcomeEnum": "coproduce.network.choices.Outcome",
        "TrainingRatingEnum": "coproduce.training.choices.Rating",
        "AttendanceStatusEnum": "coproduce.meetings.choices.AttendanceStatus",
        "OpportunityModeEnum": "coproduce.opportunities.choices.Mode",
        "ActivityEnum": "coproduce.payments.choices.Activity",
        "ExpenseKindEnum": "coproduce.payments.choices.ExpenseKind",
        "ExpenseRateKindEnum": "coproduce.payments.choices.ExpenseRateKind",
        "PayoutEnum": "coproduce.payments.choices.Payout",
    },
}

# --- Security headers -----------------------------------------------------------------------------------
# A strict Content-Security-Policy on every page: scripts and styles only from the site's own files, or inline
# with the nonce of this response; nothing from other origins; no framing; forms post only here. Browsers
# report violations to /csp-report/, which logs them (coproduce/core/views_public.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.NONE],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
        "report-uri": "/csp-report/",
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production is HTTPS only: plain-HTTP requests are redirected (all but the health check, /health/),
# browsers are told to use HTTPS for a year (HSTS), and cookies travel over HTTPS alone. A production start
# that would serve plain HTTP is refused (docs/deploy.md shows the environment that passes check --deploy).
PRODUCTION = not (DEBUG or TESTING)
# Only for running production settings on this machine's loopback (the benchmark): never on a real site.
ALLOW_PLAIN_HTTP = env_bool("COPRODUCE_ALLOW_PLAIN_HTTP")
BEHIND_PROXY = env_bool("COPRODUCE_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("COPRODUCE_SSL_REDIRECT", PRODUCTION and not ALLOW_PLAIN_HTTP)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("COPRODUCE_HSTS_SECONDS", 31536000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("COPRODUCE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("COPRODUCE_HSTS_PRELOAD")
if PRODUCTION and not (SECURE_SSL_REDIRECT or BEHIND_PROXY or ALLOW_PLAIN_HTTP):
    raise ImproperlyConfigured(
        "Production serves HTTPS only: leave COPRODUCE_SSL_REDIRECT on, or set COPRODUCE_BEHIND_PROXY=true "
        "when a proxy in front of the app terminates HTTPS and redirects plain HTTP."
    )
if PRODUCTION and not (SESSION_COOKIE_SECURE or ALLOW_PLAIN_HTTP):
    raise ImproperlyConfigured("Production cookies go over HTTPS only: drop COPRODUCE_SECURE_COOKIES=false.")

# --- The programme this deployment runs -----------------------------------------------------------------
COPRODUCE = {
    "PROGRAMME_NAME": os.environ.get("COPRODUCE_PROGRAMME_NAME", "Wyvernshire Co-production Programme"),
    "ORGANISATION_NAME": os.environ.get("COPRODUCE_ORGANISATION_NAME", "Wyvernshire County Council"),
    "BRAND_COLOUR": os.environ.get("COPRODUCE_BRAND_COLOUR", "#1d5c4d"),
    "CONTACT_EMAIL": os.environ.get("COPRODUCE_CONTACT_EMAIL", "coproduction@wyvernshire.example"),
    "CONTACT_PHONE": os.environ.get("COPRODUCE_CONTACT_PHONE", "01632 960 000"),
    "CONTACT_ADDRESS": os.environ.get(
        "COPRODUCE_CONTACT_ADDRESS", "Co-production Team, County Hall, Market Square, Wyvernbridge WY1 1AA"
    ),
    "SITE_URL": os.environ.get("COPRODUCE_SITE_URL", "http://127.0.0.1:8000"),
    # Meetings: reminder email this many days before; largest paper upload; attendance changed more than this
    # many days after a meeting is a late correction (audited as such).
    "MEETING_REMINDER_DAYS": int(os.environ.get("COPRODUCE_MEETING_REMINDER_DAYS", 2)),
    "MEETING_PAPER_MAX_MB": int(os.environ.get("COPRODUCE_MEETING_PAPER_MAX_MB", 20)),
    "ATTENDANCE_CORRECTION_DAYS": int(os.environ.get("COPRODUCE_ATTENDANCE_CORRECTION_DAYS", 7)),
    # Payments: cost centre for claims of projects and bodies without their own; limits on expense claims.
    "PAYMENTS_DEFAULT_COST_CENTRE": os.environ.get("COPRODUCE_PAYMENTS_DEFAULT_COST_CENTRE", "COPROD01"),
    "PAYMENTS_MAX_MILES": int(os.environ.get("COPRODUCE_PAYMENTS_MAX_MILES", 200)),
    "PAYMENTS_MAX_EXPENSE": Decimal(os.environ.get("COPRODUCE_PAYMENTS_MAX_EXPENSE", "250.00")),
    "PAYMENTS_MEAL_LIMIT": Decimal(os.environ.get("COPRODUCE_PAYMENTS_MEAL_LIMIT", "10.00")),
    "PAYMENTS_RECEIPT_MAX_MB": int(os.environ.get("COPRODUCE_PAYMENTS_RECEIPT_MAX_MB", 10)),
    "BENEFITS_ADVICE_URL": os.environ.get(
        "COPRODUCE_BENEFITS_ADVICE_URL", "https://www.citizensadvice.org.uk/benefits/"
    ),
}
# Messages to people (coproduce.notifications, decision 0019). When someone has no usable address for the
# channel they chose, the next channel in this order that they can be reached by is used.
NOTIFICATIONS_FALLBACK_ORDER = os.environ.get(
    "COPRODUCE_NOTIFICATIONS_FALLBACK_ORDER", "email,text,letter,phone"
).split(",")
# GOV.UK Notify, used when an API key is set; Django's email (and the letter batch and the list to phone)
# otherwise. One Notify template per channel with ((subject)) and ((body)) placeholders (plus the address
# lines for letters); a message's own template may be set as "<name>.<channel>" in the JSON.
GOVUK_NOTIFY = {
    "API_KEY": os.environ.get("GOVUK_NOTIFY_API_KEY", ""),
    "BASE_URL": os.environ.get("GOVUK_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"),
    "TEMPLATE_IDS": json.loads(os.environ.get("GOVUK_NOTIFY_TEMPLATE_IDS", "{}")),
    # The bearer token Notify is told to send with its delivery receipts (callbacks).
    "CALLBACK_TOKEN": os.environ.get("GOVUK_NOTIFY_CALLBACK_TOKEN", ""),
}
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("COPRODUCE_NOTIFICATIONS_MAX_ATTEMPTS", 5))
COPRODUCE_RETENTION_MONTHS = int(os.environ.get("COPRODUCE_RETENTION_MONTHS", 36))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("COPRODUCE_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

FORM_RENDERER = "coproduce.core.forms.GovukFormRenderer"
