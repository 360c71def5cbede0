"""Calls for applications on exchange offers, the applications, their review and selection."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from mobility.candidate_documents import CandidateDocumentKind
from mobility.models import (
    LANGUAGE_CHOICES,
    ExchangeOffer,
    InterestRegistration,
    Level,
    Mobility,
    reject_address_literal,
)
from private_files.storage import private_storage
from projects.models import Deadline

DEFAULT_TIME_ZONE = "Europe/Amsterdam"
PERIOD_MESSAGE = _("The preferred end cannot come before the preferred start.")
STATUS_MESSAGE = _(
    "An application is draft, submitted, under review, selected, on the waiting list, "
    "not selected, withdrawn or turned into a mobility."
)
AT_LEAST_ONE_MESSAGE = _("Enter at least 1.")
OUTSIDE_PERIOD_MESSAGE = _("Choose a day from %(start)s to %(end)s, the offer's period.")
TOO_LONG_MESSAGE = _("The offer lasts at most %(days)s days, the first and last day included.")
DECIDE_BEFORE_REVIEW_MESSAGE = _("The selection cannot be decided before the reviews are done.")
REVIEW_BEFORE_DEADLINE_MESSAGE = _(
    "The reviews cannot be done before the application deadline: choose that day or later."
)


# The candidates' document kinds shared with partners' nominations; online applications do
# not ask for a passport copy.
DocumentKind = models.TextChoices(
    "DocumentKind",
    [
        (kind.name, (kind.value, kind.label))
        for kind in CandidateDocumentKind
        if kind != CandidateDocumentKind.PASSPORT
    ],
)


class CallForApplications(models.Model):
    """An offer's settings for online applications: open or not, the documents it asks for,
    when the deadline day ends (its time zone) and how ties in the ranking are broken."""

    class TieRule(models.TextChoices):
        SUBMITTED_FIRST = "submitted_first", _("Earlier submission first")
        LAST_NAME = "last_name", _("Alphabetical by last name")

    offer = models.OneToOneField(
        ExchangeOffer,
        on_delete=models.CASCADE,
        related_name="call_for_applications",
        verbose_name=_("offer"),
    )
    is_open = models.BooleanField(_("open for applications"), default=False)
    time_zone = models.CharField(
        _("time zone of the deadline"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        help_text=_("The application deadline ends at midnight in this time zone."),
    )
    required_documents = models.JSONField(_("documents asked for"), default=list, blank=True)
    tie_rule = models.CharField(
        _("ties broken by"),
        max_length=20,
        choices=TieRule.choices,
        default=TieRule.SUBMITTED_FIRST,
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="applications_to_review",
        blank=True,
        verbose_name=_("reviewers"),
    )
    review_by = models.DateField(_("applications reviewed by"), null=True, blank=True)
    decide_by = models.DateField(_("selection decided by"), null=True, blank=True)
    # The project's deadlines these dates are kept as (applications.deadlines): reminded and
    # in the calendars like any other deadline.
    review_deadline = models.ForeignKey(
        Deadline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("review deadline"),
    )
    decision_deadline = models.ForeignKey(
        Deadline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("decision deadline"),
    )

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(tie_rule__in=["submitted_first", "last_name"]),
                name="call_for_applications_tie_rule_known",
                violation_error_message=_("Choose one of the listed tie rules."),
            ),
            models.CheckConstraint(
                condition=Q(review_by__isnull=True)
                | Q(decide_by__isnull=True)
                | Q(decide_by__gte=F("review_by")),
                name="call_for_applications_decided_after_review",
                violation_error_message=DECIDE_BEFORE_REVIEW_MESSAGE,
            ),
        ]

    def __str__(self):
        return str(self.offer)

    @property
    def required_document_labels(self) -> list[str]:
        """The documents an application must carry, by name, in the order the office chose."""
        labels = dict(DocumentKind.choices)
        return [str(labels[kind]) for kind in self.required_documents if kind in labels]

    def clean(self):
        errors = {}
        deadline = self.offer.application_deadline if self.offer_id else None
        if self.review_by and deadline and self.review_by < deadline:
            errors["review_by"] = REVIEW_BEFORE_DEADLINE_MESSAGE
        if self.review_by and self.decide_by and self.decide_by < self.review_by:
            errors["decide_by"] = DECIDE_BEFORE_REVIEW_MESSAGE
        if errors:
            raise ValidationError(errors)


class Criterion(models.Model):
    """What reviewers score an offer's applications on, with its weight and its scale."""

    call = models.ForeignKey(
        CallForApplications,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("call for applications"),
    )
    name = models.CharField(_("criterion"), max_length=120)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=10,
        validators=[MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)],
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(scale_max__gte=1),
                name="criterion_weight_and_scale_positive",
                violation_error_message=AT_LEAST_ONE_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["call", "name"],
                name="criterion_name_unique_per_call",
                violation_error_message=_("The offer already has a criterion of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Application(models.Model):
    """One person's application for an offer; one per address and offer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        SELECTED = "selected", _("Selected")
        WAITING_LIST = "waiting_list", _("Waiting list")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MOBILITY_CREATED = "mobility_created", _("Mobility created")

    offer = models.ForeignKey(
        ExchangeOffer,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("offer"),
    )
    email = models.EmailField(_("email"), validators=[reject_address_literal])
    language = models.CharField(_("language"), max_length=2, default="en")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    first_name = models.CharField(_("first names (as in the passport)"), max_length=100, blank=True)
    last_name = models.CharField(_("last name (as in the passport)"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Mobility.Gender.choices, blank=True
    )
    home_unit = models.CharField(_("faculty or institute"), max_length=200, blank=True)
    level = models.CharField(
        _("study level or staff"), max_length=10, choices=Level.choices, blank=True
    )
    field_of_education = models.CharField(_("field of education"), max_length=200, blank=True)
    motivation = models.TextField(_("motivation"), max_length=5000, blank=True)
    preferred_start = models.DateField(_("preferred start"), null=True, blank=True)
    preferred_end = models.DateField(_("preferred end"), null=True, blank=True)
    interest_registration = models.OneToOneField(
        InterestRegistration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("interest registration"),
    )
    mobility = models.OneToOneField(
        Mobility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("mobility"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    # The decision (selected, waiting list, not selected) the applicant was last emailed:
    # the bulk send skips applications whose decision went out already.
    decision_notified = models.CharField(_("decision emailed"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["decision_notified", "updated_at"])

    class Meta:
        ordering = ["offer", "last_name", "first_name", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "under_review",
                        "selected",
                        "waiting_list",
                        "not_selected",
                        "withdrawn",
                        "mobility_created",
                    ]
                ),
                name="application_status_known",
                violation_error_code="unknown_status",
                violation_error_message=STATUS_MESSAGE,
            ),
            models.UniqueConstraint(
                "offer",
                Lower("email"),
                name="application_one_per_email_and_offer",
                violation_error_message=_(
                    "This email address already has an application for the offer."
                ),
            ),
            models.CheckConstraint(
                condition=Q(preferred_start__isnull=True)
                | Q(preferred_end__isnull=True)
                | Q(preferred_end__gte=F("preferred_start")),
                name="application_preferred_period_ordered",
                violation_error_message=PERIOD_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False) | Q(status="withdrawn"),
                name="application_submitted_has_time",
                violation_error_message=_("A submitted application has a submission time."),
            ),
        ]

    def __str__(self):
        name = f"{self.first_name} {self.last_name}".strip() or self.email
        return f"{name} -> {self.offer}"

    def clean(self):
        """The preferred period lies in the offer's period and lasts at most its duration."""
        start, end = self.preferred_start, self.preferred_end
        offer = self.offer if self.offer_id else None
        errors = {}
        if start and end and end < start:
            errors["preferred_end"] = PERIOD_MESSAGE
        elif offer is not None:
            if start and not offer.period_start <= start <= offer.period_end:
                errors["preferred_start"] = OUTSIDE_PERIOD_MESSAGE % _period_of(offer)
            if end and not offer.period_start <= end <= offer.period_end:
                errors["preferred_end"] = OUTSIDE_PERIOD_MESSAGE % _period_of(offer)
            elif start and end and (end - start).days + 1 > offer.duration_days:
                errors["preferred_end"] = TOO_LONG_MESSAGE % {"days": offer.duration_days}
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def project(self):
        return self.offer.project

    @property
    def decision_unsent(self) -> bool:
        """The office decided (or decided again) and has not emailed the decision yet."""
        return self.status in DECISIONS and self.decision_notified != self.status

    @property
    def status_for_applicant(self) -> str:
        """What the applicant is shown: a decision once it was emailed to them (until then the
        office may still change it); before, the last decision emailed, else under review."""
        if not self.decision_unsent:
            return self.status
        return self.decision_notified or self.Status.UNDER_REVIEW

    def get_status_for_applicant_display(self) -> str:
        return str(self.Status(self.status_for_applicant).label)


# The statuses the office decides, emailed to the applicants together (send_decisions).
DECISIONS = (
    Application.Status.SELECTED,
    Application.Status.WAITING_LIST,
    Application.Status.NOT_SELECTED,
)


def _period_of(offer: ExchangeOffer) -> dict:
    return {
        "start": formats.date_format(offer.period_start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(offer.period_end, "SHORT_DATE_FORMAT"),
    }


def document_path(instance, filename):
    return f"applications/{instance.application_id}/{instance.kind}"


class ApplicationDocument(models.Model):
    """An uploaded document of an application, kept in the private storage."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        ordering = ["application", "kind"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                name="application_document_one_per_kind",
                violation_error_message=_("The application already has this document."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values),
                name="application_document_kind_known",
                violation_error_message=_("Choose one of the listed documents."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class LanguageSkill(models.Model):
    """A language the applicant knows, at a level of the Common European Framework."""

    class Cefr(models.TextChoices):
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="language_skills",
        verbose_name=_("application"),
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    level = models.CharField(_("level (CEFR)"), max_length=2, choices=Cefr.choices)

    class Meta:
        ordering = ["application", "language"]
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "language"],
                name="language_skill_one_per_language",
                violation_error_message=_("This language is listed already."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=["A1", "A2", "B1", "B2", "C1", "C2"]),
                name="language_skill_level_cefr",
                violation_error_message=_("Choose a level from A1 to C2."),
            ),
        ]

    def __str__(self):
        return f"{self.language} {self.level}"


class Review(models.Model):
    """One reviewer's assessment of one application: scores, or a declared conflict."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="application_reviews",
        verbose_name=_("reviewer"),
    )
    conflict_of_interest = models.BooleanField(_("conflict of interest"), default=False)
    conflict_note = models.TextField(_("conflict of interest (explanation)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "reviewer"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="review_one_per_reviewer",
                violation_error_message=_("You have reviewed this application already."),
            )
        ]

    def __str__(self):
        return f"{self.reviewer} / {self.application}"


class Score(models.Model):
    """A reviewer's score on one criterion, with a comment."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["review", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="score_one_per_criterion",
                violation_error_message=_("This criterion is scored already."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
