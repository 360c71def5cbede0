import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env_overrides):
    # The browser tests allow async-unsafe calls for their own process; a deployment does not.
    dropped = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="exchange_portal.settings.production")

    assert result.returncode == 1
    assert "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    [
        "local-development-only-not-secret",
        "test-only-not-secret",
        secrets.token_urlsafe(50)[:49],
        "a" * 60,
        "django-insecure-" + secrets.token_urlsafe(50),
    ],
    ids=["local default", "test default", "49 characters", "one character", "django-insecure"],
)
def test_production_settings_refuse_a_default_or_weak_secret_key(secret_key):
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="exchange_portal.settings.production",
        SECRET_KEY=secret_key,
        DATABASE_URL="sqlite:///:memory:",
    )

    assert result.returncode == 1
    assert "SECRET_KEY must be a random value of at least 50 characters" in result.stderr


@pytest.mark.parametrize("preload", ["false", "true"])
def test_production_settings_pass_the_deploy_check(preload):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="exchange_portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite:///:memory:",
        SECURE_HSTS_PRELOAD=preload,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_local_settings_default_to_sqlite_filesystem_broker_and_file_email():
    script = (
        "import django; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.CELERY_BROKER_URL);"
        "print(s.EMAIL_BACKEND);"
        "print(s.TIME_ZONE)"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "SECRET_KEY"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "exchange_portal.settings.local"

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
        "Europe/Amsterdam",
    ]
