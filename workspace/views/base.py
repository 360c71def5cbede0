"""What every workspace page shares: access rules, lists with export, forms, deletion, history.

Access (accounts.mixins.WorkspaceMixin) is decided in this order, for every view: anonymous
visitors go to the login page; users without a workspace role get 403; a missing object
gives 404; then the view's own permission is checked on its object (403).
"""

from collections import defaultdict
from collections.abc import Sequence

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from accounts.mixins import WorkspaceMixin
from mobility import history
from ops.lists import FilteredListView

from .. import exports
from ..forms.base import apply_field_permissions, save_atomically


class WorkspaceObjectMixin(WorkspaceMixin):
    """A view about one object, loaded once (404 if missing) and used for the permission.

    `detail_url_name` names the object's page, offered as `detail_url` to the template.
    """

    detail_url_name = ""

    def get_context_data(self, **kwargs):
        if self.detail_url_name:
            kwargs["detail_url"] = reverse(self.detail_url_name, kwargs={"pk": self.object.pk})
        return super().get_context_data(**kwargs)

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object

    def get_permission_object(self):
        return self.get_object()


class WorkspaceDetailView(WorkspaceObjectMixin, DetailView):
    """An object's page."""


class WorkspaceListView(WorkspaceMixin, FilteredListView):
    """A searchable, filterable, sortable, paginated list (ops.lists) that exports what it
    shows.

    Called with an `export_format` URL argument, it answers with the whole filtered list as a
    file instead of a page, using `export_columns`: the same rows in the same order as the
    list, all of them when nothing is filtered.
    """

    export_columns: Sequence[exports.Column] = ()
    export_basename = ""
    export_url_name = ""

    def get(self, request, *args, **kwargs):
        export_format = kwargs.get("export_format")
        if export_format is None:
            return super().get(request, *args, **kwargs)
        return exports.export_response(
            rows=self.get_filterset(self.get_filterset_class()).qs,
            columns=self.export_columns,
            basename=self.export_basename,
            export_format=export_format,
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        encoded = query.urlencode()
        kwargs["export_links"] = [
            (
                label,
                reverse(self.export_url_name, kwargs={"export_format": export_format})
                + (f"?{encoded}" if encoded else ""),
            )
            for export_format, label in ((exports.CSV, "CSV"), (exports.XLSX, "Excel (XLSX)"))
        ]
        return super().get_context_data(**kwargs)


class WorkspaceEditorView(WorkspaceMixin, TemplateView):
    """Create or edit one object with its inline rows: an editor (form and formsets) in,
    one service call, and on refusal the same page with every typed value and the messages
    next to the fields.

    Subclasses set `model` (edit views find the object by the URL's pk), `editor_class`,
    `detail_url_name`, and implement save(editor) as one service call.
    """

    template_name = "workspace/editor.html"
    model = None
    editor_class = None
    detail_url_name = ""
    # What a create page is called, in its title, heading and breadcrumb ("New project").
    create_title = ""

    def get_instance(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_instance"):
            self._instance = get_object_or_404(self.model, pk=self.kwargs["pk"])
        return self._instance

    def get_permission_object(self):
        return self.get_instance()

    def get_editor_kwargs(self) -> dict:
        return {"instance": self.get_instance()}

    def get_editor(self, data=None):
        editor = self.editor_class(data=data, **self.get_editor_kwargs())
        apply_field_permissions(editor.form, user=self.request.user)
        return editor

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(editor=self.get_editor()))

    def post(self, request, *args, **kwargs):
        editor = self.get_editor(data=request.POST)
        if not editor.is_valid():
            return self.refuse(editor)
        try:
            obj = save_atomically(
                form=editor.form, formsets=editor.formsets, save=lambda: self.save(editor)
            )
        except ValidationError as error:
            editor.form.add_error(None, error)
            return self.refuse(editor)
        messages.success(request, _("“%(name)s” was saved.") % {"name": obj})
        return redirect(self.get_success_url(obj))

    def refuse(self, editor, *, status: int = 200, **context):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return self.render_to_response(
            self.get_context_data(editor=editor, **context), status=status
        )

    def save(self, editor):
        raise NotImplementedError

    def get_success_url(self, obj) -> str:
        return reverse(self.detail_url_name, kwargs={"pk": obj.pk})

    def get_context_data(self, **kwargs):
        instance = self.get_instance()
        kwargs["object"] = instance
        kwargs["model_name"] = self.model._meta.verbose_name
        kwargs["create_title"] = self.create_title or _("New %(kind)s") % {
            "kind": self.model._meta.verbose_name
        }
        if instance is not None and self.detail_url_name:
            kwargs["detail_url"] = reverse(self.detail_url_name, kwargs={"pk": instance.pk})
        return super().get_context_data(**kwargs)


def _grouped(objects) -> list[dict]:
    """Objects by model: name (singular or plural), count, the first five names."""
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    groups = []
    for model, members in by_model.items():
        names = sorted(str(member) for member in members)
        meta = model._meta
        groups.append(
            {
                "name": meta.verbose_name_plural if len(names) > 1 else meta.verbose_name,
                "count": len(names),
                "examples": names[:5],
                "more": max(0, len(names) - 5),
            }
        )
    return sorted(groups, key=lambda group: str(group["name"]))


def deletion_summary(obj) -> dict:
    """What deleting `obj` takes with it, and what stops it (rows that protect it)."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    goes_with_it = [
        other
        for model, objects in collector.model_objs.items()
        if not model._meta.auto_created
        for other in objects
        if other != obj
    ]
    return {"goes_with_it": _grouped(goes_with_it), "protected": _grouped(collector.protected)}


class WorkspaceDeleteView(WorkspaceObjectMixin, DetailView):
    """GET asks for confirmation and lists what goes with the object; POST deletes it."""

    template_name = "workspace/confirm_delete.html"
    success_url_name = ""

    def get_context_data(self, **kwargs):
        kwargs.update(deletion_summary(self.object))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        name = str(self.object)
        try:
            self.perform(self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.path)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return HttpResponseRedirect(reverse(self.success_url_name))

    def perform(self, obj):
        raise NotImplementedError


class WorkspaceHistoryView(WorkspaceObjectMixin, DetailView):
    """Every recorded change of an object, newest first, field by field. A deleted object
    keeps its history: its page answers from the records, the object as last recorded."""

    template_name = "workspace/history.html"
    # The deletion record, when the object is gone.
    deletion = None

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            record = history.last_record(self.model, self.kwargs["pk"])
            if record is None or record.history_type != "-":
                raise
            self.deletion = record
            self._object = record.instance
            return self._object

    def get_history_records(self):
        return history.records_of(self.object)

    def get_context_data(self, **kwargs):
        kwargs["entries"] = history.entries(self.get_history_records())
        context = super().get_context_data(**kwargs)
        if self.deletion is not None:
            context["deletion"] = self.deletion
            context["detail_url"] = (
                reverse("workspace:deleted-list")
                if self.request.user.has_perm("workspace.restore_deleted")
                else ""
            )
        return context
