from django.utils.translation import gettext_lazy

from mobility import services
from mobility.models import VirtualActivity

from .. import filters, selectors
from ..exports import Column
from ..forms.calls import VirtualActivityEditor
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
)


class VirtualActivityListView(WorkspaceListView):
    template_name = "workspace/virtual_activity_list.html"
    section = "office"
    filterset_class = filters.VirtualActivityFilter
    export_basename = "virtual-activities"
    export_url_name = "workspace:virtual-activity-export"
    export_columns = (
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Project"), "project.title"),
        Column(gettext_lazy("Start"), "start_date"),
        Column(gettext_lazy("End"), "end_date"),
        Column(gettext_lazy("Participants"), "participants"),
        Column(gettext_lazy("Description"), "description"),
    )

    def get_queryset(self):
        return selectors.virtual_activity_list()


class VirtualActivityDetailView(WorkspaceDetailView):
    template_name = "workspace/virtual_activity_detail.html"
    section = "office"
    permission_required = "mobility.view_virtualactivity"
    context_object_name = "activity"

    def get_queryset(self):
        return selectors.virtual_activity_list()


class VirtualActivityEditorView(WorkspaceEditorView):
    section = "office"
    model = VirtualActivity
    editor_class = VirtualActivityEditor
    detail_url_name = "workspace:virtual-activity-detail"
    create_title = gettext_lazy("New virtual activity")

    def save(self, editor: VirtualActivityEditor) -> VirtualActivity:
        return services.save_virtual_activity(
            virtual_activity=editor.form.instance, by=self.request.user
        )


class VirtualActivityCreateView(VirtualActivityEditorView):
    permission_required = "mobility.add_virtualactivity"


class VirtualActivityUpdateView(VirtualActivityEditorView):
    permission_required = "mobility.change_virtualactivity"


class VirtualActivityDeleteView(WorkspaceDeleteView):
    model = VirtualActivity
    section = "office"
    permission_required = "mobility.delete_virtualactivity"
    success_url_name = "workspace:virtual-activity-list"
    detail_url_name = "workspace:virtual-activity-detail"

    def perform(self, obj):
        services.delete_virtual_activity(virtual_activity=obj, by=self.request.user)


class VirtualActivityHistoryView(WorkspaceHistoryView):
    model = VirtualActivity
    section = "office"
    permission_required = "mobility.view_virtualactivity"
    detail_url_name = "workspace:virtual-activity-detail"
