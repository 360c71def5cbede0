from datetime import timedelta

from django.conf.locale import LANG_INFO
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.models import Institution
from projects.models import NOT_NEGATIVE_MESSAGE, Call, Project, SubjectArea, localized

from .bounds import (
    ACTUAL_DAYS_MAX,
    ACTUAL_DURATION_MESSAGE,
    ACTUAL_END_MESSAGE,
    ACTUAL_FROM_PLANNED_MAX,
    ACTUAL_NEAR_PLANNED_MESSAGE,
    DURATION_MESSAGE,
    LONG_TERM_STUDENT_DAYS,
    PLANNED_END_MESSAGE,
    SHORT_TERM_STUDENT_DAYS,
    STAFF_DAYS,
    TRAVEL_DAYS_MAX,
    TRAVEL_DAYS_MESSAGE,
    days_allowed,
    is_long_term_stay,
    mobility_date_errors,
)
from .isced import ISCED_F_MESSAGE, validate_isced_f


class Activity(models.TextChoices):
    STUDY = "SMS", _("Student mobility for studies")
    TRAINEESHIP = "SMT", _("Student traineeship")
    TEACHING = "STA", _("Staff mobility for teaching")
    TRAINING = "STT", _("Staff mobility for training")


STUDENT_ACTIVITIES = (Activity.STUDY, Activity.TRAINEESHIP)
STAFF_ACTIVITIES = (Activity.TEACHING, Activity.TRAINING)

LEVEL_MESSAGE = _("Staff activities are for staff, student activities for students.")
BAND_OVERRIDE_MESSAGE = _("Changing the distance band needs a written justification.")
AT_LEAST_ONE_MESSAGE = _("Enter at least 1.")


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming (to us)")
    OUTGOING = "outgoing", _("Outgoing (from us)")


class TransportMeans(models.TextChoices):
    PLANE = "plane", _("Plane")
    TRAIN = "train", _("Train")
    BUS = "bus", _("Bus or coach")
    CAR_SHARING = "car_sharing", _("Car sharing")
    CAR = "car", _("Car (alone)")
    BOAT = "boat", _("Boat")
    BICYCLE = "bicycle", _("Bicycle or on foot")
    OTHER = "other", _("Other")


# Sustainable means of transport: the Programme Guide's green travel is by bus, train or
# car sharing (or cleaner) for the major part of the journey.
GREEN_TRANSPORT = (
    TransportMeans.TRAIN,
    TransportMeans.BUS,
    TransportMeans.CAR_SHARING,
    TransportMeans.BOAT,
    TransportMeans.BICYCLE,
)
# EQF levels of higher education: short cycle, bachelor, master, doctorate.
EQF_LEVELS = [(5, "EQF 5"), (6, "EQF 6"), (7, "EQF 7"), (8, "EQF 8")]
EQF_OF_LEVEL = {"bachelor": 6, "master": 7, "doctoral": 8}
LANGUAGE_CHOICES = sorted(
    ((code, info["name"]) for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info),
    key=lambda choice: choice[1],
)

GREEN_TRAVEL_MESSAGE = _("Green travel is by train, bus, car sharing, boat or bicycle.")
LONG_TERM_MESSAGE = _("Only student mobilities can be long-term.")
BLENDED_MESSAGE = _("A blended mobility needs a description of its virtual component.")
VIRTUAL_ONLY_BLENDED_MESSAGE = _("Only a blended mobility has a virtual component.")
INCLUSION_MESSAGE = _("Inclusion support is for participants with fewer opportunities.")
PREVIOUS_PARTICIPATION_MESSAGE = _(
    "Earlier Erasmus+ months count for students only, from 0 to 12 months."
)
PREVIOUS_PARTICIPATION_MAX_MESSAGE = _("A study cycle is funded for at most 12 months.")
EXCEPTIONAL_COST_MESSAGE = _(
    "An exceptional travel cost and its justification are entered together."
)
FORCE_MAJEURE_MESSAGE = _("Force majeure needs an explanation, and an explanation needs the flag.")
RECENT_GRADUATE_MESSAGE = _("Only a traineeship can be done as a recent graduate.")
BIRTH_DATE_MESSAGE = _("The date of birth lies before the mobility starts.")
EQF_MESSAGE = _("Higher education is EQF level 5 to 8.")
EQF_LEVEL_MESSAGE = _("The EQF level does not match the level (bachelor 6, master 7, PhD 8).")
PARTICIPANT_ID_MESSAGE = _("Letters, digits and punctuation without spaces, at most 64 characters.")


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


