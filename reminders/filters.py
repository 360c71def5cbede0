import django_filters
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outbox.models import OutgoingEmail
from projects.models import Deadline

from .models import Progress, Reminder

PROGRESS_FILTERS = {
    Progress.WAITING: Q(status=Reminder.Status.WAITING),
    Progress.CANCELLED: Q(status=Reminder.Status.CANCELLED),
    Progress.QUEUED: Q(status=Reminder.Status.QUEUED)
    & (
        Q(email__isnull=True)
        | Q(email__status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING])
    ),
    Progress.SENT: Q(status=Reminder.Status.QUEUED, email__status=OutgoingEmail.Status.SENT),
    Progress.FAILED: Q(status=Reminder.Status.QUEUED, email__status=OutgoingEmail.Status.FAILED),
}


DATE_INPUT = django_filters.widgets.forms.DateInput(attrs={"type": "date"})


class ReminderFilter(django_filters.FilterSet):
    progress = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Progress.choices,
        method="filter_progress",
        empty_label=_("Any status"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of deadline"),
        field_name="deadline__kind",
        choices=Deadline.Kind.choices,
        empty_label=_("Any kind"),
    )
    delivery = django_filters.ChoiceFilter(
        choices=Reminder.Delivery.choices, empty_label=_("Any delivery")
    )
    q = django_filters.CharFilter(label=_("Person, project or deadline"), method="filter_text")
    recorded_from = django_filters.DateFilter(
        label=_("Recorded from"),
        field_name="created_at__date",
        lookup_expr="gte",
        widget=DATE_INPUT,
    )
    recorded_until = django_filters.DateFilter(
        label=_("Recorded until"),
        field_name="created_at__date",
        lookup_expr="lte",
        widget=DATE_INPUT,
    )

    class Meta:
        model = Reminder
        fields = ["progress", "kind", "delivery", "q", "recorded_from", "recorded_until"]

    def ignored(self) -> list[str]:
        """One sentence for each filter whose value was ignored (it does not fit the filter; the
        other filters still apply): the filter, the value, why."""
        return [
            gettext("%(filter)s “%(value)s” was ignored: %(reason)s")
            % {
                "filter": self.form.fields[name].label if name in self.form.fields else name,
                "value": Truncator(", ".join(self.data.getlist(name))).chars(40),
                "reason": Truncator(" ".join(errors)).chars(160),
            }
            for name, errors in self.form.errors.items()
        ]

    def filter_progress(self, queryset, name, value):
        return queryset.filter(PROGRESS_FILTERS[Progress(value)])

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(person__email__icontains=value)
            | Q(person__last_name__icontains=value)
            | Q(person__first_name__icontains=value)
            | Q(deadline__title__icontains=value)
            | Q(deadline__project__title__icontains=value)
        )
