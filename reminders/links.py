"""Signed links in reminder emails (no password needed) and absolute URLs into the portal."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from projects.models import Deadline, Person, Project

PREFERENCES_SALT = "reminders.preferences"
MARK_DONE_SALT = "reminders.mark-done"
# Long enough for the first reminder (30 days ahead) to stay usable past the due date.
MARK_DONE_LINK_MAX_AGE = timedelta(days=90)


class LinkExpired(Exception):
    """The signature is right but the link is older than it may be."""


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def preferences_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=PREFERENCES_SALT)


def person_id_from_preferences_token(token: str) -> int:
    """The person the link was made for; raises signing.BadSignature when it was tampered with."""
    return int(signing.loads(token, salt=PREFERENCES_SALT))


def preferences_url(person: Person) -> str:
    return absolute(reverse("reminders:preferences", args=[preferences_token(person)]))


def mark_done_token(deadline: Deadline, person: Person) -> str:
    return signing.dumps({"d": deadline.pk, "p": person.pk}, salt=MARK_DONE_SALT)


def ids_from_mark_done_token(token: str) -> tuple[int, int]:
    """(deadline id, person id); LinkExpired when too old, signing.BadSignature when forged."""
    try:
        data = signing.loads(token, salt=MARK_DONE_SALT, max_age=MARK_DONE_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired(str(error)) from error
    return int(data["d"]), int(data["p"])


def mark_done_url(deadline: Deadline, person: Person) -> str:
    return absolute(reverse("reminders:mark-done", args=[mark_done_token(deadline, person)]))


def calendar_url(token: str) -> str:
    return absolute(reverse("reminders:calendar", args=[token]))


def project_url(project: Project) -> str:
    """The project's workspace page (coordinators log in to see and edit it)."""
    return absolute(reverse("workspace:project-detail", args=[project.pk]))
