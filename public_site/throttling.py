"""A fixed-window limit on registrations of interest per client, counted in the cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from accounts.throttling import client_address

# At most this many submissions per client address in a window of this many seconds.
# A whole campus may share one address, so the limit is generous for people, not for bots.
DEFAULT_LIMIT = 20
DEFAULT_WINDOW_SECONDS = 15 * 60


def allow_registration_attempt(request) -> bool:
    """Count one submission for the client; False once it is over the limit in this window."""
    limit = getattr(settings, "PUBLIC_REGISTRATION_RATE_LIMIT", DEFAULT_LIMIT)
    window = getattr(settings, "PUBLIC_REGISTRATION_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)
    client = hashlib.sha256(client_address(request).encode()).hexdigest()
    key = f"public-registration-attempts:{client}"
    cache.add(key, 0, window)
    try:
        attempts = cache.incr(key)
    except ValueError:
        # The window ended between add() and incr(): this attempt opens a new one.
        cache.set(key, 1, window)
        attempts = 1
    # None: the cache is unreachable and counts nothing; the form keeps working meanwhile.
    return attempts is None or attempts <= limit
