"""Personal pages reached from reminder emails (signed links, no password); the staff list."""

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, UpdateView, View

from accounts.mixins import WorkspaceMixin
from accounts.redirects import redirect_to_next
from ops.pagination import NearestPageMixin
from projects.deadlines import mark_deadline_done
from projects.models import Deadline, Person
from signed_links.pages import no_robots
from signed_links.tokens import masked_address

from . import links, selectors, services
from .calendar import build_calendar
from .filters import ReminderFilter
from .forms import ReminderPreferenceForm, RevokeLinksForm
from .guidance import what_to_send
from .models import Reminder, ReminderPreference


def _language_of(person: Person) -> str:
    """The language of the person's reminder emails, which their links' pages speak too."""
    preference = ReminderPreference.objects.filter(person=person).only("language").first()
    return preference.language if preference else person.language


class SignedLinkMixin:
    """A page behind a signed link of `link_kind`: a forged link is not found; an expired or
    revoked one gets a page that says so and offers a fresh link to the same address."""

    link_kind: links.LinkKind

    def dispatch(self, request, *args, **kwargs):
        try:
            self.link_data = links.read(kwargs["token"], kind=self.link_kind)
        except links.LinkExpired as error:
            return self.unusable_link(error.data, expired=True)
        except signing.BadSignature as error:
            raise Http404("Invalid link") from error
        self.load_objects(self.link_data)
        try:
            links.check_person(self.link_data, self.person)
        except links.LinkRevoked:
            return self.unusable_link(self.link_data, expired=False)
        with translation.override(_language_of(self.person)):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return no_robots(response)

    def load_objects(self, data: dict) -> None:
        self.person = get_object_or_404(Person, pk=data["p"])

    def renew_url(self) -> str:
        return reverse("reminders:renew-link", args=[self.link_kind.name, self.kwargs["token"]])

    def unusable_link(self, data: dict, *, expired: bool) -> HttpResponse:
        person = get_object_or_404(Person, pk=data.get("p"))
        with translation.override(_language_of(person)):
            response = render(
                self.request,
                "reminders/link_expired.html",
                {
                    "expired": expired,
                    "max_age_days": self.link_kind.max_age.days,
                    "masked_address": masked_address(person.email),
                    "renew_url": self.renew_url(),
                },
                status=410,
            )
        return no_robots(response)


class PreferencesView(SignedLinkMixin, UpdateView):
    link_kind = links.PREFERENCES
    form_class = ReminderPreferenceForm
    template_name = "reminders/preferences.html"

    def get_object(self, queryset=None):
        return services.preference_for(person=self.person)

    def get_context_data(self, **kwargs):
        shows_calendar = links.shows_calendar(self.kwargs["token"], self.link_data)
        return super().get_context_data(
            person=self.person,
            calendar_url=links.calendar_url(self.object.calendar_token) if shows_calendar else "",
            renew_url=self.renew_url(),
            **kwargs,
        )

    def form_valid(self, form):
        services.update_preferences(
            preference=self.object,
            delivery=form.cleaned_data["delivery"],
            reminded_kinds=form.cleaned_data["reminded_kinds"],
            language=form.cleaned_data["language"],
        )
        messages.success(self.request, _("Your reminder preferences are saved."))
        return redirect(self.request.path)


class ResetCalendarView(SignedLinkMixin, View):
    link_kind = links.PREFERENCES
    http_method_names = ["post"]

    def post(self, request, token):
        services.reset_calendar_token(preference=services.preference_for(person=self.person))
        messages.success(
            request,
            _("Your calendar has a new address. Subscribe to it again: the old one is gone."),
        )
        return redirect("reminders:preferences", token=token)


class DeadlineFromTokenMixin(SignedLinkMixin):
    """The deadline and the responsible person a link was made for (404 once they are not)."""

    def load_objects(self, data: dict) -> None:
        self.deadline = get_object_or_404(
            Deadline.objects.select_related(
                "project__call", "project__lead_coordinator", "done_by"
            ),
            pk=data["d"],
            responsible__pk=data["p"],
        )
        self.person = get_object_or_404(Person, pk=data["p"])

    def post(self, request, token):
        mark_deadline_done(deadline=self.deadline, by=self.person)
        messages.success(request, _("Marked as done. No more reminders for this deadline."))
        return redirect(request.path)


