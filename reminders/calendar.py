"""A person's deadlines as an iCalendar feed: all-day events with stable UIDs and an alarm."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from projects.models import Deadline, Person
from signed_links.tokens import link_version

from . import links

# The alarm goes off at 09:00 on the day before (an all-day event starts at midnight).
ALARM_BEFORE_START = timedelta(hours=15)
REFRESH_INTERVAL = timedelta(hours=6)


def deadline_uid(deadline: Deadline) -> str:
    """The same for as long as the deadline exists, so calendars update rather than duplicate."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "exchange-portal"
    return f"deadline-{deadline.pk}@{host}"


def build_calendar(
    *, person: Person, deadlines: Iterable[Deadline], language: str, now: datetime
) -> bytes:
    """The feed as bytes, texts in the person's language. Each event links to the project in
    the workspace for people with an account, otherwise to the deadline's own signed page
    (made anew whenever the calendar fetches the feed)."""
    version = None if person.user_id else link_version(person.email)
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Exchange Portal//Deadlines//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Erasmus+ deadlines: %(name)s") % {"name": person.full_name})
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH_INTERVAL)
        for deadline in deadlines:
            if version is None:
                url = links.project_url(deadline.project)
            else:
                url = links.deadline_url(deadline, person, version=version)
            calendar.add_component(_event(deadline, url=url, now=now))
        return calendar.to_ical()


def _event(deadline: Deadline, *, url: str, now: datetime) -> Event:
    project = deadline.project
    event = Event()
    event.add("uid", deadline_uid(deadline))
    event.add("dtstamp", now)
    event.add("dtstart", deadline.due_date)
    event.add("dtend", deadline.due_date + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    summary = f"{deadline.localized_title} ({project.localized_title})"
    if deadline.is_done:
        summary = _("Done: %(summary)s") % {"summary": summary}
    event.add("summary", summary)
    description = [str(deadline.get_kind_display()), url]
    if deadline.notes:
        description.insert(1, deadline.notes)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    event.add("categories", [str(deadline.get_kind_display())])
    if not deadline.is_done:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -ALARM_BEFORE_START)
        event.add_component(alarm)
    return event
