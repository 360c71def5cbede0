import pytest
from kombu import Connection
from kombu.transport.redis import Transport
from redis.exceptions import ConnectionError as RedisConnectionError

from exchange_portal.celery import app


def test_a_closed_broker_connection_gives_its_channel_a_connection_error_not_a_crash():
    connection = Connection(app.conf.broker_url)
    channel = connection.default_channel
    # What the worker does first when the broker connection drops (Connection.collect).
    connection._do_close_transport()

    with pytest.raises(RedisConnectionError) as raised:
        channel._connparams()

    # An error kombu ignores while closing the connection, so the worker reconnects.
    assert isinstance(raised.value, Transport.connection_errors)
    connection.release()
