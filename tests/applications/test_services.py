import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import services
from applications.models import Application, ApplicationDocument, DocumentKind
from mobility.models import Mobility
from outbox.models import OutgoingEmail
from tests.factories import InterestRegistrationFactory, MobilityFactory

from .conftest import PDF, complete_draft, docx_bytes, pdf_upload, submitted

Status = Application.Status
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_interest_registration_becomes_the_draft(world_a):
    registration = InterestRegistrationFactory(
        offer=world_a.offer, email="Sanne@Example.org", name="Sanne de Vries", level="staff"
    )

    application = services.start_or_resume_draft(
        offer=world_a.offer, email="sanne@example.org", language="nl"
    )

    assert (application.first_name, application.last_name) == ("Sanne de", "Vries")
    assert application.motivation == "I want to work on medical imaging."
    assert application.field_of_education == "Biomedical Sciences"
    assert application.interest_registration == registration
    assert application.status == Status.DRAFT


def test_signing_in_again_resumes_the_same_draft(world_a):
    first = services.start_or_resume_draft(
        offer=world_a.offer, email="a@example.org", language="en"
    )

    again = services.start_or_resume_draft(
        offer=world_a.offer, email="A@EXAMPLE.ORG", language="en"
    )

    assert again.pk == first.pk
    assert Application.objects.count() == 1


def test_closed_call_refuses_a_new_draft(world_a):
    world_a.call.is_open = False
    world_a.call.save()

    with pytest.raises(ValidationError) as error:
        services.start_or_resume_draft(offer=world_a.offer, email="a@example.org", language="en")

    assert error.value.messages == ["This offer does not accept applications."]


def test_submit_moves_to_submitted_and_emails_in_the_applicants_language(world_a):
    application = complete_draft(world_a.offer, "eva@example.org")

    services.submit_application(application=application, now=timezone.now())

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    email = OutgoingEmail.objects.get(to="eva@example.org")
    assert email.language == "nl"
    assert email.subject == f"Je aanvraag voor {world_a.offer.title}: Ingediend"


def test_incomplete_draft_is_not_submitted_and_says_what_is_missing(world_a):
    application = services.start_or_resume_draft(
        offer=world_a.offer, email="a@example.org", language="en"
    )

    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, now=timezone.now())

    assert error.value.messages == [
        "Still missing: first names (as in the passport), last name (as in the passport), "
        "date of birth, nationality, gender, faculty or institute, study level or staff, "
        "motivation, preferred start, preferred end, at least one language, CV."
    ]
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def _deadline_moment(offer, **delta):
    end = datetime.datetime.combine(
        offer.application_deadline + datetime.timedelta(days=1), datetime.time.min, AMSTERDAM
    )
    return end + datetime.timedelta(**delta)


def test_submission_one_second_before_the_deadline_in_amsterdam_is_accepted(world_a):
    application = complete_draft(world_a.offer, "eva@example.org")

    services.submit_application(
        application=application, now=_deadline_moment(world_a.offer, seconds=-1)
    )

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_submission_one_second_after_the_deadline_is_refused_and_the_draft_kept(world_a):
    application = complete_draft(world_a.offer, "eva@example.org")
    deadline = world_a.offer.application_deadline

    with pytest.raises(ValidationError) as error:
        services.submit_application(
            application=application, now=_deadline_moment(world_a.offer, seconds=1)
        )

    assert error.value.messages == [
        f"The deadline for applications ({deadline:%Y-%m-%d} 23:59:59 Europe/Amsterdam) has "
        "passed: the application can no longer be submitted. Your draft is kept."
    ]
    application.refresh_from_db()
    assert (application.status, application.motivation) == (
        Status.DRAFT,
        "I teach optics and want to teach it there.",
    )


def test_deadline_follows_the_offers_time_zone(world_a):
    world_a.call.time_zone = "Asia/Tokyo"
    world_a.call.save()

    deadline = services.submission_deadline(world_a.offer)

    assert deadline.utcoffset() == datetime.timedelta(hours=9)
    assert deadline.date() == world_a.offer.application_deadline + datetime.timedelta(days=1)


def test_transitions_outside_the_allowed_ones_are_refused(world_a):
    application = submitted(world_a.offer, "eva@example.org")

    with pytest.raises(ValidationError) as error:
        services.change_status(application=application, status=Status.SELECTED)

    assert error.value.messages == ["An application cannot go from “Submitted” to “Selected”."]


def test_withdrawal_is_recorded_in_history_and_final(world_a):
    application = submitted(world_a.offer, "eva@example.org")

    services.withdraw_application(application=application)

    statuses = list(application.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-2:] == [Status.SUBMITTED, Status.WITHDRAWN]
    with pytest.raises(ValidationError):
        services.withdraw_application(application=application)


def test_database_refuses_an_unknown_status(world_a):
    application = services.start_or_resume_draft(
        offer=world_a.offer, email="a@example.org", language="en"
    )

    with pytest.raises(IntegrityError, match="application_status_known"), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="accepted")


