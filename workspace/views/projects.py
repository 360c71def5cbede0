from django.utils.translation import gettext_lazy

from mobility import history
from projects import services
from projects.models import Project

from .. import filters, selectors
from ..exports import Column
from ..forms.base import row_changes
from ..forms.projects import ProjectEditor, merge_concurrent_changes
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
)

RECENT_CHANGES = 5


def _partner_names(project) -> str:
    return "; ".join(pp.institution.name for pp in project.project_partners.all())


class ProjectListView(WorkspaceListView):
    template_name = "workspace/project_list.html"
    section = "projects"
    filterset_class = filters.ProjectFilter
    export_basename = "projects"
    export_url_name = "workspace:project-export"
    export_columns = (
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Call"), "call"),
        Column(gettext_lazy("Grant agreement"), "grant_agreement_number"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Type of mobility"), "get_mobility_type_display"),
        Column(gettext_lazy("Home unit"), "home_unit.name"),
        Column(gettext_lazy("Coordinator"), "lead_coordinator.full_name"),
        Column(gettext_lazy("Coordinator email"), "lead_coordinator.email"),
        Column(
            gettext_lazy("Co-coordinators"),
            lambda p: "; ".join(c.full_name for c in p.co_coordinators.all()),
        ),
        Column(gettext_lazy("Partners"), _partner_names),
        Column(gettext_lazy("Start"), "start_date"),
        Column(gettext_lazy("End"), "end_date"),
        Column(gettext_lazy("Awarded budget (EUR)"), "awarded_budget"),
        Column(gettext_lazy("Mobilities"), "mobility_count"),
    )

    def get_queryset(self):
        if "export_format" in self.kwargs:
            return selectors.project_export()
        return selectors.project_list()


class ProjectDetailView(WorkspaceDetailView):
    template_name = "workspace/project_detail.html"
    section = "projects"
    permission_required = "projects.view_project"
    context_object_name = "project"

    def get_queryset(self):
        return selectors.project_detail()

    def get_context_data(self, **kwargs):
        project = self.object
        kwargs["totals"] = selectors.grant_totals(project)
        kwargs.update(selectors.project_page_rows(project, user=self.request.user))
        kwargs["recent_changes"] = history.entries(
            selectors.project_history(project, user=self.request.user), limit=RECENT_CHANGES
        )
        return super().get_context_data(**kwargs)


class ProjectEditorView(WorkspaceEditorView):
    """Create or edit a project with its partners, grant lines and deadlines on one page."""

    template_name = "workspace/project_form.html"
    section = "projects"
    model = Project
    editor_class = ProjectEditor
    detail_url_name = "workspace:project-detail"

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except services.EditConflict as conflict:
            return self.conflict(conflict)

    def save(self, editor: ProjectEditor) -> Project:
        cleaned = editor.form.cleaned_data
        return services.save_project(
            project=editor.form.instance,
            co_coordinators=cleaned["co_coordinators"],
            subject_areas=cleaned["subject_areas"],
            partners=row_changes(editor.partners),
            grant_lines=row_changes(editor.grant_lines),
            deadlines=row_changes(editor.deadlines),
            by=self.request.user,
            based_on_version=cleaned.get("version"),
        )

    def conflict(self, conflict: services.EditConflict):
        """Show what the other person saved, folded into the user's form where the user had
        left those fields alone. The form now carries the stored version: saving it again
        is a choice made knowing what changed."""
        changes = history.changes_since(conflict.project, version=conflict.based_on_version)
        started = history.record_at(conflict.project, version=conflict.based_on_version)
        data, both_changed = merge_concurrent_changes(
            self.request.POST,
            base_values=history.recorded_values(started) if started else {},
            current=conflict.project,
            theirs={change.name for change in changes.changes} if changes else set(),
        )
        if changes:
            for change in changes.changes:
                change.also_yours = change.name in both_changed
        editor = self.get_editor(data=data)
        editor.is_valid()
        context = self.get_context_data(editor=editor, conflict=changes)
        return self.render_to_response(context, status=409)


class ProjectCreateView(ProjectEditorView):
    permission_required = "projects.add_project"
    create_title = gettext_lazy("New project")


class ProjectUpdateView(ProjectEditorView):
    permission_required = "projects.change_project"


class ProjectDeleteView(WorkspaceDeleteView):
    model = Project
    section = "projects"
    permission_required = "projects.delete_project"
    success_url_name = "workspace:project-list"
    detail_url_name = "workspace:project-detail"

    def perform(self, obj):
        services.delete_project(project=obj, by=self.request.user)


class ProjectHistoryView(WorkspaceHistoryView):
    model = Project
    section = "projects"
    permission_required = "projects.view_project"
    detail_url_name = "workspace:project-detail"

    def get_history_records(self):
        return selectors.project_history(self.object, user=self.request.user)
