"""A Redis cache that a Redis outage turns into cache misses, not into server errors.

The cache holds copies (public pages, the page generation, rate-limit counters), so while
Redis is unreachable the portal serves every page from the database and keeps no copies:
reads miss, writes are dropped and incr() answers as for a missing key, which every
caller already handles. Rate limits are not counted during an outage; forms keep working.
"""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long a cache call waits for Redis before it counts as unreachable. A page makes a
# few cache calls, so this bounds what an outage adds to a request.
SOCKET_TIMEOUT_SECONDS = 0.5


def _missing_key(key, *args):
    raise ValueError(f"Key '{key}' not found (the cache is unreachable).")


# What each operation answers while Redis is unreachable: what an empty cache that
# keeps nothing would answer.
_WHEN_UNREACHABLE = {
    "add": lambda *args: False,
    "get": lambda key, default: default,
    "set": lambda *args: None,
    "touch": lambda *args: False,
    "delete": lambda *args: False,
    "get_many": lambda *args: {},
    "has_key": lambda *args: False,
    "incr": _missing_key,
    "set_many": lambda *args: None,
    "delete_many": lambda *args: None,
    "clear": lambda *args: False,
}


def _fail_soft(name: str):
    operation = getattr(RedisCacheClient, name)
    fallback = _WHEN_UNREACHABLE[name]

    @wraps(operation)
    def wrapper(self, *args):
        try:
            return operation(self, *args)
        except (RedisConnectionError, RedisTimeoutError) as error:
            logger.warning("Cache unreachable (%s): %s", name, error)
            return fallback(*args)

    return wrapper


class FailSoftRedisCacheClient(RedisCacheClient):
    """RedisCacheClient whose operations answer as an empty cache while Redis is down."""


for _name in _WHEN_UNREACHABLE:
    setattr(FailSoftRedisCacheClient, _name, _fail_soft(_name))


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache with short socket timeouts and the outage behaviour above."""

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": SOCKET_TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = FailSoftRedisCacheClient
