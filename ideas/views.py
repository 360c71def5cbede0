"""The public pages of a call for ideas: the call and its form, the live cost of the flows,
and the academic's own idea behind its signed link."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from accounts.throttling import allow_public_form_submission
from partners.models import Institution
from signed_links.pages import no_robots, unusable_link_page
from signed_links.tokens import LinkExpired, LinkRevoked, masked_address

from . import selectors, services
from .costs import idea_cost
from .forms import FlowForm, IdeaForm, IdeaUpdateForm, flow_formset
from .models import Idea


def _call_for_ideas(slug: str):
    call_for_ideas = selectors.call_for_ideas_by_slug(slug=slug)
    if call_for_ideas is None:
        raise Http404
    return call_for_ideas


def _apply_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class IdeaFormMixin:
    """Shared by the call's page and the idea's own page: the form, its flows, the cost."""

    def context(self, *, call_for_ideas, form, formset, **extra):
        """The page's context; the cost is of the data typed (extra may give it)."""
        return {
            "call_for_ideas": call_for_ideas,
            "call": call_for_ideas.call,
            "deadline": services.local_deadline(call_for_ideas),
            "eu_deadline": services.eu_deadline(call_for_ideas.call),
            "funds": call_for_ideas.localized_funds,
            "is_open": call_for_ideas.is_open(now=timezone.now()),
            "closed_message": services.closed_message(call_for_ideas),
            "form": form,
            "formset": formset,
            "cost": cost_of_data(call_for_ideas, form.data) if form.is_bound else None,
            "cost_url": reverse("ideas:cost", kwargs={"slug": call_for_ideas.slug}),
            **extra,
        }


def cost_of_data(call_for_ideas, data):
    """The cost of the flows in submitted data (a query dict of the idea form)."""
    partner = None
    partner_id = data.get("partner", "")
    if partner_id.isdigit():
        partner = Institution.objects.filter(pk=int(partner_id), is_home=False).first()
    country = str(partner.country) if partner else data.get("new_partner_country", "")
    flows = []
    for index in range(len(flow_formset().forms)):
        row = FlowForm(
            {
                name: data.get(f"flows-{index}-{name}", "")
                for name in ("activity", "direction", "people", "duration_days")
            }
        )
        if row.is_valid():
            flows.append(row.cleaned_data)
    if not flows and not partner and not country:
        return None
    return idea_cost(call=call_for_ideas.call, partner=partner, country=country, flows=flows)


