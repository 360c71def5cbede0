"""Participants' documents and what they hand in, up to the final grant.

Documents are rendered from the DocumentTemplate text of their kind in the participant's
language, inside a fixed page (templates/documents/pdf.html), then printed by WeasyPrint.
Staff confirming the report copies its dates onto the mobility, recalculates the grant on
them and settles the payments (payments.services).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobility.eligibility import mobility_problems, shorter_than_minimum
from mobility.grants import quote_for_mobility, recalculate_grant
from mobility.models import Mobility
from mobility.rates import GrantCalculationError, MissingRateError, rate_table_for
from ops.pdf import html_to_pdf
from outbox.services import queue_email
from payments.models import Payment
from payments.services import (
    prefinancing_amount,
    prefinancing_percent,
    schedule_prefinancing,
    settle_final_grant,
)
from signed_links.services import renew_links

from .defaults import DEFAULTS
from .links import PARTICIPANT_LINK_MAX_AGE, participant_url
from .models import PDF_UPLOAD, CourseComponent, DocumentKind, DocumentTemplate, ParticipantFile


def participant_file_of(mobility: Mobility) -> ParticipantFile:
    file, _created = ParticipantFile.objects.get_or_create(mobility=mobility)
    return file


def document_kinds(mobility: Mobility) -> list[str]:
    """The documents of a participant: staff get a mobility agreement, students a summary of
    their learning agreement."""
    agreement = (
        DocumentKind.MOBILITY_AGREEMENT
        if mobility.is_staff_mobility
        else DocumentKind.LEARNING_AGREEMENT
    )
    return [DocumentKind.GRANT_AGREEMENT, agreement, DocumentKind.CERTIFICATE]


def document_filename(mobility: Mobility, kind: str) -> str:
    return f"{kind}-{slugify(mobility.first_name)}-{slugify(mobility.last_name)}.pdf"


def _money(amount) -> str:
    figure = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("EUR %(amount)s") % {"amount": figure}


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


@dataclass(frozen=True)
class ScheduleRow:
    kind: str
    amount: str
    status: str
    due: str


def payment_schedule(mobility: Mobility) -> list[ScheduleRow]:
    """The payments as stored, or, before any is, as they will be: the call's pre-financing
    share when the agreement is signed, the rest after the report."""
    payments = list(mobility.payments.all())
    if payments:
        return [
            ScheduleRow(
                payment.get_kind_display(),
                _money(payment.signed_amount),
                payment.get_status_display(),
                _date(payment.due_on),
            )
            for payment in payments
        ]
    grant = mobility.total_grant
    first = prefinancing_amount(
        grant=grant, percent=prefinancing_percent(call=mobility.project.call)
    )
    return [
        ScheduleRow(
            Payment.Kind.PREFINANCING.label,
            _money(first),
            "",
            _("when the grant agreement is signed"),
        ),
        ScheduleRow(
            Payment.Kind.BALANCE.label,
            _money(grant - first),
            "",
            _("after the participant report, on the actual dates"),
        ),
    ]


def participant_breakdown(mobility: Mobility) -> list[dict]:
    """The lines of the participant's grant, labelled in the active language: the
    organisational support goes to the project, not to them."""
    try:
        lines = [line.as_dict() for line in quote_for_mobility(mobility).lines]
    except GrantCalculationError:
        lines = mobility.grant_breakdown
    project_line = _("Organisational support (to the project)")
    return [line for line in lines if line["label"] != project_line]


def document_context(mobility: Mobility) -> dict:
    """What a document's text may show, formatted in the active language."""
    project = mobility.project
    percent = prefinancing_percent(call=project.call)
    breakdown = render_to_string(
        "documents/_breakdown.html", {"lines": participant_breakdown(mobility)}
    )
    schedule = render_to_string(
        "documents/_payment_schedule.html", {"rows": payment_schedule(mobility)}
    )
    return {
        "participant_name": f"{mobility.first_name} {mobility.last_name}",
        "participant_email": mobility.email,
        "activity": mobility.get_activity_display(),
        "direction": mobility.get_direction_display(),
        "partner_name": mobility.partner.name,
        "partner_country": mobility.partner.country.name,
        "project_title": project.localized_title,
        "grant_agreement_number": project.grant_agreement_number,
        "call_year": project.call.year,
        "planned_start": _date(mobility.planned_start),
        "planned_end": _date(mobility.planned_end),
        "start": _date(mobility.start),
        "end": _date(mobility.end),
        "travel_days": mobility.travel_days,
        "funded_days": mobility.funded_days or "",
        "individual_support": _money(mobility.individual_support),
        "travel_support": _money(mobility.travel_support),
        "total_grant": _money(mobility.total_grant),
        "prefinancing_percent": formats.number_format(percent.normalize(), use_l10n=True),
        "breakdown": mark_safe(breakdown),  # noqa: S308 (rendered from our template, escaped)
        "payment_schedule": mark_safe(schedule),  # noqa: S308
        "today": _date(datetime.date.today()),
    }


