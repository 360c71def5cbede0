"""Settings of the portal that the drills run under gunicorn, a Celery worker and beat.

The test settings (fast password hashing, plain static files, email to TEST_EMAIL_URL) with
what a production deployment has and they leave out:
- the cache from CACHE_URL, as base.py builds it (docker-compose puts it on Redis);
- PUBLIC_TRUSTED_PROXY_COUNT from the environment: a deployment behind a reverse proxy
  counts registration attempts per client address from X-Forwarded-For. The load run
  sets it to 1 and gives each simulated student an address of their own; the limit itself
  (20 per 15 minutes) is the production one;
- a beat schedule of only the heartbeat and the outbox requeue, at intervals from the
  environment, so that a drill sees them run within seconds.
"""

from exchange_portal.settings import base
from exchange_portal.settings.test import *  # noqa: F403
from exchange_portal.settings.test import env

CACHES = base.CACHES
PUBLIC_TRUSTED_PROXY_COUNT = env.int("PUBLIC_TRUSTED_PROXY_COUNT", default=0)
CELERY_BEAT_SCHEDULE = {
    "ops-heartbeat": {
        "task": "ops.heartbeat",
        "schedule": env.float("DRILL_HEARTBEAT_SECONDS", default=60.0),
    },
    "outbox-requeue-stalled": {
        "task": "outbox.requeue_stalled",
        "schedule": env.float("DRILL_REQUEUE_SECONDS", default=300.0),
    },
}
