"""Hostile input to the workspace's editors and list filters, as staff: never a server error,
a refused form writes nothing, a saved one only rows that pass their own rules; every filter
and the sort and page of every list, shown and exported, answer with the list."""

from urllib.parse import urlencode

import pytest
from django import forms
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from reminders.filters import ReminderFilter
from reminders.views import StaffReminderListView
from tests.workspace.conftest import coordinator_a, staff_user, world_a  # noqa: F401
from tests.workspace.helpers import editor_data
from workspace import urls as workspace_urls
from workspace.forms.mobility import ExchangeOfferEditor, MobilityEditor
from workspace.forms.partners import InstitutionEditor
from workspace.forms.people import PersonEditor
from workspace.forms.projects import ProjectEditor
from workspace.views.base import WorkspaceListView

from .fuzz import FUZZ_SETTINGS, Writes, assert_rows_are_valid, example, tampered, values

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
EXAMPLES_PER_EDITOR = 50
EXAMPLES_PER_LIST_PARAMETER = 12
EXPORT_FORMATS = ["", "csv", "xlsx"]
# Numbers at the edges of what a year, a date, a 32-bit and a 64-bit integer can hold.
EDGE_NUMBERS = [
    "0",
    "-1",
    "10000",
    "1e10",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1.5",
]


def workspace_lists() -> dict[str, list[str]]:
    """Every list of the workspace (the stem of its URL names) and the query parameters it
    reads: its filters, its sort and its page."""
    lists = {}
    for pattern in workspace_urls.urlpatterns:
        view = getattr(pattern.callback, "view_class", None)
        if (
            view is not None
            and issubclass(view, WorkspaceListView)
            and pattern.name.endswith("-list")
        ):
            lists[pattern.name.removesuffix("-list")] = sorted(
                {*view.filterset_class.base_filters, view.page_kwarg}
            )
    return lists


LISTS = workspace_lists()
# Staff lists of other apps in the workspace (no export): URL name and parameters read.
OTHER_LISTS = {
    "reminders:staff-list": sorted(
        {*ReminderFilter.base_filters, StaffReminderListView.page_kwarg}
    ),
}
ALL_LISTS = {**LISTS, **OTHER_LISTS}
LIST_PARAMETERS = [(kind, name) for kind, names in sorted(ALL_LISTS.items()) for name in names]


def free_text_fields(editor) -> list[str]:
    """The inputs where people type text, in the form and the stored rows of its formsets (text
    in an empty extra row would make it a new row missing its other fields)."""
    stored = [editor.form, *(form for formset in editor.formsets for form in formset.initial_forms)]
    return [
        bound.html_name
        for form in stored
        for bound in form
        if isinstance(bound.field, forms.CharField)
        and not isinstance(bound.field, forms.SlugField)
        and not bound.field.widget.is_hidden
    ]


def editor_case(kind: str, world) -> tuple[str, dict, list[str]]:
    """(URL, a valid submission, its free-text inputs) of one workspace editor."""
    project, offer = world.project, world.offer
    if kind == "project":
        editor = ProjectEditor(instance=project)
        url = reverse("workspace:project-update", args=[project.pk])
        data = editor_data(editor)
    elif kind == "institution":
        editor = InstitutionEditor(instance=world.partner)
        url = reverse("workspace:institution-update", args=[world.partner.pk])
        data = editor_data(editor)
    elif kind == "person":
        editor = PersonEditor(instance=project.lead_coordinator)
        url = reverse("workspace:person-create")
        data = editor_data(editor, email="another.person@example.org", user="")
    elif kind == "mobility":
        editor = MobilityEditor(instance=world.mobility, project=project)
        url = reverse("workspace:mobility-update", args=[world.mobility.pk])
        data = editor_data(editor)
    else:
        editor = ExchangeOfferEditor(instance=offer)
        url = reverse("workspace:offer-create")
        data = editor_data(editor, title="Another offer", slug="")
    as_posted = {
        k: [str(v) for v in value] if isinstance(value, list) else str(value)
        for k, value in data.items()
    }
    return url, as_posted, free_text_fields(editor)


@pytest.fixture
def staff_client(client, staff_user):  # noqa: F811
    client.force_login(staff_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("kind", ["project", "institution", "person", "mobility", "offer"])
@settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_EDITOR)
@given(pick=st.data())
def test_workspace_editors_take_any_input_without_error_or_invalid_rows(
    staff_client,
    world_a,  # noqa: F811
    kind,
    pick,
):
    url, baseline, free_text = editor_case(kind, world_a)
    data = pick.draw(tampered(baseline, free_text=free_text), label="data")
    with example(f"workspace {kind} editor"):
        writes = Writes()

        response = staff_client.post(url, urlencode(data, doseq=True), content_type=FORM)

        event(f"{kind}: HTTP {response.status_code}")
        if response.status_code == 302:
            assert_rows_are_valid(writes.portal_models())
        else:
            # Refused (200), or a conflict with someone else's save (409): nothing written.
            assert response.status_code in {200, 409}
            assert writes.models() == set()


def list_url(kind: str, export: str) -> str:
    if kind in OTHER_LISTS:
        return reverse(kind)
    if export:
        return reverse(f"workspace:{kind}-export", kwargs={"export_format": export})
    return reverse(f"workspace:{kind}-list")


def export_formats(kind: str) -> list[str]:
    return [""] if kind in OTHER_LISTS else EXPORT_FORMATS


@pytest.mark.parametrize(("kind", "parameter"), LIST_PARAMETERS)
@settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_LIST_PARAMETER)
@given(pick=st.data())
def test_workspace_list_parameter_takes_any_value(
    staff_client,
    world_a,  # noqa: F811
    kind,
    parameter,
    pick,
):
    export = pick.draw(st.sampled_from(export_formats(kind)), label="export")
    query = pick.draw(
        st.dictionaries(st.sampled_from(ALL_LISTS[kind]), values, max_size=2), label="others"
    )
    query[parameter] = pick.draw(st.one_of(st.sampled_from(EDGE_NUMBERS), values), label="value")
    with example("workspace list filters"):
        writes = Writes()

        response = staff_client.get(list_url(kind, export), query)

        event(f"{kind}: HTTP {response.status_code}")
        assert response.status_code == 200
        assert writes.models() == set()


@pytest.mark.parametrize("kind", sorted(ALL_LISTS))
def test_workspace_list_parameters_take_numbers_at_the_edges(
    staff_client,
    world_a,  # noqa: F811
    kind,
):
    answers = {
        (parameter, number, export): staff_client.get(
            list_url(kind, export), {parameter: number}
        ).status_code
        for parameter in ALL_LISTS[kind]
        for number in EDGE_NUMBERS
        for export in export_formats(kind)
    }

    assert {key: status for key, status in answers.items() if status != 200} == {}
