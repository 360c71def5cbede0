import datetime
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import resolve
from django.utils import timezone

from ideas import services
from ideas.models import Idea
from outbox.models import OutgoingEmail
from projects.models import Project

from .conftest import TEACHING_FLOW


@pytest.fixture
def open_call(call_for_ideas):
    """The call open for another day from now."""
    call_for_ideas.internal_deadline = timezone.now() + datetime.timedelta(days=1)
    call_for_ideas.save()
    return call_for_ideas


def _form_data(observatory, nagasaki, **overrides):
    data = {
        "first_name": "Maria",
        "last_name": "Yazdanbakhsh",
        "email": "m.yazdanbakhsh@example.org",
        "unit": str(observatory.pk),
        "partner": str(nagasaki.pk),
        "research_field": "Astronomy",
        "rationale": "Joint observing.",
        "flows-TOTAL_FORMS": "4",
        "flows-INITIAL_FORMS": "0",
        "flows-MIN_NUM_FORMS": "4",
        "flows-MAX_NUM_FORMS": "4",
        "flows-0-activity": "STA",
        "flows-0-direction": "outgoing",
        "flows-0-people": "2",
        "flows-0-duration_days": "7",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Project ideas for the KA171 2023 call"),
        ("nl", "Projectideeën voor de KA171 2023-call"),
    ],
)
def test_call_page_in_both_languages(client, open_call, language, heading):
    response = client.get(f"/{language}/calls/ka171-2023/ideas/")

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert "Kathelijne Smits" in response.content.decode()
    assert "Jesca Zweijtzer" in response.content.decode()


def test_call_page_of_an_unknown_call_is_404(client, open_call):
    assert client.get("/en/calls/ka171-2031/ideas/").status_code == 404


def test_call_round_page_still_answers(client, open_call):
    # The idea pages live below the call round's address and do not take it over.
    assert resolve("/en/calls/ka171-2023/").view_name == "public:call-round"
    assert client.get("/en/calls/ka171-2023/").status_code == 404  # no public project yet


def test_an_awarded_proposal_appears_on_its_call_rounds_page(client, idea, staff):
    project = services.turn_into_proposal(idea=idea, by=staff)
    assert client.get("/en/calls/ka171-2023/").status_code == 404  # a proposal is not public

    project.status = Project.Status.AWARDED
    project.save()
    page = client.get("/en/calls/ka171-2023/")

    assert page.status_code == 200
    assert project.title in page.content.decode()


