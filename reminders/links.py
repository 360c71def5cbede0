"""Signed links in reminder emails (no password needed) and absolute URLs into the portal.

Every link has a lifetime and carries the link version of the person's address
(signed_links): staff or the person revoke them all by raising it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from projects.models import Deadline, Person, Project
from signed_links.tokens import LinkExpired as LinkExpired  # the views catch links.LinkExpired
from signed_links.tokens import LinkRevoked as LinkRevoked
from signed_links.tokens import (
    check_current,
    issued_within,
    make_token,
    read_any_age,
    read_token,
)

PREFERENCES_SALT = "reminders.preferences"
MARK_DONE_SALT = "reminders.mark-done"
DEADLINE_SALT = "reminders.deadline"
# Long enough for the first reminder (30 days ahead) to stay usable past the due date.
LINK_MAX_AGE = timedelta(days=90)
# The calendar's long-lived address is shown only on a page reached through a link this new.
FRESH_LINK_MAX_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class LinkKind:
    """One sort of link: its name in the renew address, its token's salt, its lifetime."""

    name: str
    salt: str
    max_age: timedelta


PREFERENCES = LinkKind("preferences", PREFERENCES_SALT, LINK_MAX_AGE)
MARK_DONE = LinkKind("mark-done", MARK_DONE_SALT, LINK_MAX_AGE)
DEADLINE = LinkKind("deadline", DEADLINE_SALT, LINK_MAX_AGE)
KINDS = {kind.name: kind for kind in (PREFERENCES, MARK_DONE, DEADLINE)}


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def preferences_token(
    person: Person, *, version: int | None = None, with_calendar: bool = False
) -> str:
    """A link to the person's preferences; `with_calendar` only for a link sent on request
    (or made for the signed-in person): its page shows the calendar address while fresh."""
    data = {"p": person.pk, "c": 1} if with_calendar else {"p": person.pk}
    return make_token(salt=PREFERENCES_SALT, data=data, address=person.email, version=version)


def preferences_url(
    person: Person, *, version: int | None = None, with_calendar: bool = False
) -> str:
    token = preferences_token(person, version=version, with_calendar=with_calendar)
    return absolute(reverse("reminders:preferences", args=[token]))


def mark_done_token(deadline: Deadline, person: Person, *, version: int | None = None) -> str:
    return make_token(
        salt=MARK_DONE_SALT,
        data={"d": deadline.pk, "p": person.pk},
        address=person.email,
        version=version,
    )


def mark_done_url(deadline: Deadline, person: Person, *, version: int | None = None) -> str:
    token = mark_done_token(deadline, person, version=version)
    return absolute(reverse("reminders:mark-done", args=[token]))


def deadline_token(deadline: Deadline, person: Person, *, version: int | None = None) -> str:
    return make_token(
        salt=DEADLINE_SALT,
        data={"d": deadline.pk, "p": person.pk},
        address=person.email,
        version=version,
    )


def deadline_url(deadline: Deadline, person: Person, *, version: int | None = None) -> str:
    """The deadline's own page for this person: what is due, what to send, mark it done."""
    token = deadline_token(deadline, person, version=version)
    return absolute(reverse("reminders:deadline", args=[token]))


def read(token: str, *, kind: LinkKind) -> dict:
    """The data of a link of this kind; LinkExpired, or signing.BadSignature when forged."""
    return read_token(token, salt=kind.salt, max_age=kind.max_age)


def read_expired(token: str, *, kind: LinkKind) -> dict:
    """The data of a genuine link of this kind, however old or revoked."""
    return read_any_age(token, salt=kind.salt)


def check_person(data: dict, person: Person) -> None:
    """LinkRevoked unless the link was made for the person's address as it is now."""
    check_current(data, address=person.email)


def shows_calendar(token: str, data: dict) -> bool:
    """Whether a preferences link may show the calendar address: made on request, and fresh."""
    fresh = issued_within(token, salt=PREFERENCES_SALT, max_age=FRESH_LINK_MAX_AGE)
    return bool(data.get("c")) and fresh


def calendar_url(token: str) -> str:
    return absolute(reverse("reminders:calendar", args=[token]))


def project_url(project: Project) -> str:
    """The project's workspace page (for people with an account)."""
    return absolute(reverse("workspace:project-detail", args=[project.pk]))
