"""Revoking an address's signed links and answering requests for a fresh one."""

from datetime import datetime, timedelta

from django.db import transaction

from .models import LinkKey
from .tokens import normalised

# A person asking again and again for a fresh link gets at most one email in this time.
FRESH_LINK_INTERVAL = timedelta(minutes=15)


def _locked_key(address: str) -> LinkKey:
    LinkKey.objects.get_or_create(address=normalised(address))
    return LinkKey.objects.select_for_update().get(address=normalised(address))


@transaction.atomic
def revoke_links(*, address: str, now: datetime) -> LinkKey:
    """Make every signed link sent to this address so far stop working."""
    key = _locked_key(address)
    key.version += 1
    key.revoked_at = now
    key.save(update_fields=["version", "revoked_at"])
    return key


@transaction.atomic
def renew_links(*, address: str, now: datetime) -> bool:
    """Revoke the address's links so that a fresh one can be sent; False (nothing done) when
    a fresh link already went to it within FRESH_LINK_INTERVAL."""
    key = _locked_key(address)
    if key.fresh_link_sent_at is not None and now - key.fresh_link_sent_at < FRESH_LINK_INTERVAL:
        return False
    key.version += 1
    key.revoked_at = now
    key.fresh_link_sent_at = now
    key.save(update_fields=["version", "revoked_at", "fresh_link_sent_at"])
    return True
