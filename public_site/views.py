"""The public site: project directory and pages, country pages, the offer catalogue and the
registration of interest. Reading pages are cached for anonymous visitors (see caching)."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView, View
from django_countries import countries

from accounts.throttling import allow_public_form_submission
from applications.models import CallForApplications
from applications.selectors import with_open_call
from ideas.selectors import open_calls_for_ideas
from mobility import registrations
from mobility.models import InterestRegistration
from mobility.registrations import register_interest
from mobility.selectors import CATALOGUE_PAGE_SIZE
from signed_links.pages import no_robots, unusable_link_page
from signed_links.tokens import LinkExpired, LinkRevoked, masked_address

from . import regions, selectors
from .caching import cache_for_anonymous
from .forms import CatalogueFilterForm, RegisterInterestForm, RegistrationUpdateForm

CONFIRMATION_SALT = "public.registration-confirmation"
CONFIRMATION_MAX_AGE = 60 * 60
HOME_OFFER_COUNT = 3
RATE_LIMITED_MESSAGE = _(
    "Too many registrations came from your network in a short time. "
    "Please try again in a quarter of an hour."
)


def _public_offer(slug: str):
    return get_object_or_404(selectors.public_offers(today=timezone.localdate()), slug=slug)


def _region_from(request) -> regions.Region | None:
    return regions.REGIONS_BY_SLUG.get(request.GET.get("region", ""))


@method_decorator(cache_for_anonymous(), name="dispatch")
class HomeView(TemplateView):
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            offers=selectors.open_offers(today=today)[:HOME_OFFER_COUNT],
            countries=selectors.country_summaries(),
            call_rounds=selectors.call_rounds(),
            calls_for_ideas=open_calls_for_ideas(now=timezone.now()),
            **kwargs,
        )


@method_decorator(cache_for_anonymous(reads=("region", "page")), name="dispatch")
class ProjectListView(ListView):
    template_name = "public/project_list.html"
    context_object_name = "projects"
    paginate_by = 20

    def get_queryset(self):
        region = _region_from(self.request)
        return selectors.project_directory(region=region.slug if region else "")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            regions=regions.REGIONS, selected_region=_region_from(self.request), **kwargs
        )


@method_decorator(cache_for_anonymous(), name="dispatch")
class ProjectDetailView(DetailView):
    template_name = "public/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return selectors.project_page(today=timezone.localdate())


@method_decorator(cache_for_anonymous(), name="dispatch")
class CallRoundView(TemplateView):
    """The results of a call: the seed's "13 exchange projects, about EUR 450,000, 103
    students and staff", worked out from the projects in the portal."""

    template_name = "public/call_round.html"

    def get_context_data(self, **kwargs):
        call_round = selectors.call_round(slug=self.kwargs["slug"])
        if call_round is None:
            raise Http404
        return super().get_context_data(call_round=call_round, **kwargs)


@method_decorator(cache_for_anonymous(reads=("region",)), name="dispatch")
class CountryListView(TemplateView):
    template_name = "public/country_list.html"

    def get_context_data(self, **kwargs):
        selected = _region_from(self.request)
        summaries = selectors.country_summaries()
        groups = [
            (region, [summary for summary in summaries if summary.region == region])
            for region in regions.REGIONS
            if selected in (None, region)
        ]
        return super().get_context_data(
            regions=regions.REGIONS,
            selected_region=selected,
            groups=[(region, members) for region, members in groups if members],
            **kwargs,
        )


@method_decorator(cache_for_anonymous(), name="dispatch")
class CountryDetailView(TemplateView):
    template_name = "public/country_detail.html"

    def get_context_data(self, **kwargs):
        code = self.kwargs["code"].upper()
        if self.kwargs["code"] != code.lower() or code not in countries:
            raise Http404
        today = timezone.localdate()
        projects = list(selectors.country_projects(country=code))
        offers = list(selectors.open_offers(today=today).filter(partner__country=code))
        if not projects and not offers:
            raise Http404
        return super().get_context_data(
            country_code=code,
            country_name=countries.name(code),
            region=regions.region_of(code),
            projects=projects,
            partners=selectors.country_partners(country=code),
            offers=offers,
            **kwargs,
        )


@method_decorator(
    cache_for_anonymous(reads=(*CatalogueFilterForm.base_fields, "page")), name="dispatch"
)
class OfferListView(ListView):
    template_name = "public/offer_list.html"
    context_object_name = "offers"
    paginate_by = CATALOGUE_PAGE_SIZE

    def get_queryset(self):
        self.filter_form = CatalogueFilterForm(
            self.request.GET, choices=selectors.catalogue_choices()
        )
        return selectors.catalogue_offers(
            today=timezone.localdate(), **self.filter_form.selector_filters()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, is_filtered=self.filter_form.is_filtered(), **kwargs
        )


