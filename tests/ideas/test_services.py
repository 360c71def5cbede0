import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ideas import services
from ideas.models import Idea, IdeaFlow
from mobility.models import MobilityGrant
from outbox.models import OutgoingEmail
from projects.models import Deadline, Person, Project
from projects.services import save_project

from .conftest import BEFORE_DEADLINE, INTERNAL_DEADLINE, STUDY_FLOW, TEACHING_FLOW

ONE_SECOND = datetime.timedelta(seconds=1)


def _register(call_for_ideas, unit, partner, *, now, language="en", **overrides):
    arguments = {
        "call_for_ideas": call_for_ideas,
        "first_name": "Maria",
        "last_name": "Yazdanbakhsh",
        "email": "m.yazdanbakhsh@example.org",
        "unit": unit,
        "partner": partner,
        "research_field": "Astronomy",
        "rationale": "Joint observing.",
        "flows": [TEACHING_FLOW],
        "language": language,
        "now": now,
    } | overrides
    return services.register_idea(**arguments)


def test_register_idea_stores_it_with_its_flows_and_emails_the_link(
    call_for_ideas, observatory, nagasaki
):
    idea = _register(call_for_ideas, observatory, nagasaki, now=BEFORE_DEADLINE, language="nl")

    assert idea.status == Idea.Status.NEW
    assert idea.confirmed_at is None
    assert list(idea.flows.values("activity", "direction", "people", "duration_days")) == [
        TEACHING_FLOW
    ]
    email = OutgoingEmail.objects.get()
    assert email.to == "m.yazdanbakhsh@example.org"
    assert email.template == "idea_registered"
    assert email.language == "nl"
    assert email.subject == "Bevestig uw projectidee voor de KA171 2023-call"
    token = re.search(r"http://[^/]+/nl/ideas/([^/\s]+)/", email.body_text).group(1)
    assert services.idea_from_token(token) == idea


def test_register_idea_one_second_before_the_deadline_is_accepted(
    call_for_ideas, observatory, nagasaki
):
    idea = _register(call_for_ideas, observatory, nagasaki, now=INTERNAL_DEADLINE - ONE_SECOND)

    assert Idea.objects.filter(pk=idea.pk).exists()


def test_register_idea_one_second_after_the_deadline_is_refused(
    call_for_ideas, observatory, nagasaki
):
    with pytest.raises(ValidationError) as raised:
        _register(call_for_ideas, observatory, nagasaki, now=INTERNAL_DEADLINE + ONE_SECOND)

    assert raised.value.code == "call_closed"
    assert Idea.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_internal_deadline_is_noon_in_amsterdam(call_for_ideas):
    local = services.local_deadline(call_for_ideas)

    assert (local.date(), local.hour, local.minute) == (datetime.date(2023, 1, 15), 12, 0)
    assert call_for_ideas.internal_deadline == datetime.datetime(
        2023, 1, 15, 11, 0, tzinfo=datetime.UTC
    )
    assert call_for_ideas.call.internal_deadline == datetime.date(2023, 1, 15)


def test_register_idea_with_a_new_partner_needs_country_and_city(call_for_ideas, observatory):
    with pytest.raises(ValidationError) as raised:
        _register(
            call_for_ideas,
            observatory,
            None,
            now=BEFORE_DEADLINE,
            new_partner_name="Universidad de Chile",
            new_partner_country="CL",
        )

    assert "new_partner_city" in raised.value.message_dict or raised.value.messages
    assert Idea.objects.count() == 0


def test_register_idea_without_flows_writes_nothing(call_for_ideas, observatory, nagasaki):
    with pytest.raises(ValidationError):
        _register(call_for_ideas, observatory, nagasaki, now=BEFORE_DEADLINE, flows=[])

    assert Idea.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_confirm_idea_once(idea):
    idea.confirmed_at = None
    idea.save()

    assert services.confirm_idea(idea=idea, now=BEFORE_DEADLINE) is True
    assert services.confirm_idea(idea=idea, now=BEFORE_DEADLINE) is False

    idea.refresh_from_db()
    assert idea.confirmed_at == BEFORE_DEADLINE
    assert list(OutgoingEmail.objects.values_list("template", flat=True)) == ["idea_confirmed"]


def _update(idea, *, now, **overrides):
    arguments = {
        "idea": idea,
        "first_name": "Maria",
        "last_name": "Yazdanbakhsh",
        "unit": idea.unit,
        "partner": idea.partner,
        "research_field": "Radio astronomy",
        "rationale": "Joint observing, and a summer school.",
        "flows": [STUDY_FLOW],
        "now": now,
    } | overrides
    return services.update_idea(**arguments)


def test_update_idea_one_second_before_the_deadline(idea):
    _update(idea, now=INTERNAL_DEADLINE - ONE_SECOND)

    idea.refresh_from_db()
    assert idea.research_field == "Radio astronomy"
    assert list(idea.flows.values("activity", "direction", "people", "duration_days")) == [
        STUDY_FLOW
    ]
    assert OutgoingEmail.objects.get().template == "idea_updated"


def test_update_idea_one_second_after_the_deadline_changes_nothing(idea):
    with pytest.raises(ValidationError):
        _update(idea, now=INTERNAL_DEADLINE + ONE_SECOND)

    idea.refresh_from_db()
    assert idea.research_field == "Astronomy"
    assert idea.flows.count() == 2
    assert OutgoingEmail.objects.count() == 0


def test_flow_duration_outside_the_storage_bounds_is_refused_by_the_database(idea):
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaFlow.objects.create(
            idea=idea, activity="STT", direction="incoming", people=1, duration_days=90
        )


