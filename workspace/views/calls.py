from django.utils.translation import gettext_lazy

from projects import services
from projects.models import Call

from .. import filters, selectors
from ..exports import Column
from ..forms.calls import CallEditor
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
)


class CallListView(WorkspaceListView):
    template_name = "workspace/call_list.html"
    section = "office"
    filterset_class = filters.CallFilter
    export_basename = "calls"
    export_url_name = "workspace:call-export"
    export_columns = (
        Column(gettext_lazy("Year"), "year"),
        Column(gettext_lazy("Key action"), "action"),
        Column(gettext_lazy("Call deadline"), "deadline"),
        Column(gettext_lazy("Internal deadline"), "internal_deadline"),
        Column(gettext_lazy("Results announcement"), "results_summary"),
        Column(gettext_lazy("Projects"), "project_count"),
    )

    def get_queryset(self):
        return selectors.call_list()


class CallDetailView(WorkspaceDetailView):
    template_name = "workspace/call_detail.html"
    section = "office"
    permission_required = "projects.view_call"
    context_object_name = "call"

    def get_queryset(self):
        return selectors.call_detail()


class CallEditorView(WorkspaceEditorView):
    section = "office"
    model = Call
    editor_class = CallEditor
    detail_url_name = "workspace:call-detail"
    create_title = gettext_lazy("New call")

    def save(self, editor: CallEditor) -> Call:
        return services.save_call(call=editor.form.instance, by=self.request.user)


class CallCreateView(CallEditorView):
    permission_required = "projects.add_call"


class CallUpdateView(CallEditorView):
    permission_required = "projects.change_call"


class CallDeleteView(WorkspaceDeleteView):
    model = Call
    section = "office"
    permission_required = "projects.delete_call"
    success_url_name = "workspace:call-list"
    detail_url_name = "workspace:call-detail"

    def perform(self, obj):
        services.delete_call(call=obj, by=self.request.user)


class CallHistoryView(WorkspaceHistoryView):
    model = Call
    section = "office"
    permission_required = "projects.view_call"
    detail_url_name = "workspace:call-detail"