def test_register_through_the_form_redirects_and_emails(client, open_call, observatory, nagasaki):
    response = client.post("/nl/calls/ka171-2023/ideas/", _form_data(observatory, nagasaki))

    assert response.status_code == 302
    assert response["Location"].startswith("/nl/calls/ka171-2023/ideas/sent/?idea=")
    idea = Idea.objects.get()
    assert idea.language == "nl"
    assert OutgoingEmail.objects.get().template == "idea_registered"


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_is_stored(
    client, open_call, observatory, nagasaki
):
    response = client.post(
        "/en/calls/ka171-2023/ideas/",
        _form_data(observatory, nagasaki, website="https://spam.example"),
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/en/calls/ka171-2023/ideas/sent/?idea=")
    assert Idea.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_too_many_ideas_from_one_network_are_refused_keeping_the_input(
    client, open_call, observatory, nagasaki, settings
):
    cache.clear()
    settings.PUBLIC_REGISTRATION_RATE_LIMIT = 1
    client.post("/en/calls/ka171-2023/ideas/", _form_data(observatory, nagasaki))

    response = client.post(
        "/en/calls/ka171-2023/ideas/",
        _form_data(observatory, nagasaki, email="second@example.org"),
    )

    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many ideas came from your network in a short time." in content
    assert 'value="second@example.org"' in content
    assert Idea.objects.count() == 1
    cache.clear()


def test_register_with_an_invalid_flow_shows_the_error_and_keeps_the_input(
    client, open_call, observatory, nagasaki
):
    response = client.post(
        "/en/calls/ka171-2023/ideas/",
        _form_data(observatory, nagasaki, **{"flows-0-people": "0"}),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in content
    assert 'value="Joint observing.' in content or "Joint observing.</textarea>" in content
    assert Idea.objects.count() == 0


def test_register_without_a_partner_says_so(client, open_call, observatory, nagasaki):
    response = client.post(
        "/en/calls/ka171-2023/ideas/", _form_data(observatory, nagasaki, partner="")
    )

    assert response.status_code == 200
    assert "Choose the partner institution from the list" in response.content.decode()
    assert Idea.objects.count() == 0


def test_register_after_the_deadline_keeps_what_was_typed(
    client, call_for_ideas, observatory, nagasaki
):
    response = client.post("/en/calls/ka171-2023/ideas/", _form_data(observatory, nagasaki))

    assert response.status_code == 409
    content = response.content.decode()
    assert "The internal deadline of this call has passed" in content
    assert 'value="Yazdanbakhsh"' in content
    assert Idea.objects.count() == 0


def test_live_cost_equals_grant_quote_for_the_same_flow(client, open_call, nagasaki):
    response = client.get(
        "/en/calls/ka171-2023/ideas/cost/",
        {
            "partner": nagasaki.pk,
            "flows-0-activity": "STA",
            "flows-0-direction": "outgoing",
            "flows-0-people": "2",
            "flows-0-duration_days": "7",
        },
    )
    out = StringIO()
    call_command(
        "grant_quote",
        call_year=2023,
        action="KA171",
        activity="STA",
        direction="outgoing",
        partner="Nagasaki University",
        start=datetime.date(2023, 9, 1),
        end=datetime.date(2023, 9, 7),
        stdout=out,
    )
    quote = json.loads(out.getvalue())

    content = response.content.decode()
    per_person = re.search(r'flow-per-person">([0-9.]+)<', content).group(1)
    total = re.search(r'flow-total">([0-9.]+)<', content).group(1)
    assert Decimal(per_person) == Decimal(quote["total"])
    assert Decimal(total) == Decimal(quote["total"]) * 2
    assert f"Distance to the partner: {quote['distance_km']} km." in content


def test_live_cost_names_the_rules_a_flow_breaks(client, open_call, leiden):
    response = client.get(
        "/en/calls/ka171-2023/ideas/cost/",
        {
            "new_partner_country": "DE",
            "flows-0-activity": "STA",
            "flows-0-direction": "outgoing",
            "flows-0-people": "1",
            "flows-0-duration_days": "3",
        },
    )

    content = response.content.decode()
    assert "Partner country rule of KA171" in content
    assert "Duration rule of" in content


def _idea_path(idea):
    return services.idea_url(idea).split("://", 1)[1].split("/", 1)[1]


def test_idea_link_confirms_the_address_and_shows_the_form(client, open_call, idea):
    Idea.objects.filter(pk=idea.pk).update(confirmed_at=None)

    response = client.get("/" + _idea_path(idea))

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    idea.refresh_from_db()
    assert idea.confirmed_at is not None
    assert OutgoingEmail.objects.get().template == "idea_confirmed"


def test_idea_link_saves_a_change_until_the_deadline(
    client, open_call, idea, observatory, nagasaki
):
    data = _form_data(observatory, nagasaki, research_field="Radio astronomy")
    data.pop("email")

    response = client.post("/" + _idea_path(idea), data)

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.research_field == "Radio astronomy"
    assert list(idea.flows.values("activity", "direction", "people", "duration_days")) == [
        TEACHING_FLOW
    ]


def test_idea_link_after_the_deadline_says_so_and_keeps_the_input(
    client, call_for_ideas, idea, observatory, nagasaki
):
    data = _form_data(observatory, nagasaki, research_field="Radio astronomy")

    response = client.post("/" + _idea_path(idea), data)

    assert response.status_code == 409
    assert 'value="Radio astronomy"' in response.content.decode()
    idea.refresh_from_db()
    assert idea.research_field == "Astronomy"


def test_forged_idea_link_is_404(client, idea):
    assert client.get("/en/ideas/not-a-token/").status_code == 404


def test_revoked_idea_link_offers_a_fresh_one(client, open_call, idea):
    path = "/" + _idea_path(idea)
    services.send_fresh_idea_link(idea=idea, now=timezone.now())

    response = client.get(path)

    assert response.status_code == 410
    assert "Send me a fresh link" in response.content.decode()


OFFICE_PAGES = ["/workspace/ideas/", "/workspace/ideas/calls/{call}/", "/workspace/ideas/{idea}/"]


@pytest.mark.parametrize("page", OFFICE_PAGES)
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("coordinator", 403), ("staff", 200)]
)
def test_office_pages_permission_matrix(client, idea, staff, coordinator, page, who, status):
    if who != "anonymous":
        client.force_login({"staff": staff, "coordinator": coordinator}[who])

    response = client.get(page.format(call=idea.call_for_ideas_id, idea=idea.pk))

    assert response.status_code == status


