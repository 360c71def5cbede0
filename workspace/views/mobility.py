from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from mobility import services
from mobility.models import Mobility
from projects.models import Project

from .. import filters, selectors
from ..exports import Column
from ..forms.mobility import MobilityEditor
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
)


class MobilityListView(WorkspaceListView):
    template_name = "workspace/mobility_list.html"
    section = "mobilities"
    filterset_class = filters.MobilityFilter
    export_basename = "mobilities"
    export_url_name = "workspace:mobility-export"
    export_columns = (
        Column(gettext_lazy("Project"), "project.title"),
        Column(gettext_lazy("Grant agreement"), "project.grant_agreement_number"),
        Column(gettext_lazy("First name"), "first_name"),
        Column(gettext_lazy("Last name"), "last_name"),
        Column(gettext_lazy("Email"), "email"),
        Column(gettext_lazy("Level"), "get_level_display"),
        Column(gettext_lazy("Activity"), "activity"),
        Column(gettext_lazy("Direction"), "get_direction_display"),
        Column(gettext_lazy("Partner"), "partner.name"),
        Column(gettext_lazy("Partner country"), "partner.country.name"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Planned start"), "planned_start"),
        Column(gettext_lazy("Planned end"), "planned_end"),
        Column(gettext_lazy("Actual start"), "actual_start"),
        Column(gettext_lazy("Actual end"), "actual_end"),
        Column(gettext_lazy("Individual support (EUR)"), "individual_support"),
        Column(gettext_lazy("Travel support (EUR)"), "travel_support"),
        Column(gettext_lazy("Grant (EUR)"), "grant_total"),
    )

    def get_queryset(self):
        return selectors.mobility_list(self.request.user)

    def get_context_data(self, **kwargs):
        kwargs["not_shown_count"] = selectors.mobility_count_not_shown_to(self.request.user)
        return super().get_context_data(**kwargs)


class MobilityDetailView(WorkspaceDetailView):
    template_name = "workspace/mobility_detail.html"
    section = "mobilities"
    permission_required = "mobility.view_mobility"
    context_object_name = "mobility"

    def get_queryset(self):
        return selectors.mobility_detail()


class MobilityEditorView(WorkspaceEditorView):
    section = "mobilities"
    model = Mobility
    editor_class = MobilityEditor
    detail_url_name = "workspace:mobility-detail"

    def get_project(self) -> Project:
        instance = self.get_instance()
        if instance is not None:
            return instance.project
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(Project, pk=self.kwargs["project_pk"])
        return self._project

    def get_editor_kwargs(self) -> dict:
        return {**super().get_editor_kwargs(), "project": self.get_project()}

    def get_context_data(self, **kwargs):
        kwargs["project"] = self.get_project()
        return super().get_context_data(**kwargs)

    def save(self, editor: MobilityEditor) -> Mobility:
        return services.save_mobility(mobility=editor.form.instance, by=self.request.user)


class MobilityCreateView(MobilityEditorView):
    """A new mobility under a project: coordinators may add them to their own projects."""

    permission_required = "mobility.add_mobility"
    create_title = gettext_lazy("New mobility")

    def get_permission_object(self):
        return self.get_project()


class MobilityUpdateView(MobilityEditorView):
    permission_required = "mobility.change_mobility"


class MobilityDeleteView(WorkspaceDeleteView):
    model = Mobility
    section = "mobilities"
    permission_required = "mobility.delete_mobility"
    success_url_name = "workspace:mobility-list"
    detail_url_name = "workspace:mobility-detail"

    def get_queryset(self):
        return Mobility.objects.select_related("project", "partner")

    def perform(self, obj):
        services.delete_mobility(mobility=obj, by=self.request.user)


class MobilityHistoryView(WorkspaceHistoryView):
    model = Mobility
    section = "mobilities"
    permission_required = "mobility.view_mobility"
    detail_url_name = "workspace:mobility-detail"