@method_decorator(never_cache, name="dispatch")
class CallForIdeasView(IdeaFormMixin, View):
    """A call's page: what it funds, its deadlines and contacts, and the form for an idea."""

    template_name = "ideas/call.html"

    def dispatch(self, request, *args, **kwargs):
        self.call_for_ideas = _call_for_ideas(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, slug):
        return render(
            request,
            self.template_name,
            self.context(
                call_for_ideas=self.call_for_ideas, form=IdeaForm(), formset=flow_formset()
            ),
        )

    def post(self, request, slug):
        form = IdeaForm(request.POST)
        formset = flow_formset(request.POST)
        if not self.call_for_ideas.is_open(now=timezone.now()):
            form.add_error(None, services.closed_message(self.call_for_ideas))
            return self._invalid(form, formset, status=409)
        if not allow_public_form_submission(request, form="idea"):
            form.add_error(None, RATE_LIMITED_MESSAGE)
            return self._invalid(form, formset, status=429)
        if not (form.is_valid() and formset.is_valid()):
            return self._invalid(form, formset)
        if form.is_spam:
            # The same answer as for a real idea; nothing is stored and nothing is sent.
            return self._registered(form.cleaned_data["email"])
        try:
            idea = services.register_idea(
                call_for_ideas=self.call_for_ideas,
                language=translation.get_language(),
                flows=formset.flows(),
                **form.service_arguments(),
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
            return self._invalid(form, formset)
        return self._registered(idea.email)

    def _registered(self, email: str):
        token = signing.dumps({"email": email}, salt=SENT_SALT)
        url = reverse("ideas:registered", kwargs={"slug": self.call_for_ideas.slug})
        return HttpResponseRedirect(f"{url}?idea={token}")

    def _invalid(self, form, formset, *, status=200):
        return render(
            self.request,
            self.template_name,
            self.context(call_for_ideas=self.call_for_ideas, form=form, formset=formset),
            status=status,
        )


SENT_SALT = "ideas.registered"
RATE_LIMITED_MESSAGE = _(
    "Too many ideas came from your network in a short time. "
    "Please try again in a quarter of an hour."
)
SENT_MAX_AGE = 60 * 60


@method_decorator(never_cache, name="dispatch")
class IdeaRegisteredView(TemplateView):
    """Thanks the academic and names the address the link went to."""

    template_name = "ideas/registered.html"

    def get_context_data(self, **kwargs):
        call_for_ideas = _call_for_ideas(self.kwargs["slug"])
        try:
            email = signing.loads(
                self.request.GET.get("idea", ""), salt=SENT_SALT, max_age=SENT_MAX_AGE
            )["email"]
        except (signing.BadSignature, KeyError, TypeError):
            email = ""
        return super().get_context_data(
            call_for_ideas=call_for_ideas, call=call_for_ideas.call, email=email, **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class FlowCostView(View):
    """The htmx partial under the flows: each flow's grant, the distance, the rules broken."""

    def get(self, request, slug):
        call_for_ideas = _call_for_ideas(slug)
        cost = cost_of_data(call_for_ideas, request.GET)
        return render(request, "ideas/_cost.html", {"cost": cost})


@method_decorator(never_cache, name="dispatch")
class IdeaView(IdeaFormMixin, View):
    """The academic's own idea, through the signed link sent to its address: the first
    visit confirms the address; the idea can be changed until the internal deadline, and
    after it the form says so and keeps what was typed."""

    template_name = "ideas/idea.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.idea = services.idea_from_token(kwargs["token"])
        except (LinkExpired, LinkRevoked) as error:
            return unusable_link_page(
                request,
                error,
                address=error.idea.email,
                max_age=services.IDEA_LINK_MAX_AGE,
                renew_url=reverse("ideas:renew", kwargs=kwargs),
            )
        except (signing.BadSignature, Idea.DoesNotExist, KeyError) as error:
            raise Http404("Invalid link") from error
        return no_robots(super().dispatch(request, *args, **kwargs))

    def get(self, request, token):
        if services.confirm_idea(idea=self.idea):
            messages.success(request, _("Thank you: your address is confirmed."))
        flows = self._flow_initial()
        cost = idea_cost(
            call=self.idea.call_for_ideas.call,
            partner=self.idea.partner,
            country=str(self.idea.partner_country),
            flows=flows,
        )
        return self._render(
            IdeaUpdateForm(instance=self.idea), flow_formset(initial=flows), cost=cost
        )

    def post(self, request, token):
        form = IdeaUpdateForm(request.POST, instance=Idea.objects.get(pk=self.idea.pk))
        formset = flow_formset(request.POST)
        if not self.idea.call_for_ideas.is_open(now=timezone.now()):
            form.add_error(None, services.closed_message(self.idea.call_for_ideas))
            return self._render(form, formset, status=409)
        if not (form.is_valid() and formset.is_valid()):
            return self._render(form, formset)
        try:
            services.update_idea(idea=self.idea, flows=formset.flows(), **form.service_arguments())
        except ValidationError as error:
            _apply_service_errors(form, error)
            return self._render(form, formset)
        messages.success(request, _("Your idea is updated."))
        return redirect(request.path)

    def _flow_initial(self) -> list[dict]:
        return [
            {
                "activity": flow.activity,
                "direction": flow.direction,
                "people": flow.people,
                "duration_days": flow.duration_days,
            }
            for flow in self.idea.flows.all()
        ]

    def _render(self, form, formset, *, status=200, **extra):
        return render(
            self.request,
            self.template_name,
            self.context(
                call_for_ideas=self.idea.call_for_ideas,
                form=form,
                formset=formset,
                idea=self.idea,
                renew_url=reverse("ideas:renew", kwargs=self.kwargs),
                **extra,
            ),
            status=status,
        )


@method_decorator(never_cache, name="dispatch")
class IdeaRenewView(View):
    """POST from an idea link's page (even an expired or revoked one): a fresh link goes to
    the idea's own address."""

    http_method_names = ["post"]

    def post(self, request, token):
        try:
            idea = services.idea_from_any_link(token)
        except (signing.BadSignature, Idea.DoesNotExist, KeyError) as error:
            raise Http404("Invalid link") from error
        sent = services.send_fresh_idea_link(idea=idea, now=timezone.now())
        response = render(
            request,
            "_fresh_link_sent.html",
            {"sent": sent, "masked_address": masked_address(idea.email)},
        )
        return no_robots(response)
