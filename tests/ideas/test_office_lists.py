"""The office's lists of calls for ideas and of a call's ideas use the workspace's list tools:
search, filters, sorting and paging by 25, kept in the query string."""

import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from ideas.models import Idea
from ideas.services import open_call_for_ideas
from projects.models import Call
from tests.factories import CallFactory, InstitutionFactory, OrganisationalUnitFactory

pytestmark = pytest.mark.django_db


def _ideas_url(call_for_ideas):
    return f"/workspace/ideas/calls/{call_for_ideas.pk}/"


def _first_cells(response) -> list[str]:
    """The first cell of each row of the list's table, as the page shows it."""
    page = lxml.html.fromstring(response.content.decode())
    return [
        " ".join(row.xpath("td[1]")[0].text_content().split())
        for row in page.xpath("//table//tbody/tr")
    ]


def _add_idea(call_for_ideas, unit, last_name, **fields):
    return Idea.objects.create(
        call_for_ideas=call_for_ideas,
        first_name="Ada",
        last_name=last_name,
        email=f"{last_name.lower().replace(' ', '.')}@example.org",
        unit=unit,
        research_field=fields.pop("research_field", "Astronomy"),
        rationale="-",
        confirmed_at=datetime.datetime(2023, 1, 2, tzinfo=ZoneInfo("UTC")),
        **fields,
    )


@pytest.fixture
def several_ideas(call_for_ideas, observatory, leiden, nagasaki, idea):
    """Maria's idea (observatory, Japan, new) and four more."""
    lumc = OrganisationalUnitFactory(institution=leiden, name="Leiden University Medical Center")
    _add_idea(call_for_ideas, lumc, "Bakker", partner=nagasaki, status=Idea.Status.DISCUSSED)
    _add_idea(
        call_for_ideas,
        observatory,
        "Jansen",
        new_partner_name="Universidad de Chile",
        new_partner_country="CL",
        new_partner_city="Santiago",
        status=Idea.Status.DISCUSSED,
    )
    _add_idea(
        call_for_ideas,
        lumc,
        "Visser",
        partner=InstitutionFactory(name="Universidad de Chile", country="CL", city="Santiago"),
        research_field="Tropical medicine",
    )
    _add_idea(call_for_ideas, observatory, "Smit", partner=nagasaki, status=Idea.Status.DISCUSSED)
    return lumc


def test_the_ideas_filter_by_unit_and_status_in_the_query_string(
    client, staff, call_for_ideas, several_ideas, observatory
):
    client.force_login(staff)

    response = client.get(
        _ideas_url(call_for_ideas),
        {"unit": observatory.pk, "status": "discussed", "sort": "academic"},
    )

    assert response.status_code == 200
    assert _first_cells(response) == ["Ada Jansen", "Ada Smit"]
    assert "2 results" in response.content.decode()


def test_the_ideas_filter_by_country_whether_the_partner_is_on_record_or_new(
    client, staff, call_for_ideas, several_ideas
):
    client.force_login(staff)

    response = client.get(_ideas_url(call_for_ideas), {"country": "CL", "sort": "academic"})

    assert _first_cells(response) == ["Ada Jansen", "Ada Visser"]


def test_the_ideas_search_matches_every_word_in_names_partners_and_fields(
    client, staff, call_for_ideas, several_ideas
):
    client.force_login(staff)

    by_partner = client.get(_ideas_url(call_for_ideas), {"q": "chile", "sort": "-academic"})
    by_two_words = client.get(_ideas_url(call_for_ideas), {"q": "tropical visser"})
    by_name = client.get(_ideas_url(call_for_ideas), {"q": "yazdanbakhsh"})

    assert _first_cells(by_partner) == ["Ada Visser", "Ada Jansen"]
    assert _first_cells(by_two_words) == ["Ada Visser"]
    assert _first_cells(by_name) == ["Maria Yazdanbakhsh"]


def test_the_ideas_page_by_25_and_the_page_links_keep_search_and_sort(
    client, staff, call_for_ideas, observatory, nagasaki
):
    for number in range(27):
        _add_idea(call_for_ideas, observatory, f"Number {number:02}", partner=nagasaki)
    client.force_login(staff)

    first = client.get(_ideas_url(call_for_ideas), {"q": "number", "sort": "academic"})
    second = client.get(_ideas_url(call_for_ideas), {"q": "number", "sort": "academic", "page": 2})

    assert len(_first_cells(first)) == 25
    assert _first_cells(first)[:2] == ["Ada Number 00", "Ada Number 01"]
    assert _first_cells(second) == ["Ada Number 25", "Ada Number 26"]
    assert "Page 2 of 2" in second.content.decode()
    assert 'href="?q=number&amp;sort=academic&amp;page=2"' in first.content.decode()


def test_an_unknown_status_is_ignored_with_a_message_and_the_other_filters_apply(
    client, staff, call_for_ideas, several_ideas
):
    client.force_login(staff)

    response = client.get(
        _ideas_url(call_for_ideas), {"status": "bogus", "country": "CL", "sort": "academic"}
    )

    assert _first_cells(response) == ["Ada Jansen", "Ada Visser"]
    assert [str(message) for message in response.context["messages"]] == [
        "Status “bogus” was ignored: Select a valid choice. bogus is not one of the available "
        "choices."
    ]


def test_the_unit_and_country_filters_offer_what_the_calls_ideas_have(
    client, staff, call_for_ideas, several_ideas
):
    client.force_login(staff)

    form = client.get(_ideas_url(call_for_ideas)).context["filter"].form

    assert [label for _value, label in form.fields["unit"].choices] == [
        "Any",
        "Leiden Observatory",
        "Leiden University Medical Center",
    ]
    assert list(form.fields["country"].choices) == [
        ("", "Any"),
        ("CL", "Chile"),
        ("JP", "Japan"),
    ]


@pytest.fixture
def three_calls(call_for_ideas):
    """The open 2023 KA171 call of the fixtures, a closed 2022 and an open 2024 one."""
    for year, is_open in ((2022, False), (2024, True)):
        call = CallFactory(
            year=year,
            action=Call.Action.KA171,
            deadline=datetime.datetime(year, 2, 23, 12, 0, tzinfo=ZoneInfo("Europe/Brussels")),
            internal_deadline=None,
        )
        opened = open_call_for_ideas(
            call=call,
            internal_deadline=datetime.datetime(year, 1, 15, 12, 0, tzinfo=ZoneInfo("UTC")),
            contacts=[],
        )
        if not is_open:
            type(opened).objects.filter(pk=opened.pk).update(is_open_for_ideas=False)


def test_the_calls_for_ideas_filter_and_sort(client, staff, three_calls):
    client.force_login(staff)

    newest_first = client.get("/workspace/ideas/")
    open_by_year = client.get("/workspace/ideas/", {"is_open_for_ideas": "true", "sort": "call"})
    closed = client.get("/workspace/ideas/", {"is_open_for_ideas": "false"})

    assert _first_cells(newest_first) == ["KA171 2024", "KA171 2023", "KA171 2022"]
    assert _first_cells(open_by_year) == ["KA171 2023", "KA171 2024"]
    assert _first_cells(closed) == ["KA171 2022"]
