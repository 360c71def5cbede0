from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.template import Template, TemplateSyntaxError
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mobility.models import Mobility
from private_files.storage import private_storage
from private_files.validators import UploadRule

PDF_UPLOAD = UploadRule(kinds=("pdf",), max_bytes=10 * 1024 * 1024)
REPORT_DATES_MESSAGE = _("The last day of the stay is on or after its first day.")
REPORT_COMPLETE_MESSAGE = _("A submitted report has its dates and its text.")
CONFIRMED_MESSAGE = _("Only a submitted report can be confirmed.")
FILE_DATE_MESSAGE = _("An uploaded file has its upload time, and only an uploaded one.")


class DocumentKind(models.TextChoices):
    GRANT_AGREEMENT = "grant-agreement", _("Grant agreement")
    MOBILITY_AGREEMENT = "mobility-agreement", _("Mobility agreement")
    LEARNING_AGREEMENT = "learning-agreement", _("Learning agreement summary")
    CERTIFICATE = "certificate-of-attendance", _("Certificate of attendance")


class DocumentLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    DUTCH = "nl", _("Dutch")


class DocumentTemplate(models.Model):
    """The text of one kind of document in one language, which staff edit: HTML with the
    placeholders listed on its page ({{ participant_name }}, {{ breakdown }}, ...)."""

    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=DocumentLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"],
                name="document_template_one_per_kind_language",
                violation_error_code="duplicate_document_template",
                violation_error_message=_("This document already has a text in this language."),
            ),
            models.CheckConstraint(
                condition=Q(body__regex=r"\S") & Q(title__regex=r"\S"),
                name="document_template_not_blank",
                violation_error_code="blank_document_template",
                violation_error_message=_("A document needs a title and a text."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_language_display()})"

    def clean(self):
        try:
            Template(self.body)
        except TemplateSyntaxError as error:
            raise ValidationError(
                {"body": _("The text has a placeholder error: %(error)s") % {"error": error}}
            ) from error


class ParticipantFile(models.Model):
    """What a participant hands in after selection: the signed grant agreement, the
    certificate of attendance, the actual dates and the report, and staff's confirmation."""

    mobility = models.OneToOneField(
        Mobility,
        on_delete=models.CASCADE,
        related_name="participant_file",
        verbose_name=_("mobility"),
    )
    language = models.CharField(
        _("language of the documents"),
        max_length=2,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.ENGLISH,
    )
    signed_agreement = models.FileField(
        _("signed grant agreement"),
        storage=private_storage,
        upload_to="participants/agreements/",
        blank=True,
    )
    signed_agreement_uploaded_at = models.DateTimeField(null=True, blank=True)
    certificate = models.FileField(
        _("certificate of attendance"),
        storage=private_storage,
        upload_to="participants/certificates/",
        blank=True,
    )
    certificate_uploaded_at = models.DateTimeField(null=True, blank=True)
    reported_start = models.DateField(_("first day of the stay"), null=True, blank=True)
    reported_end = models.DateField(_("last day of the stay"), null=True, blank=True)
    report_text = models.TextField(_("participant report"), blank=True)
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    link_sent_at = models.DateTimeField(_("link sent at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["report_text"])

    class Meta:
        verbose_name = _("participant file")
        verbose_name_plural = _("participant files")
        constraints = [
            models.CheckConstraint(
                condition=Q(reported_start__isnull=True)
                | Q(reported_end__isnull=True)
                | Q(reported_end__gte=F("reported_start")),
                name="participant_file_report_dates_ordered",
                violation_error_code="report_end_before_start",
                violation_error_message=REPORT_DATES_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(report_submitted_at__isnull=True)
                | Q(
                    reported_start__isnull=False,
                    reported_end__isnull=False,
                    report_text__regex=r"\S",
                ),
                name="participant_file_report_complete",
                violation_error_code="report_incomplete",
                violation_error_message=REPORT_COMPLETE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(report_submitted_at__isnull=False),
                name="participant_file_confirmed_after_report",
                violation_error_code="confirmed_without_report",
                violation_error_message=CONFIRMED_MESSAGE,
            ),
            models.CheckConstraint(
                condition=(Q(signed_agreement="") & Q(signed_agreement_uploaded_at__isnull=True))
                | (~Q(signed_agreement="") & Q(signed_agreement_uploaded_at__isnull=False)),
                name="participant_file_agreement_dated",
                violation_error_code="agreement_undated",
                violation_error_message=FILE_DATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=(Q(certificate="") & Q(certificate_uploaded_at__isnull=True))
                | (~Q(certificate="") & Q(certificate_uploaded_at__isnull=False)),
                name="participant_file_certificate_dated",
                violation_error_code="certificate_undated",
                violation_error_message=FILE_DATE_MESSAGE,
            ),
        ]

    def __str__(self):
        return str(self.mobility)

    @property
    def agreement_signed(self) -> bool:
        return bool(self.signed_agreement)

    @property
    def certificate_uploaded(self) -> bool:
        return bool(self.certificate)

    @property
    def report_submitted(self) -> bool:
        return self.report_submitted_at is not None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


COMPONENT_CREDITS_MESSAGE = _("ECTS credits are more than 0, with at most 2 decimals.")
COMPONENT_TEXT_MESSAGE = _("A component has its code and its title.")


class CourseComponent(models.Model):
    """One line of a student's learning agreement: a component followed at the receiving
    institution (Table A) or one recognised at home in its place (Table B), with its ECTS."""

    class Table(models.TextChoices):
        RECEIVING = "A", _("Table A: at the receiving institution")
        HOME = "B", _("Table B: recognised at home")

    mobility = models.ForeignKey(
        Mobility,
        on_delete=models.CASCADE,
        related_name="course_components",
        verbose_name=_("mobility"),
    )
    table = models.CharField(_("table"), max_length=1, choices=Table.choices)
    code = models.CharField(_("component code"), max_length=50)
    title = models.CharField(_("component title"), max_length=200)
    semester = models.CharField(
        _("semester"), max_length=40, blank=True, help_text=_("For example: autumn 2021.")
    )
    ects_credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=COMPONENT_CREDITS_MESSAGE)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["mobility", "table", "pk"]
        verbose_name = _("course component")
        verbose_name_plural = _("course components")
        constraints = [
            models.CheckConstraint(
                condition=Q(ects_credits__gt=0),
                name="course_component_credits_positive",
                violation_error_code="credits_not_positive",
                violation_error_message=COMPONENT_CREDITS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"\S") & Q(title__regex=r"\S"),
                name="course_component_code_and_title",
                violation_error_code="component_blank",
                violation_error_message=COMPONENT_TEXT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(table__in=["A", "B"]),
                name="course_component_table_known",
                violation_error_code="table_unknown",
                violation_error_message=_("Choose Table A or Table B."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title} ({self.ects_credits} ECTS)"
