"""Settings for maca, read from the environment.

``MACA_ENVIRONMENT`` is ``development`` (the default that ``manage.py`` sets),
``test`` or ``production`` (the default that ``wsgi.py`` sets). Outside
development the service refuses to start without a real ``SECRET_KEY`` and the
keys that encrypt identifiers. See README.md, "Configuration".
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from maca.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MACA_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_choice("MACA_ENVIRONMENT", ("development", "test", "production"), "production")
IS_DEVELOPMENT = ENVIRONMENT == "development"
IS_TEST = ENVIRONMENT == "test"
IS_PRODUCTION = ENVIRONMENT == "production"

# A key that is fine on a laptop and refused anywhere else.
_DEVELOPMENT_SECRET_KEY = "development-only-not-secret-maca-key-4c1f7e2a9b"  # noqa: S105

DEBUG = env_bool("DEBUG", IS_DEVELOPMENT)
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when MACA_ENVIRONMENT is production.")

SECRET_KEY = env_str("SECRET_KEY", _DEVELOPMENT_SECRET_KEY if not IS_PRODUCTION else "")
if IS_PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if not IS_PRODUCTION else [])
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names maca is served on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # maca's own apps come first so that their templates override third parties'.
    "maca.core",
    "maca.audit_trail",
    "maca.operations",  # before django_tasks_db: its db_worker adds a heartbeat
    "maca.partnerships",
    "maca.accounts",
    "maca.notifications",
    "maca.programme",
    "maca.cases",
    "maca.selection",
    "maca.tools",
    "maca.returns",
    "maca.findings",
    "maca.actions",
    "maca.publications",
    "maca.home",
    "maca.demo",
    # Django
    # Django's admin, opened only to operators who passed the second factor.
    "maca.accounts.admin_apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third parties
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so that every request, even a redirect to HTTPS, is logged once with its id.
    "maca.operations.structured_logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # An empty /favicon.ico, kept by the browser: before the never-cache
    # headers, the session and the sign-in check.
    "maca.core.favicon.FaviconMiddleware",
    "maca.core.security_headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maca.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "maca.audit_trail.middleware.RequestContextMiddleware",
    "maca.accounts.middleware.SessionLifetimeMiddleware",
    "maca.accounts.middleware.CurrentMembershipMiddleware",
    "maca.accounts.middleware.RequireMultiFactorMiddleware",
    "maca.accounts.middleware.PartnershipOfLinkMiddleware",
    "maca.accounts.middleware.OpenedInPartnershipMiddleware",
    "maca.core.middleware.MethodNotAllowedPageMiddleware",
]

if IS_PRODUCTION:
    # Static files are served by runserver in development and by WhiteNoise in production.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "maca.urls"
WSGI_APPLICATION = "maca.wsgi.application"
# Each web process makes theme tagging ready in the background as it starts
# (maca/findings/warming.py); off in tests, where nothing waits for it.
MACA_TAGGER_WARM_UP = env_bool("MACA_TAGGER_WARM_UP", not IS_TEST)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "maca.home.context_processors.shell",
                "maca.accounts.session_timeout.context",
            ],
            "builtins": ["maca.core.templatetags.govuk", "maca.core.templatetags.opened_in"],
        },
    },
]

# Database: PostgreSQL in production, SQLite in var/ otherwise.
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": parse_database_url(_database_url).as_django()}
else:
    if IS_PRODUCTION and not env_bool("MACA_ALLOW_SQLITE", False):
        raise ImproperlyConfigured(
            "DATABASE_URL must point at PostgreSQL in production "
            "(set MACA_ALLOW_SQLITE=true only for a throwaway trial)."
        )
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(env_str("MACA_SQLITE_PATH", str(VAR_DIR / "maca.sqlite3"))),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One shared cache for rate limits and lock-outs, in the database so that every
# web process sees the same counts without another service to run.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "maca_cache",
    }
}

# Reverse proxies: how many of them, run by us, sit in front of maca. One
# setting decides the client's address for the lock-out, the rate limits and
# the audit log (maca.core.client_ip). MACA_BEHIND_PROXY=true alone means one.
_behind_proxy = env_bool("MACA_BEHIND_PROXY", False)
MACA_PROXY_COUNT = env_int("MACA_PROXY_COUNT", 1 if _behind_proxy else 0)
if MACA_PROXY_COUNT < 0 or (_behind_proxy and MACA_PROXY_COUNT == 0):
    raise ImproperlyConfigured(
        "MACA_PROXY_COUNT must be the number of reverse proxies in front of maca "
        "(1 or more when MACA_BEHIND_PROXY is true)."
    )
MACA_BEHIND_PROXY = MACA_PROXY_COUNT > 0
ALLAUTH_TRUSTED_PROXY_COUNT = MACA_PROXY_COUNT

# Accounts and sign-in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "account_login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if IS_TEST:
    # Hashing is deliberately slow; tests sign in hundreds of times.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ACCOUNT_ADAPTER = "maca.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "maca.accounts.forms.SignInForm",
    "reset_password": "maca.accounts.forms.ResetPasswordForm",
    "change_password": "maca.accounts.forms.ChangePasswordForm",
    "reset_password_from_key": "maca.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "maca.accounts.forms.ConfirmItsYouForm",
}
MFA_FORMS = {
    "authenticate": "maca.accounts.forms.SecondFactorForm",
    "reauthenticate": "maca.accounts.forms.ConfirmItsYouWithCodeForm",
    "activate_totp": "maca.accounts.forms.SetUpAuthenticatorForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "maca: "
# allauth's own throttle: 5 failed sign-ins per e-mail address *from one
# network address* per 5 minutes (the key includes the client's address, see
# accounts.adapter), and 10 a minute per network address whatever the account.
# Second-factor codes count 5 per 5 minutes per account. See ADR 0004.
# Sign-ins per network address (allauth's own default); a load test from one
# address raises it (docs/deployment.md, "Load test").
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login": env_str("MACA_SIGNIN_RATE_LIMIT", "30/m/ip")}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60

MFA_ADAPTER = "maca.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "maca")
MFA_RECOVERY_CODE_COUNT = 10
MFA_PASSKEY_LOGIN_ENABLED = False
# Accept the codes either side of the current one: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1

# Lock-out after repeated failures (django-axes). allauth already slows an
# attacker down (5 failures per account and address per 5 minutes); axes locks
# that account out *from that address* for an hour after 10, never everywhere.
AXES_FAILURE_LIMIT = env_int("MACA_LOCKOUT_FAILURES", 10)
AXES_COOLOFF_TIME = env_int("MACA_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "maca.accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "maca.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "maca.core.client_ip.client_ip"

# Sessions end after a period of inactivity, and in any case some hours after
# signing in (accounts.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_MINUTES = env_int("MACA_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("MACA_SESSION_MAX_HOURS", 10)
if SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("MACA_SESSION_MAX_HOURS must be 1 or more.")
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Pages warn this long before a session ends, and let the person stay signed
# in (accounts.session_timeout, WCAG 2.2.1; at least 20 seconds).
SESSION_WARNING_SECONDS = env_int("MACA_SESSION_WARNING_SECONDS", 120)
# Typing renews the session at most this often (a long answer is activity).
SESSION_RENEW_AFTER_TYPING_SECONDS = 60
if not 20 <= SESSION_WARNING_SECONDS < SESSION_COOKIE_AGE:
    raise ImproperlyConfigured("MACA_SESSION_WARNING_SECONDS must be 20 or more, and less than the idle time-out.")
SESSION_SAVE_EVERY_REQUEST = True
# Renewing a session never writes back data the request did not change (two
# requests at once would lose each other's changes): accounts/session_store.py.
SESSION_ENGINE = "maca.accounts.session_store"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "maca_session"
CSRF_COOKIE_NAME = "maca_csrftoken"
CSRF_COOKIE_HTTPONLY = True

# Security headers. Secure cookies and HSTS are on wherever TLS is expected.
_https = env_bool("MACA_HTTPS", IS_PRODUCTION)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("MACA_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 63072000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if MACA_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp's NONCE constant becomes this response's 'nonce-…' (a literal
# "'nonce'" would be sent as is and block every inline script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Encryption at rest of the identifiers that agencies need to find their own
# records. A comma-separated list of Fernet keys: the first encrypts, all
# decrypt, so keys can be rotated (see docs/encryption.md).
_DEVELOPMENT_FIELD_KEY = "ZGV2ZWxvcG1lbnQtb25seS1tYWNhLWZpZWxkLWtleSE="
MACA_FIELD_ENCRYPTION_KEYS = env_list(
    "MACA_FIELD_ENCRYPTION_KEYS", [_DEVELOPMENT_FIELD_KEY] if not IS_PRODUCTION else []
)
if IS_PRODUCTION and (not MACA_FIELD_ENCRYPTION_KEYS or _DEVELOPMENT_FIELD_KEY in MACA_FIELD_ENCRYPTION_KEYS):
    raise ImproperlyConfigured(
        "MACA_FIELD_ENCRYPTION_KEYS must hold at least one real Fernet key in production. "
        "Generate one with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'"
    )

# E-mail. In development and tests every message is stored and readable in the
# product by a partnership admin; production sends through SMTP.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "maca.notifications.backends.StoredEmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "maca <no-reply@maca.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mail are written away from any request (background tasks), so they
# cannot follow the browser's address: production must say where maca is served.
MACA_BASE_URL = env_str("MACA_BASE_URL", "http://127.0.0.1:8000" if not IS_PRODUCTION else "")
if IS_PRODUCTION and not MACA_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "MACA_BASE_URL must be set in production to the https:// address people use, for the links in e-mail."
    )
INVITATION_VALID_DAYS = env_int("MACA_INVITATION_VALID_DAYS", 7)
# Largest case list accepted for import (the web server should cap request bodies too):
# 200,000 rows of a usual export fit in 50 MB (docs/case-import.md).
MACA_CASE_IMPORT_MAX_BYTES = env_int("MACA_CASE_IMPORT_MAX_BYTES", 50 * 1024 * 1024)

# Background work
TASKS = {
    "default": {
        "BACKEND": env_str(
            "MACA_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if IS_TEST else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# Internationalisation: English, UK time.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

# Static files. Front-end packages come from npm at set-up; `make assets`
# compiles GOV.UK Frontend with an Arial font stack into var/build/static.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# What `make assets` builds stays in the checkout, wherever MACA_VAR_DIR points.
STATICFILES_DIRS = [BASE_DIR / "var" / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Logs go to standard error: JSON, one object per line, in production
# (maca.operations.structured_logs); plain text elsewhere.
LOG_FORMAT = env_choice("MACA_LOG_FORMAT", ("json", "text"), "json" if IS_PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "maca.operations.structured_logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "filters": {"redact_paths": {"()": "maca.operations.structured_logs.RedactPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["redact_paths"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO" if not IS_TEST else "WARNING")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR" if IS_TEST else "WARNING"},
        # One line per request; runserver prints its own in development.
        "maca.request": {"level": env_str("MACA_REQUEST_LOG_LEVEL", "INFO" if IS_PRODUCTION else "WARNING")},
    },
}

# Operations: background work, the scheduler, error reporting (docs/deployment.md).
MACA_SCHEDULER_INTERVAL = env_int("MACA_SCHEDULER_INTERVAL", 30)
MACA_SCHEDULE_CATCH_UP_DAYS = env_int("MACA_SCHEDULE_CATCH_UP_DAYS", 7)
MACA_WORKER_LOST_AFTER = env_int("MACA_WORKER_LOST_AFTER", 60)
MACA_TASK_MAX_ATTEMPTS = env_int("MACA_TASK_MAX_ATTEMPTS", 3)
MACA_TASK_RESULT_DAYS = env_int("MACA_TASK_RESULT_DAYS", 14)
# Seconds before each new try to send an e-mail; after the last, it shows as not sent.
try:
    MACA_EMAIL_RETRY_DELAYS = [
        int(v) for v in env_list("MACA_EMAIL_RETRY_DELAYS", ["60", "300", "1800", "7200", "21600"])
    ]
except ValueError:
    raise ImproperlyConfigured("MACA_EMAIL_RETRY_DELAYS must be whole numbers of seconds, e.g. 60,300,1800.") from None
MACA_ERROR_REPORTER = env_str("MACA_ERROR_REPORTER", "")
MACA_SENTRY_DSN = env_str("MACA_SENTRY_DSN", "")
if MACA_ERROR_REPORTER == "sentry" and not MACA_SENTRY_DSN:
    raise ImproperlyConfigured("MACA_ERROR_REPORTER=sentry needs MACA_SENTRY_DSN.")

SILENCED_SYSTEM_CHECKS: list[str] = []