def test_proposal_status_without_a_project_is_refused_by_the_database(idea):
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(status="proposal")


def test_digest_sends_each_confirmed_idea_once_to_each_contact(idea, call_for_ideas):
    unconfirmed = Idea.objects.create(
        call_for_ideas=call_for_ideas,
        first_name="Jan",
        last_name="de Vries",
        email="jan@example.org",
        unit=idea.unit,
        partner=idea.partner,
        research_field="Physics",
        rationale="-",
    )

    assert services.send_idea_digests(now=BEFORE_DEADLINE) == 1
    assert services.send_idea_digests(now=BEFORE_DEADLINE) == 0

    emails = OutgoingEmail.objects.order_by("to")
    assert [email.to for email in emails] == ["j.zweijtzer@example.org", "k.smits@example.org"]
    assert all("Maria Yazdanbakhsh" in email.body_text for email in emails)
    assert not any("Jan de Vries" in email.body_text for email in emails)
    assert emails[0].subject == "1 new project idea for the KA171 2023 call"
    unconfirmed.refresh_from_db()
    assert unconfirmed.digest_sent_at is None


def test_turn_into_proposal_creates_the_expected_project(idea, staff, nagasaki, observatory):
    project = services.turn_into_proposal(idea=idea, by=staff)

    assert project.status == Project.Status.PROPOSAL
    assert project.call == idea.call_for_ideas.call
    assert project.home_unit == observatory
    assert project.start_date == datetime.date(2023, 8, 1)
    assert project.end_date == datetime.date(2025, 7, 31)
    assert project.title == "Astronomy (Nagasaki University)"
    lead = project.lead_coordinator
    assert (lead.first_name, lead.last_name, lead.email) == (
        "Maria",
        "Yazdanbakhsh",
        "m.yazdanbakhsh@example.org",
    )
    assert list(project.partners.all()) == [nagasaki]
    assert sorted(
        MobilityGrant.objects.filter(project=project).values_list(
            "partner__name",
            "activity",
            "direction",
            "mobilities_planned",
            "duration_days",
            "amount_awarded",
        )
    ) == [
        ("Nagasaki University", "SMS", "incoming", 3, 150, Decimal("0.00")),
        ("Nagasaki University", "STA", "outgoing", 2, 7, Decimal("0.00")),
    ]
    assert sorted(project.deadlines.values_list("kind", "due_date")) == [
        (Deadline.Kind.CALL, datetime.date(2023, 2, 23)),
        (Deadline.Kind.EXPRESSION_OF_INTEREST, datetime.date(2023, 1, 15)),
    ]
    assert all(list(deadline.responsible.all()) == [lead] for deadline in project.deadlines.all())
    idea.refresh_from_db()
    assert (idea.status, idea.project) == (Idea.Status.PROPOSAL, project)
    assert list(project.ideas.all()) == [idea]


def test_turn_into_proposal_matches_the_coordinator_by_email_ignoring_case(idea, staff):
    known = Person.objects.create(
        first_name="Maria", last_name="Y.", email="M.Yazdanbakhsh@example.org"
    )

    project = services.turn_into_proposal(idea=idea, by=staff)

    assert project.lead_coordinator == known
    assert Person.objects.count() == 3  # the known person and the call's two contacts


def test_turn_into_proposal_twice_is_refused(idea, staff):
    services.turn_into_proposal(idea=idea, by=staff)

    with pytest.raises(ValidationError):
        services.turn_into_proposal(idea=idea, by=staff)

    assert Project.objects.count() == 1


def test_turn_into_proposal_of_a_new_partner_asks_for_the_institution_first(idea, staff):
    Idea.objects.filter(pk=idea.pk).update(
        partner=None,
        new_partner_name="Universidad de Chile",
        new_partner_country="CL",
        new_partner_city="Santiago",
    )

    with pytest.raises(ValidationError) as raised:
        services.turn_into_proposal(idea=idea, by=staff)

    assert "partner" in raised.value.message_dict
    assert Project.objects.count() == 0


def test_change_idea_refuses_a_move_the_lifecycle_does_not_allow(idea, staff):
    services.turn_into_proposal(idea=idea, by=staff)

    with pytest.raises(ValidationError) as raised:
        services.change_idea(idea=idea, status="new", notes="", partner=None)

    assert raised.value.message_dict == {"status": ["A proposal idea cannot become new."]}


def test_turn_into_proposal_names_the_staff_member_in_the_history(idea, staff):
    project = services.turn_into_proposal(idea=idea, by=staff)

    assert [(r.history_type, r.history_user) for r in project.history.all()] == [("+", staff)]
    assert {r.history_user for r in MobilityGrant.history.filter(project_id=project.pk)} == {staff}
    assert [r.history_user for r in project.project_partners.get().history.all()] == [staff]
    assert (project.version, idea.history.first().history_user) == (1, staff)


def test_turn_into_proposal_gives_the_milestones_an_editor_saved_project_gets(idea, staff):
    project = services.turn_into_proposal(idea=idea, by=staff)

    project.status = Project.Status.SUBMITTED
    project = save_project(
        project=project, co_coordinators=[], subject_areas=[], by=staff, based_on_version=1
    )

    assert project.version == 2
    assert sorted((deadline.kind, deadline.is_done) for deadline in project.deadlines.all()) == [
        (Deadline.Kind.CALL, True),
        (Deadline.Kind.EXPRESSION_OF_INTEREST, True),
    ]
