"""The participant's own page, reached through the signed link emailed to them."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from applications.models import Application
from applications.signin import signed_in_address
from mobility.grants import is_ineligible_short_stay
from mobility.models import Mobility
from ops.pdf import pdf_response
from signed_links.pages import no_robots, unusable_link_page
from signed_links.tokens import LinkExpired, LinkRevoked, masked_address

from . import services
from .forms import PdfUploadForm, ReportForm
from .links import (
    PARTICIPANT_LINK_MAX_AGE,
    mobility_from_any_link,
    mobility_from_token,
    participant_token,
)
from .models import DocumentKind


class ParticipantLinkMixin:
    """Reads the link: an unusable one gets the page that offers a fresh link, a forged one 404."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.mobility = mobility_from_token(kwargs["token"])
        except (LinkExpired, LinkRevoked) as error:
            return unusable_link_page(
                request,
                error,
                address=error.mobility.email,
                max_age=PARTICIPANT_LINK_MAX_AGE,
                renew_url=reverse("participant:renew", kwargs={"token": kwargs["token"]}),
            )
        except (signing.BadSignature, Mobility.DoesNotExist, KeyError, TypeError) as error:
            raise Http404("Invalid link") from error
        self.file = services.participant_file_of(self.mobility)
        return no_robots(super().dispatch(request, *args, **kwargs))


@method_decorator(never_cache, name="dispatch")
class ParticipantPageView(ParticipantLinkMixin, View):
    """Documents to download, what is still to do, and the forms to do it."""

    template_name = "documents/participant_page.html"
    actions = {"agreement", "certificate", "report"}

    def get(self, request, token):
        return self._render()

    def post(self, request, token):
        action = request.POST.get("action")
        if action not in self.actions:
            return redirect(request.path)
        forms = {}
        if action == "report":
            form = ReportForm(request.POST)
            forms["report_form"] = form
            if form.is_valid():
                try:
                    services.submit_report(
                        mobility=self.mobility,
                        start=form.cleaned_data["reported_start"],
                        end=form.cleaned_data["reported_end"],
                        text=form.cleaned_data["report_text"],
                        now=timezone.now(),
                    )
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("Thank you: your report is sent to the office."))
                    return redirect(request.path)
        else:
            form = PdfUploadForm(request.POST, request.FILES, prefix=action)
            forms[f"{action}_form"] = form
            if form.is_valid():
                upload = {
                    "agreement": services.upload_signed_agreement,
                    "certificate": services.upload_certificate,
                }[action]
                try:
                    upload(
                        mobility=self.mobility,
                        upload=form.cleaned_data["file"],
                        now=timezone.now(),
                        by=None,
                    )
                except ValidationError as error:
                    # Shown above the page: once confirmed, the upload forms are gone.
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("Thank you: the file is uploaded."))
                    return redirect(request.path)
        return self._render(status=400, **forms)

    def _render(self, status=200, **forms):
        file = self.file
        kinds = services.document_kinds(self.mobility)
        context = {
            "mobility": self.mobility,
            "file": file,
            "uploaded_by_office": services.uploaded_by_office(file),
            "token": self.kwargs["token"],
            "documents": [(kind, DocumentKind(kind).label) for kind in kinds],
            "agreement_form": forms.get("agreement_form") or PdfUploadForm(prefix="agreement"),
            "certificate_form": forms.get("certificate_form")
            or PdfUploadForm(prefix="certificate"),
            "report_form": forms.get("report_form")
            or ReportForm(
                initial={
                    "reported_start": file.reported_start or self.mobility.planned_start,
                    "reported_end": file.reported_end or self.mobility.planned_end,
                    "report_text": file.report_text,
                }
            ),
            "settlement": services.final_settlement(self.mobility) if file.confirmed else None,
            "payments": list(self.mobility.payments.all()),
            "ineligible_short_stay": is_ineligible_short_stay(self.mobility),
            "components": None
            if self.mobility.is_staff_mobility
            else services.course_component_tables(self.mobility),
        }
        return render(self.request, self.template_name, context, status=status)


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@method_decorator(never_cache, name="dispatch")
class ParticipantDocumentView(ParticipantLinkMixin, View):
    """One of the participant's own documents as PDF, in the page's language."""

    def get(self, request, token, kind):
        if kind not in services.document_kinds(self.mobility):
            raise Http404("No such document")
        language = translation.get_language()
        content = services.render_document(mobility=self.mobility, kind=kind, language=language)
        return pdf_response(content, filename=services.document_filename(self.mobility, kind))


@method_decorator(never_cache, name="dispatch")
class ParticipantRenewView(View):
    """Send a fresh link to the address of a genuine (expired or revoked) one."""

    http_method_names = ["post"]

    def post(self, request, token):
        try:
            mobility = mobility_from_any_link(token)
        except (signing.BadSignature, Mobility.DoesNotExist, KeyError, TypeError) as error:
            raise Http404("Invalid link") from error
        sent = services.send_fresh_participant_link(mobility=mobility, now=timezone.now())
        response = render(
            request,
            "_fresh_link_sent.html",
            {"sent": sent, "masked_address": masked_address(mobility.email)},
        )
        return no_robots(response)


@method_decorator(never_cache, name="dispatch")
class FromApplicationView(View):
    """An applicant signed in with their application's link reaches the page of the mobility
    the application became, without a second link."""

    def get(self, request, pk):
        address = signed_in_address(request)
        application = (
            Application.objects.select_related("mobility")
            .filter(pk=pk, email__iexact=address, mobility__isnull=False)
            .exclude(mobility__status=Mobility.Status.CANCELLED)
            .first()
            if address
            else None
        )
        if application is None:
            raise Http404("No mobility of yours")
        token = participant_token(application.mobility)
        return no_robots(redirect("participant:page", token=token))
