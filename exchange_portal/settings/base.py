"""Settings shared by every environment, read from the environment (django-environ).

Each variable and its default is listed in the README. The defaults give a portal that
runs with no servers at all: SQLite, a filesystem message broker, emails written to files.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "accounts",
    "outbox",
    "signed_links",
    "private_files",
    "ops",
    "privacy",
    "partners",
    "projects",
    "mobility",
    "applications",
    "agreements",
    "payments",
    "documents",
    "imports",
    "ideas",
    "budgets",
    "workspace",
    "reminders",
    "public_site",
    "demo",
]

MIDDLEWARE = [
    "ops.middleware.ResponseHeadersMiddleware",
    "ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ops.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "exchange_portal.urls"
WSGI_APPLICATION = "exchange_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions let the web process and the worker write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Failed logins (accounts.throttling): five wrong passwords for a username, from any address,
# lock that username for 15 minutes; twenty from one client address, for any usernames, lock
# that address for an hour. The address is the one the trusted proxies report.
AXES_HANDLER = "accounts.throttling.LoginLockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_USERNAME_COOLOFF = timedelta(minutes=env.int("LOGIN_USERNAME_COOLOFF_MINUTES", default=15))
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.throttling.username_for_axes"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
# Password reset requests, counted per client address and per email address (known or not).
PASSWORD_RESET_RATE_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_RATE_LIMIT_PER_CLIENT", default=10)
PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_RATE_WINDOW_SECONDS = 60 * 60
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# One date format and one amount format per language, on pages and in emails:
# "29 Nov 2026" / "29 nov 2026" (exchange_portal/formats); amounts through the `money` filter.
FORMAT_MODULE_PATH = ["exchange_portal.formats"]
# Digits are grouped only in amounts (the `money` filter): years and numbers stay "2026".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end libraries come from npm packages (package.json), never from a CDN.
NODE_MODULES_DIR = BASE_DIR / "node_modules"
STATICFILES_DIRS += [
    ("vendor/bootstrap", NODE_MODULES_DIR / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES_DIR / "chart.js" / "dist"),
    ("vendor/tom-select", NODE_MODULES_DIR / "tom-select" / "dist"),
]
# PRIVATE_STORAGE_BACKEND picks another backend for private files, e.g.
# storages.backends.s3.S3Storage (django-storages, configured by its own settings).
PRIVATE_STORAGE_BACKEND = env.str(
    "PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Applicants' and participants' documents (private_files/storage.py): outside the static
    # and media paths, served only by views that check who asks.
    "private": {
        "BACKEND": PRIVATE_STORAGE_BACKEND,
        "OPTIONS": (
            {"location": env.str("PRIVATE_FILES_ROOT", default=str(VAR_DIR / "private"))}
            if PRIVATE_STORAGE_BACKEND == "django.core.files.storage.FileSystemStorage"
            else {}
        ),
    },
}

# A filter's empty choice reads "Any" (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

# Widgets find their templates where the pages find theirs (templates/public/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Anonymous visitors get the public pages from the cache (public_site.caching); False serves
# every page anew (the benchmark measures both).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # While Redis is down the cache answers as an empty one: pages are worked out anew
    # instead of failing (django-redis, as in cookiecutter-django's production settings).
    CACHES["default"]["OPTIONS"] = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
        **CACHES["default"].get("OPTIONS", {}),
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Email: the outbox renders and stores every message; the backend only delivers it.
EMAIL_CONFIG = env.email("EMAIL_URL", default="filemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Exchange Portal <exchange-portal@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails and the calendar feed: by default the host and port the portal is started
# on (`make run HOST=... PORT=...` passes them as PORTAL_HOST and PORTAL_PORT).
PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL",
    default="http://{}:{}".format(
        env.str("PORTAL_HOST", default="127.0.0.1"), env.int("PORTAL_PORT", default=8000)
    ),
)

# Celery. The default broker needs no server (kombu's filesystem transport); production
# sets CELERY_BROKER_URL to Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")


def _redis_database(url: str) -> tuple | None:
    parts = urlsplit(url)
    if not parts.scheme.startswith("redis"):
        return None
    return parts.hostname, parts.port or 6379, int(parts.path.strip("/") or 0)


# The cache drops what it holds when full (allkeys-lru); the broker must never drop a
# message (noeviction). One Redis database cannot be both.
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache" and _redis_database(
    CACHES["default"]["LOCATION"]
) == _redis_database(CELERY_BROKER_URL):
    raise ImproperlyConfigured(
        "CACHE_URL points at the broker's Redis database (CELERY_BROKER_URL). Give the cache "
        "a Redis of its own with a memory limit and maxmemory-policy allkeys-lru."
    )
BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task whose worker died is redelivered after this many seconds.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # A broker that vanished without closing the connection fails a publish in seconds
        # instead of holding a web request for minutes.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request publishes after its commit: two quick tries, then it goes on without the
# broker and the outbox's periodic requeue sends the email later (see outbox.services).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.1,
    "interval_step": 0.1,
    "interval_max": 0.2,
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "ops-heartbeat": {"task": "ops.heartbeat", "schedule": 60.0},
    "privacy-anonymise-expired": {
        "task": "privacy.anonymise_expired",
        "schedule": crontab(hour=3, minute=30),
    },
    "reminders-sweep": {"task": "reminders.sweep", "schedule": crontab(minute=0)},
    "reminders-digests": {"task": "reminders.send_digests", "schedule": crontab(minute=10)},
    "ideas-digests": {"task": "ideas.send_digests", "schedule": crontab(minute=20)},
    "outbox-requeue-stalled": {
        "task": "outbox.requeue_stalled",
        "schedule": crontab(minute="*/5"),
    },
}

# The reminder sweep locks, checks and records this many deadlines per transaction.
REMINDERS_SWEEP_CHUNK = env.int("REMINDERS_SWEEP_CHUNK", default=500)

# Outbox delivery: retries with exponential backoff, then the row is marked failed.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BACKOFF_SECONDS = env.int("OUTBOX_RETRY_BACKOFF_SECONDS", default=30)
# A row in "sending" longer than this is taken to belong to a dead worker.
OUTBOX_STALLED_AFTER_SECONDS = env.int("OUTBOX_STALLED_AFTER_SECONDS", default=600)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page uses these browser features; none may be switched on by anything framed or injected.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SESSION_COOKIE_HTTPONLY = True

ADMIN_URL = env.str("ADMIN_URL", default="admin/")
# /healthz gives its details to probes on the machine itself and to requests that send this
# token ("Authorization: Bearer <token>"); empty: local probes only. Others get the status.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

# Reverse proxies of ours in front of the portal: the public forms' rate limit then reads
# the client address from X-Forwarded-For (0: REMOTE_ADDR).
PUBLIC_TRUSTED_PROXY_COUNT = env.int("PUBLIC_TRUSTED_PROXY_COUNT", default=0)

# Personal data of participants and registrations is anonymised this many years after
# their project ended.
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each step of every PDF at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
