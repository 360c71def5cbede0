"""Workspace > Import: upload, map the columns, preview, confirm, undo; the past imports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from accounts.mixins import WorkspaceMixin

from . import services
from .forms import MappingForm, UploadForm
from .models import ImportBatch
from .reader import FileRefused
from .services import ROWS_HANDLED_IN_THE_REQUEST
from .tasks import confirm_import, preview_import, undo_import

# Bigger files are previewed by the Celery worker; the page follows its progress.


class ImportPermissionMixin(WorkspaceMixin):
    permission_required = "imports.import_data"
    section = "office"


class BatchMixin(ImportPermissionMixin):
    def batch(self) -> ImportBatch:
        return get_object_or_404(ImportBatch, pk=self.kwargs["pk"])


class ImportListView(ImportPermissionMixin, ListView):
    template_name = "imports/list.html"
    context_object_name = "batches"
    paginate_by = 50

    def get_queryset(self):
        return ImportBatch.objects.select_related("created_by", "project")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(**kwargs)


class UploadView(ImportPermissionMixin, FormView):
    form_class = UploadForm
    template_name = "imports/list.html"

    def get(self, request, *args, **kwargs):
        return redirect("imports:list")

    def form_invalid(self, form):
        batches = ImportBatch.objects.select_related("created_by", "project")[:50]
        context = {"form": form, "batches": batches, "section": self.section}
        return render(self.request, self.template_name, context, status=200)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            batch = services.create_batch(
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                project=form.cleaned_data["project"],
                by=self.request.user,
            )
        except FileRefused as refused:
            form.add_error("file", str(refused))
            return self.form_invalid(form)
        return redirect("imports:columns", pk=batch.pk)


class ColumnsView(BatchMixin, View):
    template_name = "imports/columns.html"

    def _page(self, batch, form, headers):
        return render(
            self.request,
            self.template_name,
            {"batch": batch, "form": form, "headers": headers, "section": self.section},
        )

    def get(self, request, pk):
        batch = self.batch()
        if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.PREVIEWED):
            return redirect("imports:detail", pk=batch.pk)
        headers = services.batch_table(batch).headers
        form = MappingForm(kind=batch.kind, headers=headers, mapping=batch.mapping)
        return self._page(batch, form, headers)

    def post(self, request, pk):
        batch = self.batch()
        if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.PREVIEWED):
            return redirect("imports:detail", pk=batch.pk)
        table = services.batch_table(batch)
        form = MappingForm(request.POST, kind=batch.kind, headers=table.headers, mapping={})
        if not form.is_valid():
            return self._page(batch, form, table.headers)
        services.set_mapping(batch=batch, mapping=form.cleaned_data)
        if len(table.rows) > ROWS_HANDLED_IN_THE_REQUEST:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.PREVIEWING, progress=0
            )
            preview_import.delay_on_commit(batch.pk)
        else:
            services.preview_batch(batch=batch)
        return redirect("imports:detail", pk=batch.pk)


class DetailView(BatchMixin, View):
    template_name = "imports/detail.html"

    def get(self, request, pk):
        batch = self.batch()
        return render(request, self.template_name, {"batch": batch, "section": self.section})


class ProgressView(BatchMixin, View):
    """The progress of the preview, import or undo the worker runs, which the detail page polls."""

    def get(self, request, pk):
        batch = self.batch()
        response = render(request, "imports/_progress.html", {"batch": batch})
        if not batch.worker_running:
            # Done: htmx reloads the page, which then shows the preview or the result.
            response["HX-Redirect"] = reverse("imports:detail", kwargs={"pk": batch.pk})
        return response


class ConfirmView(BatchMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        batch = self.batch()
        if services.rows_of(batch) > ROWS_HANDLED_IN_THE_REQUEST:
            if services.start_confirmation(batch=batch):
                confirm_import.delay_on_commit(
                    batch.pk, request.user.pk, language=translation.get_language()
                )
            else:
                messages.error(request, _("Only a previewed import can be confirmed."))
            return redirect("imports:detail", pk=batch.pk)
        try:
            written = services.confirm_batch(batch=batch, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Imported: %(count)s rows written.") % {"count": written})
        return redirect("imports:detail", pk=batch.pk)


class UndoView(BatchMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        batch = self.batch()
        if batch.written.count() > ROWS_HANDLED_IN_THE_REQUEST:
            if services.start_undo(batch=batch):
                undo_import.delay_on_commit(
                    batch.pk, request.user.pk, language=translation.get_language()
                )
            else:
                messages.error(request, _("Only a finished import can be undone."))
            return redirect("imports:detail", pk=batch.pk)
        try:
            undone = services.undo_batch(batch=batch, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Undone: %(count)s rows.") % {"count": undone})
        return redirect("imports:detail", pk=batch.pk)
