import re
from pathlib import Path

import kombu
import pytest
from kombu import Connection
from kombu.transport.redis import Transport
from redis.exceptions import ConnectionError as RedisConnectionError

from exchange_portal import broker
from exchange_portal.celery import app

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


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


def test_the_pinned_kombu_is_the_release_the_broker_patch_was_written_for():
    pins = re.findall(r"^kombu==(\S+)$", REQUIREMENTS.read_text(), flags=re.MULTILINE)

    # Moving the pin means checking exchange_portal/broker.py against the new release first.
    assert pins == [broker.PATCHED_KOMBU_VERSION]
    assert kombu.__version__ == broker.PATCHED_KOMBU_VERSION


def test_another_kombu_release_stops_the_start_up_with_what_to_check():
    with pytest.raises(broker.UnexaminedKombuVersion) as raised:
        broker.check_kombu_version("5.8.0")

    assert "kombu 5.8.0 is installed" in str(raised.value)
    assert "Channel._connparams" in str(raised.value)


def test_the_patched_kombu_release_passes_the_check():
    broker.check_kombu_version(broker.PATCHED_KOMBU_VERSION)
