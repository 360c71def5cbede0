import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Institution, OrganisationalUnit

# KA107 numbers end in six digits (2020-1-NL01-KA107-064321); KA171 numbers carry the
# field (HED: higher education) and nine digits (2022-1-NL01-KA171-HED-000012345).
GRANT_AGREEMENT_PATTERN = r"^[0-9]{4}-[0-9]-[A-Z]{2}[0-9]{2}-(KA107-[0-9]{6}|KA171-HED-[0-9]{9})$"

GRANT_AGREEMENT_MESSAGE = _(
    "A grant agreement number looks like 2020-1-NL01-KA107-064321 "
    "or 2022-1-NL01-KA171-HED-000012345."
)
CALL_YEARS = (2014, 2100)
CALL_YEAR_MESSAGE = _("Erasmus+ calls are numbered by year, from 2014 to 2100.")
ACTION_YEAR_MESSAGE = _("KA107 covers calls up to 2020, KA171 from 2021.")
PROJECT_END_MESSAGE = _("The project must end after it starts.")
# A sanity bound, not a programme rule: ICM projects last 24 or 36 months, extensions included.
PROJECT_MAX_DURATION = datetime.timedelta(days=5 * 365 + 1)
PROJECT_DURATION_MESSAGE = _("A project lasts at most five years.")
PROJECT_START_BOUNDS = (datetime.date(2014, 1, 1), datetime.date(2100, 12, 31))
PROJECT_START_MESSAGE = _("A project starts between 2014 and 2100.")
CALL_START_MESSAGE = _(
    "A project of the %(call)s call starts in %(year)s (usually on 1 August), not in %(start)s."
)
GRANT_AGREEMENT_CALL_MESSAGE = _(
    "A project of the %(call)s call has a grant agreement number of that call, e.g. %(example)s."
)
GRANT_AGREEMENT_EXAMPLES = {
    "KA107": "%(year)s-1-NL01-KA107-064321",
    "KA171": "%(year)s-1-NL01-KA171-HED-000012345",
}
NOT_NEGATIVE_MESSAGE = _("Enter an amount of zero or more.")

validate_grant_agreement_number = RegexValidator(GRANT_AGREEMENT_PATTERN, GRANT_AGREEMENT_MESSAGE)

validate_reminder_days = RegexValidator(
    r"^ *-?[0-9]{1,3}( *, *-?[0-9]{1,3})* *$",
    _("Enter whole numbers of days separated by commas, e.g. 14, 3, 0, -7."),
)


def localized(obj, field: str) -> str:
    """The Dutch variant of a bilingual field when Dutch is active and filled in, else English."""
    if translation.get_language() == "nl":
        dutch = getattr(obj, f"{field}_nl", "")
        if dutch:
            return dutch
    return getattr(obj, field)


class Call(models.Model):
    """A yearly Erasmus+ call for International Credit Mobility."""

    class Action(models.TextChoices):
        KA107 = "KA107", _("KA107 (calls 2015-2020)")
        KA171 = "KA171", _("KA171 (calls 2021-2027)")

    year = models.PositiveSmallIntegerField(
        _("call year"),
        validators=[
            MinValueValidator(CALL_YEARS[0], message=CALL_YEAR_MESSAGE),
            MaxValueValidator(CALL_YEARS[1], message=CALL_YEAR_MESSAGE),
        ],
    )
    action = models.CharField(_("key action"), max_length=5, choices=Action.choices)
    deadline = models.DateTimeField(_("call deadline"))
    internal_deadline = models.DateField(
        _("internal expression-of-interest deadline"), null=True, blank=True
    )
    results_summary = models.TextField(_("results announcement"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "action"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "action"],
                name="call_unique_year_action",
                violation_error_code="duplicate_call",
                violation_error_message=_("This call is already in the portal."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=CALL_YEARS[0], year__lte=CALL_YEARS[1]),
                name="call_year_range",
                violation_error_code="call_year_out_of_range",
                violation_error_message=CALL_YEAR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(action="KA107", year__lte=2020) | Q(action="KA171", year__gte=2021),
                name="call_action_matches_year",
                violation_error_code="action_does_not_match_year",
                violation_error_message=ACTION_YEAR_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.action} {self.year}"

    def clean(self):
        if self.year is None or not self.action:
            return
        if (self.action == self.Action.KA107) != (self.year <= 2020):
            raise ValidationError({"action": ACTION_YEAR_MESSAGE})


