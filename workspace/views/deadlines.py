from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from accounts.redirects import redirect_to_next
from projects.deadlines import mark_deadline_done
from projects.models import Deadline

from .. import filters, selectors
from ..exports import Column
from .base import WorkspaceListView, WorkspaceObjectMixin


def _responsible(deadline) -> str:
    return "; ".join(person.full_name for person in deadline.responsible.all())


class DeadlineListView(WorkspaceListView):
    template_name = "workspace/deadline_list.html"
    section = "deadlines"
    filterset_class = filters.DeadlineFilter
    export_basename = "deadlines"
    export_url_name = "workspace:deadline-export"
    export_columns = (
        Column(gettext_lazy("Due"), "due_date"),
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Project"), "project.title"),
        Column(gettext_lazy("Responsible"), _responsible),
        Column(gettext_lazy("Done at"), "done_at"),
        Column(gettext_lazy("Done by"), lambda d: d.done_by.full_name if d.done_by else ""),
        Column(gettext_lazy("Notes"), "notes"),
    )

    def get_queryset(self):
        return selectors.deadline_list(self.request.user)


class DeadlineDoneView(WorkspaceObjectMixin, DetailView):
    """POST: mark a deadline done; its reminders stop. Back to where the button was."""

    model = Deadline
    permission_required = "projects.change_deadline"
    http_method_names = ["post"]

    def get_queryset(self):
        return Deadline.objects.select_related("project")

    def post(self, request, *args, **kwargs):
        deadline = mark_deadline_done(
            deadline=self.get_object(), by=getattr(request.user, "person", None)
        )
        messages.success(
            request, _("“%(title)s” is marked done.") % {"title": deadline.localized_title}
        )
        return redirect_to_next(request, fallback="workspace:deadline-list")
