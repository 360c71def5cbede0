"""The partner contacts' pages, reached through their access link (no password).

Opening the link keeps its token in the session; every page reads it again (expired,
revoked and forged links stop working at once) and shows only the contact's institution:
what belongs to another institution is not found (404).
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from partners.models import Contact
from private_files.storage import attachment_response
from signed_links.pages import no_robots, unusable_link_page
from signed_links.tokens import LinkExpired, LinkRevoked, masked_address

from .. import selectors, services
from ..access import (
    PARTNER_LINK_MAX_AGE,
    SESSION_KEY,
    contact_from_any_link,
    contact_from_token,
    partner_token,
)
from ..forms import (
    FactsheetForm,
    MobilityResponseForm,
    NominationDocumentForm,
    NominationForm,
    PartnerContactFormSet,
)
from ..models import MobilityResponse
from ..printing import agreement_pdf
from ..services import CONTACT_FIELDS


def _read_link(request, token: str):
    """The contact of a usable link, or the response for an unusable one."""
    try:
        return contact_from_token(token), None
    except (LinkExpired, LinkRevoked) as error:
        request.session.pop(SESSION_KEY, None)
        return None, unusable_link_page(
            request,
            error,
            address=error.contact.email,
            max_age=PARTNER_LINK_MAX_AGE,
            renew_url=reverse("partner:renew", kwargs={"token": token}),
        )
    except (signing.BadSignature, Contact.DoesNotExist, KeyError, TypeError) as error:
        request.session.pop(SESSION_KEY, None)
        raise Http404("Invalid link") from error


@method_decorator(never_cache, name="dispatch")
class EnterView(View):
    """The link in the email: remember it in the session, then the contact's page."""

    def get(self, request, token):
        _contact, refusal = _read_link(request, token)
        if refusal is not None:
            return refusal
        request.session.cycle_key()
        request.session[SESSION_KEY] = token
        return no_robots(redirect("partner:home"))


@method_decorator(never_cache, name="dispatch")
class PartnerMixin:
    """The session's contact (self.contact) and institution (self.institution), or a page
    that says the link is needed (403) or unusable (410)."""

    def dispatch(self, request, *args, **kwargs):
        token = request.session.get(SESSION_KEY)
        if not token:
            return no_robots(render(request, "agreements/partner/no_access.html", status=403))
        contact, refusal = _read_link(request, token)
        if refusal is not None:
            return refusal
        self.contact = contact
        self.institution = contact.institution
        return no_robots(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("contact", self.contact)
        kwargs.setdefault("institution", self.institution)
        return super().get_context_data(**kwargs)


class HomeView(PartnerMixin, TemplateView):
    template_name = "agreements/partner/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project_roles=self.institution.project_roles.select_related(
                "project__lead_coordinator"
            ).order_by("project__title"),
            agreements=selectors.partner_agreements(self.institution),
            **self._participants(),
            nominations=selectors.partner_nominations(self.institution),
            **kwargs,
        )

    def _participants(self) -> dict:
        """Our participants whose stay is not over, and the earlier ones (latest first)."""
        today = timezone.localdate()
        mobilities = list(selectors.partner_outgoing_mobilities(self.institution))
        return {
            "mobilities": [m for m in mobilities if m.planned_end >= today],
            "earlier_mobilities": [m for m in reversed(mobilities) if m.planned_end < today],
            "today": today,
        }


