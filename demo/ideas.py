"""The demo's call for ideas: the 2023 call open (its deadlines relative to today), its two
contacts from the seed pages, and a few ideas in different statuses, one a proposal."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ideas.models import CallForIdeas, Idea, IdeaFlow
from ideas.services import open_call_for_ideas, turn_into_proposal
from partners.models import Institution, OrganisationalUnit
from projects.deadlines import sync_project_milestones
from projects.models import Call, Person, Project

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BRUSSELS = ZoneInfo("Europe/Brussels")
CONTACTS = [
    ("Kathelijne", "Smits", "kathelijne.smits@leiden.example.org"),
    ("Jesca", "Zweijtzer", "jesca.zweijtzer@leiden.example.org"),
]
# (first, last, email, unit, partner, field, status, flows)
IDEAS = [
    (
        "Michelle",
        "Willebrands",
        "michelle.willebrands@strw.example.org",
        "Leiden Observatory",
        "Ethiopian Space Science and Technology Institute",
        "Astronomy",
        Idea.Status.NEW,
        [("STA", "outgoing", 2, 7), ("SMS", "incoming", 2, 150)],
    ),
    (
        "Luis",
        "Cruz",
        "luis.cruz@lumc.example.org",
        "Leiden University Medical Center",
        "University of Cape Town",
        "Infectious diseases",
        Idea.Status.DISCUSSED,
        [("STT", "incoming", 3, 10)],
    ),
    (
        "Andrea",
        "Bartolucci",
        "andrea.bartolucci@fgga.example.org",
        "Institute of Security and Global Affairs",
        "University of Indonesia",
        "Security and crisis management",
        Idea.Status.DISCUSSED,
        [("STA", "outgoing", 1, 5), ("SMS", "incoming", 2, 120)],
    ),
    (
        "Elena",
        "Visser",
        "elena.visser@lacdr.example.org",
        "Leiden Academic Centre for Drug Research",
        "University of California, Irvine",
        "Drug discovery",
        Idea.Status.NOT_PURSUED,
        [("SMT", "outgoing", 1, 90)],
    ),
]
PROPOSAL_INDEX = 2


@transaction.atomic
def load_call_for_ideas(*, today: datetime.date, staff_username: str, reset: bool = False) -> int:
    """Open the 2023 call for ideas until a month from today (noon, Amsterdam), with the EU
    deadline a month later; add its ideas once. Run again, it keeps the deadlines unless
    `reset` (then they move with today, the proposal's milestones too). Returns the number
    of ideas created."""
    internal = datetime.datetime.combine(
        today + datetime.timedelta(days=30), datetime.time(12), tzinfo=AMSTERDAM
    )
    deadline = datetime.datetime.combine(
        today + datetime.timedelta(days=60), datetime.time(12), tzinfo=BRUSSELS
    )
    call, created = Call.objects.get_or_create(
        action=Call.Action.KA171, year=2023, defaults={"deadline": deadline}
    )
    if reset and not created and call.deadline != deadline:
        call.deadline = deadline
        call.save(update_fields=["deadline"])
    contacts = [
        Person.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )[0]
        for first, last, email in CONTACTS
    ]
    existing = CallForIdeas.objects.filter(call=call).first()
    if existing is None or (reset and existing.internal_deadline != internal):
        existing = open_call_for_ideas(call=call, internal_deadline=internal, contacts=contacts)
    call_for_ideas = existing
    if call_for_ideas.ideas.exists():
        if reset:
            # The proposals' milestones follow the deadlines, moved with today.
            for project in Project.objects.filter(ideas__call_for_ideas=call_for_ideas):
                sync_project_milestones(project=project)
        return 0
    now = timezone.now()
    created = []
    for first, last, email, unit, partner, field, status, flows in IDEAS:
        idea = Idea.objects.create(
            call_for_ideas=call_for_ideas,
            first_name=first,
            last_name=last,
            email=email,
            unit=OrganisationalUnit.objects.get(institution__is_home=True, name=unit),
            partner=Institution.objects.get(name=partner),
            research_field=field,
            rationale=f"A new partnership in {field.lower()} with {partner}.",
            status=status,
            confirmed_at=now,
            digest_sent_at=now,
        )
        for activity, direction, people, days in flows:
            IdeaFlow.objects.create(
                idea=idea,
                activity=activity,
                direction=direction,
                people=people,
                duration_days=days,
            )
        created.append(idea)
    staff = get_user_model().objects.get(username=staff_username)
    turn_into_proposal(idea=created[PROPOSAL_INDEX], by=staff)
    return len(created)
