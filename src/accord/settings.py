"""Django settings for accord.

One module for every environment, driven by the environment:
- ACCORD_ENV=production turns on the hardening `manage.py check --deploy` asks for and requires
  ACCORD_SECRET_KEY; anything else is a local/development run (demo, tests).
- DATABASE_URL selects the database (PostgreSQL in production and CI); without it, an embedded SQLite
  file in a per-user data directory (ACCORD_DATA_DIR, else $XDG_DATA_HOME/accord, else ~/.local/share/accord).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("ACCORD_ENV", "development")
PRODUCTION = ENV == "production"


def data_dir() -> Path:
    explicit = os.environ.get("ACCORD_DATA_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "accord"


if PRODUCTION:
    SECRET_KEY = os.environ.get("ACCORD_SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured("ACCORD_ENV=production needs ACCORD_SECRET_KEY (a long random string)")
    DEBUG = False
else:
    # Development only: a fixed key is fine on a laptop demo; production refuses to start without one.
    SECRET_KEY = os.environ.get("ACCORD_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
    # Off unless asked for: the demo is reachable by others, and a debug page shows code and settings.
    DEBUG = os.environ.get("ACCORD_DEBUG") == "1"

ALLOWED_HOSTS = [
    h for h in os.environ.get("ACCORD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ACCORD_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-ninja's own templates and static files: /api/docs serves Swagger UI from here, not a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # The optional TOTP second factor for staff (accord.web.otp).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accord.audit",
    "accord.base",
    "accord.orgs",
    "accord.negotiations",
    "accord.projects",
    "accord.programmes",
    "accord.meetings",
    "accord.dashboard",
    "accord.connectivity",
    "accord.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accord.web.middleware.ContentSecurityPolicyMiddleware",
    "accord.web.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accord.web.otp.EnrolmentRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accord.web.middleware.UserTimezoneMiddleware",
    "accord.web.middleware.AdminLoginRateLimitMiddleware",
]

# Content-Security-Policy on every response, static files included (accord.web.middleware). Scripts run
# only from our own files, htmx included (no hx-on or js: attributes, so it needs no eval). Four inline
# snippets remain in templates (the language switch, the stance form's choice, the print button, the
# rotation strip's scroll) and are allowed by their hashes only; tests/hardening/test_csp.py fails when a
# template's inline code no longer matches. Styles may be inline: templates size bars with style="".
ACCORD_CSP = {
    "default-src": ["'self'"],
    "script-src": [
        "'self'",
        "'unsafe-hashes'",
        "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='",  # base.html: this.form.submit()
        "'sha256-GKO4IPj9qoFLyyZcWVJ/ThEOT8nLPTeaGEx8/FNHZIk='",  # draft.html: provision/option choice
        "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='",  # adopted.html: window.print()
        "'sha256-3287SbG/kZ/mJkEr2f0ST7EmyUqrKa218wT5yVfGMys='",  # rotation.html: scroll to today
    ],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.web.context.navigation",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("ACCORD_SQLITE_PATH") or str(data_dir() / "accord.sqlite3"),
            # IMMEDIATE: a transaction takes the write lock at BEGIN, so two writers queue on the busy
            # timeout (seconds) instead of one failing with "database is locked" when it upgrades a
            # read to a write. WAL lets readers go on while one writes; NORMAL syncs at checkpoints,
            # which in WAL mode can lose the last commits on power loss, never corrupt the file.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "root"
LOGOUT_REDIRECT_URL = "root"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login attempts allowed per username and per address in a 5-minute window; see accord.web.views.LoginView.
LOGIN_RATE_LIMIT = (
    int(os.environ.get("ACCORD_LOGIN_ATTEMPTS", "5")),
    int(os.environ.get("ACCORD_LOGIN_ATTEMPTS_PER_ADDRESS", "30")),
    300,
)
# Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: use the connection's address).
PROXY_COUNT = int(os.environ.get("ACCORD_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("zh-hans", _("Chinese"))]
LOCALE_PATHS: list[Path] = []  # each app keeps its own locale/ folder
USE_I18N = True
FORMAT_MODULE_PATH = ["accord.formats"]
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
# Production serves collected files (`accord manage collectstatic`); development serves from the apps.
STATIC_ROOT = (os.environ.get("ACCORD_STATIC_ROOT") or str(data_dir() / "static")) if PRODUCTION else None
# Uploaded files (session documents): in the data directory, served by views that check who may read them.
MEDIA_ROOT = os.environ.get("ACCORD_MEDIA_ROOT") or str(data_dir() / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# "ratelimit" holds the login attempt counters, which every process must share: Redis when configured,
# else the database (table made by accord.web's migrations). Never culled early: dropping counters
# would hand out fresh tries.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "accord-ratelimit",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "accord_ratelimit",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }

TASKS = {"default": {"BACKEND": os.environ.get("ACCORD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

EMAIL_BACKEND = os.environ.get("ACCORD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("ACCORD_EMAIL_FILE_PATH") or str(data_dir() / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_FROM_EMAIL", "accord@localhost")
# SMTP (ACCORD_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend). A refused message stays in
# the inbox marked unsent and the worker tries again (accord.base.notify); the timeout bounds a dead server.
EMAIL_HOST = os.environ.get("ACCORD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ACCORD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ACCORD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ACCORD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("ACCORD_EMAIL_TLS", "0") == "1"
EMAIL_TIMEOUT = 30

# Absolute base of links in emails (e.g. https://accord.example.org); pages use relative links.
ACCORD_SITE_URL = os.environ.get("ACCORD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Audit chain key and checkpoints: both live outside the database (see accord.audit.log). Without
# ACCORD_AUDIT_KEY the key is a file in the data directory, created with mode 0600 on first use.
ACCORD_AUDIT_KEY = os.environ.get("ACCORD_AUDIT_KEY", "")
ACCORD_AUDIT_KEY_FILE = os.environ.get("ACCORD_AUDIT_KEY_FILE") or str(data_dir() / "audit.key")
ACCORD_AUDIT_CHECKPOINTS = os.environ.get("ACCORD_AUDIT_CHECKPOINTS") or str(
    data_dir() / "audit-checkpoints.jsonl"
)
ACCORD_AUDIT_CHECKPOINT_EVERY = int(os.environ.get("ACCORD_AUDIT_CHECKPOINT_EVERY", "100"))

# The organisation shown when a page does not name one.
ACCORD_DEFAULT_ORG = os.environ.get("ACCORD_DEFAULT_ORG", "sco")

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("ACCORD_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "WARNING")},
}

# The demo's shared clock offset (accord.base.clock): read by the server and the worker, moved by
# `accord clock advance`. Never read in production.
ACCORD_CLOCK_FILE = os.environ.get("ACCORD_CLOCK_FILE") or str(data_dir() / "demo-clock.json")
# `accord worker`: how often (seconds) the scheduler enqueues the catch-up settlement of silence procedures
# and the reminder sweep.
ACCORD_SETTLE_EVERY = int(os.environ.get("ACCORD_SETTLE_EVERY", "60"))
ACCORD_SWEEP_EVERY = int(os.environ.get("ACCORD_SWEEP_EVERY", "300"))
# The worker writes an audit checkpoint this often, and e-mails the day's first to these addresses
# (comma-separated; an archive outside the organisation's servers is best).
ACCORD_CHECKPOINT_EVERY = int(os.environ.get("ACCORD_CHECKPOINT_EVERY", "900"))
ACCORD_AUDIT_DIGEST_TO = [a for a in os.environ.get("ACCORD_AUDIT_DIGEST_TO", "").split(",") if a.strip()]
