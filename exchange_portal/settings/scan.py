"""Production settings for `make scan`: the portal on loopback over plain HTTP.

Only what needs HTTPS is off (the redirect, HSTS, the Secure flag of the session and CSRF
cookies, without which a client over HTTP would never send them back); tests/security checks
those under production settings. Everything else is production's.
"""

from .production import *  # noqa: F403
from .production import CELERY_BROKER_TRANSPORT_OPTIONS, CELERY_BROKER_URL, VAR_DIR

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The scanners send thousands of registrations from one address: the rate limit would answer
# most of them with 429 and hide the form from the scan.
PUBLIC_REGISTRATION_RATE_LIMIT = 1_000_000

SCAN_DIR = VAR_DIR / "scan"
STATIC_ROOT = SCAN_DIR / "staticfiles"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # No worker runs during a scan: the queued emails stay in a folder of the scan's own.
    (SCAN_DIR / "broker").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS | dict.fromkeys(
        ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"),
        str(SCAN_DIR / "broker"),
    )
