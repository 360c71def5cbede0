"""The participant's own page is reached through a signed, expiring, revocable link."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from mobility.models import Mobility
from signed_links.tokens import (
    LinkExpired,
    LinkRevoked,
    check_current,
    make_token,
    read_any_age,
    read_token,
)

PARTICIPANT_SALT = "documents.participant"
# From the grant agreement to the report: a stay of up to a year and the months around it.
PARTICIPANT_LINK_MAX_AGE = timedelta(days=180)


def participant_token(mobility: Mobility, *, version: int | None = None) -> str:
    """version: the address's link version when the caller read it already (a sweep reads
    all of them in one query, signed_links.tokens.link_versions)."""
    return make_token(
        salt=PARTICIPANT_SALT, data={"m": mobility.pk}, address=mobility.email, version=version
    )


def participant_url(mobility: Mobility, *, language: str, version: int | None = None) -> str:
    with translation.override(language):
        path = reverse("participant:page", args=[participant_token(mobility, version=version)])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _mobility_of(data: dict) -> Mobility:
    return Mobility.objects.select_related("project__call", "partner").get(pk=data["m"])


def mobility_from_token(token: str) -> Mobility:
    """The mobility a link was made for: signing.BadSignature when forged, DoesNotExist when
    gone, LinkExpired or LinkRevoked (with `mobility`) when too old or revoked since."""
    try:
        data = read_token(token, salt=PARTICIPANT_SALT, max_age=PARTICIPANT_LINK_MAX_AGE)
    except LinkExpired as error:
        error.mobility = _mobility_of(error.data)
        raise
    mobility = _mobility_of(data)
    try:
        check_current(data, address=mobility.email)
    except LinkRevoked as error:
        error.mobility = mobility
        raise
    return mobility


def mobility_from_any_link(token: str) -> Mobility:
    """The mobility of a genuine link however old or revoked (to send a fresh one)."""
    return _mobility_of(read_any_age(token, salt=PARTICIPANT_SALT))