class MarkDoneView(DeadlineFromTokenMixin, View):
    """A GET only shows what would be marked done; the POST of its button marks it."""

    link_kind = links.MARK_DONE

    def get(self, request, token):
        return render(
            request,
            "reminders/mark_done.html",
            {
                "deadline": self.deadline,
                "person": self.person,
                "preferences_url": links.preferences_url(self.person),
            },
        )


class DeadlineView(DeadlineFromTokenMixin, View):
    """What a reminder links to: the deadline and its project for its responsible person,
    what to send, marking it done; the workspace link only for people with an account."""

    link_kind = links.DEADLINE

    def get(self, request, token):
        today = timezone.localdate()
        project = self.deadline.project
        return render(
            request,
            "reminders/deadline.html",
            {
                "deadline": self.deadline,
                "project": project,
                "person": self.person,
                "days_left": (self.deadline.due_date - today).days,
                "days_overdue": (today - self.deadline.due_date).days,
                "what_to_send": what_to_send(self.deadline),
                "partners": project.partners.order_by("name"),
                "other_deadlines": selectors.upcoming_for_person(self.person, today)
                .filter(project=project)
                .exclude(pk=self.deadline.pk),
                "workspace_url": (
                    reverse("workspace:project-detail", args=[project.pk])
                    if self.person.user_id
                    else ""
                ),
                "preferences_url": links.preferences_url(self.person),
                "renew_url": self.renew_url(),
            },
        )


class RenewLinkView(View):
    """POST from a link's page (expired, revoked or still valid): the address's links are
    revoked and a fresh one of the same kind is emailed to it."""

    http_method_names = ["post"]

    def post(self, request, kind, token):
        link_kind = links.KINDS.get(kind)
        if link_kind is None:
            raise Http404("Unknown link")
        try:
            data = links.read_expired(token, kind=link_kind)
        except signing.BadSignature as error:
            raise Http404("Invalid link") from error
        person = get_object_or_404(Person, pk=data.get("p"))
        deadline = None
        if "d" in data:
            deadline = Deadline.objects.filter(pk=data["d"], responsible=person).first()
        sent = services.send_fresh_link(person=person, deadline=deadline, now=timezone.now())
        with translation.override(_language_of(person)):
            response = render(
                request,
                "reminders/link_sent.html",
                {"sent": sent, "masked_address": masked_address(person.email)},
            )
        return no_robots(response)


class CalendarFeedView(View):
    def get(self, request, token):
        preference = get_object_or_404(
            ReminderPreference.objects.select_related("person"), calendar_token=token
        )
        body = build_calendar(
            person=preference.person,
            deadlines=selectors.calendar_deadlines(preference.person),
            language=preference.language,
            now=timezone.now(),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return no_robots(response)


class StaffReminderListView(WorkspaceMixin, NearestPageMixin, ListView):
    permission_required = "reminders.view_reminder"
    section = "office"
    template_name = "reminders/staff_list.html"
    context_object_name = "reminders"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ReminderFilter(self.request.GET, queryset=selectors.reminders_for_staff())
        for notice in self.filterset.ignored():
            messages.warning(self.request, notice)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class StaffResendView(WorkspaceMixin, View):
    permission_required = "reminders.resend_reminder"
    http_method_names = ["post"]

    def post(self, request, pk):
        reminder = get_object_or_404(Reminder.objects.select_related("email", "person"), pk=pk)
        services.resend_reminder(reminder=reminder)
        messages.success(
            request,
            _("The reminder to %(email)s is queued again.") % {"email": reminder.person.email},
        )
        return redirect_to_next(request, fallback="reminders:staff-list")


class StaffRevokeLinksView(WorkspaceMixin, FormView):
    """Staff stop every signed link sent to an address (a forwarded or leaked email)."""

    permission_required = "reminders.revoke_links"
    section = "office"
    template_name = "reminders/staff_revoke_links.html"
    form_class = RevokeLinksForm

    def get_initial(self):
        # Other workspace pages link here with ?email= (a person's or a registration's).
        return {"email": self.request.GET.get("email", "")}

    def form_valid(self, form):
        address = form.cleaned_data["email"]
        services.revoke_links_of(address=address, now=timezone.now())
        messages.success(
            self.request,
            _(
                "Every link sent to %(email)s so far has stopped working; calendar feeds of "
                "that address have new addresses."
            )
            % {"email": address},
        )
        return redirect("reminders:staff-revoke-links")