def test_word_document_is_accepted(world_a):
    application = services.start_or_resume_draft(
        offer=world_a.offer, email="a@example.org", language="en"
    )

    document = services.upload_document(
        application=application,
        kind=DocumentKind.CV,
        upload=SimpleUploadedFile("cv.docx", docx_bytes()),
    )

    assert document.original_name == "cv.docx"


def test_upload_disguised_by_its_name_is_refused(world_a):
    application = services.start_or_resume_draft(
        offer=world_a.offer, email="a@example.org", language="en"
    )

    with pytest.raises(ValidationError) as error:
        services.upload_document(
            application=application,
            kind=DocumentKind.CV,
            upload=SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 an executable, named as a PDF"),
        )

    assert error.value.message_dict == {
        "cv": [
            "The file's content is not a PDF, Word document (.docx), JPEG or PNG image, "
            "whatever its name says."
        ]
    }
    assert ApplicationDocument.objects.count() == 0


def test_oversized_upload_is_refused(world_a):
    application = services.start_or_resume_draft(
        offer=world_a.offer, email="a@example.org", language="en"
    )
    too_big = PDF + b"0" * (6 * 1024 * 1024)

    with pytest.raises(ValidationError) as error:
        services.upload_document(
            application=application, kind=DocumentKind.CV, upload=pdf_upload(content=too_big)
        )

    assert error.value.message_dict == {
        "cv": ["The file is 6.0\xa0MB; at most 5.0\xa0MB is accepted."]
    }
    assert ApplicationDocument.objects.count() == 0


def test_submitted_application_can_no_longer_change(world_a):
    application = submitted(world_a.offer, "eva@example.org")

    with pytest.raises(ValidationError):
        services.save_draft(application=application, data={"motivation": "Other"}, languages=[])


def _review(application, reviewer, criteria, values):
    return services.save_review(
        application=application,
        reviewer=reviewer,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        conflict_of_interest=False,
        conflict_note="",
        submit=True,
    )


@pytest.fixture
def criteria(world_a):
    return [
        world_a.call.criteria.create(name="Motivation", weight=2, scale_max=10),
        world_a.call.criteria.create(name="Teaching plan", weight=1, scale_max=5),
    ]


def test_ranking_weights_the_scores_and_breaks_ties_by_the_rule(
    world_a, criteria, staff_user, coordinator_a
):
    first = submitted(world_a.offer, "a@example.org", last_name="Zwart")
    second = submitted(world_a.offer, "b@example.org", last_name="Adams")
    third = submitted(world_a.offer, "c@example.org", last_name="Bakker")
    _review(first, staff_user, criteria, [8, 4])  # (0.8*2 + 0.8*1) / 3 = 80
    _review(first, coordinator_a, criteria, [6, 3])  # 60
    _review(second, staff_user, criteria, [7, 4])  # (1.4 + 0.8) / 3 = 73.33
    _review(third, staff_user, criteria, [7, 4])  # 73.33

    ranked = services.ranking(world_a.offer)
    assert [(r.application.last_name, r.score) for r in ranked] == [
        ("Adams", Decimal("73.33")),
        ("Bakker", Decimal("73.33")),
        ("Zwart", Decimal("70.00")),
    ]
    world_a.call.tie_rule = "submitted_first"
    world_a.call.save()
    assert [r.application.last_name for r in services.ranking(world_a.offer)][:2] == [
        "Adams",
        "Bakker",
    ]


def test_each_tie_rule_orders_a_tie_its_own_way(world_a, criteria, staff_user):
    # Bakker submitted before Adams: the two rules disagree on who comes first.
    bakker = submitted(world_a.offer, "b@example.org", last_name="Bakker")
    adams = submitted(world_a.offer, "a@example.org", last_name="Adams")
    _review(bakker, staff_user, criteria, [7, 4])
    _review(adams, staff_user, criteria, [7, 4])

    orders = {}
    for rule in ("submitted_first", "last_name"):
        world_a.call.tie_rule = rule
        world_a.call.save()
        orders[rule] = [r.application.last_name for r in services.ranking(world_a.offer)]

    assert orders == {"submitted_first": ["Bakker", "Adams"], "last_name": ["Adams", "Bakker"]}


def test_conflict_of_interest_needs_an_explanation_and_gives_no_score(
    world_a, criteria, staff_user
):
    application = submitted(world_a.offer, "a@example.org")

    with pytest.raises(ValidationError) as error:
        services.save_review(
            application=application,
            reviewer=staff_user,
            scores={},
            conflict_of_interest=True,
            conflict_note="",
            submit=True,
        )
    assert error.value.message_dict == {
        "conflict_note": ["Say briefly what the conflict of interest is."]
    }

    services.save_review(
        application=application,
        reviewer=staff_user,
        scores={},
        conflict_of_interest=True,
        conflict_note="She is my PhD student.",
        submit=True,
    )
    assert services.ranking(world_a.offer)[0].score is None


