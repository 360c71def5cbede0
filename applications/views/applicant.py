"""The applicant's pages: the e-mail form on an offer, the signed sign-in link, the form of
an application, the list of one's own applications, withdrawal and document downloads.

Applicants have no account: opening a sign-in link puts its address in the session, and the
pages show only that address's applications.
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from accounts.throttling import PUBLIC_FORM_LIMIT_MESSAGE, allow_public_form_submission
from mobility.models import ExchangeOffer
from private_files.storage import attachment_response
from signed_links.pages import no_robots, unusable_link_page
from signed_links.tokens import LinkExpired, LinkRevoked, masked_address

from .. import services
from ..forms import ApplicationForm, EmailForm
from ..models import Application, ApplicationDocument, CallForApplications
from ..selectors import (
    entries_of,
    history_for_applicant,
    status_histories,
    waiting_list_place,
)
from ..signin import sign_in, signed_in_address


def _own_application(request, pk) -> Application:
    """The application if it belongs to the signed-in address; 404 for anyone else."""
    address = signed_in_address(request)
    application = get_object_or_404(
        Application.objects.select_related("offer__partner", "offer__project"), pk=pk
    )
    if not address or application.email.lower() != address:
        raise Http404("Not your application")
    return application


@method_decorator(never_cache, name="dispatch")
class ApplyView(FormView):
    """<offer page>apply/: the applicant's address, to which a sign-in link is sent."""

    template_name = "applications/apply.html"
    form_class = EmailForm

    def dispatch(self, request, *args, **kwargs):
        self.offer = get_object_or_404(
            ExchangeOffer.objects.select_related("partner"), slug=kwargs["slug"], is_published=True
        )
        self.is_open = services.is_open_for_applications(self.offer, now=timezone.now())
        return no_robots(super().dispatch(request, *args, **kwargs))

    def post(self, request, *args, **kwargs):
        if not self.is_open:
            return self.render_to_response(self.get_context_data(), status=409)
        if not allow_public_form_submission(request, form="application"):
            form = self.get_form()
            form.add_error(None, PUBLIC_FORM_LIMIT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        try:
            services.send_sign_in_link(
                offer=self.offer, email=email, language=translation.get_language()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        return render(
            self.request,
            "applications/link_sent.html",
            {"offer": self.offer, "masked_address": masked_address(email)},
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            offer=self.offer,
            is_open=self.is_open,
            deadline=services.submission_deadline(self.offer),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class SignInView(View):
    """A sign-in link: the address is signed in and taken to its application for the offer
    (a new draft, or the one it has) or to the list of its applications."""

    def get(self, request, token):
        try:
            data = services.read_sign_in_token(token)
        except (LinkExpired, LinkRevoked) as error:
            return unusable_link_page(
                request,
                error,
                address=error.data.get("e", ""),
                max_age=services.SIGN_IN_MAX_AGE,
                renew_url=reverse("public:application-renew", kwargs={"token": token}),
            )
        except (signing.BadSignature, KeyError) as error:
            raise Http404("Invalid link") from error
        sign_in(request, address=data["e"])
        offer = ExchangeOffer.objects.filter(pk=data.get("o")).first()
        if offer is None:
            return redirect("public:my-applications")
        try:
            application = services.start_or_resume_draft(
                offer=offer, email=data["e"], language=translation.get_language()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("public:my-applications")
        return redirect("public:application", pk=application.pk)


@method_decorator(never_cache, name="dispatch")
class RenewLinkView(View):
    http_method_names = ["post"]

    def post(self, request, token):
        try:
            address = services.send_fresh_sign_in_link(
                token=token, language=translation.get_language(), now=timezone.now()
            )
        except (signing.BadSignature, KeyError) as error:
            raise Http404("Invalid link") from error
        data = services.read_any_age(token, salt=services.SIGN_IN_SALT)
        return no_robots(
            render(
                request,
                "_fresh_link_sent.html",
                {"sent": address is not None, "masked_address": masked_address(data["e"])},
            )
        )


@method_decorator(never_cache, name="dispatch")
class MyApplicationsView(TemplateView):
    """The signed-in address's applications with status, history and what is missing."""

    template_name = "applications/my_applications.html"

    def get_context_data(self, **kwargs):
        address = signed_in_address(self.request)
        applications = (
            Application.objects.filter(email__iexact=address)
            .select_related("offer__partner", "offer__call_for_applications", "mobility")
            .prefetch_related("documents", "language_skills")
            .order_by("-created_at")
            if address
            else Application.objects.none()
        )
        histories = status_histories([application.pk for application in applications])
        rows = [
            {
                "application": application,
                "missing": services.missing_items(
                    application, call=application.offer.call_for_applications
                )
                if application.status == Application.Status.DRAFT
                else [],
                "history": history_for_applicant(application, histories.get(application.pk, [])),
                "can_withdraw": services.may_withdraw(application),
            }
            for application in applications
        ]
        return super().get_context_data(address=address, rows=rows, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ApplicationFormView(View):
    """The application: a form while it is a draft (save, or submit), read-only after."""

    template_name = "applications/application_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.application = _own_application(request, kwargs["pk"])
        self.call = CallForApplications.objects.filter(offer_id=self.application.offer_id).first()
        self.document_kinds = self.call.required_documents if self.call else []
        return no_robots(super().dispatch(request, *args, **kwargs))

    def get(self, request, pk):
        return self._render(self._form())

    def post(self, request, pk):
        if self.application.status != Application.Status.DRAFT:
            return self._render(self._form(), status=409)
        form = self._form(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self._render(form, status=200)
        try:
            with transaction.atomic():
                services.save_draft(
                    application=self.application,
                    data=form.applicant_data(),
                    languages=form.languages(),
                )
                for kind, upload in form.uploads().items():
                    services.upload_document(application=self.application, kind=kind, upload=upload)
        except ValidationError as error:
            _add_errors(form, error)
            return self._render(form, status=200)
        if "submit" not in request.POST:
            messages.success(request, _("Your draft is saved."))
            return redirect(request.path)
        try:
            services.submit_application(application=self.application, now=timezone.now())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._render(self._form(), status=409)
        messages.success(request, _("Your application is submitted."))
        # Its page now says where it stands and what happens next.
        return redirect(request.path)

    def _form(self, **kwargs):
        return ApplicationForm(
            instance=self.application, document_kinds=self.document_kinds, **kwargs
        )

    def _render(self, form, status=200):
        application = self.application
        editable = application.status == Application.Status.DRAFT
        deadline = services.submission_deadline(application.offer, call=self.call)
        return render(
            self.request,
            self.template_name,
            {
                "application": application,
                "offer": application.offer,
                "call": self.call,
                "form": form,
                "editable": editable,
                "documents": list(application.documents.all()),
                "missing": services.missing_items(application, call=self.call) if editable else [],
                "deadline_passed": timezone.now() >= deadline,
                "deadline_zone": _place_of(deadline.tzinfo.key),
                "entries": [] if editable else entries_of(application),
                # On the list as far as the applicant was told, and still on it.
                "waiting_list_place": waiting_list_place(application)
                if application.status
                == application.status_for_applicant
                == Application.Status.WAITING_LIST
                else None,
                "history": history_for_applicant(
                    application, status_histories([application.pk]).get(application.pk, [])
                ),
                "can_withdraw": services.may_withdraw(application),
            },
            status=status,
        )


def _place_of(time_zone: str) -> str:
    """The place a time zone is named after: "Europe/Amsterdam" -> "Amsterdam"."""
    return time_zone.rpartition("/")[2].replace("_", " ")


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = field if field in form.fields else f"document_{field}"
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@method_decorator(never_cache, name="dispatch")
class WithdrawView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        application = _own_application(request, pk)
        try:
            services.withdraw_application(application=application)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your application is withdrawn."))
        # The application's own page sends the applicant back there; the list, to the list.
        if request.POST.get("back") == "application":
            return redirect("public:application", pk=application.pk)
        return redirect("public:my-applications")


@method_decorator(never_cache, name="dispatch")
class DocumentDownloadView(View):
    """A private document, as an attachment, for its applicant (signed in by their link),
    the office, and the coordinators of the offer's project; 404 to anyone else without a
    workspace login, 403 to a user who has one."""

    def get(self, request, pk):
        document = get_object_or_404(
            ApplicationDocument.objects.select_related("application__offer__project"), pk=pk
        )
        application = document.application
        address = signed_in_address(request)
        if not (address and application.email.lower() == address):
            if not request.user.is_authenticated:
                raise Http404("Not your document")
            if not request.user.has_perm("applications.view_application", application):
                raise PermissionDenied
        extension = document.original_name.rpartition(".")[2][:8]
        filename = f"{application.pk}-{document.kind}.{extension}" if extension else document.kind
        return attachment_response(document.file, filename=filename)
