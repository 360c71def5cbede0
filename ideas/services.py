"""Opening a call for ideas, registering, confirming and changing project ideas, the
contacts' digest, turning an idea into a proposal and following the proposal's outcome.

The academic has no account: everything after the registration goes through a signed link
sent to the idea's own address (its first use confirms the address). The idea can be
changed until the call's internal deadline, compared in the call's time zone; afterwards
the office works with it. Every email goes through the outbox, in the academic's language;
the office's contacts get each confirmed idea once, in a digest.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from mobility.models import MobilityGrant
from outbox.services import queue_email
from partners.models import Institution, OrganisationalUnit
from partners.services import RowChanges, RowToStore
from projects.deadlines import sync_project_milestones
from projects.models import Call, Person, Project, ProjectPartner
from projects.services import save_call, save_project
from signed_links.services import renew_links
from signed_links.tokens import (
    LinkExpired,
    LinkRevoked,
    check_current,
    make_token,
    read_any_age,
    read_token,
)

from .models import CALL_TIME_ZONE, CallForIdeas, Idea, IdeaFlow, language_of

EU_TIME_ZONE = "Europe/Brussels"
IDEA_LINK_SALT = "ideas.idea"
IDEA_LINK_MAX_AGE = datetime.timedelta(days=90)
CLOSED_MESSAGE = _(
    "The internal deadline of this call has passed: ideas can no longer be registered or "
    "changed. Please write to the call's contacts."
)
CLOSED_BY_OFFICE_MESSAGE = _(
    "The office has closed this call for ideas: ideas can no longer be registered or "
    "changed. Please write to the call's contacts."
)


def closed_message(call_for_ideas) -> str:
    """Why ideas can no longer be registered or changed: the office closed the call, or its
    internal deadline passed."""
    if not call_for_ideas.is_open_for_ideas:
        return str(CLOSED_BY_OFFICE_MESSAGE)
    return str(CLOSED_MESSAGE)


NO_FLOW_MESSAGE = _("Add at least one flow.")
DEADLINE_ORDER_MESSAGE = _("The internal deadline must come before the EU deadline.")
PROJECT_LENGTH_MONTHS = 24


def local_deadline(call_for_ideas: CallForIdeas) -> datetime.datetime:
    """The internal deadline in the call's time zone (Amsterdam)."""
    return timezone.localtime(call_for_ideas.internal_deadline, _call_zone())


def eu_deadline(call: Call) -> datetime.datetime:
    """The call's EU deadline in Brussels."""
    return timezone.localtime(call.deadline, ZoneInfo(EU_TIME_ZONE))


def _call_zone() -> ZoneInfo:
    return ZoneInfo(CALL_TIME_ZONE)


@transaction.atomic
def open_call_for_ideas(
    *, call, internal_deadline: datetime.datetime, contacts: list[Person]
) -> CallForIdeas:
    """Collect ideas for the call until the deadline; the call's own internal deadline (a
    date, for the proposal milestones) becomes that moment's date in Amsterdam."""
    call_for_ideas, _created = CallForIdeas.objects.update_or_create(
        call=call, defaults={"internal_deadline": internal_deadline}
    )
    call_for_ideas.contacts.set(contacts)
    call.internal_deadline = timezone.localtime(internal_deadline, _call_zone()).date()
    call.save(update_fields=["internal_deadline"])
    return call_for_ideas


@transaction.atomic
def save_call_for_ideas(
    *,
    call_for_ideas: CallForIdeas,
    eu_deadline: datetime.datetime,
    contacts: list[Person],
    by: AbstractBaseUser,
) -> CallForIdeas:
    """Create or change the office's call for ideas with the call's EU deadline; the call's
    internal deadline (a date) follows, and so do its proposals' milestones. ValidationError
    (by field) when the internal deadline is not before the EU deadline."""
    call = Call.objects.select_for_update().get(pk=call_for_ideas.call_id)
    if call_for_ideas.internal_deadline >= eu_deadline:
        raise ValidationError({"internal_deadline": DEADLINE_ORDER_MESSAGE})
    call_for_ideas.full_clean()
    call_for_ideas._history_user = by
    call_for_ideas.save()
    call_for_ideas.contacts.set(contacts)
    call.deadline = eu_deadline
    call.internal_deadline = timezone.localtime(
        call_for_ideas.internal_deadline, _call_zone()
    ).date()
    call._history_user = by
    save_call(call=call, by=by)
    for project in call.projects.filter(status=Project.Status.PROPOSAL):
        sync_project_milestones(project=project)
    return call_for_ideas


