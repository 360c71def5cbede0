"""Search, filters and sorting of the workspace lists (django-filter), on the list tools
of ops.lists: a search `q`, a `sort`, and the list's own filters.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from mobility.models import Activity, Direction, ExchangeOffer, Level, Mobility, VirtualActivity
from ops.lists import AnyYesNoWidget, SortFilter, WorkspaceFilterSet
from partners.models import Institution, OrganisationalUnit
from projects.models import Call, Deadline, Person, Project, SubjectArea


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number a date can hold (1 to 9999)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


def _country_choices():
    """The countries of the partner institutions on record: filtering on any other country
    finds nothing."""
    codes = Institution.objects.order_by().values_list("country", flat=True).distinct()
    # Names translated once, not again at each comparison of the sort and at rendering.
    return sorted(((code, str(countries.name(code))) for code in codes), key=lambda c: c[1])


class ProjectFilter(WorkspaceFilterSet):
    search_fields = (
        "title",
        "title_nl",
        "grant_agreement_number",
        "lead_coordinator__first_name",
        "lead_coordinator__last_name",
        "co_coordinators__last_name",
        "partners__name",
        "home_unit__name",
    )
    status = django_filters.ChoiceFilter(choices=Project.Status.choices)
    call = django_filters.ModelChoiceFilter(queryset=Call.objects.all())
    mobility_type = django_filters.ChoiceFilter(choices=Project.MobilityType.choices)
    partner_country = django_filters.ChoiceFilter(
        label=_("Partner country"), choices=_country_choices, method="filter_partner_country"
    )
    mine = django_filters.BooleanFilter(
        label=_("Only projects I coordinate"),
        method="filter_mine",
        widget=AnyYesNoWidget,
    )
    sort = SortFilter(
        fields=(
            ("title", "title"),
            ("call__year", "call"),
            ("status", "status"),
            ("lead_coordinator__last_name", "coordinator"),
            ("start_date", "start"),
            ("end_date", "end"),
            ("awarded_budget", "budget"),
        )
    )

    class Meta:
        model = Project
        fields = ["q", "status", "call", "mobility_type", "partner_country", "mine"]

    def filter_partner_country(self, queryset, name, value):
        return queryset.filter(pk__in=Project.objects.filter(partners__country=value).values("pk"))

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return self.only_mine(
            queryset, lambda person: Q(lead_coordinator=person) | Q(co_coordinators=person)
        )


class InstitutionFilter(WorkspaceFilterSet):
    search_fields = (
        "name",
        "name_local",
        "city",
        "schac_code",
        "erasmus_code",
        "pic",
        "oid",
    )
    country = django_filters.ChoiceFilter(choices=_country_choices)
    in_projects = django_filters.BooleanFilter(
        label=_("Partner in a project"),
        method="filter_in_projects",
        widget=AnyYesNoWidget,
    )
    sort = SortFilter(
        fields=(
            ("name", "name"),
            ("country", "country"),
            ("city", "city"),
            ("project_count", "projects"),
        )
    )

    class Meta:
        model = Institution
        fields = ["q", "country", "in_projects"]

    def filter_in_projects(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(project_count__gt=0) if value else queryset.filter(project_count=0)


class PersonFilter(WorkspaceFilterSet):
    ROLE_CHOICES = (
        ("coordinator", _("Coordinates a project")),
        ("lead", _("Leads a project")),
        ("account", _("Has a login")),
    )
    search_fields = ("first_name", "last_name", "email", "unit__name")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ROLE_CHOICES, method="filter_role")
    unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationalUnit.objects.filter(institution__is_home=True)
    )
    sort = SortFilter(
        fields=(
            ("last_name", "name"),
            ("email", "email"),
            ("unit__name", "unit"),
            ("project_count", "projects"),
        )
    )

    class Meta:
        model = Person
        fields = ["q", "role", "unit"]

    def filter_role(self, queryset, name, value):
        if value == "lead":
            return queryset.filter(led_count__gt=0)
        if value == "coordinator":
            return queryset.filter(project_count__gt=0)
        return queryset.filter(user__isnull=False)


class MobilityFilter(WorkspaceFilterSet):
    search_fields = ("first_name", "last_name", "email", "project__title", "partner__name")
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.order_by("title"))
    status = django_filters.ChoiceFilter(choices=Mobility.Status.choices)
    activity = django_filters.ChoiceFilter(choices=Activity.choices)
    direction = django_filters.ChoiceFilter(choices=Direction.choices)
    partner_country = django_filters.ChoiceFilter(
        field_name="partner__country", label=_("Partner country"), choices=_country_choices
    )
    year = YearFilter(field_name="planned_start__year", label=_("Year (planned start)"))
    sort = SortFilter(
        fields=(
            ("last_name", "participant"),
            ("project__title", "project"),
            ("partner__name", "partner"),
            ("activity", "activity"),
            ("direction", "direction"),
            ("planned_start", "start"),
            ("status", "status"),
            ("grant_total", "grant"),
        )
    )

    class Meta:
        model = Mobility
        fields = ["q", "project", "status", "activity", "direction", "partner_country", "year"]


class DeadlineFilter(WorkspaceFilterSet):
    STATE_CHOICES = (
        ("open", _("Open")),
        ("overdue", _("Overdue")),
        ("done", _("Done")),
        ("all", _("All")),
    )
    search_fields = ("title", "project__title", "notes")
    state = django_filters.ChoiceFilter(
        label=_("Show"), choices=STATE_CHOICES, method="filter_state", empty_label=None
    )
    kind = django_filters.ChoiceFilter(choices=Deadline.Kind.choices)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.order_by("title"))
    due_after = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        label=_("Due from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label=_("Due until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    mine = django_filters.BooleanFilter(
        label=_("Only mine"), method="filter_mine", widget=AnyYesNoWidget
    )
    sort = SortFilter(
        fields=(
            ("due_date", "due"),
            ("title", "title"),
            ("project__title", "project"),
            ("kind", "kind"),
        )
    )

    class Meta:
        model = Deadline
        fields = ["q", "state", "kind", "project", "due_after", "due_before", "mine"]

    def __init__(self, data=None, *args, **kwargs):
        # Open deadlines unless another state is asked for.
        if not (data or {}).get("state"):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["state"] = "open"
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "state" not in self.form.cleaned_data:
            # A state that is not one of the choices was ignored: the default applies.
            queryset = self.filter_state(queryset, "state", "open")
        return queryset

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "open":
            return queryset.filter(done_at__isnull=True)
        if value == "overdue":
            return queryset.filter(done_at__isnull=True, due_date__lt=today)
        if value == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return self.only_mine(
            queryset,
            lambda person: (
                Q(responsible=person)
                | Q(project__lead_coordinator=person)
                | Q(project__co_coordinators=person)
            ),
        )


class ExchangeOfferFilter(WorkspaceFilterSet):
    search_fields = ("title", "title_nl", "project__title", "partner__name")
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.order_by("title"))
    is_published = django_filters.BooleanFilter(label=_("Published"), widget=AnyYesNoWidget)
    activity = django_filters.ChoiceFilter(choices=Activity.choices)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    open_for_applications = django_filters.BooleanFilter(
        label=_("Deadline not passed"),
        method="filter_open",
        widget=AnyYesNoWidget,
    )
    sort = SortFilter(
        fields=(
            ("title", "title"),
            ("project__title", "project"),
            ("partner__name", "partner"),
            ("places", "places"),
            ("application_deadline", "deadline"),
            ("registration_count", "registrations"),
        )
    )

    class Meta:
        model = ExchangeOffer
        fields = ["q", "project", "is_published", "activity", "level", "open_for_applications"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(application_deadline__gte=today)
        return queryset.filter(application_deadline__lt=today)


class CallFilter(WorkspaceFilterSet):
    search_fields = ("results_summary",)
    action = django_filters.ChoiceFilter(label=_("Key action"), choices=Call.Action.choices)
    sort = SortFilter(
        fields=(
            ("year", "year"),
            ("action", "action"),
            ("deadline", "deadline"),
            ("project_count", "projects"),
        )
    )

    class Meta:
        model = Call
        fields = ["q", "action"]


class SubjectAreaFilter(WorkspaceFilterSet):
    search_fields = ("name", "name_nl")
    sort = SortFilter(
        fields=(("name", "name"), ("project_count", "projects"), ("offer_count", "offers"))
    )

    class Meta:
        model = SubjectArea
        fields = ["q"]


class VirtualActivityFilter(WorkspaceFilterSet):
    search_fields = ("title", "description", "project__title")
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.order_by("title"))
    sort = SortFilter(
        fields=(
            ("title", "title"),
            ("project__title", "project"),
            ("start_date", "start"),
            ("participants", "participants"),
        )
    )

    class Meta:
        model = VirtualActivity
        fields = ["q", "project"]


class AccountFilter(WorkspaceFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")
    is_office_staff = django_filters.BooleanFilter(
        label=_("International Relations Office staff"), widget=AnyYesNoWidget
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=AnyYesNoWidget)
    sort = SortFilter(
        fields=(("username", "username"), ("last_name", "name"), ("last_login", "last_login"))
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "is_office_staff", "is_active"]
