"""Keep the Celery worker alive through a Redis restart (a work-around in kombu 5.7).

When the broker connection drops while the worker holds a message it has not acknowledged
(with acks_late, any task running at that moment), the worker closes the dead connection:
kombu detaches the connection's transport first, then closes its channel, whose attempt
to put the unacknowledged message back builds a Redis client from the detached transport.
`Channel._connparams` reads `self.connection.client`, which is None by then, and fails with
an AttributeError. That error is not a connection error, so the worker stops
("Unrecoverable error") instead of reconnecting. The fault drill in tests/drills/ found it.
The same AttributeError from `_connparams` on a channel of a closed connection was reported
against kombu 3.0 in https://github.com/celery/kombu/issues/582; kombu 5.7 still has it on
this path.

Here, building a client for a detached channel raises Redis' ConnectionError, which kombu
ignores while closing a connection; the worker then reconnects. The message is not lost:
Redis keeps it among the unacknowledged ones and hands it out again after the visibility
timeout, and an email's row is requeued before that by outbox.requeue_stalled.

The patch replaces a private method, so it is applied only to the kombu release it was
written for (pinned in requirements.txt): another release stops the start-up until this
module has been checked against it (is the fault still there? is `_connparams` the same?)
and PATCHED_KOMBU_VERSION moved on.
"""

from functools import wraps

import kombu
from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

PATCHED_KOMBU_VERSION = "5.7.0"


class UnexaminedKombuVersion(RuntimeError):
    """The installed kombu is not the release the broker patch was written for."""


def check_kombu_version(installed: str = kombu.__version__) -> None:
    """Refuse a kombu release the patch below has not been checked against."""
    if installed != PATCHED_KOMBU_VERSION:
        raise UnexaminedKombuVersion(
            f"kombu {installed} is installed, but exchange_portal/broker.py patches kombu "
            f"{PATCHED_KOMBU_VERSION}'s Redis channel. Check whether the fault it works around "
            "is still there and whether Channel._connparams is unchanged, then set "
            "PATCHED_KOMBU_VERSION (or remove the patch) and the pin in requirements.txt."
        )


def survive_broker_restarts() -> None:
    """Patch kombu's Redis channel as described above (once; idempotent)."""
    check_kombu_version()
    channel = kombu_redis.Channel
    if getattr(channel._connparams, "survives_detached_transport", False):
        return
    connparams = channel._connparams

    @wraps(connparams)
    def connparams_of_attached_channel(self, *args, **kwargs):
        if self.connection is None or self.connection.client is None:
            raise RedisConnectionError("The broker connection of this channel is closed.")
        return connparams(self, *args, **kwargs)

    connparams_of_attached_channel.survives_detached_transport = True
    channel._connparams = connparams_of_attached_channel
