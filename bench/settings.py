"""Benchmark settings: production settings served over plain HTTP on 127.0.0.1."""

import os

# Production refuses a key shorter than 50 characters; every bench process shares this one.
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret-one-fixed-key-for-every-process")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from exchange_portal.settings.production import *  # noqa: F403
from exchange_portal.settings.production import BASE_DIR, DATABASES

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
DATABASES["default"]["CONN_MAX_AGE"] = None
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
