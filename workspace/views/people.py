from django.utils.translation import gettext_lazy

from projects import services
from projects.models import Person

from .. import filters, selectors
from ..exports import Column
from ..forms.people import PersonEditor
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
)


class PersonListView(WorkspaceListView):
    template_name = "workspace/person_list.html"
    section = "people"
    filterset_class = filters.PersonFilter
    export_basename = "coordinators"
    export_url_name = "workspace:person-export"
    export_columns = (
        Column(gettext_lazy("First name"), "first_name"),
        Column(gettext_lazy("Last name"), "last_name"),
        Column(gettext_lazy("Email"), "email"),
        Column(gettext_lazy("Phone"), "phone"),
        Column(gettext_lazy("Unit"), lambda p: p.unit.name if p.unit else ""),
        Column(gettext_lazy("Language"), "get_language_display"),
        Column(gettext_lazy("Projects led"), "led_count"),
        Column(gettext_lazy("Projects co-coordinated"), "co_count"),
        Column(gettext_lazy("Login"), lambda p: p.user.get_username() if p.user else ""),
    )

    def get_queryset(self):
        return selectors.person_list()


class PersonDetailView(WorkspaceDetailView):
    template_name = "workspace/person_detail.html"
    section = "people"
    permission_required = "projects.view_person"
    context_object_name = "person"

    def get_queryset(self):
        return selectors.person_detail(self.request.user)


class PersonEditorView(WorkspaceEditorView):
    section = "people"
    model = Person
    editor_class = PersonEditor
    detail_url_name = "workspace:person-detail"

    def save(self, editor: PersonEditor) -> Person:
        return services.save_person(person=editor.form.instance, by=self.request.user)


class PersonCreateView(PersonEditorView):
    permission_required = "projects.add_person"
    create_title = gettext_lazy("New person")


class PersonUpdateView(PersonEditorView):
    permission_required = "projects.change_person"


class PersonDeleteView(WorkspaceDeleteView):
    model = Person
    section = "people"
    permission_required = "projects.delete_person"
    success_url_name = "workspace:person-list"
    detail_url_name = "workspace:person-detail"

    def perform(self, obj):
        services.delete_person(person=obj, by=self.request.user)


class PersonHistoryView(WorkspaceHistoryView):
    model = Person
    section = "people"
    permission_required = "projects.view_person"
    detail_url_name = "workspace:person-detail"