class MobilityAnswerView(PartnerMixin, TemplateView):
    """One of our outgoing participants to the institution: accept, ask for changes, decline."""

    template_name = "agreements/partner/mobility.html"

    def get_mobility(self):
        return get_object_or_404(
            selectors.partner_outgoing_mobilities(self.institution), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        mobility = self.get_mobility()
        answer = MobilityResponse.objects.filter(mobility=mobility).first()
        kwargs.setdefault("form", MobilityResponseForm(instance=answer))
        return super().get_context_data(
            mobility=mobility,
            answer=answer,
            awaits_answer=mobility.awaits_partner_answer,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        mobility = self.get_mobility()
        form = MobilityResponseForm(request.POST)
        if form.is_valid():
            try:
                services.answer_mobility(
                    mobility=mobility,
                    contact=self.contact,
                    answer=form.cleaned_data["answer"],
                    comment=form.cleaned_data["comment"],
                    now=timezone.now(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your answer is saved."))
                return redirect("partner:home")
        return self.render_to_response(self.get_context_data(form=form))


class NominateView(PartnerMixin, TemplateView):
    """Nominate an incoming candidate for one of the projects with us."""

    template_name = "agreements/partner/nominate.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", NominationForm(institution=self.institution))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = NominationForm(request.POST, institution=self.institution)
        if form.is_valid():
            details = {k: v for k, v in form.cleaned_data.items() if k != "project"}
            try:
                nomination = services.nominate_candidate(
                    contact=self.contact, project=form.cleaned_data["project"], details=details
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "The candidate is nominated; our office will reply. Attach the "
                        "candidate's documents below."
                    ),
                )
                return redirect("partner:nomination", pk=nomination.pk)
        return self.render_to_response(self.get_context_data(form=form))


class NominationView(PartnerMixin, TemplateView):
    """One of the institution's candidates, with the documents attached to it (added, replaced
    and removed while the office has not decided)."""

    template_name = "agreements/partner/nomination.html"

    def get_nomination(self):
        return get_object_or_404(
            selectors.partner_nominations(self.institution), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        nomination = self.get_nomination()
        kwargs.setdefault("form", NominationDocumentForm())
        return super().get_context_data(
            nomination=nomination, documents=nomination.documents.all(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        nomination = self.get_nomination()
        form = NominationDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.upload_nomination_document(
                    contact=self.contact,
                    nomination=nomination,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The document is attached."))
                return redirect("partner:nomination", pk=nomination.pk)
        return self.render_to_response(self.get_context_data(form=form))


class NominationDocumentView(NominationView):
    """GET: one of the nomination's documents as a download; POST: remove it."""

    def get_document(self):
        return get_object_or_404(self.get_nomination().documents, kind=self.kwargs["kind"])

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        return attachment_response(document.file, filename=document.download_name)

    def post(self, request, *args, **kwargs):
        document = self.get_document()
        try:
            services.remove_nomination_document(
                contact=self.contact, nomination=document.nomination, kind=document.kind
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The document is removed."))
        return redirect("partner:nomination", pk=document.nomination_id)


class InstitutionView(PartnerMixin, TemplateView):
    """The institution's factsheet fields and its contacts, as the contact keeps them."""

    template_name = "agreements/partner/institution.html"

    def get_forms(self, data=None):
        form = FactsheetForm(data=data, instance=self.institution, prefix="factsheet")
        contacts = PartnerContactFormSet(
            data=data, queryset=self.institution.contacts.all(), prefix="contacts"
        )
        return form, contacts

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["contacts"] = self.get_forms()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, contacts = self.get_forms(request.POST)
        if form.is_valid() and contacts.is_valid():
            try:
                services.update_factsheet(
                    contact=self.contact,
                    values=form.cleaned_data,
                    contacts=[
                        (
                            contact_form.instance,
                            {name: contact_form.cleaned_data[name] for name in CONTACT_FIELDS},
                        )
                        for contact_form in contacts.forms
                        if contact_form.has_changed()
                    ],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The link is tied to the contact's address: a contact who changed their own
                # keeps working under a link for the new one.
                self.contact.refresh_from_db()
                request.session[SESSION_KEY] = partner_token(self.contact)
                messages.success(request, _("Your institution's details are saved."))
                return redirect("partner:home")
        return self.render_to_response(self.get_context_data(form=form, contacts=contacts))


class AgreementView(PartnerMixin, TemplateView):
    """One of the institution's agreements, printable (for partners without EWP)."""

    template_name = "agreements/agreement_print.html"

    def get_agreement(self):
        return get_object_or_404(
            selectors.partner_agreements(self.institution).select_related("partner"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agreement=self.get_agreement(), home=selectors.home_institution(), **kwargs
        )


class AgreementPdfView(AgreementView):
    """The same agreement as PDF."""

    def get(self, request, *args, **kwargs):
        return agreement_pdf(
            request, agreement=self.get_agreement(), home=selectors.home_institution()
        )


@method_decorator(never_cache, name="dispatch")
class RenewView(View):
    """POST from an unusable link's page: a fresh link to the contact's own address."""

    http_method_names = ["post"]

    def post(self, request, token):
        try:
            contact = contact_from_any_link(token)
        except (signing.BadSignature, Contact.DoesNotExist, KeyError, TypeError) as error:
            raise Http404("Invalid link") from error
        sent = services.send_fresh_partner_link(
            contact=contact, now=timezone.now(), language=translation.get_language()
        )
        response = render(
            request,
            "agreements/partner/link_sent.html",
            {"sent": sent, "masked_address": masked_address(contact.email)},
        )
        return no_robots(response)
