from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.models import Institution
from projects.models import Project, SubjectArea, localized


class Activity(models.TextChoices):
    STUDY = "SMS", _("Student mobility for studies")
    TRAINEESHIP = "SMT", _("Student traineeship")
    TEACHING = "STA", _("Staff mobility for teaching")
    TRAINING = "STT", _("Staff mobility for training")


STUDENT_ACTIVITIES = (Activity.STUDY, Activity.TRAINEESHIP)
STAFF_ACTIVITIES = (Activity.TEACHING, Activity.TRAINING)

# What an activity allows, in calendar days of activity (travel days not included):
# staff 5 days to 2 months; students 5-30 days (short-term) or 2-12 months.
STAFF_DAYS = (5, 60)
SHORT_TERM_STUDENT_DAYS = (5, 30)
LONG_TERM_STUDENT_DAYS = (60, 366)
DURATION_MESSAGE = _(
    "Staff mobility lasts 5 to 60 days; student mobility 5 to 30 days or 2 to 12 months."
)


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming (to us)")
    OUTGOING = "outgoing", _("Outgoing (from us)")


class Level(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORAL = "doctoral", _("PhD")
    STAFF = "staff", _("Staff")


def _days_between_within(start: str, end: str, low: int, high: int) -> Q:
    """end - start + 1 (calendar days, both counted) lies within [low, high]."""
    return Q(**{f"{end}__gte": F(start) + timedelta(days=low - 1)}) & Q(
        **{f"{end}__lte": F(start) + timedelta(days=high - 1)}
    )


class MobilityGrant(models.Model):
    """A budget line of a project: one flow (activity x direction x partner) as awarded."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="grant_lines", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="grant_lines", verbose_name=_("partner")
    )
    activity = models.CharField(_("activity"), max_length=3, choices=Activity.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    mobilities_planned = models.PositiveSmallIntegerField(_("number of mobilities"))
    duration_days = models.PositiveSmallIntegerField(
        _("duration of each (days)"),
        help_text=_(
            "Activity days per mobility: 30 per month for students, travel days not included."
        ),
    )
    amount_awarded = models.DecimalField(
        _("amount awarded (EUR)"), max_digits=10, decimal_places=2, default=0
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "activity", "direction", "partner__name"]
        verbose_name = _("mobility grant line")
        verbose_name_plural = _("mobility grant lines")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner", "activity", "direction"],
                name="grant_line_one_per_flow",
                violation_error_message=_(
                    "The project already has a grant line for this activity, direction and partner."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__gte=0), name="grant_line_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(mobilities_planned__gte=1), name="grant_line_at_least_one_mobility"
            ),
            models.CheckConstraint(
                condition=(
                    Q(activity__in=STAFF_ACTIVITIES)
                    & Q(duration_days__gte=STAFF_DAYS[0], duration_days__lte=STAFF_DAYS[1])
                )
                | (
                    Q(activity__in=STUDENT_ACTIVITIES)
                    & (
                        Q(
                            duration_days__gte=SHORT_TERM_STUDENT_DAYS[0],
                            duration_days__lte=SHORT_TERM_STUDENT_DAYS[1],
                        )
                        | Q(
                            duration_days__gte=LONG_TERM_STUDENT_DAYS[0],
                            duration_days__lte=LONG_TERM_STUDENT_DAYS[1],
                        )
                    )
                ),
                name="grant_line_duration_allowed",
                violation_error_message=DURATION_MESSAGE,
            ),
        ]

    def __str__(self):
        return (
            f"{self.project}: {self.activity} {self.get_direction_display()} "
            f"{self.partner} x{self.mobilities_planned}"
        )

    def clean(self):
        if (
            self.project_id
            and self.partner_id
            and not self.project.project_partners.filter(institution_id=self.partner_id).exists()
        ):
            raise ValidationError(
                {"partner": _("This institution is not a partner of the project.")}
            )


class Mobility(models.Model):
    """One person going abroad (outgoing) or coming to us (incoming) under a project."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        APPROVED = "approved", _("Approved")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Gender(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other / undefined")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="mobilities", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="mobilities",
        verbose_name=_("partner institution"),
        help_text=_("Where an outgoing participant goes, or where an incoming one comes from."),
    )
    activity = models.CharField(_("activity"), max_length=3, choices=Activity.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOMINATED
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    travel_days = models.PositiveSmallIntegerField(
        _("funded travel days"), default=0, help_text=_("Normally 2 for staff, 0 for students.")
    )
    green_travel = models.BooleanField(_("green travel"), default=False)
    fewer_opportunities = models.BooleanField(_("fewer opportunities"), default=False)
    zero_grant = models.BooleanField(_("zero grant"), default=False)
    force_majeure = models.BooleanField(_("force majeure"), default=False)
    individual_support = models.DecimalField(
        _("individual support (EUR)"), max_digits=9, decimal_places=2, default=0
    )
    travel_support = models.DecimalField(
        _("travel support (EUR)"), max_digits=9, decimal_places=2, default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_start", "last_name"]
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="mobility_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="mobility_actual_end_after_start",
                violation_error_message=_("The actual end cannot be before the actual start."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(activity__in=STAFF_ACTIVITIES)
                    & _days_between_within("planned_start", "planned_end", *STAFF_DAYS)
                )
                | (
                    Q(activity__in=STUDENT_ACTIVITIES)
                    & (
                        _days_between_within(
                            "planned_start", "planned_end", *SHORT_TERM_STUDENT_DAYS
                        )
                        | _days_between_within(
                            "planned_start", "planned_end", *LONG_TERM_STUDENT_DAYS
                        )
                    )
                ),
                name="mobility_duration_allowed",
                violation_error_message=DURATION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(individual_support__gte=0, travel_support__gte=0),
                name="mobility_grant_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(activity__in=STAFF_ACTIVITIES, level="staff")
                | (Q(activity__in=STUDENT_ACTIVITIES) & ~Q(level="staff")),
                name="mobility_level_matches_activity",
                violation_error_message=_(
                    "Staff activities are for staff, student activities for students."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.activity}, {self.partner})"

    @property
    def total_grant(self):
        return self.individual_support + self.travel_support

    @property
    def is_staff_mobility(self) -> bool:
        return self.activity in STAFF_ACTIVITIES


class VirtualActivity(models.Model):
    """An online component of a project, e.g. a lecture series with remote participants."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="virtual_activities",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    participants = models.PositiveIntegerField(_("participants"), default=0)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("virtual activity")
        verbose_name_plural = _("virtual activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="virtual_activity_end_after_start"
            ),
        ]

    def __str__(self):
        return self.title


class ExchangeOffer(models.Model):
    """A public, student-facing opportunity under a project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="offers", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="offers", verbose_name=_("partner")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    description = models.TextField(_("description (English)"))
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    activity = models.CharField(_("activity"), max_length=3, choices=Activity.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.OUTGOING
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    subject_area = models.ForeignKey(
        SubjectArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("field"),
    )
    places = models.PositiveSmallIntegerField(_("places"))
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"))
    period_start = models.DateField(_("earliest start"))
    period_end = models.DateField(_("latest end"))
    eligibility = models.TextField(_("eligibility (English)"), blank=True)
    eligibility_nl = models.TextField(_("eligibility (Dutch)"), blank=True)
    application_deadline = models.DateField(_("application deadline"))
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application_deadline", "title"]
        verbose_name = _("exchange offer")
        verbose_name_plural = _("exchange offers")
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="offer_at_least_one_place"),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="offer_period_end_after_start",
                violation_error_message=_("The latest end must come after the earliest start."),
            ),
            models.CheckConstraint(
                condition=Q(duration_days__gte=1), name="offer_duration_positive"
            ),
        ]
        indexes = [models.Index(fields=["is_published", "application_deadline"])]

    def __str__(self):
        return self.title

    @property
    def localized_title(self) -> str:
        return localized(self, "title")

    @property
    def localized_description(self) -> str:
        return localized(self, "description")

    @property
    def localized_eligibility(self) -> str:
        return localized(self, "eligibility")

    @property
    def deadline_passed(self) -> bool:
        return self.application_deadline < timezone.localdate()