@method_decorator(cache_for_anonymous(), name="dispatch")
class OfferDetailView(DetailView):
    template_name = "public/offer_detail.html"
    context_object_name = "offer"

    def get_queryset(self):
        today = timezone.localdate()
        offers = selectors.public_offers(today=today).select_related(
            "project__call", "call_for_applications"
        )
        return with_open_call(offers, today=today)

    def get_context_data(self, **kwargs):
        offer = self.object
        try:
            call = offer.call_for_applications
        except CallForApplications.DoesNotExist:
            call = None
        return super().get_context_data(
            grant=selectors.offer_grant(offer),
            documents_asked=call.required_document_labels if call else [],
            decide_by=call.decide_by if call and offer.accepts_applications else None,
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class RegisterInterestView(FormView):
    """Register interest in an open offer: rate limit → honeypot → one service call."""

    template_name = "public/register_interest.html"
    form_class = RegisterInterestForm

    def dispatch(self, request, *args, **kwargs):
        self.offer = _public_offer(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.offer.is_open:
            return self.render_to_response(self.get_context_data(), status=409)
        if not allow_public_form_submission(request, form="registration"):
            form = self.get_form()
            form.add_error(None, RATE_LIMITED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # The answer is the same for a new address, a known one (nothing changes, its owner
        # gets a link) and a bot (nothing is stored): none of them learns which it was.
        if not form.is_spam:
            try:
                register_interest(
                    offer=self.offer,
                    language=translation.get_language(),
                    **{
                        field: form.cleaned_data[field]
                        for field in RegisterInterestForm.Meta.fields
                    },
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 200 if "email" in form.errors else 409
                return self.render_to_response(self.get_context_data(form=form), status=status)
        token = signing.dumps({"email": form.cleaned_data["email"]}, salt=CONFIRMATION_SALT)
        return HttpResponseRedirect(f"{self._confirmation_url()}?registration={token}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def _confirmation_url(self) -> str:
        return reverse("public:registration-confirmation", kwargs={"slug": self.offer.slug})


@method_decorator(never_cache, name="dispatch")
class RegistrationConfirmationView(TemplateView):
    """Thanks the student and names the address they typed (from a signed token); says the
    same whether the address was new to the offer or not."""

    template_name = "public/registration_confirmation.html"

    def get_context_data(self, **kwargs):
        offer = _public_offer(self.kwargs["slug"])
        return super().get_context_data(offer=offer, email=self._typed_address(), **kwargs)

    def _typed_address(self) -> str:
        try:
            data = signing.loads(
                self.request.GET.get("registration", ""),
                salt=CONFIRMATION_SALT,
                max_age=CONFIRMATION_MAX_AGE,
            )
            return str(data["email"])
        except (signing.BadSignature, KeyError, TypeError):
            return ""


@method_decorator(never_cache, name="dispatch")
class RegistrationView(UpdateView):
    """A student's own registration, reached only through the signed link sent to its
    address: the details can be changed until the application deadline, the status read."""

    template_name = "public/registration.html"
    form_class = RegistrationUpdateForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.registration = registrations.registration_from_token(kwargs["token"])
        except (LinkExpired, LinkRevoked) as error:
            return unusable_link_page(
                request,
                error,
                address=error.registration.email,
                max_age=registrations.REGISTRATION_LINK_MAX_AGE,
                renew_url=reverse("public:registration-renew", kwargs=kwargs),
            )
        except (signing.BadSignature, InterestRegistration.DoesNotExist, KeyError) as error:
            raise Http404("Invalid link") from error
        self.editable = self.registration.offer.application_deadline >= timezone.localdate()
        return no_robots(super().dispatch(request, *args, **kwargs))

    def get_object(self, queryset=None):
        return self.registration

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration,
            offer=self.registration.offer,
            editable=self.editable,
            renew_url=reverse("public:registration-renew", kwargs=self.kwargs),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.editable:
            self.object = self.registration
            return self.render_to_response(self.get_context_data(), status=409)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        registrations.update_registration(
            registration=self.registration,
            **{field: form.cleaned_data[field] for field in RegistrationUpdateForm.Meta.fields},
        )
        messages.success(self.request, _("Your registration is updated."))
        return redirect(self.request.path)


@method_decorator(never_cache, name="dispatch")
class RegistrationRenewView(View):
    """POST from a registration link's page (even an expired or revoked one): the address's
    links are revoked and a fresh one is emailed to the registration's own address."""

    http_method_names = ["post"]

    def post(self, request, token):
        try:
            registration = registrations.registration_from_any_link(token)
        except (signing.BadSignature, InterestRegistration.DoesNotExist, KeyError) as error:
            raise Http404("Invalid link") from error
        sent = registrations.send_fresh_registration_link(
            registration=registration, now=timezone.now()
        )
        response = render(
            request,
            "_fresh_link_sent.html",
            {"sent": sent, "masked_address": masked_address(registration.email)},
        )
        return no_robots(response)


class RobotsView(TemplateView):
    """robots.txt: keep crawlers out of staff pages and the registration forms."""

    template_name = "public/robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs):
        form_paths = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for name in ("public:offer-register", "public:registration-confirmation"):
                    form_paths.append(reverse(name, kwargs={"slug": "SLUG"}).replace("SLUG", "*"))
        return super().get_context_data(
            disallowed=[
                f"/{settings.ADMIN_URL}",
                "/accounts/",
                "/workspace/",
                "/reminders/",
                "/i18n/",
                *form_paths,
            ],
            sitemap_url=self.request.build_absolute_uri(reverse("sitemap")),
            **kwargs,
        )