def _check_open(call_for_ideas: CallForIdeas, now: datetime.datetime) -> None:
    if not call_for_ideas.is_open(now=now):
        raise ValidationError(closed_message(call_for_ideas), code="call_closed")


def _write_flows(idea: Idea, flows: list[dict]) -> None:
    if not flows:
        raise ValidationError(NO_FLOW_MESSAGE, code="no_flow")
    idea.flows.all().delete()
    for values in flows:
        flow = IdeaFlow(idea=idea, **values)
        flow.full_clean(exclude=["idea"], validate_unique=False)
        flow.save()


def _partner_fields(
    *, partner: Institution | None, new_partner_name: str, new_partner_country: str, city: str
) -> dict:
    if partner is not None:
        return {
            "partner": partner,
            "new_partner_name": "",
            "new_partner_country": "",
            "new_partner_city": "",
        }
    return {
        "partner": None,
        "new_partner_name": new_partner_name.strip(),
        "new_partner_country": new_partner_country,
        "new_partner_city": city.strip(),
    }


@transaction.atomic
def register_idea(
    *,
    call_for_ideas: CallForIdeas,
    first_name: str,
    last_name: str,
    email: str,
    unit: OrganisationalUnit,
    partner: Institution | None,
    new_partner_name: str = "",
    new_partner_country: str = "",
    new_partner_city: str = "",
    research_field: str,
    rationale: str,
    flows: list[dict],
    language: str,
    now: datetime.datetime | None = None,
) -> Idea:
    """Store the idea with its flows and email its address the link that confirms it.
    ValidationError (by field) when the call is closed or a value breaks a rule."""
    now = now or timezone.now()
    _check_open(call_for_ideas, now)
    idea = Idea(
        call_for_ideas=call_for_ideas,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        unit=unit,
        research_field=research_field.strip(),
        rationale=rationale.strip(),
        language=language_of(language),
        **_partner_fields(
            partner=partner,
            new_partner_name=new_partner_name,
            new_partner_country=new_partner_country,
            city=new_partner_city,
        ),
    )
    idea.full_clean()
    idea.save()
    _write_flows(idea, flows)
    _queue_idea_email(idea=idea, template="idea_registered")
    return idea


@transaction.atomic
def confirm_idea(*, idea: Idea, now: datetime.datetime | None = None) -> bool:
    """Record that the address is the academic's (first use of the link); True the first
    time, when the academic gets a confirmation with the link to come back."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.confirmed_at is not None:
        return False
    idea.confirmed_at = now or timezone.now()
    idea.save(update_fields=["confirmed_at", "updated_at"])
    _queue_idea_email(idea=idea, template="idea_confirmed")
    return True


@transaction.atomic
def update_idea(
    *,
    idea: Idea,
    first_name: str,
    last_name: str,
    unit: OrganisationalUnit,
    partner: Institution | None,
    new_partner_name: str = "",
    new_partner_country: str = "",
    new_partner_city: str = "",
    research_field: str,
    rationale: str,
    flows: list[dict],
    now: datetime.datetime | None = None,
) -> Idea:
    """The academic's change through their link, until the internal deadline (the address,
    the status and the office's notes stay)."""
    now = now or timezone.now()
    _check_open(idea.call_for_ideas, now)
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    locked.first_name = first_name.strip()
    locked.last_name = last_name.strip()
    locked.unit = unit
    locked.research_field = research_field.strip()
    locked.rationale = rationale.strip()
    for name, value in _partner_fields(
        partner=partner,
        new_partner_name=new_partner_name,
        new_partner_country=new_partner_country,
        city=new_partner_city,
    ).items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    _write_flows(locked, flows)
    _queue_idea_email(idea=locked, template="idea_updated")
    return locked


def idea_token(idea: Idea) -> str:
    return make_token(salt=IDEA_LINK_SALT, data={"i": idea.pk}, address=idea.email)


