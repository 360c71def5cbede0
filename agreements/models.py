"""Inter-institutional agreements (IIAs) as the Erasmus Without Paper IIA specification names
them, and what partner contacts do through their access link: answer for our outgoing
participants and nominate their own incoming candidates."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history import register
from simple_history.models import HistoricalRecords

from mobility.candidate_documents import CandidateDocumentKind
from mobility.isced import ISCED_F_MESSAGE, validate_isced_f
from mobility.models import (
    EQF_LEVELS,
    LANGUAGE_CHOICES,
    LEVEL_MESSAGE,
    STAFF_ACTIVITIES,
    STUDENT_ACTIVITIES,
    Activity,
    Direction,
    Level,
    Mobility,
)
from partners.models import Contact, Institution
from private_files.storage import private_storage
from private_files.validators import UploadRule
from projects.models import Project

YEARS_MESSAGE = _("The last academic year cannot come before the first.")
STATUS_DATES_MESSAGE = _(
    "The status follows the signatures: draft before anyone signs, signed by one with one "
    "signing date, signed by both with two."
)
SIGNATORY_MESSAGE = _("A signing date needs the name of the person who signed.")
ENDED_MESSAGE = _("An ended agreement has an end date, and only an ended one.")
DURATION_UNIT_MESSAGE = _(
    "Student mobilities count total months per year, staff mobilities total days per year."
)
CEFR_MESSAGE = _("A CEFR level belongs to a language: choose the language too.")
EQF_STUDENTS_MESSAGE = _("Only student mobilities have a study level (EQF).")
PERIOD_MESSAGE = _("The end of the period cannot come before its start.")
BIRTH_DATE_MESSAGE = _("The date of birth lies before the mobility starts.")
COMMENT_NEEDED_MESSAGE = _("Say what should change, or why you decline, in the comment.")
ACCEPTED_MOBILITY_MESSAGE = _("An accepted nomination has its mobility, and only an accepted one.")


def academic_year_label(first_year: int) -> str:
    """The EWP academic year id: 2025 → "2025/2026"."""
    return f"{first_year}/{first_year + 1}"


class Agreement(models.Model):
    """An inter-institutional agreement between our institution and one partner."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED_BY_ONE = "signed_one", _("Signed by one partner")
        SIGNED_BY_BOTH = "signed_both", _("Signed by both partners")
        ENDED = "ended", _("Ended")

    partner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partner institution"),
    )
    iia_code = models.CharField(
        _("agreement code"),
        max_length=64,
        blank=True,
        help_text=_("Our own code of the agreement (the IIA code in Erasmus Without Paper)."),
    )
    first_academic_year = models.PositiveSmallIntegerField(
        _("first academic year"),
        validators=[MinValueValidator(2014), MaxValueValidator(2100)],
        help_text=_("The year the first academic year starts, e.g. 2025 for 2025/2026."),
    )
    last_academic_year = models.PositiveSmallIntegerField(
        _("last academic year"),
        validators=[MinValueValidator(2014), MaxValueValidator(2100)],
        help_text=_("The year the last academic year starts."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    our_signatory = models.CharField(_("our signatory"), max_length=200, blank=True)
    our_signing_date = models.DateField(_("our signing date"), null=True, blank=True)
    partner_signatory = models.CharField(_("partner's signatory"), max_length=200, blank=True)
    partner_signing_date = models.DateField(_("partner's signing date"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner__name", "-first_academic_year"]
        verbose_name = _("inter-institutional agreement")
        verbose_name_plural = _("inter-institutional agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_academic_year__gte=F("first_academic_year")),
                name="agreement_years_in_order",
                violation_error_code="years_out_of_order",
                violation_error_message=YEARS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", our_signing_date__isnull=True)
                    & Q(partner_signing_date__isnull=True)
                )
                | (
                    Q(status="signed_one")
                    & (
                        Q(our_signing_date__isnull=True, partner_signing_date__isnull=False)
                        | Q(our_signing_date__isnull=False, partner_signing_date__isnull=True)
                    )
                )
                | Q(
                    status__in=["signed_both", "ended"],
                    our_signing_date__isnull=False,
                    partner_signing_date__isnull=False,
                ),
                name="agreement_status_follows_signatures",
                violation_error_code="status_without_signatures",
                violation_error_message=STATUS_DATES_MESSAGE,
            ),
            models.CheckConstraint(
                condition=(Q(our_signing_date__isnull=True) | Q(our_signatory__regex=r"\S"))
                & (Q(partner_signing_date__isnull=True) | Q(partner_signatory__regex=r"\S")),
                name="agreement_signing_date_has_signatory",
                violation_error_code="signing_date_without_signatory",
                violation_error_message=SIGNATORY_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False)
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="agreement_ended_has_end_date",
                violation_error_code="ended_without_date",
                violation_error_message=ENDED_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.partner} {self.academic_years}"

    @property
    def academic_years(self) -> str:
        if self.first_academic_year == self.last_academic_year:
            return academic_year_label(self.first_academic_year)
        return (
            f"{academic_year_label(self.first_academic_year)}"
            f"\u2013{academic_year_label(self.last_academic_year)}"
        )

    def covers_year(self, year: int) -> bool:
        return self.first_academic_year <= year <= self.last_academic_year

    def clean(self):
        errors = {}
        if self.partner_id and self.partner.is_home:
            errors["partner"] = _("The partner is the other institution, not ours.")
        signatures = (self.our_signing_date is not None) + (self.partner_signing_date is not None)
        expected = {
            self.Status.DRAFT: {0},
            self.Status.SIGNED_BY_ONE: {1},
            self.Status.SIGNED_BY_BOTH: {2},
            self.Status.ENDED: {2},
        }.get(self.status, {signatures})
        if signatures not in expected:
            errors["status"] = STATUS_DATES_MESSAGE
        if self.our_signing_date and not self.our_signatory.strip():
            errors["our_signatory"] = SIGNATORY_MESSAGE
        if self.partner_signing_date and not self.partner_signatory.strip():
            errors["partner_signatory"] = SIGNATORY_MESSAGE
        if (self.status == self.Status.ENDED) != (self.ended_on is not None):
            errors["ended_on"] = ENDED_MESSAGE
        if errors:
            raise ValidationError(errors)


class CooperationCondition(models.Model):
    """One flow of an agreement (EWP: a mobility spec): who sends whom, how many, how long."""

    class Cefr(models.TextChoices):
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="conditions",
        verbose_name=_("agreement"),
    )
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=Direction.choices,
        help_text=_("Outgoing: we send, the partner receives. Incoming: the partner sends."),
    )
    mobility_type = models.CharField(_("mobility type"), max_length=3, choices=Activity.choices)
    mobilities_per_year = models.PositiveSmallIntegerField(
        _("mobilities per year"), validators=[MinValueValidator(1)]
    )
    total_months_per_year = models.DecimalField(
        _("total months per year"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    total_days_per_year = models.PositiveSmallIntegerField(
        _("total days per year"), null=True, blank=True
    )
    subject_area = models.CharField(
        _("subject area (ISCED-F)"),
        max_length=4,
        blank=True,
        validators=[validate_isced_f],
        help_text=_("The four-digit ISCED-F 2013 code, e.g. 0533 for physics."),
    )
    eqf_level = models.PositiveSmallIntegerField(
        _("study level (EQF)"), choices=EQF_LEVELS, null=True, blank=True
    )
    language = models.CharField(
        _("recommended language"), max_length=2, choices=LANGUAGE_CHOICES, blank=True
    )
    cefr_level = models.CharField(
        _("language level (CEFR)"), max_length=2, choices=Cefr.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["direction", "mobility_type", "pk"]
        verbose_name = _("cooperation condition")
        verbose_name_plural = _("cooperation conditions")
        constraints = [
            models.CheckConstraint(
                condition=Q(mobilities_per_year__gte=1),
                name="condition_at_least_one_mobility",
                violation_error_code="no_mobilities",
                violation_error_message=_("Enter at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(mobility_type__in=STUDENT_ACTIVITIES, total_days_per_year__isnull=True)
                | Q(mobility_type__in=STAFF_ACTIVITIES, total_months_per_year__isnull=True),
                name="condition_duration_unit",
                violation_error_code="wrong_duration_unit",
                violation_error_message=DURATION_UNIT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(cefr_level="") | ~Q(language=""),
                name="condition_cefr_has_language",
                violation_error_code="cefr_without_language",
                violation_error_message=CEFR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(eqf_level__isnull=True)
                | Q(eqf_level__gte=5, eqf_level__lte=8, mobility_type__in=STUDENT_ACTIVITIES),
                name="condition_eqf_students",
                violation_error_code="eqf_not_student",
                violation_error_message=EQF_STUDENTS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(subject_area="") | Q(subject_area__regex=r"^[0-9]{4}$"),
                name="condition_subject_area_isced",
                violation_error_code="subject_area_not_isced",
                violation_error_message=ISCED_F_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()}: {self.get_mobility_type_display()}"

    def clean(self):
        errors = {}
        if self.mobility_type in STAFF_ACTIVITIES and self.total_months_per_year is not None:
            errors["total_months_per_year"] = DURATION_UNIT_MESSAGE
        if self.mobility_type in STUDENT_ACTIVITIES and self.total_days_per_year is not None:
            errors["total_days_per_year"] = DURATION_UNIT_MESSAGE
        if self.cefr_level and not self.language:
            errors["language"] = CEFR_MESSAGE
        if self.eqf_level and self.mobility_type in STAFF_ACTIVITIES:
            errors["eqf_level"] = EQF_STUDENTS_MESSAGE
        if errors:
            raise ValidationError(errors)


class MobilityResponse(models.Model):
    """The receiving partner's answer to one of our outgoing participants."""

    class Answer(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        CHANGES = "changes", _("Ask for changes")
        DECLINE = "decline", _("Decline")

    mobility = models.OneToOneField(
        Mobility,
        on_delete=models.CASCADE,
        related_name="partner_response",
        verbose_name=_("mobility"),
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    comment = models.TextField(_("comment"), blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mobility_responses",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner's answer")
        verbose_name_plural = _("partner's answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="accept") | Q(comment__regex=r"\S"),
                name="response_comment_when_not_accepted",
                violation_error_code="comment_needed",
                violation_error_message=COMMENT_NEEDED_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.mobility}: {self.get_answer_display()}"


class Nomination(models.Model):
    """An incoming candidate a partner contact nominates for one of a project's flows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the office")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("sending institution"),
    )
    nominated_by = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("nominated by"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"))
    birth_date = models.DateField(_("date of birth"))
    nationality = CountryField(_("nationality"))
    gender = models.CharField(_("gender"), max_length=1, choices=Mobility.Gender.choices)
    activity = models.CharField(_("activity"), max_length=3, choices=Activity.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    mobility = models.OneToOneField(
        Mobility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination",
        verbose_name=_("mobility"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="nomination_period_in_order",
                violation_error_code="period_out_of_order",
                violation_error_message=PERIOD_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(birth_date__lt=F("planned_start")),
                name="nomination_born_before_start",
                violation_error_code="born_after_start",
                violation_error_message=BIRTH_DATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(activity__in=STAFF_ACTIVITIES, level="staff")
                | (Q(activity__in=STUDENT_ACTIVITIES) & ~Q(level="staff")),
                name="nomination_level_matches_activity",
                violation_error_code="level_does_not_match_activity",
                violation_error_message=LEVEL_MESSAGE,
            ),
            # A mobility deleted later leaves the nomination accepted without one.
            models.CheckConstraint(
                condition=Q(status="accepted") | Q(mobility__isnull=True),
                name="nomination_mobility_only_when_accepted",
                violation_error_code="mobility_not_accepted",
                violation_error_message=ACCEPTED_MOBILITY_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.partner})"

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = PERIOD_MESSAGE
        if self.birth_date and self.planned_start and self.birth_date >= self.planned_start:
            errors["birth_date"] = BIRTH_DATE_MESSAGE
        if self.activity and self.level:
            is_staff = self.activity in STAFF_ACTIVITIES
            if is_staff != (self.level == Level.STAFF):
                errors["level"] = LEVEL_MESSAGE
        if errors:
            raise ValidationError(errors)


# A nomination's documents are what an application would hold: PDF, Word or an image.
NOMINATION_UPLOAD = UploadRule(kinds=("pdf", "word", "image"), max_bytes=5 * 1024 * 1024)


def nomination_document_path(instance, filename):
    return f"nominations/{instance.nomination_id}/{instance.kind}"


class NominationDocument(models.Model):
    """A document a partner contact attached to their nomination, kept in the private storage."""

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("nomination"),
    )
    kind = models.CharField(_("document"), max_length=20, choices=CandidateDocumentKind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=nomination_document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        ordering = ["nomination", "kind"]
        verbose_name = _("nomination document")
        verbose_name_plural = _("nomination documents")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "kind"],
                name="nomination_document_one_per_kind",
                violation_error_message=_("The nomination already has this document."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CandidateDocumentKind.values),
                name="nomination_document_kind_known",
                violation_error_message=_("Choose one of the listed documents."),
            ),
            models.CheckConstraint(
                condition=~Q(file="") & ~Q(original_name=""),
                name="nomination_document_has_file",
                violation_error_message=_("A document has its file and the file's name."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def download_name(self) -> str:
        extension = self.original_name.rpartition(".")[2][:8]
        name = f"nomination-{self.nomination_id}-{self.kind}"
        return f"{name}.{extension}" if extension and "." in self.original_name else name


# Partner contacts keep their institution's contact persons through their access link: the
# changes are recorded (with who made them) and shown in the institution's history.
register(Contact, app="agreements", manager_name="history")
