import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.rules import STAFF_GROUP
from ideas.models import Idea, IdeaFlow
from ideas.services import open_call_for_ideas
from tests.factories import CallFactory, InstitutionFactory, UserFactory


def _add_ideas(call_for_ideas, unit, count):
    for number in range(count):
        idea = Idea.objects.create(
            call_for_ideas=call_for_ideas,
            first_name="Academic",
            last_name=f"Number {number}",
            email=f"academic{number}@example.org",
            unit=unit,
            partner=InstitutionFactory(),
            research_field="Astronomy",
            rationale="-",
        )
        IdeaFlow.objects.create(
            idea=idea, activity="STA", direction="outgoing", people=1, duration_days=5
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("filters", ["", "?status=new&country=JP"])
def test_office_idea_list_query_count_does_not_grow_with_the_ideas(
    client, call_for_ideas, observatory, filters
):
    user = UserFactory(username="office")
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    client.force_login(user)
    url = f"/workspace/ideas/calls/{call_for_ideas.pk}/{filters}"
    _add_ideas(call_for_ideas, observatory, 2)
    few = _queries(client, url)

    _add_ideas(call_for_ideas, observatory, 7)
    many = _queries(client, url)

    assert many == few


def _add_calls_for_ideas(first_year, count):
    for year in range(first_year, first_year + count):
        call = CallFactory(year=year, action="KA171", internal_deadline=None)
        open_call_for_ideas(
            call=call,
            internal_deadline=datetime.datetime(year, 1, 15, 12, 0, tzinfo=datetime.UTC),
            contacts=[],
        )


@pytest.mark.parametrize("filters", ["", "?is_open_for_ideas=true&sort=-ideas"])
def test_office_calls_for_ideas_list_query_count_does_not_grow_with_the_calls(
    client, staff, filters
):
    client.force_login(staff)
    url = f"/workspace/ideas/{filters}"
    _add_calls_for_ideas(2030, 2)
    few = _queries(client, url)

    _add_calls_for_ideas(2040, 7)
    many = _queries(client, url)

    assert many == few
