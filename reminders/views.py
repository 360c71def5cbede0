"""Personal pages reached from reminder emails (signed links, no password); the staff list."""

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import ListView, UpdateView, View

from accounts.mixins import WorkspaceMixin
from projects.deadlines import mark_deadline_done
from projects.models import Deadline, Person

from . import links, selectors, services
from .calendar import build_calendar
from .filters import ReminderFilter
from .forms import ReminderPreferenceForm
from .models import Reminder, ReminderPreference


def _no_robots(response: HttpResponse) -> HttpResponse:
    # Pages behind secret links must never end up in a search index.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class PersonFromTokenMixin:
    """The person a signed preferences link was made for, or 404."""

    def dispatch(self, request, *args, **kwargs):
        try:
            person_id = links.person_id_from_preferences_token(kwargs["token"])
        except signing.BadSignature as error:
            raise Http404("Invalid link") from error
        self.person = get_object_or_404(Person, pk=person_id)
        return _no_robots(super().dispatch(request, *args, **kwargs))


class PreferencesView(PersonFromTokenMixin, UpdateView):
    form_class = ReminderPreferenceForm
    template_name = "reminders/preferences.html"

    def get_object(self, queryset=None):
        return services.preference_for(person=self.person)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            calendar_url=links.calendar_url(self.object.calendar_token),
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


class ResetCalendarView(PersonFromTokenMixin, View):
    http_method_names = ["post"]

    def post(self, request, token):
        services.reset_calendar_token(preference=services.preference_for(person=self.person))
        messages.success(
            request,
            _("Your calendar has a new address. Subscribe to it again: the old one is gone."),
        )
        return redirect("reminders:preferences", token=token)


class MarkDoneView(View):
    """A GET only shows what would be marked done; the POST of its button marks it."""

    template_name = "reminders/mark_done.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            deadline_id, person_id = links.ids_from_mark_done_token(kwargs["token"])
        except links.LinkExpired:
            return _no_robots(render(request, "reminders/link_expired.html", status=410))
        except signing.BadSignature as error:
            raise Http404("Invalid link") from error
        self.deadline = get_object_or_404(
            Deadline.objects.select_related("project", "done_by"),
            pk=deadline_id,
            responsible__pk=person_id,
        )
        self.person = self.deadline.responsible.get(pk=person_id)
        return _no_robots(super().dispatch(request, *args, **kwargs))

    def get(self, request, token):
        return render(
            request,
            self.template_name,
            {
                "deadline": self.deadline,
                "person": self.person,
                "preferences_url": links.preferences_url(self.person),
            },
        )

    def post(self, request, token):
        mark_deadline_done(deadline=self.deadline, by=self.person)
        messages.success(request, _("Marked as done. No more reminders for this deadline."))
        return redirect(request.path)


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
        return _no_robots(response)


class StaffReminderListView(WorkspaceMixin, ListView):
    permission_required = "reminders.view_reminder"
    section = "office"
    template_name = "reminders/staff_list.html"
    context_object_name = "reminders"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ReminderFilter(self.request.GET, queryset=selectors.reminders_for_staff())
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
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = "reminders:staff-list"
        return redirect(next_url)