class InterestRegistration(models.Model):
    """A student's expression of interest in an offer; one per email address and offer."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        NOMINATED = "nominated", _("Nominated")
        DECLINED = "declined", _("Declined")

    offer = models.ForeignKey(
        ExchangeOffer,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("offer"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    study_programme = models.CharField(_("study programme"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    motivation = models.TextField(_("motivation"), max_length=2000)
    language = models.CharField(_("language"), max_length=2, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest registration")
        verbose_name_plural = _("interest registrations")
        constraints = [
            models.UniqueConstraint(
                "offer",
                Lower("email"),
                name="registration_one_per_email_and_offer",
                violation_error_message=_(
                    "This email address has already registered for the offer."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} -> {self.offer}"


class MobilityMilestone(models.Model):
    """Ties a deadline to the mobility it was created from (agreement, transcript, report)."""

    mobility = models.ForeignKey(
        Mobility, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("mobility")
    )
    deadline = models.OneToOneField(
        "projects.Deadline",
        on_delete=models.CASCADE,
        related_name="mobility_milestone",
        verbose_name=_("deadline"),
    )

    class Meta:
        verbose_name = _("mobility milestone")
        verbose_name_plural = _("mobility milestones")

    def __str__(self):
        return f"{self.deadline} ({self.mobility})"
