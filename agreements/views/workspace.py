"""The office's pages: agreements (list, page, editor, printable copy), the partners'
nominations, and the partner contacts' access links."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from accounts.mixins import WorkspaceMixin
from mobility.rates import MissingRateError, rate_table_for
from partners.models import Contact, Institution
from partners.services import RowChanges, RowToStore
from private_files.storage import attachment_response

from .. import selectors, services, undo
from ..forms import AgreementEditor
from ..models import Agreement, Nomination, NominationDocument
from ..printing import agreement_pdf

SECTION = "agreements"


class AgreementListView(WorkspaceMixin, ListView):
    template_name = "agreements/agreement_list.html"
    section = SECTION
    permission_required = "agreements.view_agreement_list"
    context_object_name = "agreements"
    paginate_by = 50

    def get_queryset(self):
        return selectors.agreements_for_user(self.request.user)


class AgreementDetailView(WorkspaceMixin, DetailView):
    template_name = "agreements/agreement_detail.html"
    section = SECTION
    permission_required = "agreements.view_agreement"
    context_object_name = "agreement"

    def get_queryset(self):
        return selectors.agreement_page()

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object

    def get_permission_object(self):
        return self.get_object()


class AgreementPrintView(AgreementDetailView):
    """The agreement as a printable page, for partners without Erasmus Without Paper."""

    template_name = "agreements/agreement_print.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(home=selectors.home_institution(), **kwargs)


class AgreementPdfView(AgreementDetailView):
    """The printable page as PDF."""

    def get(self, request, *args, **kwargs):
        return agreement_pdf(
            request, agreement=self.get_object(), home=selectors.home_institution()
        )


def _condition_changes(formset) -> RowChanges:
    stored = [
        RowToStore(instance=form.instance)
        for form in formset.forms
        if form.has_changed() and form not in formset.deleted_forms
    ]
    return RowChanges(stored=stored, deleted=list(formset.deleted_objects))


class AgreementEditorView(WorkspaceMixin, TemplateView):
    """Create or edit an agreement with its cooperation conditions; on refusal the same page
    with every typed value and the messages next to the fields."""

    template_name = "workspace/editor.html"
    section = SECTION

    def get_instance(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_instance"):
            self._instance = get_object_or_404(Agreement, pk=self.kwargs["pk"])
        return self._instance

    def get_permission_object(self):
        return self.get_instance()

    def get(self, request, *args, **kwargs):
        editor = AgreementEditor(instance=self.get_instance())
        return self.render_to_response(self.get_context_data(editor=editor))

    def post(self, request, *args, **kwargs):
        editor = AgreementEditor(instance=self.get_instance(), data=request.POST)
        if editor.is_valid():
            editor.conditions.save(commit=False)
            adding = editor.form.instance.pk is None
            try:
                with transaction.atomic():
                    agreement = services.save_agreement(
                        agreement=editor.form.instance,
                        conditions=_condition_changes(editor.conditions),
                        by=request.user,
                    )
            except (ValidationError, IntegrityError) as error:
                if adding:
                    editor.form.instance.pk = None
                    editor.form.instance._state.adding = True
                editor.form.add_error(
                    None, error if isinstance(error, ValidationError) else str(error)
                )
            else:
                messages.success(request, _("“%(name)s” was saved.") % {"name": agreement})
                return redirect("agreements:detail", pk=agreement.pk)
        messages.error(request, _("Nothing was saved yet: please correct the marked fields."))
        return self.render_to_response(self.get_context_data(editor=editor))

    def get_context_data(self, **kwargs):
        instance = self.get_instance()
        if instance is not None:
            kwargs["detail_url"] = reverse("agreements:detail", kwargs={"pk": instance.pk})
        return super().get_context_data(object=instance, create_title=_("New agreement"), **kwargs)


class AgreementCreateView(AgreementEditorView):
    permission_required = "agreements.add_agreement"


class AgreementUpdateView(AgreementEditorView):
    permission_required = "agreements.change_agreement"


class NominationListView(WorkspaceMixin, ListView):
    """The partners' candidates: the pending ones first, with what stops them."""

    template_name = "agreements/nomination_list.html"
    section = SECTION
    permission_required = "agreements.view_nomination"
    context_object_name = "nominations"
    paginate_by = 50

    def get_queryset(self):
        return selectors.nomination_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tables = {}

        def rate_table(call):
            # One read of each call's rate table for the whole page.
            if (call.year, call.action) not in tables:
                try:
                    table = rate_table_for(call_year=call.year, action=call.action)
                except MissingRateError:
                    table = None
                tables[call.year, call.action] = table
            return tables[call.year, call.action]

        context["rows"] = [
            (
                nomination,
                services.nomination_problems(
                    nomination, rate_table=rate_table(nomination.project.call)
                )
                if nomination.status == Nomination.Status.PENDING
                else [],
            )
            for nomination in context["nominations"]
        ]
        return context