def idea_url(idea: Idea) -> str:
    """The signed link to the idea's own page, in the academic's language (absolute)."""
    with translation.override(idea.language):
        path = reverse("ideas:idea", kwargs={"token": idea_token(idea)})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _idea_of(data: dict) -> Idea:
    return Idea.objects.select_related("call_for_ideas__call", "partner", "unit").get(pk=data["i"])


def idea_from_token(token: str) -> Idea:
    """The idea a link was made for. Raises signing.BadSignature when forged,
    Idea.DoesNotExist when gone, LinkExpired or LinkRevoked (with `idea`) when unusable."""
    try:
        data = read_token(token, salt=IDEA_LINK_SALT, max_age=IDEA_LINK_MAX_AGE)
    except LinkExpired as error:
        error.idea = _idea_of(error.data)
        raise
    idea = _idea_of(data)
    try:
        check_current(data, address=idea.email)
    except LinkRevoked as error:
        error.idea = idea
        raise
    return idea


def idea_from_any_link(token: str) -> Idea:
    """The idea of a genuine link however old or revoked (to send a fresh one)."""
    return _idea_of(read_any_age(token, salt=IDEA_LINK_SALT))


def send_fresh_idea_link(*, idea: Idea, now: datetime.datetime) -> bool:
    """Revoke the address's links and email a fresh one to the idea's own address; False
    when one went out a few minutes ago."""
    with transaction.atomic():
        if not renew_links(address=idea.email, now=now):
            return False
        _queue_idea_email(idea=idea, template="idea_link")
    return True


def _queue_idea_email(*, idea: Idea, template: str) -> None:
    call_for_ideas = CallForIdeas.objects.select_related("call").get(pk=idea.call_for_ideas_id)
    with translation.override(idea.language):
        deadline = date_format(local_deadline(call_for_ideas), "DATETIME_FORMAT")
    queue_email(
        to=idea.email,
        template=template,
        context={
            "idea": idea,
            "call": call_for_ideas.call,
            "deadline": deadline,
            "idea_url": idea_url(idea),
            "link_days": IDEA_LINK_MAX_AGE.days,
            "LANGUAGE_CODE": idea.language,
        },
        language=idea.language,
        holds_secret=True,
    )


def send_idea_digests(*, now: datetime.datetime | None = None) -> int:
    """Email each call's contacts the confirmed ideas not yet in a digest; returns how many
    ideas went out. An idea is marked under a row lock in the transaction that queues the
    emails, so it is in one digest only, even with two sweeps at once."""
    now = now or timezone.now()
    sent = 0
    for call_for_ideas in CallForIdeas.objects.select_related("call").prefetch_related("contacts"):
        with transaction.atomic():
            ideas = list(
                Idea.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    call_for_ideas=call_for_ideas,
                    confirmed_at__isnull=False,
                    digest_sent_at__isnull=True,
                )
                .select_related("partner", "unit")
                .prefetch_related("flows")
                .order_by("created_at", "pk")
            )
            contacts = list(call_for_ideas.contacts.all())
            if not ideas or not contacts:
                continue
            Idea.objects.filter(pk__in=[idea.pk for idea in ideas]).update(digest_sent_at=now)
            for contact in contacts:
                queue_email(
                    to=contact.email,
                    template="idea_digest",
                    context={
                        "contact": contact,
                        "call": call_for_ideas.call,
                        "ideas": ideas,
                        "list_url": settings.PORTAL_BASE_URL.rstrip("/")
                        + reverse("ideas_office:list", kwargs={"pk": call_for_ideas.pk}),
                        "LANGUAGE_CODE": contact.language,
                    },
                    language=contact.language,
                )
            sent += len(ideas)
    return sent


@transaction.atomic
def change_idea(*, idea: Idea, status: str, notes: str, partner: Institution | None) -> Idea:
    """The office's status, notes and (for a new partner) the institution on record it is."""
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if status != locked.status and not locked.can_move_to(status):
        raise ValidationError(
            {
                "status": _("A %(old)s idea cannot become %(new)s.")
                % {
                    "old": locked.get_status_display().lower(),
                    "new": Idea.Status(status).label.lower()
                    if status in Idea.Status.values
                    else status,
                }
            }
        )
    locked.status = status
    locked.notes = notes
    if partner is not None and partner.pk != locked.partner_id:
        locked.partner = partner
        locked.new_partner_name = ""
        locked.new_partner_country = ""
        locked.new_partner_city = ""
    locked.full_clean()
    locked.save()
    return locked


