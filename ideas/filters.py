"""Search, filters and sorting of the office's lists of calls for ideas and of a call's
ideas, on the workspace's list tools (ops.lists)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ops.lists import AnyYesNoWidget, SortFilter, WorkspaceFilterSet
from partners.models import OrganisationalUnit
from projects.models import Call

from . import selectors
from .models import CallForIdeas, Idea


class CallForIdeasFilter(WorkspaceFilterSet):
    # A handful of calls, one a year: the filters find them, a search would not help.
    q = None
    action = django_filters.ChoiceFilter(
        field_name="call__action", label=_("Key action"), choices=Call.Action.choices
    )
    is_open_for_ideas = django_filters.BooleanFilter(label=_("Open"), widget=AnyYesNoWidget)
    sort = SortFilter(
        fields=(
            ("call__year", "call"),
            ("internal_deadline", "deadline"),
            ("idea_count", "ideas"),
        )
    )

    class Meta:
        model = CallForIdeas
        fields = ["action", "is_open_for_ideas"]


class IdeaFilter(WorkspaceFilterSet):
    """A call's ideas; the unit and country filters offer the units and partner countries
    the call's ideas have."""

    search_fields = (
        "first_name",
        "last_name",
        "email",
        "research_field",
        "partner__name",
        "new_partner_name",
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=OrganisationalUnit.objects.none()
    )
    country = django_filters.ChoiceFilter(label=_("Country"), method="filter_country")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Idea.Status.choices)
    sort = SortFilter(
        fields=(
            ("last_name", "academic"),
            ("unit__name", "unit"),
            ("flow_count", "flows"),
            ("status", "status"),
            ("created_at", "registered"),
        )
    )

    class Meta:
        model = Idea
        fields = ["q", "unit", "country", "status"]

    def __init__(self, *args, call_for_ideas: CallForIdeas, **kwargs):
        super().__init__(*args, **kwargs)
        units, codes = selectors.filter_choices(call_for_ideas=call_for_ideas)
        self.filters["unit"].queryset = units
        self.filters["country"].extra["choices"] = sorted(
            ((code, str(countries.name(code))) for code in codes), key=lambda choice: choice[1]
        )

    def filter_country(self, queryset, name, value):
        return queryset.filter(
            Q(partner__country=value) | Q(partner__isnull=True, new_partner_country=value)
        )