class NominationDecideView(WorkspaceMixin, View):
    """POST: accept (a planned incoming mobility is made) or decline a nomination."""

    http_method_names = ["post"]
    permission_required = "agreements.change_nomination"

    def get_permission_object(self):
        return get_object_or_404(Nomination, pk=self.kwargs["pk"])

    def post(self, request, pk):
        nomination = self.get_permission_object()
        try:
            if request.POST.get("decision") == "accept":
                mobility = services.accept_nomination(nomination=nomination, by=request.user)
                messages.success(
                    request, _("“%(name)s” is now a planned mobility.") % {"name": mobility}
                )
            elif request.POST.get("decision") == "decline":
                services.decline_nomination(nomination=nomination, by=request.user)
                messages.success(request, _("The nomination is declined."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("agreements:nomination-list")


class NominationDocumentDownloadView(WorkspaceMixin, View):
    """A nomination's document as a download, for the office and its project's coordinators
    (before and after the nomination became a mobility)."""

    http_method_names = ["get"]
    permission_required = "agreements.view_nomination_document"

    def get_document(self):
        if not hasattr(self, "document"):
            self.document = get_object_or_404(
                NominationDocument.objects.select_related("nomination__project"),
                pk=self.kwargs["pk"],
            )
        return self.document

    def get_permission_object(self):
        return self.get_document().nomination

    def get(self, request, pk):
        document = self.get_document()
        return attachment_response(document.file, filename=document.download_name)


class ContactAccessView(WorkspaceMixin, View):
    """POST: email a contact their access link (send) or revoke their links (revoke)."""

    http_method_names = ["post"]
    permission_required = "agreements.manage_partner_access"

    def get_contact(self):
        if not hasattr(self, "_contact"):
            self._contact = get_object_or_404(
                Contact.objects.select_related("institution"), pk=self.kwargs["pk"]
            )
        return self._contact

    def get_permission_object(self):
        return self.get_contact().institution

    def post(self, request, pk, action):
        contact = self.get_contact()
        try:
            if action == "send":
                services.send_partner_link(contact=contact, language=request.LANGUAGE_CODE)
                messages.success(
                    request, _("An access link is on its way to %(name)s.") % {"name": contact}
                )
            else:
                services.revoke_partner_links(contact=contact, now=timezone.now())
                messages.success(
                    request,
                    _("The access links sent to %(name)s no longer work.") % {"name": contact},
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(reverse("workspace:institution-detail", args=[contact.institution_id]))


class UndoPartnerChangeView(WorkspaceMixin, View):
    """POST: undo a partner contact's change to their institution or its contact persons."""

    http_method_names = ["post"]
    permission_required = "agreements.manage_partner_access"

    def get_record(self):
        if not hasattr(self, "_record"):
            try:
                self._record = undo.change_record(
                    kind=self.kwargs["kind"], history_id=self.kwargs["history_id"]
                )
            except LookupError as error:
                raise Http404("No such change") from error
        return self._record

    def get_permission_object(self):
        institution_pk = undo.institution_of_record(self.kwargs["kind"], self.get_record())
        return get_object_or_404(Institution, pk=institution_pk)

    def post(self, request, kind, history_id):
        institution = self.get_permission_object()
        try:
            undo.undo_partner_change(kind=kind, record=self.get_record(), by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The partner's change is undone."))
        return redirect(reverse("workspace:institution-detail", args=[institution.pk]))