def _lead_coordinator(idea: Idea) -> Person:
    """The person with the idea's address (capitals aside), else a new one."""
    person = (
        Person.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=idea.email.lower())
        .first()
    )
    if person is not None:
        return person
    return Person.objects.create(
        first_name=idea.first_name,
        last_name=idea.last_name,
        email=idea.email,
        unit=idea.unit,
        language=idea.language,
    )


def _project_slug(idea: Idea) -> str:
    call = idea.call_for_ideas.call
    base = slugify(f"{call.action}-{call.year}-{idea.last_name}-{idea.partner.name}")[:70]
    slug, number = base, 1
    while Project.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def turn_into_proposal(*, idea: Idea, by: AbstractBaseUser) -> Project:
    """Create the idea's project through the projects' own save (as the editor does, with
    `by` in its history): status proposal, the academic as lead coordinator, the partner, a
    grant line per flow (nothing awarded yet) and the internal and EU deadlines as the
    proposal's milestones; the idea becomes a proposal linked to it."""
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("call_for_ideas__call", "partner")
        .get(pk=idea.pk)
    )
    if idea.project_id is not None:
        raise ValidationError(_("This idea is already a proposal."), code="already_proposal")
    if idea.status not in (Idea.Status.NEW, Idea.Status.DISCUSSED):
        raise ValidationError(
            _("Only a new or discussed idea can become a proposal."), code="not_open"
        )
    if idea.partner_id is None:
        raise ValidationError(
            {
                "partner": _(
                    "Choose the institution on record for the new partner first "
                    "(add it to the institutions if it is not there)."
                )
            }
        )
    call = idea.call_for_ideas.call
    start = datetime.date(call.year, 8, 1)
    project = Project(
        call=call,
        title=f"{idea.research_field} ({idea.partner.name})"[:255],
        slug=_project_slug(idea),
        home_unit=idea.unit,
        lead_coordinator=_lead_coordinator(idea),
        status=Project.Status.PROPOSAL,
        start_date=start,
        end_date=datetime.date(call.year + PROJECT_LENGTH_MONTHS // 12, 7, 31),
        summary=idea.rationale,
    )
    project.full_clean()
    rows = [ProjectPartner(institution=idea.partner)]
    grant_lines = [
        MobilityGrant(
            partner=idea.partner,
            activity=flow.activity,
            direction=flow.direction,
            mobilities_planned=flow.people,
            duration_days=flow.duration_days,
        )
        for flow in idea.flows.all()
    ]
    for row in (*rows, *grant_lines):
        row._history_user = by
    save_project(
        project=project,
        co_coordinators=[],
        subject_areas=[],
        partners=RowChanges(stored=[RowToStore(row) for row in rows]),
        grant_lines=RowChanges(stored=[RowToStore(line) for line in grant_lines]),
        by=by,
    )
    idea.project = project
    idea.status = Idea.Status.PROPOSAL
    idea._history_user = by
    idea.save(update_fields=["project", "status", "updated_at"])
    return project


@transaction.atomic
def follow_project_outcome(*, project: Project, by: AbstractBaseUser | None = None) -> list[Idea]:
    """Move the proposal ideas of an awarded or rejected project on (awarded / not funded)
    and email each academic the outcome in their language; returns the ideas moved."""
    outcome = Idea.OUTCOMES.get(project.status)
    if outcome is None:
        return []
    ideas = list(
        Idea.objects.select_for_update()
        .filter(project=project, status=Idea.Status.PROPOSAL)
        .order_by("pk")
    )
    for idea in ideas:
        idea.status = outcome
        idea._history_user = by
        idea.save(update_fields=["status", "updated_at"])
        with translation.override(idea.language):
            call = str(project.call)
        queue_email(
            to=idea.email,
            template="idea_outcome",
            context={
                "idea": idea,
                "call": call,
                "project": project,
                "awarded": outcome == Idea.Status.AWARDED,
                "LANGUAGE_CODE": idea.language,
            },
            language=idea.language,
        )
    return ideas


def on_project_status_changed(*, project: Project, by=None, **kwargs) -> None:
    """Receiver of projects.signals.project_status_changed (connected in IdeasConfig)."""
    follow_project_outcome(project=project, by=by)
