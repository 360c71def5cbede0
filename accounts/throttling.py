"""Who a request comes from, and the limits on failed logins and password reset requests.

Failed logins (django-axes, counted in the database): a username is locked for
LOGIN_USERNAME_COOLOFF after AXES_FAILURE_LIMIT wrong passwords, whatever the address; a
client address is locked for AXES_COOLOFF_TIME after LOGIN_ADDRESS_FAILURE_LIMIT wrong
passwords, whatever the usernames (password spraying). Reset requests are counted in the
cache per client address and per email address, and so are the submissions of the public
forms (registrations of interest, project ideas) per client address.
"""

import hashlib
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length


def client_address(request) -> str:
    """REMOTE_ADDR, or the address a trusted proxy put in X-Forwarded-For.

    PUBLIC_TRUSTED_PROXY_COUNT (default 0) is how many proxies of ours stand in front of
    the portal; each appends the address it received from, so the client is that many
    entries from the end. Entries further left are whatever the client sent.
    """
    proxies = getattr(settings, "PUBLIC_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def username_for_axes(request, credentials) -> str | None:
    """The submitted username, cut to what the database column holds.

    Axes stores the username of every failed attempt; an overlong one would make that
    insert fail and turn a wrong login into a server error.
    """
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    if username is None:
        return None
    return str(username)[: min(USERNAME_MAX_LENGTH, 255)]


class LoginLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with two locks: per username (short) and per address (long)."""

    def get_failures(self, request, credentials=None) -> int:
        """The username's recent failures, or the whole limit once the address is locked."""
        now = getattr(request, "axes_attempt_time", None) or timezone.now()
        by_address = _failures(
            AccessAttempt.objects.filter(ip_address=request.axes_ip_address),
            since=now - timedelta(hours=settings.AXES_COOLOFF_TIME),
        )
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return settings.AXES_FAILURE_LIMIT
        return _failures(
            AccessAttempt.objects.filter(username=get_client_username(request, credentials)),
            since=now - settings.LOGIN_USERNAME_COOLOFF,
        )

    def reset_user_attempts(self, request, credentials=None) -> int:
        """On a successful login forget the username's failures only: logging in to an
        account of one's own must not clear what an address has sprayed at others."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def _failures(attempts, *, since) -> int:
    return (
        attempts.filter(attempt_time__gte=since).aggregate(total=Sum("failures_since_start"))[
            "total"
        ]
        or 0
    )


def _count_in_window(key: str, *, window_seconds: int) -> int | None:
    """One more in a fixed window kept in the cache; None when the cache is unreachable."""
    cache.add(key, 0, window_seconds)
    try:
        return cache.incr(key)
    except ValueError:
        # The window ended between add() and incr(): this one opens a new one.
        cache.set(key, 1, window_seconds)
        return 1


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def allow_password_reset_from_client(request) -> bool:
    """Count a reset request from the client's address; False once over its limit."""
    count = _count_in_window(
        f"password-reset-client:{_digest(client_address(request))}",
        window_seconds=settings.PASSWORD_RESET_RATE_WINDOW_SECONDS,
    )
    return count is None or count <= settings.PASSWORD_RESET_RATE_LIMIT_PER_CLIENT


def allow_password_reset_for_address(email_address: str) -> bool:
    """Count a reset request for an email address, known or not; False once over its limit."""
    count = _count_in_window(
        f"password-reset-address:{_digest(email_address.strip().lower())}",
        window_seconds=settings.PASSWORD_RESET_RATE_WINDOW_SECONDS,
    )
    return count is None or count <= settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS


# A public form takes at most this many submissions per client address in a window of this
# many seconds (settings PUBLIC_REGISTRATION_RATE_LIMIT and _WINDOW). A whole campus may
# share one address, so the limit is generous for people, not for bots.
PUBLIC_FORM_LIMIT = 20
PUBLIC_FORM_WINDOW_SECONDS = 15 * 60
PUBLIC_FORM_LIMIT_MESSAGE = _(
    "Too many requests came from your network in a short time. "
    "Please try again in a quarter of an hour."
)


def allow_public_form_submission(request, *, form: str) -> bool:
    """Count one submission of the named public form from the client; False once over the
    limit in this window (True while the cache is unreachable: the form keeps working)."""
    limit = getattr(settings, "PUBLIC_REGISTRATION_RATE_LIMIT", PUBLIC_FORM_LIMIT)
    window = getattr(settings, "PUBLIC_REGISTRATION_RATE_WINDOW", PUBLIC_FORM_WINDOW_SECONDS)
    count = _count_in_window(
        f"public-form:{form}:{_digest(client_address(request))}", window_seconds=window
    )
    return count is None or count <= limit
