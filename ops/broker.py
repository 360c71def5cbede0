"""Keep the Celery worker alive through a Redis restart (a work-around in kombu 5.7).

When the broker connection drops while the worker holds a message it has not acknowledged
(with acks_late, any task running at that moment), the worker closes the dead connection:
kombu detaches the connection's transport first, then closes its channel, whose attempt
to put the unacknowledged message back builds a Redis client from the detached transport
and fails with an AttributeError. That error is not a connection error, so the worker stops
("Unrecoverable error") instead of reconnecting. The fault drill in tests/drills/ found it.

Here, building a client for a detached channel raises Redis' ConnectionError, which kombu
ignores while closing a connection; the worker then reconnects. The message is not lost:
Redis keeps it among the unacknowledged ones and hands it out again after the visibility
timeout, and an email's row is requeued before that by outbox.requeue_stalled.
"""

from functools import wraps

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


def survive_broker_restarts() -> None:
    """Patch kombu's Redis channel as described above (once; idempotent)."""
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
