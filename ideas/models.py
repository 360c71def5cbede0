"""Project ideas for the next call: what an academic registers before the internal deadline.

A call is open for ideas (CallForIdeas) while the office has it open and until its
internal deadline, a moment in the call's time zone. An idea names its academic, unit,
partner (on record, or a new one by name, country and city) and its flows; the office
moves it new -> discussed -> proposal, or to withdrawn / not pursued, and "proposal" always
comes with the project it became. The proposal's outcome moves the idea on: awarded or not
funded, as its project is.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from mobility.bounds import (
    DURATION_MESSAGE,
)
from mobility.models import (
    AT_LEAST_ONE_MESSAGE,
    DURATION_DAYS_ALLOWED,
    Activity,
    Direction,
    reject_address_literal,
)
from partners.models import Institution, OrganisationalUnit
from projects.models import Call, Person, Project, localized

CALL_TIME_ZONE = "Europe/Amsterdam"
MAX_PEOPLE_PER_FLOW = 50
PEOPLE_MESSAGE = _("A flow has 1 to 50 people.")
PARTNER_MESSAGE = _(
    "Choose the partner institution from the list, or name a new one with its country and city."
)
PROPOSAL_PROJECT_MESSAGE = _(
    "An idea becomes a proposal together with its project, and keeps it when awarded or not funded."
)
RATIONALE_MAX_LENGTH = 2000


class CallForIdeas(models.Model):
    """A call the university collects project ideas for, while open and until its internal
    deadline."""

    call = models.OneToOneField(
        Call,
        on_delete=models.CASCADE,
        related_name="call_for_ideas",
        verbose_name=_("call"),
        error_messages={"unique": _("This call already has a call for ideas.")},
    )
    internal_deadline = models.DateTimeField(
        _("internal deadline"),
        help_text=_("Ideas can be registered and changed until this moment (Amsterdam time)."),
    )
    funds = models.TextField(
        _("what the programme funds (English)"),
        blank=True,
        help_text=_("Shown on the public page; left empty, a general description is shown."),
    )
    funds_nl = models.TextField(_("what the programme funds (Dutch)"), blank=True)
    contacts = models.ManyToManyField(
        Person, related_name="calls_for_ideas", verbose_name=_("contacts at the office")
    )
    is_open_for_ideas = models.BooleanField(
        _("open"),
        default=True,
        help_text=_(
            "An open call has its public page and a link on the home page until its internal "
            "deadline; a closed one has neither."
        ),
    )

    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        ordering = ["-internal_deadline"]
        verbose_name = _("call for ideas")
        verbose_name_plural = _("calls for ideas")

    def __str__(self):
        return str(self.call)

    @property
    def slug(self) -> str:
        return f"{self.call.action.lower()}-{self.call.year}"

    def is_open(self, *, now) -> bool:
        return self.is_open_for_ideas and now <= self.internal_deadline

    @property
    def localized_funds(self) -> str:
        return localized(self, "funds")


class Idea(models.Model):
    """An academic's idea for a project under a call: partner, flows, field and rationale."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        DISCUSSED = "discussed", _("Discussed")
        PROPOSAL = "proposal", _("Proposal")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NOT_PURSUED = "not_pursued", _("Not pursued")
        AWARDED = "awarded", _("Awarded")
        NOT_FUNDED = "not_funded", _("Not funded")

    # Statuses the office may move an idea to from each status ("proposal" only by turning
    # it into a project: ideas.services.turn_into_proposal; "awarded" and "not funded" only
    # by the proposal's outcome: OUTCOMES).
    TRANSITIONS = {
        Status.NEW: {Status.DISCUSSED, Status.WITHDRAWN, Status.NOT_PURSUED},
        Status.DISCUSSED: {Status.NEW, Status.WITHDRAWN, Status.NOT_PURSUED},
        Status.PROPOSAL: set(),
        Status.WITHDRAWN: {Status.NEW, Status.DISCUSSED},
        Status.NOT_PURSUED: {Status.NEW, Status.DISCUSSED},
        Status.AWARDED: set(),
        Status.NOT_FUNDED: set(),
    }
    # The idea's status once its proposal's project has this status (from "proposal" only).
    OUTCOMES = {
        Project.Status.AWARDED: Status.AWARDED,
        Project.Status.RUNNING: Status.AWARDED,
        Project.Status.CLOSED: Status.AWARDED,
        Project.Status.REJECTED: Status.NOT_FUNDED,
    }
    WITH_PROJECT = (Status.PROPOSAL, Status.AWARDED, Status.NOT_FUNDED)

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        DUTCH = "nl", _("Dutch")

    call_for_ideas = models.ForeignKey(
        CallForIdeas, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("call")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), validators=[reject_address_literal])
    unit = models.ForeignKey(
        OrganisationalUnit, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("unit")
    )
    partner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("partner institution"),
    )
    new_partner_name = models.CharField(_("new partner institution"), max_length=255, blank=True)
    new_partner_country = CountryField(_("its country"), blank=True)
    new_partner_city = models.CharField(_("its city"), max_length=120, blank=True)
    research_field = models.CharField(_("research field"), max_length=200)
    rationale = models.TextField(_("rationale"), max_length=RATIONALE_MAX_LENGTH)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="new")
    notes = models.TextField(_("office notes"), blank=True)
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    digest_sent_at = models.DateTimeField(_("in the contacts' digest at"), null=True, blank=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("project"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["digest_sent_at", "updated_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "new",
                        "discussed",
                        "proposal",
                        "withdrawn",
                        "not_pursued",
                        "awarded",
                        "not_funded",
                    ]
                ),
                name="idea_status_valid",
                violation_error_code="invalid_status",
                violation_error_message=_("Choose one of the listed statuses."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(partner__isnull=False, new_partner_name="")
                    | (
                        Q(partner__isnull=True)
                        & ~Q(new_partner_name="")
                        & ~Q(new_partner_country="")
                        & ~Q(new_partner_city="")
                    )
                ),
                name="idea_partner_on_record_or_new",
                violation_error_code="partner_missing",
                violation_error_message=PARTNER_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposal", "awarded", "not_funded"], project__isnull=False)
                | ~Q(status__in=["proposal", "awarded", "not_funded"]),
                name="idea_proposal_has_project",
                violation_error_code="proposal_without_project",
                violation_error_message=PROPOSAL_PROJECT_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["call_for_ideas", "status"])]

    def __str__(self):
        return f"{self.full_name}: {self.partner_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def partner_name(self) -> str:
        return self.partner.name if self.partner_id else self.new_partner_name

    @property
    def partner_country(self):
        return self.partner.country if self.partner_id else self.new_partner_country

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class IdeaFlow(models.Model):
    """One flow of an idea: how many people go which way, for which activity, how long."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="flows", verbose_name=_("idea")
    )
    activity = models.CharField(_("activity"), max_length=3, choices=Activity.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    people = models.PositiveSmallIntegerField(
        _("number of people"),
        validators=[
            MinValueValidator(1, message=PEOPLE_MESSAGE),
            MaxValueValidator(MAX_PEOPLE_PER_FLOW, message=PEOPLE_MESSAGE),
        ],
    )
    duration_days = models.PositiveSmallIntegerField(
        _("duration of each (days)"),
        help_text=_("Calendar days of activity per person, travel days not included."),
        validators=[MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["idea", "pk"]
        verbose_name = _("flow")
        verbose_name_plural = _("flows")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "activity", "direction"],
                name="idea_flow_one_per_activity_direction",
                violation_error_code="duplicate_flow",
                violation_error_message=_(
                    "The idea already has a flow for this activity and direction."
                ),
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1, people__lte=MAX_PEOPLE_PER_FLOW),
                name="idea_flow_people_range",
                violation_error_code="people_out_of_range",
                violation_error_message=PEOPLE_MESSAGE,
            ),
            # The same storage bounds as a grant line's: a flow can become one.
            models.CheckConstraint(
                condition=DURATION_DAYS_ALLOWED,
                name="idea_flow_duration_allowed",
                violation_error_code="duration_not_allowed",
                violation_error_message=DURATION_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.activity} {self.get_direction_display()} x{self.people}"


def language_of(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