@pytest.mark.parametrize("action", ["change", "proposal"])
def test_office_actions_refused_to_coordinators(client, idea, coordinator, action):
    client.force_login(coordinator)

    response = client.post(f"/workspace/ideas/{idea.pk}/{action}/", {"status": "discussed"})

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NEW


def test_office_list_filters_by_unit_country_and_status(client, idea, staff, call_for_ideas):
    client.force_login(staff)
    other = Idea.objects.create(
        call_for_ideas=call_for_ideas,
        first_name="Jan",
        last_name="de Vries",
        email="jan@example.org",
        unit=idea.unit,
        new_partner_name="Universidad de Chile",
        new_partner_country="CL",
        new_partner_city="Santiago",
        research_field="Physics",
        rationale="-",
        status=Idea.Status.DISCUSSED,
    )
    url = f"/workspace/ideas/calls/{call_for_ideas.pk}/"

    by_country = client.get(url, {"country": "CL"}).context["ideas"]
    by_status = client.get(url, {"status": "new"}).context["ideas"]
    by_unit = client.get(url, {"unit": idea.unit_id}).context["ideas"]

    assert list(by_country) == [other]
    assert list(by_status) == [idea]
    assert set(by_unit) == {idea, other}


def test_office_turns_an_idea_into_a_proposal(client, idea, staff):
    client.force_login(staff)

    response = client.post(f"/workspace/ideas/{idea.pk}/proposal/")

    assert response.status_code == 302
    project = Project.objects.get()
    idea.refresh_from_db()
    assert idea.project == project
    assert project.history.get().history_user == staff
    page = client.get(f"/workspace/ideas/{idea.pk}/").content.decode()
    assert f"/workspace/projects/{project.pk}/" in page
    project_page = client.get(f"/workspace/projects/{project.pk}/").content.decode()
    assert f'<a href="/workspace/ideas/{idea.pk}/">Maria Yazdanbakhsh</a>' in project_page


def test_office_saves_status_and_notes_with_history(client, idea, staff):
    client.force_login(staff)

    response = client.post(
        f"/workspace/ideas/{idea.pk}/change/",
        {"status": "discussed", "notes": "Call Maria in March.", "partner": idea.partner_id},
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.notes) == ("discussed", "Call Maria in March.")
    assert idea.history.first().history_user == staff


def test_home_page_links_the_open_call_for_ideas(client, open_call):
    response = client.get("/en/")

    assert 'href="/en/calls/ka171-2023/ideas/"' in response.content.decode()


def test_home_page_does_not_link_a_closed_call_for_ideas(client, call_for_ideas):
    response = client.get("/en/")

    assert "/calls/ka171-2023/ideas/" not in response.content.decode()


def test_a_call_the_office_closed_says_so_on_the_academics_idea_page(client, open_call, idea):
    open_call.is_open_for_ideas = False
    open_call.save()

    page = client.get("/" + _idea_path(idea)).content.decode()
    refused = client.post("/" + _idea_path(idea), {"title": "Changed"})

    assert "The office has closed this call for ideas" in page
    assert refused.status_code == 409
    assert "The office has closed this call for ideas" in refused.content.decode()