def document_template(kind: str, language: str) -> DocumentTemplate:
    """The kind's text in the language, else in English, else the built-in default (unsaved)."""
    templates = {t.language: t for t in DocumentTemplate.objects.filter(kind=kind)}
    template = templates.get(language) or templates.get("en")
    if template is not None:
        return template
    for default_kind, default_language, title, body in DEFAULTS:
        if (default_kind, default_language) == (kind, language):
            return DocumentTemplate(kind=kind, language=language, title=title, body=body)
    raise DocumentTemplate.DoesNotExist(kind)


def render_document(*, mobility: Mobility, kind: str, language: str | None = None) -> bytes:
    """The document as a PDF, in the participant's language unless another is asked for."""
    if kind not in document_kinds(mobility):
        raise ValueError(kind)
    if language is None:
        language = participant_file_of(mobility).language
    template = document_template(kind, language)
    with translation.override(template.language):
        context = document_context(mobility)
        body = Template(template.body).render(Context(context))
        if kind == DocumentKind.LEARNING_AGREEMENT:
            body += render_to_string(
                "documents/_course_components.html", course_component_tables(mobility)
            )
        html = render_to_string(
            "documents/pdf.html",
            {"title": template.title, "body": body, "language": template.language},
        )
    return html_to_pdf(html)


NOT_A_STUDENT_MESSAGE = gettext_lazy("Only a student mobility has a learning agreement.")


@dataclass(frozen=True)
class ComponentTotals:
    receiving: Decimal
    home: Decimal


def component_totals(components) -> ComponentTotals:
    """The ECTS credits of Table A and of Table B."""
    totals = {
        CourseComponent.Table.RECEIVING: Decimal("0"),
        CourseComponent.Table.HOME: Decimal("0"),
    }
    for component in components:
        totals[component.table] += component.ects_credits
    return ComponentTotals(
        receiving=totals[CourseComponent.Table.RECEIVING], home=totals[CourseComponent.Table.HOME]
    )


def course_component_tables(mobility: Mobility) -> dict:
    """Table A and Table B of a learning agreement with their totals, for a template."""
    components = list(mobility.course_components.all())
    totals = component_totals(components)
    return {
        "tables": [
            (
                CourseComponent.Table.RECEIVING.label,
                [c for c in components if c.table == CourseComponent.Table.RECEIVING],
                totals.receiving,
            ),
            (
                CourseComponent.Table.HOME.label,
                [c for c in components if c.table == CourseComponent.Table.HOME],
                totals.home,
            ),
        ]
    }


