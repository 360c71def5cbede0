import datetime

import pytest

from demo.seed import load_demo
from ideas.models import CallForIdeas, Idea

TODAY = datetime.date(2026, 12, 3)


@pytest.mark.django_db
def test_demo_opens_the_2023_call_with_its_contacts_and_ideas():
    load_demo(today=TODAY)
    load_demo(today=TODAY)

    call_for_ideas = CallForIdeas.objects.get(call__year=2023, call__action="KA171")
    assert sorted(person.full_name for person in call_for_ideas.contacts.all()) == [
        "Jesca Zweijtzer",
        "Kathelijne Smits",
    ]
    assert call_for_ideas.internal_deadline.date() == datetime.date(2027, 1, 2)
    assert sorted(Idea.objects.values_list("status", flat=True)) == [
        "discussed",
        "new",
        "not_pursued",
        "proposal",
    ]
    proposal = Idea.objects.get(status="proposal")
    assert proposal.project.status == "proposal"
    assert proposal.project.lead_coordinator.email == "andrea.bartolucci@fgga.example.org"
