from django.utils.translation import gettext_lazy

from projects import services
from projects.models import SubjectArea

from .. import filters, selectors
from ..exports import Column
from ..forms.calls import SubjectAreaEditor
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
)


class SubjectAreaListView(WorkspaceListView):
    template_name = "workspace/subject_area_list.html"
    section = "office"
    filterset_class = filters.SubjectAreaFilter
    export_basename = "research-fields"
    export_url_name = "workspace:subject-area-export"
    export_columns = (
        Column(gettext_lazy("Name (English)"), "name"),
        Column(gettext_lazy("Name (Dutch)"), "name_nl"),
        Column(gettext_lazy("Projects"), "project_count"),
        Column(gettext_lazy("Offers"), "offer_count"),
    )

    def get_queryset(self):
        return selectors.subject_area_list()


class SubjectAreaDetailView(WorkspaceDetailView):
    template_name = "workspace/subject_area_detail.html"
    section = "office"
    permission_required = "projects.view_subjectarea"
    context_object_name = "subject_area"

    def get_queryset(self):
        return selectors.subject_area_detail()


class SubjectAreaEditorView(WorkspaceEditorView):
    section = "office"
    model = SubjectArea
    editor_class = SubjectAreaEditor
    detail_url_name = "workspace:subject-area-detail"
    create_title = gettext_lazy("New research field")

    def save(self, editor: SubjectAreaEditor) -> SubjectArea:
        return services.save_subject_area(subject_area=editor.form.instance, by=self.request.user)


class SubjectAreaCreateView(SubjectAreaEditorView):
    permission_required = "projects.add_subjectarea"


class SubjectAreaUpdateView(SubjectAreaEditorView):
    permission_required = "projects.change_subjectarea"


class SubjectAreaDeleteView(WorkspaceDeleteView):
    model = SubjectArea
    section = "office"
    permission_required = "projects.delete_subjectarea"
    success_url_name = "workspace:subject-area-list"
    detail_url_name = "workspace:subject-area-detail"

    def perform(self, obj):
        services.delete_subject_area(subject_area=obj, by=self.request.user)


class SubjectAreaHistoryView(WorkspaceHistoryView):
    model = SubjectArea
    section = "office"
    permission_required = "projects.view_subjectarea"
    detail_url_name = "workspace:subject-area-detail"