@transaction.atomic
def save_course_components(
    *,
    mobility: Mobility,
    stored: Sequence[CourseComponent] = (),
    deleted: Sequence[CourseComponent] = (),
) -> None:
    """Store and delete a student's learning-agreement components, all or nothing."""
    if mobility.is_staff_mobility:
        raise ValidationError(NOT_A_STUDENT_MESSAGE, code="not_a_student")
    for component in deleted:
        if component.mobility_id != mobility.pk:
            raise ValidationError(_("This component belongs to another mobility."))
        component.delete()
    for component in stored:
        component.mobility = mobility
        component.full_clean()
        component.save()


def send_participant_link(*, mobility: Mobility, now: datetime.datetime) -> None:
    """Email the participant the link to their page, in their documents' language."""
    file = participant_file_of(mobility)
    language = file.language
    with translation.override(language):
        project_title = mobility.project.localized_title
    queue_email(
        to=mobility.email,
        template="participant_link",
        context={
            "participant_name": f"{mobility.first_name} {mobility.last_name}",
            "project_title": project_title,
            "participant_url": participant_url(mobility, language=language),
            "link_days": PARTICIPANT_LINK_MAX_AGE.days,
            "LANGUAGE_CODE": language,
        },
        language=language,
        holds_secret=True,
    )
    file.link_sent_at = now
    file.save(update_fields=["link_sent_at"])


def send_fresh_participant_link(*, mobility: Mobility, now: datetime.datetime) -> bool:
    """Revoke the address's links and send a fresh one; False when one went out just now."""
    with transaction.atomic():
        if not renew_links(address=mobility.email, now=now):
            return False
        send_participant_link(mobility=mobility, now=now)
    return True


def set_document_language(*, mobility: Mobility, language: str) -> ParticipantFile:
    file = participant_file_of(mobility)
    file.language = language
    file.full_clean(exclude=["mobility"])
    file.save(update_fields=["language"])
    return file


CONFIRMED_MESSAGE = _("Your report was confirmed already; write to us to change it.")


def _unconfirmed_file(mobility: Mobility) -> ParticipantFile:
    """The participant's file while staff have not confirmed the report: after that, the
    uploads and the report (and the payments that follow from them) stay as confirmed."""
    file = participant_file_of(mobility)
    if file.confirmed:
        raise ValidationError(CONFIRMED_MESSAGE)
    return file


@transaction.atomic
def upload_signed_agreement(
    *, mobility: Mobility, upload, now: datetime.datetime, by=None
) -> ParticipantFile:
    """Keep the signed grant agreement (a PDF) and make the pre-financing due; `by` is the
    staff member uploading it in the participant's stead (None: the participant)."""
    PDF_UPLOAD(upload)
    file = _unconfirmed_file(mobility)
    file.signed_agreement.save(upload.name, upload, save=False)
    file.signed_agreement_uploaded_at = now
    file._history_user = by
    file.save(update_fields=["signed_agreement", "signed_agreement_uploaded_at"])
    schedule_prefinancing(mobility=mobility, on=now.date())
    return file


@transaction.atomic
def upload_certificate(
    *, mobility: Mobility, upload, now: datetime.datetime, by=None
) -> ParticipantFile:
    """Keep the certificate of attendance (a PDF); `by` as for the signed agreement."""
    PDF_UPLOAD(upload)
    file = _unconfirmed_file(mobility)
    file.certificate.save(upload.name, upload, save=False)
    file.certificate_uploaded_at = now
    file._history_user = by
    file.save(update_fields=["certificate", "certificate_uploaded_at"])
    return file


UPLOAD_TIMES = {
    "agreement": "signed_agreement_uploaded_at",
    "certificate": "certificate_uploaded_at",
}


def uploaded_by_office(file: ParticipantFile | None) -> dict:
    """Who uploaded each current copy in the participant's stead: the staff member, or None
    when the participant did (their uploads are recorded without a user)."""
    found = dict.fromkeys(UPLOAD_TIMES)
    if file is None:
        return found
    for which, field in UPLOAD_TIMES.items():
        stamp = getattr(file, field)
        if stamp is None:
            continue
        # The save that uploaded it is the first one recorded with its upload time.
        record = (
            file.history.filter(**{field: stamp})
            .select_related("history_user")
            .order_by("history_date", "history_id")
            .first()
        )
        found[which] = record.history_user if record else None
    return found


