"""Deleted items: what staff deleted, by whom and when, as it was; restoring one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from accounts.mixins import WorkspaceMixin
from mobility import history

from .. import restore

SHOWN = 100
# The page of each kind, by the name used in the URLs.
DETAIL_URL_NAMES = {
    "project": "workspace:project-detail",
    "institution": "workspace:institution-detail",
    "person": "workspace:person-detail",
    "mobility": "workspace:mobility-detail",
    "offer": "workspace:offer-detail",
    "call": "workspace:call-detail",
    "subject-area": "workspace:subject-area-detail",
    "virtual-activity": "workspace:virtual-activity-detail",
}
HISTORY_URL_NAMES = {
    kind: name.replace("-detail", "-history") for kind, name in DETAIL_URL_NAMES.items()
}


class DeletedItemsView(WorkspaceMixin, TemplateView):
    template_name = "workspace/deleted_list.html"
    section = "office"
    permission_required = "workspace.restore_deleted"

    def get_context_data(self, **kwargs):
        items = history.deleted_items(restore.RESTORABLE, limit=SHOWN)
        for item in items:
            item.history_url = reverse(HISTORY_URL_NAMES[item.kind], kwargs={"pk": item.pk})
            item.not_kept = restore.NOT_KEPT.get(restore.RESTORABLE[item.kind], "")
        kwargs["items"] = items
        kwargs["shown"] = SHOWN
        return super().get_context_data(**kwargs)


class RestoreView(WorkspaceMixin, View):
    http_method_names = ["post"]
    permission_required = "workspace.restore_deleted"

    def post(self, request, kind: str, history_id: int):
        model = restore.RESTORABLE.get(kind)
        if model is None:
            raise Http404
        record = get_object_or_404(model.history.model, history_id=history_id, history_type="-")
        try:
            obj = restore.restore_deleted(record=record)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("workspace:deleted-list")
        messages.success(request, _("“%(name)s” was restored.") % {"name": obj})
        return redirect(DETAIL_URL_NAMES[kind], pk=obj.pk)
