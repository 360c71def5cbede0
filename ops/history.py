"""Who the history names for a change made outside a page, e.g. an import the worker writes."""

from contextlib import contextmanager
from types import SimpleNamespace

from simple_history.models import HistoricalRecords


@contextmanager
def history_user(user):
    """Within the block, every historical record names `user`, as simple-history's request
    middleware does for a change made through a page."""
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous
