"""Settings for pphw, all driven by the environment.

Every variable is documented in README.md ("Configuration"). A value that
cannot be understood stops start-up with a message naming the variable.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not understood: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} must be a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except Exception as exc:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(f"{name}={raw!r} is not a database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no database engine.")
    return config


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pphw.people",
    "pphw.audit",
    "pphw.community",
    "conversations",
    "outcomes",
    "reviews",
    "pphw.me",
    "pphw.records",
    "pphw.accounts",
    "pphw.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session given the second factor?
    "django_otp.middleware.OTPMiddleware",
    # Whose record a delegate has chosen to act on (checked again on every request).
    "pphw.people.middleware.ActingForMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the message middleware: it tells the user why they were signed out.
    "pphw.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "pphw.middleware.SecurityHeadersMiddleware",
    # Inside the headers and the idle timeout, so that its redirects carry the
    # same headers: a session waiting for its second factor reaches nothing else.
    "pphw.accounts.middleware.SecondFactorMiddleware",
    "pphw.accounts.middleware.SignInHistoryMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pphw.urls"
WSGI_APPLICATION = "pphw.wsgi.application"

# "default" is Django's own default (a per-process memory cache). "fragments" holds
# rendered parts of the busiest pages (the record's outcomes, the print page, an
# outcome's journey, the caseload and reviews-due tables), per process. Each part is
# keyed on every value it shows (and on what the viewer may do), never on a user
# alone, so a changed record gets a new key and one user's part is another's only
# if it is the same text: see docs/architecture.md, "Rendered parts kept in memory".
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pphw-fragments",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pphw.people.context_processors.roles",
                "pphw.context_processors.session_timeout",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A kept connection is checked before its first use in each request, so that a
# restart or failover of the database costs a reconnection, not an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# The statements one plan serves (those that read one record, or a page of rows)
# are prepared on each kept connection (pphw/statements.py). Off where connections
# are not kept, or are shared through a pooler in transaction mode
# (docs/operations.md).
PREPARED_STATEMENTS = env_bool("DB_PREPARE", DATABASES["default"]["CONN_MAX_AGE"] != 0)
# Reports and exports read from a replica when REPORTS_DATABASE_URL is set
# (pphw/db_router.py). In tests the replica is the test database itself.
if os.environ.get("REPORTS_DATABASE_URL"):
    DATABASES["reports"] = env_database("REPORTS_DATABASE_URL", "")
    DATABASES["reports"]["TEST"] = {"MIRROR": "default"}
    DATABASES["reports"]["CONN_HEALTH_CHECKS"] = True
# Server-side cursors (QuerySet.iterator(), used by the streamed exports) are
# planned by PostgreSQL for the first 10% of rows by default, which picks slow
# nested loops for an export that reads every row; plan them for all rows.
# PostgreSQL compiles a statement it costs above jit_above_cost to machine code
# first: 40 to 80 ms for the report's distance travelled across twenty teams,
# more than the compiled code saves on a statement of this size
# (docs/performance.md), so the application's statements are not compiled.
for _alias, _config in DATABASES.items():
    if _config["ENGINE"].endswith("postgresql"):
        _options = _config.setdefault("OPTIONS", {})
        _options["options"] = (
            _options.get("options", "") + " -c cursor_tuple_fraction=1.0 -c jit=off"
        ).strip()
DATABASE_ROUTERS = ["pphw.db_router.ReportsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for
# one username (from any address), or LOGIN_ADDRESS_FAILURE_LIMIT from one
# address (for any usernames), sign-in is refused for LOGIN_COOLOFF_MINUTES,
# then unlocks by itself. Checked first, before the password is even tried.
# The other secrets (old password, one-time code, reset links and requests) use
# the same limits through pphw.audit.throttle.
AUTHENTICATION_BACKENDS = [
    "pphw.audit.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_HANDLER = "pphw.audit.throttle.LoginAttemptHandler"
# A success forgets the username's failures only (pphw.audit.throttle), never
# the address's: django-axes' own reset would forget both.
AXES_RESET_ON_SUCCESS = False
# Trying again while locked out does not restart the clock: the page's promise holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "pphw.audit.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "pphw.audit.log.client_address"
AXES_USERNAME_CALLABLE = "pphw.audit.throttle.client_username"
AXES_VERBOSE = False
# Every failed sign-in is kept (axes would otherwise keep none), and axes' logs
# are shown read-only by pphw.audit.admin instead of axes' own admin, which may
# delete them.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 2**31 - 1  # axes deletes the oldest beyond it
AXES_ENABLE_ADMIN = False

# A second factor (TOTP, RFC 6238, through django-otp) is required of staff
# (practitioners, leads, staff admins) when MFA_REQUIRED is on: by default
# whenever DEBUG is off, and off in the demo. Anyone may turn it on for themselves.
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "pphw"
# Wrong codes are counted and paused like passwords (pphw.audit.throttle), not
# by django-otp's own doubling delay.
OTP_TOTP_THROTTLE_FACTOR = 0

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A local service not checked for this many months is flagged as possibly out of date.
COMMUNITY_CHECK_MONTHS = env_int("COMMUNITY_CHECK_MONTHS", 12, minimum=1)

# Sessions end after a period of inactivity and when the browser closes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
# What a form posted after the idle limit carried is kept this long for the same
# user to sign in again and finish (pphw/drafts.py).
DRAFT_KEEP_MINUTES = env_int("DRAFT_KEEP_MINUTES", 60, minimum=1)
# The idle limit itself is enforced by pphw.middleware.IdleTimeoutMiddleware. The
# stored session outlives it by DRAFT_KEEP_MINUTES, so that a form posted in that
# time is still known to be that user's, and kept for them.
SESSION_COOKIE_AGE = (SESSION_IDLE_MINUTES + DRAFT_KEEP_MINUTES) * 60
# Signed-in pages warn this many seconds before the idle limit, with a button
# to stay signed in (static/js/session-timeout.js).
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 120, minimum=10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Transport security: on whenever DEBUG is off (production is served over HTTPS).
SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy that sets X-Forwarded-Proto and appends X-Forwarded-For.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pphw <no-reply@localhost>")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24, minimum=1) * 3600

# Records: how long a closed record is kept before it is due for disposal
# (docs/records.md explains the default).
RETENTION_YEARS_AFTER_CLOSURE = env_int("RETENTION_YEARS_AFTER_CLOSURE", 6, minimum=1)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
