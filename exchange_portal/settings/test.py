"""Settings for the test suite: PostgreSQL and Redis from the environment, plain static files."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6390/0")
# Uploads made by the tests go to a folder of their own (inherited by the processes they start).
os.environ.setdefault("PRIVATE_FILES_ROOT", tempfile.mkdtemp(prefix="exchange-portal-private-"))

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A Celery worker started by the tests gets TEST_EMAIL_URL (their SMTP server); everything
# else keeps email in memory, whatever EMAIL_URL a developer's .env holds.
if env.str("TEST_EMAIL_URL", default=""):
    vars().update(env.email("TEST_EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run on a real worker only in the tests that start one; elsewhere nothing is published.
CELERY_TASK_ALWAYS_EAGER = False
AXES_ENABLED = True
# Static files come from the finders; there is no collectstatic folder to scan at start-up.
WHITENOISE_AUTOREFRESH = True
