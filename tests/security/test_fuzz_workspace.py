"""Hostile input to the workspace's editors and list filters, as staff: never a server error,
a refused form writes nothing, a saved one only rows that pass their own rules."""

from urllib.parse import urlencode

import pytest
from django import forms
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.workspace.conftest import coordinator_a, staff_user, world_a  # noqa: F401
from tests.workspace.helpers import editor_data
from workspace import filters
from workspace.forms.mobility import ExchangeOfferEditor, MobilityEditor
from workspace.forms.partners import InstitutionEditor
from workspace.forms.people import PersonEditor
from workspace.forms.projects import ProjectEditor

from .fuzz import FUZZ_SETTINGS, Writes, assert_rows_are_valid, example, tampered, values

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
EXAMPLES_PER_EDITOR = 50
LIST_FILTERS = {
    "project": filters.ProjectFilter,
    "institution": filters.InstitutionFilter,
    "person": filters.PersonFilter,
    "mobility": filters.MobilityFilter,
    "deadline": filters.DeadlineFilter,
    "offer": filters.ExchangeOfferFilter,
}


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


@settings(FUZZ_SETTINGS, max_examples=100)
@given(
    kind=st.sampled_from(sorted(LIST_FILTERS)),
    export=st.sampled_from(["", "csv"]),
    parameters=st.data(),
)
def test_workspace_lists_take_any_filter_values(
    staff_client,
    world_a,  # noqa: F811
    kind,
    export,
    parameters,
):
    names = sorted({*LIST_FILTERS[kind].base_filters, "o", "page", "per_page"})
    query = parameters.draw(st.dictionaries(st.sampled_from(names), values, max_size=4))
    if export:
        url = reverse(f"workspace:{kind}-export", kwargs={"export_format": export})
    else:
        url = reverse(f"workspace:{kind}-list")
    with example("workspace list filters"):
        writes = Writes()

        response = staff_client.get(url, query)

        event(f"HTTP {response.status_code}")
        assert response.status_code in {200, 404}
        assert writes.models() == set()