class SubjectArea(models.Model):
    """A research or study field, used to describe projects and to filter offers."""

    name = models.CharField(
        _("name (English)"),
        max_length=120,
        unique=True,
        error_messages={"unique": _("A research field of this name already exists.")},
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")

    def __str__(self):
        return localized(self, "name")


class Person(models.Model):
    """A coordinator or contact person at the home university, with or without an account."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        DUTCH = "nl", _("Dutch")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    unit = models.ForeignKey(
        OrganisationalUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # MARIA.Yazdanbakhsh@... and maria.yazdanbakhsh@... are one person.
            models.UniqueConstraint(
                Lower("email"),
                name="person_email_unique_ignoring_case",
                violation_error_code="duplicate_email",
                violation_error_message=_(
                    "Someone in the portal already has this email address "
                    "(capitals do not make it another one)."
                ),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Project(models.Model):
    """An ICM project: one partnership under one call, with its coordinators and partners."""

    class Status(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        SUBMITTED = "submitted", _("Submitted")
        AWARDED = "awarded", _("Awarded")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")

    class MobilityType(models.TextChoices):
        STAFF_AND_STUDENT = "staff_student", _("Staff and student exchange")
        STUDENT = "student", _("Student exchange")
        STAFF = "staff", _("Staff exchange")
        VIRTUAL = "virtual", _("Virtual activity")

    # Statuses a project may move to from each status.
    TRANSITIONS = {
        Status.PROPOSAL: {Status.SUBMITTED, Status.REJECTED},
        Status.SUBMITTED: {Status.AWARDED, Status.REJECTED},
        Status.AWARDED: {Status.RUNNING, Status.CLOSED},
        Status.RUNNING: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.REJECTED: set(),
    }
    PUBLIC_STATUSES = (Status.AWARDED, Status.RUNNING, Status.CLOSED)

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="projects", verbose_name=_("call")
    )
    title = models.CharField(_("title (English)"), max_length=255)
    title_nl = models.CharField(_("title (Dutch)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    grant_agreement_number = models.CharField(
        _("grant agreement number"),
        max_length=40,
        blank=True,
        validators=[validate_grant_agreement_number],
        help_text=_("e.g. 2020-1-NL01-KA107-064321 or 2022-1-NL01-KA171-HED-000012345"),
    )
    home_unit = models.ForeignKey(
        OrganisationalUnit,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("home unit"),
    )
    lead_coordinator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("project coordinator"),
    )
    lead_coordinator_is_former = models.BooleanField(
        _("former coordinator"),
        default=False,
        help_text=_(
            "The project coordinator has since handed over the role: the public page calls "
            "them the former coordinator."
        ),
    )
    co_coordinators = models.ManyToManyField(
        Person,
        blank=True,
        related_name="co_coordinated_projects",
        verbose_name=_("co-coordinators"),
    )
    partners = models.ManyToManyField(
        Institution, through="ProjectPartner", related_name="projects", verbose_name=_("partners")
    )
    mobility_type = models.CharField(
        _("type of mobility"),
        max_length=20,
        choices=MobilityType.choices,
        default=MobilityType.STAFF_AND_STUDENT,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSAL
    )
    start_date = models.DateField(
        _("start date"),
        validators=[
            MinValueValidator(PROJECT_START_BOUNDS[0], message=PROJECT_START_MESSAGE),
            MaxValueValidator(PROJECT_START_BOUNDS[1], message=PROJECT_START_MESSAGE),
        ],
    )
    end_date = models.DateField(_("end date"))
    interim_report_date = models.DateField(
        _("interim or periodic report due"), null=True, blank=True
    )
    subject_areas = models.ManyToManyField(
        SubjectArea, blank=True, related_name="projects", verbose_name=_("research fields")
    )
    summary = models.TextField(_("public summary (English)"), blank=True)
    summary_nl = models.TextField(_("public summary (Dutch)"), blank=True)
    awarded_budget = models.DecimalField(
        _("awarded budget (EUR)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("An example project, not a description of a real one: its pages say so."),
    )
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[co_coordinators])

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="project_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message=PROJECT_END_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(end_date__lte=F("start_date") + PROJECT_MAX_DURATION),
                name="project_at_most_five_years",
                violation_error_code="project_too_long",
                violation_error_message=PROJECT_DURATION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(
                    start_date__gte=PROJECT_START_BOUNDS[0], start_date__lte=PROJECT_START_BOUNDS[1]
                ),
                name="project_start_in_range",
                violation_error_code="start_out_of_range",
                violation_error_message=PROJECT_START_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(awarded_budget__gte=0),
                name="project_budget_not_negative",
                violation_error_code="negative_budget",
                violation_error_message=NOT_NEGATIVE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(grant_agreement_number="")
                | Q(grant_agreement_number__regex=GRANT_AGREEMENT_PATTERN),
                name="project_grant_agreement_format",
                violation_error_code="invalid_grant_agreement_number",
                violation_error_message=GRANT_AGREEMENT_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["grant_agreement_number"],
                condition=~Q(grant_agreement_number=""),
                name="project_grant_agreement_unique",
                violation_error_code="duplicate_grant_agreement_number",
                violation_error_message=_("Another project has this grant agreement number."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["proposal", "submitted", "awarded", "running", "closed", "rejected"]
                ),
                name="project_status_valid",
                violation_error_code="invalid_status",
                violation_error_message=_("Choose one of the listed statuses."),
            ),
        ]
        indexes = [models.Index(fields=["status", "end_date"])]

    def __str__(self):
        return self.title

    @property
    def localized_title(self) -> str:
        return localized(self, "title")

    @property
    def localized_summary(self) -> str:
        return localized(self, "summary")

    @property
    def duration_months(self) -> int:
        months = (self.end_date.year - self.start_date.year) * 12
        months += self.end_date.month - self.start_date.month
        return months + (1 if self.end_date.day >= self.start_date.day - 1 else 0)

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def set_status(self, status: str) -> None:
        """Move to another status, refusing the moves the lifecycle does not allow."""
        if not self.can_move_to(status):
            raise ValidationError(
                {
                    "status": _("A %(old)s project cannot become %(new)s.")
                    % {"old": self.get_status_display(), "new": self.Status(status).label}
                }
            )
        self.status = status

    def clean(self):
        errors = {}
        call = self.call if self.call_id else None
        number = self.grant_agreement_number
        # A malformed number already has its message (the field's validator).
        if call is not None and re.match(GRANT_AGREEMENT_PATTERN, number):
            year, _round, _agency, action = number.split("-")[:4]
            if (year, action) != (str(call.year), call.action):
                errors["grant_agreement_number"] = ValidationError(
                    GRANT_AGREEMENT_CALL_MESSAGE,
                    code="grant_agreement_not_of_call",
                    params={
                        "call": str(call),
                        "example": GRANT_AGREEMENT_EXAMPLES[call.action] % {"year": call.year},
                    },
                )
        start = self.start_date
        if (
            call is not None
            and start
            and PROJECT_START_BOUNDS[0] <= start <= PROJECT_START_BOUNDS[1]
            and start.year != call.year
        ):
            errors["start_date"] = ValidationError(
                CALL_START_MESSAGE,
                code="start_not_in_call_year",
                params={"call": str(call), "year": call.year, "start": self.start_date.year},
            )
        if self.start_date and self.end_date:
            if self.end_date <= self.start_date:
                errors["end_date"] = ValidationError(PROJECT_END_MESSAGE, code="end_before_start")
            elif self.end_date > self.start_date + PROJECT_MAX_DURATION:
                errors["end_date"] = ValidationError(
                    PROJECT_DURATION_MESSAGE, code="project_too_long"
                )
        if errors:
            raise ValidationError(errors)


class ProjectPartner(models.Model):
    """A partner institution's part in a project."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner")
        ASSOCIATED = "associated", _("Associated partner")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="project_partners",
        verbose_name=_("project"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="project_roles",
        verbose_name=_("institution"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PARTNER)
    contact = models.ForeignKey(
        "partners.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_roles",
        verbose_name=_("contact at the partner"),
    )
    # Shown with the project's own changes (mobility.history.project_records).
    history = HistoricalRecords()

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "institution"],
                name="project_partner_one_role",
                violation_error_code="duplicate_partner",
                violation_error_message=_("This institution is already a partner of the project."),
            ),
        ]

    def __str__(self):
        return f"{self.institution} ({self.get_role_display()})"


