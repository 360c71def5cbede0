"""Races made on purpose: which database session waits for which, seen in pg_locks.

A test holds a lock in one session, starts the other in a thread, and goes on only once
that session is seen waiting for the lock: the two then overlap every time, whatever the
machine's speed, and the outcome shows whether the code's locking and constraints held.
"""

import time

from django.db import connection


def backend_pid() -> int:
    """The PostgreSQL session of this thread's connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def waits_for_a_lock(pid: int, *, timeout: float) -> bool:
    """Whether the database session `pid` comes to wait for a lock within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted)", [pid]
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.01)
    return False
