"""A proposal's outcome reaches its idea, the academic and the call round's public page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ideas import services
from ideas.models import Idea, IdeaFlow
from outbox.models import OutgoingEmail
from projects.models import Project
from tests.factories import InstitutionFactory
from tests.workspace.helpers import editor_data
from workspace.forms.projects import ProjectEditor

from .conftest import BEFORE_DEADLINE

ROUND = "/en/calls/ka171-2023/"


@pytest.fixture
def second_idea(call_for_ideas, observatory):
    """A confirmed Dutch-speaking academic's idea with one flow of four students."""
    idea = Idea.objects.create(
        call_for_ideas=call_for_ideas,
        first_name="Jan",
        last_name="de Vries",
        email="j.devries@example.org",
        unit=observatory,
        partner=InstitutionFactory(name="Universidad de Chile", country="CL", city="Santiago"),
        research_field="Radio astronomy",
        rationale="Joint observing in the Atacama.",
        language="nl",
        confirmed_at=BEFORE_DEADLINE,
    )
    IdeaFlow.objects.create(
        idea=idea, activity="SMS", direction="outgoing", people=4, duration_days=150
    )
    return idea


def _move(client, project, **changes):
    project.refresh_from_db()
    data = editor_data(ProjectEditor(instance=project), **changes)
    response = client.post(f"/workspace/projects/{project.pk}/edit/", data)
    assert response.status_code == 302, response.context["editor"].form.errors
    project.refresh_from_db()
    return project


def _figures(client) -> str:
    page = client.get(ROUND)
    assert page.status_code == 200
    return page.context["call_round"]


def test_awarded_and_rejected_proposals_reach_their_ideas_and_the_call_round_page(
    client, staff, idea, second_idea
):
    awarded = services.turn_into_proposal(idea=idea, by=staff)
    rejected = services.turn_into_proposal(idea=second_idea, by=staff)
    assert client.get(ROUND).status_code == 404  # proposals are not public
    client.force_login(staff)

    _move(client, awarded, status=Project.Status.SUBMITTED)
    _move(client, awarded, status=Project.Status.AWARDED, awarded_budget="45210.00")
    _move(client, rejected, status=Project.Status.REJECTED)
    client.logout()

    round_ = _figures(client)
    assert ([p.title for p in round_.projects], round_.about_awarded, round_.participants) == (
        ["Astronomy (Nagasaki University)"],
        45000,
        5,
    )
    page = client.get(ROUND).content.decode()
    assert (
        "In the KA171 2023 call, 1 exchange project was awarded an Erasmus+ International "
        "Credit Mobility grant: about EUR\u00a045,000 in total, for 5 students and staff."
    ) in page
    assert "Radio astronomy" not in page
    idea.refresh_from_db()
    second_idea.refresh_from_db()
    assert (idea.status, second_idea.status) == (Idea.Status.AWARDED, Idea.Status.NOT_FUNDED)
    assert [(r.status, r.history_user) for r in idea.history.all()[:2]] == [
        ("awarded", staff),
        ("proposal", staff),
    ]
    assert second_idea.history.first().history_user == staff


def test_the_academic_gets_the_outcome_in_their_language_once(client, staff, idea, second_idea):
    awarded = services.turn_into_proposal(idea=idea, by=staff)
    rejected = services.turn_into_proposal(idea=second_idea, by=staff)
    client.force_login(staff)

    _move(client, awarded, status=Project.Status.SUBMITTED)
    _move(client, awarded, status=Project.Status.AWARDED, awarded_budget="45210.00")
    _move(client, awarded, status=Project.Status.RUNNING)
    _move(client, rejected, status=Project.Status.REJECTED)

    emails = list(OutgoingEmail.objects.filter(template__startswith="idea_outcome").order_by("pk"))
    assert [(email.to, email.subject) for email in emails] == [
        (
            "m.yazdanbakhsh@example.org",
            "Your project idea for the KA171 2023 call is awarded a grant",
        ),
        ("j.devries@example.org", "Uw projectidee voor de KA171 2023-call wordt niet gefinancierd"),
    ]
    assert '"Astronomy (Nagasaki University)"' in emails[0].body_text


def test_a_submitted_proposal_leaves_its_idea_a_proposal(client, staff, idea):
    project = services.turn_into_proposal(idea=idea, by=staff)
    client.force_login(staff)

    _move(client, project, status=Project.Status.SUBMITTED)

    idea.refresh_from_db()
    assert idea.status == Idea.Status.PROPOSAL
    assert not OutgoingEmail.objects.filter(template="idea_outcome").exists()


def test_the_office_cannot_move_an_awarded_idea_by_hand(staff, idea):
    project = services.turn_into_proposal(idea=idea, by=staff)
    project.status = Project.Status.AWARDED
    services.follow_project_outcome(project=project, by=staff)

    with pytest.raises(ValidationError) as raised:
        services.change_idea(idea=idea, status="new", notes="", partner=None)

    assert raised.value.message_dict == {"status": ["A awarded idea cannot become new."]}


def test_an_outcome_needs_the_project_in_the_database(idea):
    with pytest.raises(IntegrityError):
        Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.AWARDED)


def test_the_office_saves_notes_of_an_awarded_idea(client, staff, idea):
    project = services.turn_into_proposal(idea=idea, by=staff)
    project.status = Project.Status.AWARDED
    services.follow_project_outcome(project=project, by=staff)
    client.force_login(staff)

    response = client.post(
        f"/workspace/ideas/{idea.pk}/change/",
        {"status": "awarded", "notes": "Kick-off in September.", "partner": idea.partner_id},
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.notes) == ("awarded", "Kick-off in September.")
