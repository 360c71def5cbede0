"""The demo's call for applications: the Nagasaki offer open for applications, with
applications in every status, two reviewers' scores, a ranking and a waiting list.

Rows are written as they would stand after the flow (no status emails are queued for the
demo's applicants); existing rows are kept, so loading twice changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.deadlines import sync_call_deadlines
from applications.models import (
    Application,
    ApplicationDocument,
    CallForApplications,
    DocumentKind,
    Review,
    Score,
)
from applications.services import create_mobility, sign_in_url
from mobility.models import ExchangeOffer, Level

OFFER_SLUG = "three-months-at-nagasaki-university"
# A one-page PDF that stands for every demo applicant's CV and transcript.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
WOMEN = {"Lotte", "Fatima", "Zoë", "Julia"}
# (first name, last name, status, waiting-list rank, scores of the two reviewers)
APPLICANTS = [
    ("Lotte", "Visser", Application.Status.DRAFT, None, None),
    ("Bram", "de Wit", Application.Status.SUBMITTED, None, None),
    ("Fatima", "El Amrani", Application.Status.MOBILITY_CREATED, None, ((9, 8), (8, 9))),
    ("Noah", "Bakker", Application.Status.SELECTED, None, ((8, 7), (7, 8))),
    ("Sem", "Mulder", Application.Status.WAITING_LIST, 1, ((7, 6), (6, 7))),
    ("Zoë", "Jansen", Application.Status.WAITING_LIST, 2, ((6, 6), (6, 5))),
    ("Daan", "Smit", Application.Status.NOT_SELECTED, None, ((3, 4), (4, 3))),
    ("Julia", "de Boer", Application.Status.UNDER_REVIEW, None, ((7, 7), None)),
    ("Milan", "Peters", Application.Status.WITHDRAWN, None, None),
]


def load_applications_demo(*, today: datetime.date, reviewers: tuple[str, str]) -> None:
    """Open the Nagasaki offer for applications and fill in its selection (missing rows only);
    reviewers: the usernames of the two reviewers, the first one scoring every application."""

    offer = ExchangeOffer.objects.filter(slug=OFFER_SLUG).first()
    if offer is None:
        return
    users = get_user_model().objects.filter(username__in=reviewers)
    reviewer_users = sorted(users, key=lambda user: reviewers.index(user.username))
    call, created = CallForApplications.objects.get_or_create(
        offer=offer,
        defaults={
            "is_open": True,
            "required_documents": [DocumentKind.CV, DocumentKind.TRANSCRIPT],
        },
    )
    if created:
        call.reviewers.set(reviewer_users)
        # Reviews two weeks after the deadline, decisions two weeks later: both are
        # deadlines of the project, reminded like the others.
        call.review_by = offer.application_deadline + datetime.timedelta(days=14)
        call.decide_by = offer.application_deadline + datetime.timedelta(days=28)
        call.save(update_fields=["review_by", "decide_by"])
        sync_call_deadlines(call=call)
    criteria = [
        call.criteria.get_or_create(name=name, defaults={"weight": weight, "scale_max": 10})[0]
        for name, weight in (("Academic record", 2), ("Motivation", 1))
    ]
    now = timezone.now()
    for index, (first, last, status, rank, scores) in enumerate(APPLICANTS):
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@student.example.org"
        if Application.objects.filter(offer=offer, email=email).exists():
            continue
        target = status
        if status == Application.Status.MOBILITY_CREATED:
            status = Application.Status.SELECTED
        application = Application.objects.create(
            offer=offer,
            email=email,
            language="nl" if index % 2 else "en",
            status=status,
            first_name=first,
            last_name=last,
            birth_date=datetime.date(2003, 1 + index, 10),
            nationality="NL",
            gender="F" if first in WOMEN else "M",
            home_unit="Faculty of Medicine",
            level=Level.BACHELOR,
            field_of_education="0912 Medicine",
            motivation="I want to learn how medicine is practised in Japan.",
            preferred_start=offer.period_start,
            preferred_end=offer.period_start + datetime.timedelta(days=offer.duration_days - 1),
            submitted_at=None
            if status == Application.Status.DRAFT
            else timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
            - datetime.timedelta(days=20 - index),
            rank=rank,
            decision_notified=status
            if status in ("selected", "waiting_list", "not_selected")
            else "",
        )
        application.language_skills.create(language="en", level="C1")
        # What the call asks for; the draft still lacks its transcript.
        kinds = [DocumentKind.CV]
        if status != Application.Status.DRAFT:
            kinds.append(DocumentKind.TRANSCRIPT)
        for kind in kinds:
            name = f"{kind.replace('_', '-')}.pdf"
            document = ApplicationDocument(application=application, kind=kind, original_name=name)
            document.file.save(name, ContentFile(DEMO_PDF), save=False)
            document.save()
        for review_scores, reviewer in zip(scores or (), reviewer_users, strict=False):
            if review_scores is None:
                continue
            review = Review.objects.create(
                application=application, reviewer=reviewer, submitted_at=now
            )
            Score.objects.bulk_create(
                Score(review=review, criterion=criterion, value=value)
                for criterion, value in zip(criteria, review_scores, strict=True)
            )
        if target == Application.Status.MOBILITY_CREATED:
            create_mobility(application=application, notify=False)


def demo_applicant_link() -> str:
    """A sign-in link of the demo applicant whose application is under review ("" without
    the demo's offer)."""
    application = (
        Application.objects.filter(offer__slug=OFFER_SLUG, status=Application.Status.UNDER_REVIEW)
        .order_by("pk")
        .first()
    )
    if application is None:
        return ""
    return sign_in_url(
        email=application.email, language=application.language, offer=application.offer
    )
