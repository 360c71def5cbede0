"""Settings for a developer's machine: debug on, a fixed local secret, no servers needed."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")

from .base import *  # noqa: F403
from .base import BROKER_DIR, STORAGES, VAR_DIR

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

for folder in ("out", "processed", "control"):
    (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
(VAR_DIR / "mail").mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = True
