"""Partner contacts hear about our outgoing participants nominated to their institution.

When an outgoing mobility is saved, a task is queued on commit; it emails each contact of
the receiving institution a fresh access link and what to answer, at most once per contact
and mobility (the NominationNotice row's unique constraint). Stays already over, cancelled
ones and ones the partner answered are left alone.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from agreements.access import PARTNER_LINK_MAX_AGE, partner_url
from mobility.models import Mobility
from outbox.services import queue_email

from .models import NominationNotice

LANGUAGE = "en"


def is_announced(mobility: Mobility) -> bool:
    """Whether the partner is told of this participant: nominated, the stay not over."""
    return mobility.awaits_partner_answer and mobility.planned_end >= timezone.localdate()


def notify_partner_of_nomination(*, mobility: Mobility) -> int:
    """Email every contact (with an address) of the receiving institution who was not told
    about this participant yet; returns how many were."""
    if not is_announced(mobility):
        return 0
    if hasattr(mobility, "partner_response"):
        return 0
    contacts = mobility.partner.contacts.exclude(email="").order_by("pk")
    return sum(_notify(mobility=mobility, contact=contact) for contact in contacts)


def _notify(*, mobility: Mobility, contact) -> int:
    with translation.override(LANGUAGE):
        project_title = mobility.project.localized_title
    with transaction.atomic():
        try:
            with transaction.atomic():
                notice = NominationNotice.objects.create(mobility=mobility, contact=contact)
        except IntegrityError:
            return 0
        notice.email = queue_email(
            to=contact.email,
            template="nomination_notice",
            context={
                "contact": contact,
                "mobility": mobility,
                "institution": mobility.partner,
                "project_title": project_title,
                "partner_url": partner_url(contact, language=LANGUAGE),
                "link_days": PARTNER_LINK_MAX_AGE.days,
                "LANGUAGE_CODE": LANGUAGE,
            },
            language=LANGUAGE,
            holds_secret=True,
        )
        notice.save(update_fields=["email"])
    return 1
