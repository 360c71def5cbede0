"""Partner contacts' access links: signed, expiring, revocable (signed_links), no password.

A link names one contact; it works while the contact's address keeps its link version and
for PARTNER_LINK_MAX_AGE. Opening it stores the token in the session, and every partner
page reads the token again, so that revoking the address's links or the link growing old
also ends the session's access.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from partners.models import Contact
from signed_links.tokens import LinkExpired, LinkRevoked, check_current, make_token, read_token
from signed_links.tokens import read_any_age as read_any_age_token

PARTNER_LINK_SALT = "agreements.partner-access"
PARTNER_LINK_MAX_AGE = timedelta(days=30)
SESSION_KEY = "partner_access_token"


def partner_token(contact: Contact) -> str:
    return make_token(
        salt=PARTNER_LINK_SALT,
        data={"c": contact.pk, "i": contact.institution_id},
        address=contact.email,
    )


def partner_url(contact: Contact, *, language: str | None = None) -> str:
    """The absolute access link of a contact, in the language (the default one if None)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        path = reverse("partner:enter", kwargs={"token": partner_token(contact)})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _contact_of(data: dict) -> Contact:
    return Contact.objects.select_related("institution").get(pk=data["c"], institution_id=data["i"])


def contact_from_token(token: str) -> Contact:
    """The contact a link was made for.

    Raises signing.BadSignature when forged, Contact.DoesNotExist when the contact is gone or
    moved, LinkExpired or LinkRevoked (with the contact as `contact`) when too old or revoked.
    """
    try:
        data = read_token(token, salt=PARTNER_LINK_SALT, max_age=PARTNER_LINK_MAX_AGE)
    except LinkExpired as error:
        error.contact = _contact_of(error.data)
        raise
    contact = _contact_of(data)
    try:
        check_current(data, address=contact.email)
    except LinkRevoked as error:
        error.contact = contact
        raise
    return contact


def contact_from_any_link(token: str) -> Contact:
    """The contact of a genuine link however old or revoked (to send a fresh one)."""
    return _contact_of(read_any_age_token(token, salt=PARTNER_LINK_SALT))
