from django.utils.translation import gettext_lazy

from mobility import services as mobility_services
from partners import services
from partners.models import Institution

from .. import filters, selectors
from ..exports import Column
from ..forms.partners import InstitutionEditor
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
)


class InstitutionListView(WorkspaceListView):
    template_name = "workspace/institution_list.html"
    section = "partners"
    filterset_class = filters.InstitutionFilter
    export_basename = "institutions"
    export_url_name = "workspace:institution-export"
    export_columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Name in its own language"), "name_local"),
        Column(gettext_lazy("Country"), "country.name"),
        Column(gettext_lazy("City"), "city"),
        Column(gettext_lazy("Latitude"), "latitude"),
        Column(gettext_lazy("Longitude"), "longitude"),
        Column(gettext_lazy("Website"), "website"),
        Column(gettext_lazy("SCHAC code"), "schac_code"),
        Column(gettext_lazy("Erasmus code"), "erasmus_code"),
        Column(gettext_lazy("PIC"), "pic"),
        Column(gettext_lazy("OID"), "oid"),
        Column(gettext_lazy("Projects"), "project_count"),
        Column(gettext_lazy("Mobilities"), "mobility_count"),
    )

    def get_queryset(self):
        return selectors.institution_list()


class InstitutionDetailView(WorkspaceDetailView):
    template_name = "workspace/institution_detail.html"
    section = "partners"
    permission_required = "partners.view_institution"
    context_object_name = "institution"

    def get_queryset(self):
        return selectors.institution_detail()


class InstitutionEditorView(WorkspaceEditorView):
    section = "partners"
    model = Institution
    editor_class = InstitutionEditor
    detail_url_name = "workspace:institution-detail"

    def save(self, editor: InstitutionEditor) -> Institution:
        # Through mobility: a partner that moved has its mobilities' grants recalculated.
        return mobility_services.save_institution(
            form=editor.form, contacts=editor.contacts, units=editor.units, by=self.request.user
        )


class InstitutionCreateView(InstitutionEditorView):
    permission_required = "partners.add_institution"
    create_title = gettext_lazy("New institution")


class InstitutionUpdateView(InstitutionEditorView):
    permission_required = "partners.change_institution"


class InstitutionDeleteView(WorkspaceDeleteView):
    model = Institution
    section = "partners"
    permission_required = "partners.delete_institution"
    success_url_name = "workspace:institution-list"
    detail_url_name = "workspace:institution-detail"

    def perform(self, obj):
        services.delete_institution(institution=obj, by=self.request.user)


class InstitutionHistoryView(WorkspaceHistoryView):
    model = Institution
    section = "partners"
    permission_required = "partners.view_institution"
    detail_url_name = "workspace:institution-detail"
