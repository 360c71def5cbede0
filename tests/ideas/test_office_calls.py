"""The office opens, changes and closes a call for ideas from the workspace."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from ideas import services
from ideas.models import CallForIdeas
from projects.models import Call, Deadline
from tests.factories import CallFactory, PersonFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BRUSSELS = ZoneInfo("Europe/Brussels")
FUNDS = "Exchanges of students and staff with universities outside Europe."
FUNDS_NL = "Uitwisseling van studenten en staf met universiteiten buiten Europa."


@pytest.fixture
def next_call(db):
    # Far ahead, so the call for ideas is open whatever day the tests run.
    return CallFactory(
        year=2100,
        action=Call.Action.KA171,
        deadline=datetime.datetime(2100, 2, 23, 12, 0, tzinfo=BRUSSELS),
        internal_deadline=None,
    )


@pytest.fixture
def office_contact(db):
    return PersonFactory(first_name="Femke", last_name="Jansen", email="f.jansen@example.org")


def _data(call, contact, **overrides):
    return {
        "call": call.pk,
        "internal_deadline": "2100-01-15T12:00",
        "eu_deadline": "2100-02-22T12:00",
        "funds": FUNDS,
        "funds_nl": FUNDS_NL,
        "contacts": [contact.pk],
        "is_open_for_ideas": "on",
    } | overrides


def test_staff_open_a_call_for_ideas_with_both_deadlines(client, staff, next_call, office_contact):
    client.force_login(staff)

    response = client.post("/workspace/ideas/calls/new/", _data(next_call, office_contact))

    call_for_ideas = CallForIdeas.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/ideas/calls/{call_for_ideas.pk}/"
    assert call_for_ideas.internal_deadline == datetime.datetime(
        2100, 1, 15, 12, 0, tzinfo=AMSTERDAM
    )
    assert (call_for_ideas.funds, call_for_ideas.funds_nl) == (FUNDS, FUNDS_NL)
    assert list(call_for_ideas.contacts.all()) == [office_contact]
    assert call_for_ideas.is_open_for_ideas is True
    next_call.refresh_from_db()
    assert next_call.deadline == datetime.datetime(2100, 2, 22, 12, 0, tzinfo=BRUSSELS)
    assert next_call.internal_deadline == datetime.date(2100, 1, 15)
    assert [r.history_user for r in call_for_ideas.history.all()] == [staff, staff]  # and contacts
    assert next_call.history.first().history_user == staff


def test_opened_call_for_ideas_has_its_public_page_and_home_link_in_both_languages(
    client, staff, next_call, office_contact
):
    client.force_login(staff)
    client.post("/workspace/ideas/calls/new/", _data(next_call, office_contact))
    client.logout()

    english = client.get("/en/calls/ka171-2100/ideas/").content.decode()
    dutch = client.get("/nl/calls/ka171-2100/ideas/").content.decode()
    home = client.get("/en/").content.decode()

    assert FUNDS in english
    assert FUNDS_NL in dutch
    assert "f.jansen@example.org" in english
    assert 'href="/en/calls/ka171-2100/ideas/"' in home


def test_closing_hides_the_public_page_and_the_home_link(client, staff, next_call, office_contact):
    client.force_login(staff)
    client.post("/workspace/ideas/calls/new/", _data(next_call, office_contact))
    call_for_ideas = CallForIdeas.objects.get()
    client.logout()
    assert client.get("/en/calls/ka171-2100/ideas/").status_code == 200
    # The home page is cached for anonymous visitors: closing must retire it.
    assert 'href="/en/calls/ka171-2100/ideas/"' in client.get("/en/").content.decode()

    client.force_login(staff)
    response = client.post(
        f"/workspace/ideas/calls/{call_for_ideas.pk}/edit/",
        _data(next_call, office_contact, is_open_for_ideas=""),
    )
    client.logout()

    assert response.status_code == 302
    assert client.get("/en/calls/ka171-2100/ideas/").status_code == 404
    assert client.get("/nl/calls/ka171-2100/ideas/").status_code == 404
    assert "/calls/ka171-2100/ideas/" not in client.get("/en/").content.decode()


def test_an_internal_deadline_after_the_eu_deadline_is_refused_next_to_the_field(
    client, staff, next_call, office_contact
):
    client.force_login(staff)

    response = client.post(
        "/workspace/ideas/calls/new/",
        _data(next_call, office_contact, internal_deadline="2100-02-22T12:00"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "internal_deadline": ["The internal deadline must come before the EU deadline."]
    }
    assert 'value="2100-02-22T12:00"' in response.content.decode()  # the input stays
    assert CallForIdeas.objects.count() == 0
    next_call.refresh_from_db()
    assert next_call.deadline == datetime.datetime(2100, 2, 23, 12, 0, tzinfo=BRUSSELS)
    assert next_call.internal_deadline is None


def test_a_second_call_for_ideas_for_the_same_call_is_refused(
    client, staff, next_call, office_contact
):
    client.force_login(staff)
    client.post("/workspace/ideas/calls/new/", _data(next_call, office_contact))

    response = client.post("/workspace/ideas/calls/new/", _data(next_call, office_contact))

    assert response.status_code == 400
    assert response.context["form"].errors == {"call": ["This call already has a call for ideas."]}
    assert CallForIdeas.objects.count() == 1


def test_an_unreadable_deadline_is_refused_next_to_the_field(
    client, staff, next_call, office_contact
):
    client.force_login(staff)

    response = client.post(
        "/workspace/ideas/calls/new/", _data(next_call, office_contact, eu_deadline="soon")
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"eu_deadline": ["Enter a valid date/time."]}
    assert CallForIdeas.objects.count() == 0


def test_the_database_refuses_a_second_call_for_ideas_for_a_call(call_for_ideas):
    with pytest.raises(IntegrityError):
        CallForIdeas.objects.create(
            call=call_for_ideas.call, internal_deadline=call_for_ideas.internal_deadline
        )


def test_edit_page_shows_the_deadlines_in_their_own_time_zones(client, staff, call_for_ideas):
    client.force_login(staff)

    page = client.get(f"/workspace/ideas/calls/{call_for_ideas.pk}/edit/").content.decode()

    assert 'name="internal_deadline" value="2023-01-15T12:00"' in page
    assert 'name="eu_deadline" value="2023-02-23T12:00"' in page


def test_moving_the_deadlines_moves_the_proposals_milestones(client, staff, idea, office_contact):
    project = services.turn_into_proposal(idea=idea, by=staff)
    call_for_ideas = idea.call_for_ideas
    client.force_login(staff)

    response = client.post(
        f"/workspace/ideas/calls/{call_for_ideas.pk}/edit/",
        _data(
            call_for_ideas.call,
            office_contact,
            internal_deadline="2023-01-20T17:00",
            eu_deadline="2023-02-28T12:00",
        ),
    )

    assert response.status_code == 302
    assert sorted(project.deadlines.values_list("kind", "due_date")) == [
        (Deadline.Kind.CALL, datetime.date(2023, 2, 28)),
        (Deadline.Kind.EXPRESSION_OF_INTEREST, datetime.date(2023, 1, 20)),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("coordinator", 403), ("staff", None)]
)
def test_only_staff_open_or_change_a_call_for_ideas(
    client, staff, coordinator, call_for_ideas, next_call, office_contact, method, who, status
):
    if who != "anonymous":
        client.force_login({"staff": staff, "coordinator": coordinator}[who])
    pages = ["/workspace/ideas/calls/new/", f"/workspace/ideas/calls/{call_for_ideas.pk}/edit/"]
    data = _data(next_call, office_contact, is_open_for_ideas="")

    responses = [
        getattr(client, method)(page, data if method == "post" else None) for page in pages
    ]

    if status is None:  # staff: the forms, or the new call for ideas and the change saved
        assert [r.status_code for r in responses] == ([200, 200] if method == "get" else [302, 302])
        return
    assert [r.status_code for r in responses] == [status, status]
    assert list(CallForIdeas.objects.values_list("call__year", "is_open_for_ideas")) == [
        (2023, True)
    ]


def test_the_calls_for_ideas_page_links_opening_and_editing(client, staff, call_for_ideas):
    client.force_login(staff)

    calls = client.get("/workspace/ideas/").content.decode()
    ideas = client.get(f"/workspace/ideas/calls/{call_for_ideas.pk}/").content.decode()

    assert 'href="/workspace/ideas/calls/new/"' in calls
    assert f'href="/workspace/ideas/calls/{call_for_ideas.pk}/edit/"' in ideas
    assert "EU deadline: 23 Feb 2023, 12:00 (Brussels time)." in ideas