REPORT_FIELDS = {"actual_start": "reported_start", "actual_end": "reported_end"}


@transaction.atomic
def submit_report(
    *,
    mobility: Mobility,
    start: datetime.date,
    end: datetime.date,
    text: str,
    now: datetime.datetime,
) -> ParticipantFile:
    """The participant's actual dates and report; the dates must be ones the mobility may
    have (ValidationError on reported_start / reported_end otherwise)."""
    file = _unconfirmed_file(mobility)
    candidate = Mobility.objects.get(pk=mobility.pk)
    candidate.actual_start, candidate.actual_end = start, end
    try:
        candidate.validate_constraints()
    except ValidationError as error:
        raise ValidationError({"reported_end": error.messages}) from error
    file.reported_start, file.reported_end, file.report_text = start, end, text.strip()
    file.report_submitted_at = now
    file.full_clean(exclude=["mobility", "confirmed_by"])
    file.save()
    return file


@dataclass(frozen=True)
class Confirmation:
    mobility: Mobility
    payment: Payment | None
    problems: list[str]


@transaction.atomic
def confirm_report(*, mobility: Mobility, by, now: datetime.datetime) -> Confirmation:
    """Staff accept the report: the actual dates go on the mobility, the grant is recalculated
    on them, and the balance or recovery falls due. The eligibility problems of the actual
    dates come back for staff to see."""
    file = ParticipantFile.objects.select_for_update().filter(mobility=mobility).first()
    if file is None or not file.report_submitted:
        raise ValidationError(_("The participant has not submitted the report yet."))
    if not file.certificate_uploaded:
        raise ValidationError(_("The certificate of attendance has not been uploaded yet."))
    mobility = (
        Mobility.objects.select_for_update().select_related("project__call").get(pk=mobility.pk)
    )
    mobility.actual_start, mobility.actual_end = file.reported_start, file.reported_end
    mobility.status = Mobility.Status.COMPLETED
    mobility.validate_constraints()
    mobility.save(update_fields=["actual_start", "actual_end", "status", "updated_at"])
    recalculate_grant(mobility=mobility)
    if mobility.grant_error:
        raise ValidationError(mobility.grant_error)
    payment = settle_final_grant(mobility=mobility, on=now.date())
    file.confirmed_at, file.confirmed_by = now, by
    file.save(update_fields=["confirmed_at", "confirmed_by"])
    return Confirmation(mobility=mobility, payment=payment, problems=mobility_problems(mobility))


def short_stay_notice(mobility: Mobility, *, start: datetime.date, end: datetime.date) -> str:
    """What confirming these actual dates does when they are shorter than the activity's
    minimum duration ("" when they are not): without force majeure the mobility is not
    eligible and its grant zero; with force majeure the days spent are paid."""
    call = mobility.project.call
    try:
        table = rate_table_for(call_year=call.year, action=call.action)
    except MissingRateError:
        return ""
    if not shorter_than_minimum(table, activity=mobility.activity, start=start, end=end):
        return ""
    if mobility.force_majeure:
        return _(
            "The reported stay is shorter than the minimum duration of the activity; force "
            "majeure is recorded, so the days actually spent are paid."
        )
    return _(
        "The reported stay is shorter than the minimum duration of the activity and no force "
        "majeure is recorded: once confirmed, the mobility is not eligible, its grant is zero "
        "and the whole pre-financing paid is to be recovered. Record force majeure on the "
        "mobility first if it applies."
    )


def final_settlement(mobility: Mobility) -> Payment | None:
    """The balance or recovery of a confirmed report, if any."""
    return mobility.payments.filter(kind__in=[Payment.Kind.BALANCE, Payment.Kind.RECOVERY]).first()