def test_allocation_is_limited_by_the_grant_lines_mobilities_and_the_rest_wait_in_rank_order(
    world_a, criteria, staff_user
):
    world_a.grant_line.mobilities_planned = 1
    world_a.grant_line.save()
    applications = [
        submitted(world_a.offer, f"{name.lower()}@example.org", last_name=name)
        for name in ("Adams", "Bakker", "Claes")
    ]
    for application, values in zip(applications, ([9, 5], [7, 4], [8, 4]), strict=True):
        _review(application, staff_user, criteria, values)

    counts = services.allocate(offer=world_a.offer)

    assert counts == {Status.SELECTED: 1, Status.WAITING_LIST: 2}
    assert list(
        Application.objects.order_by("last_name").values_list("last_name", "status", "rank")
    ) == [
        ("Adams", Status.SELECTED, None),
        ("Bakker", Status.WAITING_LIST, 2),
        ("Claes", Status.WAITING_LIST, 1),
    ]


def test_the_lines_budget_left_counts_the_grants_as_the_budget_page_does(world_a):
    line = world_a.grant_line  # 2 mobilities, EUR 4,000.00: 2,000.00 each
    spent = MobilityFactory(
        project=line.project,
        partner=line.partner,
        activity=line.activity,
        direction=line.direction,
        fewer_opportunities=True,
    )
    # Inclusion support is paid on real costs, apart from the line: it takes none of it.
    Mobility.objects.filter(pk=spent.pk).update(
        individual_support=Decimal("1180.00"),
        travel_support=Decimal("820.00"),
        inclusion_support=Decimal("1500.00"),
    )

    capacity = services.capacity(world_a.offer)

    assert (capacity.line_budget_left, capacity.line_budget_mobilities) == (Decimal("2000.00"), 1)


def test_withdrawal_frees_the_place_for_the_next_on_the_waiting_list(world_a, criteria, staff_user):
    world_a.offer.places = 1
    world_a.offer.save()
    adams = submitted(world_a.offer, "adams@example.org", last_name="Adams")
    bakker = submitted(world_a.offer, "bakker@example.org", last_name="Bakker")
    _review(adams, staff_user, criteria, [9, 5])
    _review(bakker, staff_user, criteria, [5, 2])
    services.allocate(offer=world_a.offer)
    with pytest.raises(ValidationError):
        services.offer_place_to_next(offer=world_a.offer)

    services.withdraw_application(application=adams)
    services.offer_place_to_next(offer=world_a.offer)

    bakker.refresh_from_db()
    assert bakker.status == Status.SELECTED


def test_each_decision_is_emailed_once_when_sent_twice(world_a, criteria, staff_user):
    world_a.offer.places = 1
    world_a.offer.save()
    adams = submitted(world_a.offer, "adams@example.org", last_name="Adams")
    bakker = submitted(world_a.offer, "bakker@example.org", last_name="Bakker")
    _review(adams, staff_user, criteria, [9, 5])
    _review(bakker, staff_user, criteria, [5, 2])
    services.allocate(offer=world_a.offer)
    last = OutgoingEmail.objects.order_by("pk").last().pk

    assert services.send_decisions(offer=world_a.offer) == 2
    assert services.send_decisions(offer=world_a.offer) == 0

    decisions = OutgoingEmail.objects.filter(pk__gt=last).order_by("to")
    assert [email.to for email in decisions] == ["adams@example.org", "bakker@example.org"]
    assert services.decisions_to_send(world_a.offer) == []


def test_selected_application_becomes_a_mobility_with_its_grant(
    world_a, criteria, staff_user, rates
):
    application = submitted(world_a.offer, "eva@example.org")
    _review(application, staff_user, criteria, [9, 5])
    services.allocate(offer=world_a.offer)

    result = services.create_mobility(application=application)

    mobility = result.mobility
    application.refresh_from_db()
    assert application.status == Status.MOBILITY_CREATED
    assert application.mobility == mobility
    assert (mobility.first_name, mobility.last_name, mobility.email) == (
        "Eva",
        "Jansen",
        "eva@example.org",
    )
    assert (mobility.planned_start, mobility.planned_end, mobility.travel_days) == (
        datetime.date(2021, 3, 8),
        datetime.date(2021, 3, 12),
        2,
    )
    assert (mobility.birth_date, mobility.nationality.code, mobility.gender) == (
        datetime.date(1985, 4, 2),
        "NL",
        "F",
    )
    assert mobility.grant_error == ""
    assert (mobility.individual_support, mobility.travel_support) == (
        Decimal("1260.00"),
        Decimal("1500.00"),
    )
    assert result.problems == []
    # The mobility's own deadlines, as for one typed in the editor: reminders follow them.
    assert sorted(mobility.milestones.values_list("kind", "due_date")) == [
        ("mobility_agreement", datetime.date(2021, 3, 7)),
        ("participant_report", datetime.date(2021, 3, 12)),
    ]


def test_sign_in_link_goes_to_an_address_at_most_once_in_ten_minutes(world_a):
    assert services.send_sign_in_link(offer=world_a.offer, email="a@example.org", language="nl")

    again = services.send_sign_in_link(offer=world_a.offer, email="A@example.org", language="nl")

    assert again is False
    email = OutgoingEmail.objects.get()
    assert (email.to, email.language, email.holds_secret) == ("a@example.org", "nl", True)
    assert email.subject == f"Je link om {world_a.offer.title} aan te vragen"