def _within_of(name: str, start: str, end: str, margin: timedelta) -> Q:
    """The date `name` is unknown or lies between `start` - margin and `end` + margin."""
    return Q(**{f"{name}__isnull": True}) | Q(
        **{f"{name}__gte": F(start) - margin, f"{name}__lte": F(end) + margin}
    )


# A duration in days a grant line (or a flow that may become one) can have: the storable
# bounds of its activity (mobility.bounds).
DURATION_DAYS_ALLOWED = (
    Q(activity__in=STAFF_ACTIVITIES)
    & Q(duration_days__gte=STAFF_DAYS[0], duration_days__lte=STAFF_DAYS[1])
) | (
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
    mobilities_planned = models.PositiveSmallIntegerField(
        _("number of mobilities"), validators=[MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)]
    )
    duration_days = models.PositiveSmallIntegerField(
        _("duration of each (days)"),
        help_text=_(
            "Activity days per mobility: 30 per month for students, travel days not included."
        ),
    )
    amount_awarded = models.DecimalField(
        _("amount awarded (EUR)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
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
                violation_error_code="duplicate_grant_line",
                violation_error_message=_(
                    "The project already has a grant line for this activity, direction and partner."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__gte=0),
                name="grant_line_amount_not_negative",
                violation_error_code="negative_amount",
                violation_error_message=NOT_NEGATIVE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(mobilities_planned__gte=1),
                name="grant_line_at_least_one_mobility",
                violation_error_code="no_mobility",
                violation_error_message=AT_LEAST_ONE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=DURATION_DAYS_ALLOWED,
                name="grant_line_duration_allowed",
                violation_error_code="duration_not_allowed",
                violation_error_message=DURATION_MESSAGE,
            ),
        ]

    def __str__(self):
        return (
            f"{self.project}: {self.activity} {self.get_direction_display()} "
            f"{self.partner} x{self.mobilities_planned}"
        )

    def clean(self):
        errors = {}
        if (
            self.project_id
            and self.partner_id
            and not self.project.project_partners.filter(institution_id=self.partner_id).exists()
        ):
            errors["partner"] = _("This institution is not a partner of the project.")
        if self.activity in Activity.values and self.duration_days is not None:
            ranges = days_allowed(is_staff=self.activity in STAFF_ACTIVITIES)
            if not any(low <= self.duration_days <= high for low, high in ranges):
                errors["duration_days"] = DURATION_MESSAGE
        if errors:
            raise ValidationError(errors)


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

    # Looked up through mobility_project_status_idx (a project's mobilities by status).
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="mobilities",
        verbose_name=_("project"),
        db_index=False,
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
        _("funded travel days"),
        default=0,
        validators=[MaxValueValidator(TRAVEL_DAYS_MAX, message=TRAVEL_DAYS_MESSAGE)],
        help_text=_("Normally 2 for staff, 0 for students."),
    )
    green_travel = models.BooleanField(_("green travel"), default=False)
    fewer_opportunities = models.BooleanField(_("fewer opportunities"), default=False)
    zero_grant = models.BooleanField(_("zero grant"), default=False)
    force_majeure = models.BooleanField(_("force majeure"), default=False)
    force_majeure_explanation = models.TextField(
        _("force majeure explanation"),
        blank=True,
        help_text=_("Why the mobility is a case of force majeure; required with the flag."),
    )
    # What the Beneficiary Module records of a mobility beside the dates and the grant.
    participant_id = models.CharField(
        _("participant ID"),
        max_length=64,
        blank=True,
        validators=[RegexValidator(r"^[!-~]+$", message=PARTICIPANT_ID_MESSAGE)],
        help_text=_("Our own identifier of the participant, e.g. the student number."),
    )
    long_term = models.BooleanField(
        _("long-term activity"),
        default=False,
        help_text=_(
            "A student stay of more than 30 days; staff mobilities never are. Follows the dates."
        ),
    )
    blended = models.BooleanField(_("blended mobility"), default=False)
    virtual_component = models.TextField(
        _("virtual component"),
        blank=True,
        help_text=_("What the participant does online, for a blended mobility."),
    )
    virtual_hours = models.PositiveSmallIntegerField(
        _("virtual component (contact hours)"), null=True, blank=True
    )
    field_of_education = models.CharField(
        _("field of education (ISCED-F)"),
        max_length=4,
        blank=True,
        validators=[validate_isced_f],
        help_text=_("The four-digit ISCED-F 2013 code, e.g. 0912 for medicine."),
    )
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"), choices=EQF_LEVELS, null=True, blank=True
    )
    main_language = models.CharField(
        _("main language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The language of instruction or work during the mobility."),
    )
    transport_means = models.CharField(
        _("means of transport"), max_length=12, choices=TransportMeans.choices, blank=True
    )
    interruption_days = models.PositiveSmallIntegerField(
        _("interruption (days)"),
        default=0,
        help_text=_("Days the mobility was interrupted; they are not funded."),
    )
    non_funded_days = models.PositiveSmallIntegerField(
        _("non-funded days"),
        default=0,
        help_text=_("Days of the mobility the grant does not cover."),
    )
    recent_graduate = models.BooleanField(
        _("recent graduate"),
        default=False,
        help_text=_("A traineeship done within a year after graduating."),
    )
    # The Beneficiary Module's "previous participation": it counts toward the 12 months a
    # student may be funded per study cycle (mobility.eligibility).
    previous_participation = models.DecimalField(
        _("earlier Erasmus+ months in this study cycle"),
        max_digits=4,
        decimal_places=2,
        default=0,
        validators=[
            MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE),
            MaxValueValidator(12, message=PREVIOUS_PARTICIPATION_MAX_MESSAGE),
        ],
        help_text=_(
            "Months of the student's earlier Erasmus Mundus or Erasmus+ stays at the same "
            "study level; a short stay counts its days divided by 30."
        ),
    )
    inclusion_support = models.DecimalField(
        _("inclusion support (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
        help_text=_("Real costs for the needs of a participant with fewer opportunities."),
    )
    exceptional_travel_cost = models.DecimalField(
        _("exceptional travel cost (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
        help_text=_("Expensive travel paid at real cost instead of the travel support."),
    )
    exceptional_travel_cost_justification = models.TextField(
        _("why the travel is exceptionally expensive"), blank=True
    )
    individual_support = models.DecimalField(
        _("individual support (EUR)"), max_digits=9, decimal_places=2, default=0
    )
    travel_support = models.DecimalField(
        _("travel support (EUR)"), max_digits=9, decimal_places=2, default=0
    )
    # The rest of the stored calculation (mobility.grants.recalculate_grant writes it).
    organisational_support = models.DecimalField(
        _("organisational support (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text=_("Paid to the project per participant, not to the participant."),
    )
    distance_km = models.DecimalField(
        _("distance (km)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    distance_band = models.CharField(_("distance band"), max_length=40, blank=True)
    funded_days = models.PositiveSmallIntegerField(
        _("funded duration (days)"), null=True, blank=True
    )
    grant_breakdown = models.JSONField(_("grant breakdown"), default=list, blank=True)
    grant_error = models.CharField(_("grant calculation problem"), max_length=300, blank=True)
    grant_calculated_at = models.DateTimeField(_("grant calculated at"), null=True, blank=True)
    band_override_km = models.PositiveIntegerField(
        _("distance band chosen by staff (lower edge, km)"),
        null=True,
        blank=True,
        help_text=_("Replaces the band the distance gives; needs a written justification."),
    )
    band_override_justification = models.TextField(_("why the band was changed"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    # Saving a nominated outgoing participant tells the partner's contacts (reminders
    # listens); an import, which loads what the office already knows, sets this to False.
    announce_to_partner = True

    class Meta:
        ordering = ["-planned_start", "last_name"]
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        # For the lists, which show mobilities by planned start, and for the dashboard's
        # statistics: mobilities per year, host country and direction, by status.
        indexes = [
            models.Index(
                fields=["planned_start", "status", "direction", "partner"],
                name="mobility_start_stats_idx",
            ),
            # For counting a project's mobilities by status, on the project list and page.
            models.Index(fields=["project", "status"], name="mobility_project_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="mobility_planned_end_after_start",
                violation_error_code="planned_end_before_start",
                violation_error_message=PLANNED_END_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="mobility_actual_end_after_start",
                violation_error_code="actual_end_before_start",
                violation_error_message=ACTUAL_END_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__lte=F("actual_start") + timedelta(days=ACTUAL_DAYS_MAX - 1)),
                name="mobility_actual_duration_bounded",
                violation_error_code="actual_too_long",
                violation_error_message=ACTUAL_DURATION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=_within_of(
                    "actual_start", "planned_start", "planned_end", ACTUAL_FROM_PLANNED_MAX
                )
                & _within_of("actual_end", "planned_start", "planned_end", ACTUAL_FROM_PLANNED_MAX),
                name="mobility_actual_near_planned",
                violation_error_code="actual_far_from_planned",
                violation_error_message=ACTUAL_NEAR_PLANNED_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(travel_days__lte=TRAVEL_DAYS_MAX),
                name="mobility_travel_days_bounded",
                violation_error_code="too_many_travel_days",
                violation_error_message=TRAVEL_DAYS_MESSAGE,
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
                violation_error_code="duration_not_allowed",
                violation_error_message=DURATION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(individual_support__gte=0, travel_support__gte=0),
                name="mobility_grant_not_negative",
                violation_error_code="negative_grant",
                violation_error_message=_("A grant cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(band_override_km__isnull=True)
                | Q(band_override_justification__regex=r"\S"),
                name="mobility_band_override_justified",
                violation_error_code="band_override_unjustified",
                violation_error_message=BAND_OVERRIDE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(force_majeure=True, force_majeure_explanation__regex=r"\S")
                | (Q(force_majeure=False) & ~Q(force_majeure_explanation__regex=r"\S")),
                name="mobility_force_majeure_explained",
                violation_error_code="force_majeure_unexplained",
                violation_error_message=FORCE_MAJEURE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(
                    exceptional_travel_cost__isnull=False,
                    exceptional_travel_cost__gte=0,
                    exceptional_travel_cost_justification__regex=r"\S",
                )
                | (
                    Q(exceptional_travel_cost__isnull=True)
                    & ~Q(exceptional_travel_cost_justification__regex=r"\S")
                ),
                name="mobility_exceptional_cost_justified",
                violation_error_code="exceptional_cost_unjustified",
                violation_error_message=EXCEPTIONAL_COST_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(long_term=False) | Q(activity__in=STUDENT_ACTIVITIES),
                name="mobility_long_term_students_only",
                violation_error_code="long_term_staff",
                violation_error_message=LONG_TERM_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(blended=False, virtual_component="", virtual_hours__isnull=True)
                | Q(blended=True, virtual_component__regex=r"\S"),
                name="mobility_blended_has_virtual_component",
                violation_error_code="blended_without_virtual_component",
                violation_error_message=BLENDED_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(field_of_education="") | Q(field_of_education__regex=r"^[0-9]{4}$"),
                name="mobility_field_of_education_isced",
                violation_error_code="field_of_education_not_isced",
                violation_error_message=ISCED_F_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(eqf_level__isnull=True) | Q(eqf_level__gte=5, eqf_level__lte=8),
                name="mobility_eqf_level_higher_education",
                violation_error_code="eqf_level_not_higher_education",
                violation_error_message=EQF_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(green_travel=True, transport_means__in=["plane", "car"]),
                name="mobility_green_travel_means",
                violation_error_code="green_travel_not_green",
                violation_error_message=GREEN_TRAVEL_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(inclusion_support=0)
                | Q(inclusion_support__gt=0, fewer_opportunities=True),
                name="mobility_inclusion_support_fewer_opportunities",
                violation_error_code="inclusion_support_without_fewer_opportunities",
                violation_error_message=INCLUSION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(previous_participation=0)
                | Q(
                    previous_participation__gt=0,
                    previous_participation__lte=12,
                    activity__in=STUDENT_ACTIVITIES,
                ),
                name="mobility_previous_participation_student",
                violation_error_code="previous_participation",
                violation_error_message=PREVIOUS_PARTICIPATION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(recent_graduate=False) | Q(activity=Activity.TRAINEESHIP),
                name="mobility_recent_graduate_traineeship",
                violation_error_code="recent_graduate_not_traineeship",
                violation_error_message=RECENT_GRADUATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__lt=F("planned_start")),
                name="mobility_born_before_start",
                violation_error_code="born_after_start",
                violation_error_message=BIRTH_DATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(activity__in=STAFF_ACTIVITIES, level="staff")
                | (Q(activity__in=STUDENT_ACTIVITIES) & ~Q(level="staff")),
                name="mobility_level_matches_activity",
                violation_error_code="level_does_not_match_activity",
                violation_error_message=LEVEL_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.activity}, {self.partner})"

    def save(self, *args, **kwargs):
        # The Beneficiary Module reads "long-term" from the dates that count; the flag follows
        # them instead of being ticked by hand.
        self.long_term = self.counts_as_long_term()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "long_term"}
        super().save(*args, **kwargs)

    @property
    def total_grant(self):
        return self.individual_support + self.travel_support

    @property
    def total_cost(self):
        """What the mobility costs the project: the grant plus organisational support."""
        return self.individual_support + self.travel_support + self.organisational_support

    @property
    def is_staff_mobility(self) -> bool:
        return self.activity in STAFF_ACTIVITIES

    @property
    def awaits_partner_answer(self) -> bool:
        """Whether the receiving partner may still accept, ask for changes or decline: an
        outgoing participant the office has nominated and not yet approved."""
        return self.direction == Direction.OUTGOING and self.status == self.Status.NOMINATED

    @property
    def start(self):
        """The dates that count: the actual ones once both are known, else the planned ones."""
        return self.actual_start if self.has_actual_dates else self.planned_start

    @property
    def end(self):
        return self.actual_end if self.has_actual_dates else self.planned_end

    @property
    def has_actual_dates(self) -> bool:
        return self.actual_start is not None and self.actual_end is not None

    def counts_as_long_term(self) -> bool:
        """A student stay longer than a short-term one may be (staff mobilities never are)."""
        if self.activity not in STUDENT_ACTIVITIES or not (self.start and self.end):
            return False
        return self.start <= self.end and is_long_term_stay(self.start, self.end)

    def clean(self):
        project = self.project if self.project_id else None
        is_staff = self.activity in STAFF_ACTIVITIES if self.activity in Activity.values else None
        errors = mobility_date_errors(
            is_staff=is_staff,
            project_start=project.start_date if project else None,
            project_end=project.end_date if project else None,
            planned_start=self.planned_start,
            planned_end=self.planned_end,
            actual_start=self.actual_start,
            actual_end=self.actual_end,
        )
        if is_staff is not None and self.level and is_staff != (self.level == Level.STAFF):
            errors["level"] = LEVEL_MESSAGE
        if self.band_override_km is not None and not self.band_override_justification.strip():
            errors["band_override_justification"] = BAND_OVERRIDE_MESSAGE
        errors |= self._beneficiary_module_errors(is_staff=is_staff)
        if errors:
            raise ValidationError(errors)

    def _beneficiary_module_errors(self, *, is_staff: bool | None) -> dict:
        """The fields the Beneficiary Module reads, checked against each other."""
        errors = {}
        if self.force_majeure and not self.force_majeure_explanation.strip():
            errors["force_majeure_explanation"] = FORCE_MAJEURE_MESSAGE
        elif not self.force_majeure and self.force_majeure_explanation.strip():
            errors["force_majeure"] = FORCE_MAJEURE_MESSAGE
        has_cost = self.exceptional_travel_cost is not None
        has_reason = bool(self.exceptional_travel_cost_justification.strip())
        if has_cost and not has_reason:
            errors["exceptional_travel_cost_justification"] = EXCEPTIONAL_COST_MESSAGE
        elif has_reason and not has_cost:
            errors["exceptional_travel_cost"] = EXCEPTIONAL_COST_MESSAGE
        if self.long_term and is_staff:
            errors["long_term"] = LONG_TERM_MESSAGE
        if self.blended and not self.virtual_component.strip():
            errors["virtual_component"] = BLENDED_MESSAGE
        elif not self.blended and (self.virtual_component.strip() or self.virtual_hours):
            errors["blended"] = VIRTUAL_ONLY_BLENDED_MESSAGE
        if self.green_travel and self.transport_means in (TransportMeans.PLANE, TransportMeans.CAR):
            errors["transport_means"] = GREEN_TRAVEL_MESSAGE
        if self.inclusion_support and not self.fewer_opportunities:
            errors["inclusion_support"] = INCLUSION_MESSAGE
        if self.recent_graduate and self.activity != Activity.TRAINEESHIP:
            errors["recent_graduate"] = RECENT_GRADUATE_MESSAGE
        if self.previous_participation and self.activity not in STUDENT_ACTIVITIES:
            errors["previous_participation"] = PREVIOUS_PARTICIPATION_MESSAGE
        if self.birth_date and self.planned_start and self.birth_date >= self.planned_start:
            errors["birth_date"] = BIRTH_DATE_MESSAGE
        expected_eqf = EQF_OF_LEVEL.get(self.level)
        if self.eqf_level and expected_eqf and self.eqf_level != expected_eqf:
            errors["eqf_level"] = EQF_LEVEL_MESSAGE
        return errors


VIRTUAL_END_MESSAGE = _("The end date cannot be before the start date.")


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("virtual activity")
        verbose_name_plural = _("virtual activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="virtual_activity_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message=VIRTUAL_END_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": VIRTUAL_END_MESSAGE})


OFFER_PERIOD_MESSAGE = _("The latest end must come after the earliest start.")


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
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)]
    )
    duration_days = models.PositiveSmallIntegerField(
        _("duration (days)"), validators=[MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)]
    )
    period_start = models.DateField(_("earliest start"))
    period_end = models.DateField(_("latest end"))
    eligibility = models.TextField(_("eligibility (English)"), blank=True)
    eligibility_nl = models.TextField(_("eligibility (Dutch)"), blank=True)
    application_deadline = models.DateField(_("application deadline"))
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The catalogue's keyword search, stemmed in English and in Dutch: the offer's text with
    # its project's, partner's and field's, kept current by PostgreSQL (mobility.search).
    search_en = SearchVectorField(null=True, editable=False)
    search_nl = SearchVectorField(null=True, editable=False)

    # The search documents are worked out again from the row, never read from its history.
    history = HistoricalRecords(excluded_fields=["search_en", "search_nl"])

    class Meta:
        ordering = ["application_deadline", "title"]
        verbose_name = _("exchange offer")
        verbose_name_plural = _("exchange offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="offer_at_least_one_place",
                violation_error_code="no_place",
                violation_error_message=AT_LEAST_ONE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="offer_period_end_after_start",
                violation_error_code="period_end_before_start",
                violation_error_message=OFFER_PERIOD_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(duration_days__gte=1),
                name="offer_duration_positive",
                violation_error_code="no_duration",
                violation_error_message=AT_LEAST_ONE_MESSAGE,
            ),
        ]
        # The catalogue lists published offers in this order.
        indexes = [
            models.Index(
                fields=["application_deadline", "title", "id"],
                condition=Q(is_published=True),
                name="offer_catalogue_order_idx",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": OFFER_PERIOD_MESSAGE})

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


ADDRESS_LITERAL_MESSAGE = _(
    "Enter an address at a domain name (like name@university.nl), not at an IP address "
    "or at localhost."
)


def reject_address_literal(value: str) -> None:
    """Refuse a@[127.0.0.1] and a@localhost, which Django's EmailValidator lets through:
    mail to them reaches no student, or a server of the sender's choosing."""
    domain = value.rpartition("@")[2].strip().lower()
    if domain.startswith("[") or domain.rstrip(".") == "localhost":
        raise ValidationError(ADDRESS_LITERAL_MESSAGE, code="address_literal")


class InterestRegistration(models.Model):
    """A student's expression of interest in an offer; one per email address and offer.

    Only staff change its status; the student changes the rest through a signed link sent
    to its address (mobility.registrations).
    """

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
    email = models.EmailField(_("email"), max_length=254, validators=[reject_address_literal])
    study_programme = models.CharField(_("study programme"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    motivation = models.TextField(_("motivation"), max_length=2000)
    language = models.CharField(_("language"), max_length=2, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    # When the public form last made us email this address about this registration: it
    # does so at most once a day, so the form cannot be used to flood an inbox.
    last_emailed_at = models.DateTimeField(_("last emailed at"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=~Q(email__contains="@[") & ~Q(email__iendswith="@localhost"),
                name="registration_email_not_address_literal",
                violation_error_message=ADDRESS_LITERAL_MESSAGE,
            ),
        ]
        indexes = [
            # Whether an offer has places left counts its nominated registrations, for every
            # offer the catalogue lists: a probe of this (mostly empty) index each.
            models.Index(
                fields=["offer"],
                condition=Q(status="nominated"),
                name="registration_nominated_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name} -> {self.offer}"


RATE_ACTION_MESSAGE = _("KA107 covers calls up to 2020, KA171 from 2021.")
REDUCED_RATE_MESSAGE = _("The reduced rate is at most 100 percent of the daily rate.")
FUNDED_DAYS_MESSAGE = _("The last funded day cannot come before the last full-rate day.")
LATER_RATE_MESSAGE = _("A short-term student rate needs the daily rate after the first-rate days.")
RULE_RANGE_MESSAGE = _("The maximum duration cannot be less than the minimum.")


class RateTable(models.Model):
    """The Erasmus+ rates of one call year and action; staff correct them or add a year."""

    call_year = models.PositiveSmallIntegerField(_("call year"))
    action = models.CharField(_("key action"), max_length=5, choices=Call.Action.choices)
    organisational_support = models.DecimalField(
        _("organisational support per participant (EUR)"), max_digits=8, decimal_places=2
    )
    staff_full_rate_days = models.PositiveSmallIntegerField(
        _("staff days at the full daily rate"), default=14
    )
    staff_reduced_rate_percent = models.PositiveSmallIntegerField(
        _("staff rate after those days, in percent of the daily rate"),
        default=70,
        validators=[MaxValueValidator(100, message=REDUCED_RATE_MESSAGE)],
    )
    staff_max_funded_days = models.PositiveSmallIntegerField(
        _("last funded staff day"), default=60, help_text=_("Travel days included.")
    )
    short_term_full_rate_days = models.PositiveSmallIntegerField(
        _("short-term student days at the first daily rate"), default=14
    )
    short_term_max_funded_days = models.PositiveSmallIntegerField(
        _("last funded short-term student day"), default=30
    )
    fewer_opportunities_top_up = models.DecimalField(
        _("fewer-opportunities top-up per month (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Long-term students. Empty: the call has no such top-up."),
    )
    short_term_fewer_opportunities_top_up = models.DecimalField(
        _("fewer-opportunities top-up, short-term mobility up to the first-rate days (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("One amount per mobility. Empty: the call has no such top-up."),
    )
    short_term_fewer_opportunities_top_up_longer = models.DecimalField(
        _("fewer-opportunities top-up, longer short-term mobility (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("One amount per mobility. Empty: the call has no such top-up."),
    )
    traineeship_top_up = models.DecimalField(
        _("traineeship top-up per month (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("Long-term traineeships; 0 when the call has none."),
    )
    max_travel_days = models.PositiveSmallIntegerField(
        _("funded travel days at most"),
        default=2,
        validators=[MaxValueValidator(TRAVEL_DAYS_MAX, message=TRAVEL_DAYS_MESSAGE)],
        help_text=_("One day before the activity and one after."),
    )
    green_travel_extra_days = models.PositiveSmallIntegerField(
        _("extra funded travel days with green travel"),
        default=0,
        validators=[MaxValueValidator(TRAVEL_DAYS_MAX, message=TRAVEL_DAYS_MESSAGE)],
        help_text=_("0 when the call has no such allowance."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Where the rates come from; what still needs checking.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-call_year", "action"]
        verbose_name = _("rate table")
        verbose_name_plural = _("rate tables")
        constraints = [
            models.UniqueConstraint(
                fields=["call_year", "action"],
                name="rate_table_one_per_call",
                violation_error_code="duplicate_rate_table",
                violation_error_message=_("This call year already has a rate table."),
            ),
            models.CheckConstraint(
                condition=Q(action="KA107", call_year__gte=2014, call_year__lte=2020)
                | Q(action="KA171", call_year__gte=2021, call_year__lte=2100),
                name="rate_table_action_matches_year",
                violation_error_code="action_does_not_match_year",
                violation_error_message=RATE_ACTION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(staff_reduced_rate_percent__lte=100),
                name="rate_table_reduced_rate_at_most_full",
                violation_error_code="reduced_rate_above_full",
                violation_error_message=REDUCED_RATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(max_travel_days__lte=TRAVEL_DAYS_MAX)
                & Q(green_travel_extra_days__lte=TRAVEL_DAYS_MAX - F("max_travel_days")),
                name="rate_table_travel_days_bounded",
                violation_error_code="too_many_travel_days",
                violation_error_message=TRAVEL_DAYS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(staff_max_funded_days__gte=F("staff_full_rate_days"))
                & Q(short_term_max_funded_days__gte=F("short_term_full_rate_days")),
                name="rate_table_funded_days_ordered",
                violation_error_code="funded_days_out_of_order",
                violation_error_message=FUNDED_DAYS_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.action} {self.call_year}"

    def clean(self):
        errors = {}
        if self.call_year is not None and self.action in Call.Action.values:
            ka107 = self.action == Call.Action.KA107
            if not (2014 <= self.call_year <= 2020 if ka107 else 2021 <= self.call_year <= 2100):
                errors["call_year"] = RATE_ACTION_MESSAGE
        for last, full in (
            ("staff_max_funded_days", "staff_full_rate_days"),
            ("short_term_max_funded_days", "short_term_full_rate_days"),
        ):
            last_day, full_days = getattr(self, last), getattr(self, full)
            if last_day is not None and full_days is not None and last_day < full_days:
                errors[last] = FUNDED_DAYS_MESSAGE
        if errors:
            raise ValidationError(errors)


class IndividualSupportRate(models.Model):
    """A rate for a kind of participant going in a direction, to any host or to listed ones."""

    class Category(models.TextChoices):
        STUDENT = "student", _("Students, 2 months or more (per month)")
        SHORT_TERM_STUDENT = "short_term", _("Students, 5 to 30 days (per day)")
        STAFF = "staff", _("Staff (per day)")

    rate_table = models.ForeignKey(
        RateTable,
        on_delete=models.CASCADE,
        related_name="individual_rates",
        verbose_name=_("rate table"),
    )
    category = models.CharField(_("participants"), max_length=10, choices=Category.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    host_countries = CountryField(
        _("host countries"),
        multiple=True,
        blank=True,
        help_text=_("Empty: every host country without a rate of its own."),
    )
    amount = models.DecimalField(
        _("rate (EUR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
        help_text=_("Per month for long-term students; per day for staff and short-term students."),
    )
    later_days_amount = models.DecimalField(
        _("daily rate after the first-rate days (EUR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
        null=True,
        blank=True,
        help_text=_("Short-term students only, e.g. from day 15."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["rate_table", "category", "direction", "host_countries"]
        verbose_name = _("individual support rate")
        verbose_name_plural = _("individual support rates")
        constraints = [
            models.UniqueConstraint(
                fields=["rate_table", "category", "direction", "host_countries"],
                name="individual_rate_unique",
                violation_error_code="duplicate_rate",
                violation_error_message=_(
                    "The table already has this rate for these participants and host countries."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & (Q(later_days_amount__isnull=True) | Q(later_days_amount__gte=0)),
                name="individual_rate_not_negative",
                violation_error_code="negative_rate",
                violation_error_message=NOT_NEGATIVE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(category="short_term") | Q(later_days_amount__isnull=False),
                name="individual_rate_short_term_has_later_rate",
                violation_error_code="later_rate_missing",
                violation_error_message=LATER_RATE_MESSAGE,
            ),
        ]

    def __str__(self):
        hosts = ", ".join(country.code for country in self.host_countries) or _("any host")
        return f"{self.rate_table}: {self.get_category_display()} {self.direction} ({hosts})"

    def clean(self):
        if self.category == self.Category.SHORT_TERM_STUDENT and self.later_days_amount is None:
            raise ValidationError({"later_days_amount": LATER_RATE_MESSAGE})


class TravelBand(models.Model):
    """Travel support for distances from min_km up to the next band's lower edge."""

    rate_table = models.ForeignKey(
        RateTable,
        on_delete=models.CASCADE,
        related_name="travel_bands",
        verbose_name=_("rate table"),
    )
    min_km = models.PositiveIntegerField(_("from (km)"))
    amount = models.DecimalField(
        _("standard travel (EUR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
    )
    green_amount = models.DecimalField(
        _("green travel (EUR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE_MESSAGE)],
        null=True,
        blank=True,
        help_text=_("Empty: green travel gets the standard amount in this band."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["rate_table", "min_km"]
        verbose_name = _("travel distance band")
        verbose_name_plural = _("travel distance bands")
        constraints = [
            models.UniqueConstraint(
                fields=["rate_table", "min_km"],
                name="travel_band_unique_edge",
                violation_error_code="duplicate_band",
                violation_error_message=_(
                    "The table already has a band starting at this distance."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & (Q(green_amount__isnull=True) | Q(green_amount__gte=0)),
                name="travel_band_not_negative",
                violation_error_code="negative_amount",
                violation_error_message=NOT_NEGATIVE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.rate_table}: from {self.min_km} km"


class EligibilityRule(models.Model):
    """How long an activity may last under a call: the EU's minimum and maximum duration.

    An activity may have two rules (KA171 study: 2 to 12 months, or 5 to 30 days short-term);
    a mobility is eligible when its duration fits one of them. Months are the Beneficiary
    Module's 30-day months; days are calendar days of activity, travel days not included.
    """

    class Unit(models.TextChoices):
        MONTHS = "months", _("months of 30 days")
        DAYS = "days", _("calendar days, travel excluded")

    rate_table = models.ForeignKey(
        RateTable,
        on_delete=models.CASCADE,
        related_name="eligibility_rules",
        verbose_name=_("rate table"),
    )
    activity = models.CharField(_("activity"), max_length=3, choices=Activity.choices)
    unit = models.CharField(_("counted in"), max_length=6, choices=Unit.choices)
    min_duration = models.PositiveSmallIntegerField(
        _("minimum duration"), validators=[MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)]
    )
    max_duration = models.PositiveSmallIntegerField(_("maximum duration"))
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the limits are published.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["rate_table", "activity", "-unit"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        constraints = [
            models.UniqueConstraint(
                fields=["rate_table", "activity", "unit"],
                name="eligibility_rule_unique",
                violation_error_code="duplicate_rule",
                violation_error_message=_(
                    "The table already has a rule for this activity in this unit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_duration__gte=1, max_duration__gte=F("min_duration")),
                name="eligibility_rule_range_ordered",
                violation_error_code="range_out_of_order",
                violation_error_message=RULE_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        limits = f"{self.min_duration}-{self.max_duration} {self.unit}"
        return f"{self.rate_table}: {self.activity} {limits}"

    def clean(self):
        if (
            self.min_duration is not None
            and self.max_duration is not None
            and self.max_duration < self.min_duration
        ):
            raise ValidationError({"max_duration": RULE_RANGE_MESSAGE})
