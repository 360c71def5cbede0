"""The demo's participant after the stay: Sofia Visser taught in Havana for two of the
five days planned. His signed grant agreement and certificate are uploaded (generated from
the document texts), the pre-financing is paid, his report is confirmed, and the stay,
shorter than a teaching assignment's minimum and without force majeure, is not eligible:
the whole pre-financing is to be recovered."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from documents.defaults import seed_document_templates
from documents.links import participant_url
from documents.models import DocumentKind, ParticipantFile
from documents.services import (
    confirm_report,
    render_document,
    submit_report,
    upload_certificate,
    upload_signed_agreement,
)
from mobility.grants import recalculate_grant
from mobility.models import Activity, Direction, Level, Mobility
from payments.services import mark_paid

# Her project and partner are those of the demo's Pieter van Dijk (seed.py).
ANCHOR_EMAIL = "pieter.van-dijk@students.example.org"
PARTICIPANT_EMAIL = "sofia.visser@staff.example.org"
PLANNED = (date(2022, 3, 14), date(2022, 3, 25))
ACTUAL_DAYS = 7
REPORT = (
    "I taught the nanomedicine module to 24 master students in Havana. The course ended five "
    "days early because the university closed for a national holiday."
)


def load_participant_demo(*, staff_username: str) -> str | None:
    """Sofia's mobility, documents, report and recovery, made once (load_demo --reset leaves
    them); returns the link to her page, None without the demo's projects."""
    seed_document_templates()
    anchor = Mobility.objects.filter(email=ANCHOR_EMAIL).select_related("project").first()
    if anchor is None:
        return None
    mobility = Mobility.objects.filter(email=PARTICIPANT_EMAIL).first()
    if mobility is not None:
        file = ParticipantFile.objects.filter(mobility=mobility).first()
        return participant_url(mobility, language=file.language if file else "en")
    mobility = Mobility.objects.create(
        project=anchor.project,
        partner=anchor.partner,
        activity=Activity.TEACHING,
        direction=Direction.OUTGOING,
        status=Mobility.Status.APPROVED,
        first_name="Sofia",
        last_name="Visser",
        email=PARTICIPANT_EMAIL,
        gender=Mobility.Gender.FEMALE,
        nationality="NL",
        level=Level.STAFF,
        planned_start=PLANNED[0],
        planned_end=PLANNED[1],
        travel_days=2,
    )
    recalculate_grant(mobility=mobility)
    actual_end = mobility.planned_start + timedelta(days=ACTUAL_DAYS - 1)
    now = timezone.now()
    agreement = render_document(mobility=mobility, kind=DocumentKind.GRANT_AGREEMENT)
    # Signed three weeks before the visit, paid a week later; the report is confirmed today.
    signed = timezone.make_aware(datetime.combine(mobility.planned_start, time(10)))
    upload_signed_agreement(
        mobility=mobility,
        upload=ContentFile(agreement, name="grant-agreement.pdf"),
        now=signed - timedelta(days=21),
    )
    mark_paid(payment=mobility.payments.get(), on=mobility.planned_start - timedelta(days=14))
    certificate = render_document(mobility=mobility, kind=DocumentKind.CERTIFICATE)
    upload_certificate(
        mobility=mobility, upload=ContentFile(certificate, name="certificate.pdf"), now=now
    )
    submit_report(
        mobility=mobility, start=mobility.planned_start, end=actual_end, text=REPORT, now=now
    )
    staff = get_user_model().objects.get(username=staff_username)
    confirm_report(mobility=mobility, by=staff, now=now)
    return participant_url(mobility, language="en")
