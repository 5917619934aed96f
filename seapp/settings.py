"""Django settings for Sociale economie voor schoolgebouwen.

One settings module for every environment: each deploy-specific value comes from an
environment variable through the helpers in `seapp.env`, which fail loudly on bad values.
See README.md (Configuration) and .env.example for the full list.

In a development checkout the variables may also come from the file `.env` (`make run` writes
one with DEBUG on and a random key); the environment wins over the file. `ENV_FILE` names
another file, and `ENV_FILE=` (empty) reads none, as the tests do.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from seapp.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if _env_file:
    load_env_file(_env_file)

# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY", default=None)
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (make run sets DEBUG=true for development)"
        )
    # Development only: DEBUG is on, so nothing here is meant to be exposed.
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "seapp.views.csrf_failure"

INSTALLED_APPS = [
    "seapp.admin.AdminConfig",  # django.contrib.admin with the project's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "schools",
    "pathways",
    "reports",
    "directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "seapp.urls"
WSGI_APPLICATION = "seapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The rule-maintenance admin keeps its template tags in its own package.
            "libraries": {"pathways_admin": "pathways.admin.templatetags"},
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

_DEFAULT_SQLITE = BASE_DIR / "var" / "db.sqlite3"
_database_url = env_str("DATABASE_URL", default=None)
if _database_url is None:
    _DEFAULT_SQLITE.parent.mkdir(exist_ok=True)
    _database_url = f"sqlite:///{_DEFAULT_SQLITE}"
try:
    _default_db = dj_database_url.parse(_database_url)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL must be a sqlite:///path or postgres://user@host:port/name URL ({exc})"
    ) from None
if _default_db["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured(
        f"DATABASE_URL must use sqlite or postgres, got engine {_default_db['ENGINE']!r}"
    )
DATABASE_IS_POSTGRES = _default_db["ENGINE"] == "django.db.backends.postgresql"
if DATABASE_IS_POSTGRES:
    _default_db["CONN_MAX_AGE"] = 60
    _default_db["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite as a web server's database: readers never wait for the writer (WAL), a writer
    # waits up to 20 s for the lock instead of failing at once, and every transaction takes
    # the write lock when it starts (IMMEDIATE), so two concurrent writers queue instead of
    # one failing with "database is locked" when it upgrades a read lock.
    _default_db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES = {"default": _default_db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks (django-tasks backport of django.tasks) ---------------------------------

TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_tasks_backend = env_str(
    "TASKS_BACKEND", default="database" if DATABASE_IS_POSTGRES else "immediate"
)
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {'/'.join(TASK_BACKENDS)}, got {_tasks_backend!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend]}}
# Render reports in the background when their inputs change (reports.signals); only with a real
# queue, since the immediate backend would render inside the request that made the change.
REPORTS_PRERENDER = _tasks_backend == "database"
# Likewise compute the publish page's impact preview when the rules change (pathways.admin.signals).
IMPACT_PREVIEW_PRECOMPUTE = _tasks_backend == "database"

# --- Reports ----------------------------------------------------------------------------------

# One PDF render runs in a child process with these bounds (see reports/render.py).
REPORT_RENDER_SECONDS = env_int("REPORT_RENDER_SECONDS", default=60)
REPORT_RENDER_MEMORY_MB = env_int("REPORT_RENDER_MEMORY_MB", default=1024)
# A report asked for by a download and not made this long after it was queued is shown as
# failed, with a retry (no worker took it, or its worker died).
REPORT_RENDER_WAIT_SECONDS = env_int("REPORT_RENDER_WAIT_SECONDS", default=300)
# A running bundle whose worker reported no progress for this long counts as failed (its worker
# died); a bundle not finished this long after it was asked for counts as failed too.
REPORT_BUNDLE_STALE_SECONDS = env_int("REPORT_BUNDLE_STALE_SECONDS", default=300)
REPORT_BUNDLE_DEADLINE_SECONDS = env_int("REPORT_BUNDLE_DEADLINE_SECONDS", default=3600)
# `manage.py prune_reports` removes superseded reports and bundles older than this.
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", default=90)
if REPORT_RENDER_SECONDS < 1 or REPORT_RENDER_MEMORY_MB < 64:
    raise ImproperlyConfigured(
        "REPORT_RENDER_SECONDS must be at least 1 and REPORT_RENDER_MEMORY_MB at least 64"
    )
if REPORT_RENDER_WAIT_SECONDS <= REPORT_RENDER_SECONDS:
    raise ImproperlyConfigured(
        "REPORT_RENDER_WAIT_SECONDS must be longer than REPORT_RENDER_SECONDS "
        f"({REPORT_RENDER_SECONDS}), got {REPORT_RENDER_WAIT_SECONDS}"
    )
if REPORT_BUNDLE_STALE_SECONDS <= REPORT_RENDER_SECONDS:
    raise ImproperlyConfigured(
        "REPORT_BUNDLE_STALE_SECONDS must be longer than REPORT_RENDER_SECONDS "
        f"({REPORT_RENDER_SECONDS}), got {REPORT_BUNDLE_STALE_SECONDS}"
    )
if REPORT_BUNDLE_DEADLINE_SECONDS < REPORT_BUNDLE_STALE_SECONDS or REPORT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(
        "REPORT_BUNDLE_DEADLINE_SECONDS must be at least REPORT_BUNDLE_STALE_SECONDS, and "
        "REPORT_RETENTION_DAYS at least 1"
    )

# --- Authentication ---------------------------------------------------------------------------

AUTH_USER_MODEL = "schools.User"
# django-axes counts failed logins (site and admin) and refuses a locked-out account first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend; the user it loads per request knows its department tie.
    "schools.auth.UserBackend",
]
# Django's database sessions, read with a query compiled once per process (schools.sessions).
SESSION_ENGINE = "schools.sessions"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "schools:school-list"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Opt in now to Django 6's default: a URL typed without a scheme gets https://.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Internationalisation ---------------------------------------------------------------------

# The msgids are the Dutch texts; locale/en holds the English translation.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format and one date-and-time format per language (seapp/formats/<language>/).
FORMAT_MODULE_PATH = ["seapp.formats"]

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The manifest storage needs `collectstatic` first, so only production turns it on.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Bootstrap names its red alert "danger", Django's level is "error".
MESSAGE_TAGS = {40: "danger"}

# --- Security ---------------------------------------------------------------------------------

# With DEBUG off the HTTPS protections are on unless a variable turns one off (a plain-HTTP
# test host sets SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
# SECURE_HSTS_SECONDS=0).
_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=_SECURE)
# A load balancer's health probe often speaks plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000 if _SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_SECURE)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=_SECURE)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=_SECURE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=_SECURE)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): only the site's own scripts, styles, fonts and images;
# no inline script or style, no plugins, no framing, forms post only to the site itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user name,
# that account is locked for LOGIN_LOCKOUT_MINUTES (department staff can lift it in the admin:
# people list, action "Aanmeldblokkering opheffen"). A right password resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", default=60))
# Locked per account, not per address: the same limit per IP address would lock out a whole
# school behind one NAT (or everyone behind the reverse proxy) after a few typing errors.
# axes.W006 warns against leaving out the address because user agents and cookies can be
# rotated; neither is a lockout parameter here, and the user name of the target account can't be.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "seapp.views.login_locked_out"
# Unlocking is an action on the people list in the admin (Dutch), not axes' own pages.
AXES_ENABLE_ADMIN = False

# --- E-mail -----------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", default="Sociale economie voor schoolgebouwen <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)

# --- Logging ----------------------------------------------------------------------------------

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_log_level = env_str("LOG_LEVEL", default="INFO")
LOG_LEVEL = _log_level.upper()
if LOG_LEVEL not in _LOG_LEVELS:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be one of {'/'.join(_LOG_LEVELS)}, got {_log_level!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # django-axes logs failed logins and lockouts (axes.handlers); its start-up banner is noise.
        "axes.apps": {"level": "WARNING"},
    },
}