class Deadline(models.Model):
    """Anything with a due date and responsible people: a report, an agreement, a call."""

    class Kind(models.TextChoices):
        EXPRESSION_OF_INTEREST = "eoi", _("Internal expression-of-interest deadline")
        CALL = "call", _("Call deadline")
        INTERIM_REPORT = "interim_report", _("Interim or periodic report")
        PROJECT_END = "project_end", _("Project end")
        FINAL_REPORT = "final_report", _("Final report")
        MOBILITY_AGREEMENT = "mobility_agreement", _("Mobility or learning agreement signed")
        TRANSCRIPT = "transcript", _("Transcript of records")
        PARTICIPANT_REPORT = "participant_report", _("Participant report")
        REVIEW = "review", _("Applications reviewed")
        DECISION = "decision", _("Selection decided")
        CUSTOM = "custom", _("Other deadline")

    # Kinds the portal derives from the project's own dates: at most one of each per project.
    PROJECT_MILESTONE_KINDS = (
        Kind.EXPRESSION_OF_INTEREST,
        Kind.CALL,
        Kind.INTERIM_REPORT,
        Kind.PROJECT_END,
        Kind.FINAL_REPORT,
    )
    # Kinds the portal derives from an offer's call for applications (applications.deadlines).
    SELECTION_KINDS = (Kind.REVIEW, Kind.DECISION)
    # The titles of the deadlines the portal derives from a project's or a mobility's dates
    # (projects.deadlines, mobility.milestones) or an offer's call for applications
    # (applications.deadlines), by kind: stored in English, shown in the
    # reader's language (localized_title). A title typed by staff is shown as typed.
    AUTOMATIC_TITLES = {
        Kind.EXPRESSION_OF_INTEREST: (_("Internal expression of interest"),),
        Kind.CALL: (_("Erasmus+ call deadline"),),
        Kind.INTERIM_REPORT: (_("Interim report"),),
        Kind.PROJECT_END: (_("Project end"),),
        Kind.FINAL_REPORT: (_("Final report"),),
        Kind.MOBILITY_AGREEMENT: (
            _("Learning agreement signed: %(name)s"),
            _("Mobility agreement signed: %(name)s"),
        ),
        Kind.PARTICIPANT_REPORT: (_("Participant report: %(name)s"),),
        Kind.TRANSCRIPT: (_("Transcript of records: %(name)s"),),
        Kind.REVIEW: (_("Applications reviewed: %(name)s"),),
        Kind.DECISION: (_("Selection decided: %(name)s"),),
    }

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("project")
    )
    # The mobility a milestone exists for (mobility.milestones keeps it in step): it goes
    # when the mobility goes.
    mobility = models.ForeignKey(
        "mobility.Mobility",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="milestones",
        verbose_name=_("mobility"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CUSTOM)
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    responsible = models.ManyToManyField(
        Person, blank=True, related_name="deadlines", verbose_name=_("responsible people")
    )
    notes = models.TextField(_("notes"), blank=True)
    reminder_days = models.CharField(
        _("reminder schedule"),
        max_length=100,
        blank=True,
        validators=[validate_reminder_days],
        help_text=_(
            "Days before the due date on which to remind, separated by commas; negative "
            "numbers are days after it. Reminders then repeat weekly until the deadline is "
            "done. Leave empty for the usual 30, 7, 1, 0, -3."
        ),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Shown with the project's own changes (mobility.history.project_records); who is
    # responsible is not recorded there.
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "title"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=Q(
                    kind__in=["eoi", "call", "interim_report", "project_end", "final_report"]
                ),
                name="deadline_one_milestone_per_kind",
                violation_error_code="duplicate_milestone",
                violation_error_message=_("The project already has a deadline of this kind."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_date"], condition=Q(done_at__isnull=True), name="deadline_open_due_idx"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.due_date:%Y-%m-%d})"

    @staticmethod
    def stored_title(title, *, name: str = "") -> str:
        """An automatic title (one of AUTOMATIC_TITLES) as it is stored: in English."""
        with translation.override("en"):
            return str(title) % {"name": name} if "%(name)s" in str(title) else str(title)

    @property
    def localized_title(self) -> str:
        """The title in the active language when the portal gave it, else as typed."""
        for title in self.AUTOMATIC_TITLES.get(self.kind, ()):
            prefix, placeholder, suffix = self.stored_title(title, name="\0").partition("\0")
            if not placeholder and self.title == prefix:
                return str(title)
            if (
                placeholder
                and len(self.title) > len(prefix) + len(suffix)
                and self.title.startswith(prefix)
                and self.title.endswith(suffix)
            ):
                name = self.title[len(prefix) : len(self.title) - len(suffix)]
                return str(title) % {"name": name}
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def mark_done(self, *, when, by=None) -> None:
        self.done_at = when
        self.done_by = by
