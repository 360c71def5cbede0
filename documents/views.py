"""Staff pages: the participant's documents as PDF, the signed copies, the participant link,
the report's confirmation, and the document texts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, UpdateView, View

from accounts.mixins import WorkspaceMixin
from mobility.grants import is_ineligible_short_stay
from mobility.models import Mobility
from ops.pdf import pdf_response
from private_files.storage import attachment_response

from . import services
from .forms import (
    CourseComponentFormSet,
    DocumentLanguageForm,
    DocumentTemplateForm,
    PdfUploadForm,
)
from .models import DocumentTemplate, ParticipantFile


class MobilityDocumentsMixin(WorkspaceMixin):
    permission_required = "documents.view_documents"
    section = "mobilities"

    def get_permission_object(self):
        if not hasattr(self, "mobility"):
            self.mobility = get_object_or_404(
                Mobility.objects.select_related("project__call", "partner"), pk=self.kwargs["pk"]
            )
        return self.mobility

    def back(self):
        return redirect("workspace:mobility-detail", pk=self.mobility.pk)


class MobilityDocumentView(MobilityDocumentsMixin, View):
    """A participant's document as PDF, in their language (or ?language=en|nl)."""

    def get(self, request, pk, kind):
        if kind not in services.document_kinds(self.mobility):
            raise Http404("No such document")
        language = request.GET.get("language")
        if language not in ("en", "nl"):
            language = None
        content = services.render_document(mobility=self.mobility, kind=kind, language=language)
        return pdf_response(content, filename=services.document_filename(self.mobility, kind))


class CourseComponentsView(MobilityDocumentsMixin, TemplateView):
    """A student's learning agreement: the components at the receiving institution (Table A)
    and those recognised at home (Table B), all saved or none."""

    template_name = "documents/course_components.html"
    permission_required = "documents.manage_participants"

    def get_formset(self, data=None):
        if self.mobility.is_staff_mobility:
            raise Http404("Staff mobilities have no learning agreement")
        return CourseComponentFormSet(data=data, instance=self.mobility, prefix="components")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        formset = self.get_formset(request.POST)
        if formset.is_valid():
            formset.save(commit=False)
            try:
                services.save_course_components(
                    mobility=self.mobility,
                    stored=[
                        form.instance
                        for form in formset.forms
                        if form.has_changed() and form not in formset.deleted_forms
                    ],
                    deleted=list(formset.deleted_objects),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The learning agreement's components are saved."))
                return self.back()
        messages.error(request, _("Nothing was saved yet: please correct the marked fields."))
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(mobility=self.mobility, **kwargs)


class SignedCopyView(MobilityDocumentsMixin, View):
    """What the participant uploaded: the signed grant agreement or the certificate."""

    def get(self, request, pk, which):
        file = ParticipantFile.objects.filter(mobility=self.mobility).first()
        field = {"agreement": "signed_agreement", "certificate": "certificate"}.get(which)
        if file is None or field is None or not getattr(file, field):
            raise Http404("Nothing uploaded")
        filename = f"{which}-{self.mobility.last_name}.pdf"
        return attachment_response(getattr(file, field), filename=filename)


class StaffUploadView(MobilityDocumentsMixin, View):
    """Staff upload the signed grant agreement or the certificate in the participant's
    stead: the same checks and storage as the participant's upload, recorded as theirs."""

    permission_required = "documents.manage_participants"
    template_name = "documents/staff_upload.html"
    uploads = {
        "agreement": (services.upload_signed_agreement, _("Signed grant agreement")),
        "certificate": (services.upload_certificate, _("Certificate of attendance")),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["which"] not in self.uploads:
            raise Http404("No such upload")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk, which):
        return self._render(PdfUploadForm(prefix=which))

    def post(self, request, pk, which):
        form = PdfUploadForm(request.POST, request.FILES, prefix=which)
        if form.is_valid():
            upload, _label = self.uploads[which]
            try:
                upload(
                    mobility=self.mobility,
                    upload=form.cleaned_data["file"],
                    now=timezone.now(),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(request, _("The file is uploaded for the participant."))
                return self.back()
        return self._render(form, status=400)

    def _render(self, form, status=200):
        _upload, label = self.uploads[self.kwargs["which"]]
        context = {"mobility": self.mobility, "form": form, "label": label}
        return render(self.request, self.template_name, context, status=status)


class SendParticipantLinkView(MobilityDocumentsMixin, View):
    permission_required = "documents.manage_participants"
    http_method_names = ["post"]

    def post(self, request, pk):
        services.send_participant_link(mobility=self.mobility, now=timezone.now())
        messages.success(
            request,
            _("The link to the participant's page is on its way to %(email)s.")
            % {"email": self.mobility.email},
        )
        return self.back()


class DocumentLanguageView(MobilityDocumentsMixin, View):
    permission_required = "documents.manage_participants"
    http_method_names = ["post"]

    def post(self, request, pk):
        form = DocumentLanguageForm(request.POST)
        if form.is_valid():
            services.set_document_language(
                mobility=self.mobility, language=form.cleaned_data["language"]
            )
            messages.success(request, _("The language of the documents is changed."))
        else:
            messages.error(request, _("Choose English or Dutch."))
        return self.back()


class ConfirmReportView(MobilityDocumentsMixin, View):
    """Accept the participant's report: actual dates, recalculated grant, balance or recovery."""

    permission_required = "documents.manage_participants"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            result = services.confirm_report(
                mobility=self.mobility, by=request.user, now=timezone.now()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back()
        messages.success(request, _("The report is confirmed and the grant recalculated."))
        if is_ineligible_short_stay(result.mobility):
            messages.warning(
                request,
                _(
                    "The stay is shorter than the minimum duration and no force majeure is "
                    "recorded: the grant is zero and the whole pre-financing paid is to be "
                    "recovered."
                ),
            )
        for problem in result.problems:
            messages.warning(request, problem)
        return self.back()


class TemplatesMixin(WorkspaceMixin):
    permission_required = "documents.edit_templates"
    section = "office"


class DocumentTemplateListView(TemplatesMixin, ListView):
    model = DocumentTemplate
    template_name = "documents/template_list.html"
    context_object_name = "document_templates"


class DocumentTemplateEditView(TemplatesMixin, UpdateView):
    model = DocumentTemplate
    form_class = DocumentTemplateForm
    template_name = "documents/template_form.html"
    context_object_name = "document_template"
    success_url = reverse_lazy("documents:template-list")

    def form_valid(self, form):
        messages.success(self.request, _("The text is saved."))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(placeholders=PLACEHOLDERS, **kwargs)


PLACEHOLDERS = [
    "participant_name",
    "participant_email",
    "activity",
    "direction",
    "partner_name",
    "partner_country",
    "project_title",
    "grant_agreement_number",
    "call_year",
    "planned_start",
    "planned_end",
    "start",
    "end",
    "travel_days",
    "funded_days",
    "individual_support",
    "travel_support",
    "total_grant",
    "prefinancing_percent",
    "breakdown",
    "payment_schedule",
    "today",
]
