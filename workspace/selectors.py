"""Read-side queries of the workspace, joined for the page that uses them.

Every list and detail page asks a fixed number of questions, whatever the number of rows:
related rows are select_related or prefetched, counts and sums are subqueries.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.rules import STAFF_GROUP, is_iro_staff
from mobility import history
from mobility.models import (
    ExchangeOffer,
    InterestRegistration,
    Mobility,
    MobilityGrant,
    VirtualActivity,
)
from partners.models import Contact, Institution
from projects.models import Call, Deadline, Person, Project, ProjectPartner, SubjectArea
from projects.rules import may_see_people
from projects.selectors import (
    projects_coordinated_by,
    with_milestones_visible_to,
    with_people_visible_to,
)

MONEY = DecimalField(max_digits=12, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _count(queryset: QuerySet, link: str):
    """Number of rows of `queryset` whose `link` is the outer row: a subquery, never a join."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _sum(queryset: QuerySet, link: str, expression):
    summed = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(total=Sum(expression, output_field=MONEY))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=MONEY), ZERO)


MOBILITY_GRANT = ExpressionWrapper(
    F("individual_support") + F("travel_support"), output_field=MONEY
)
ACTIVE_MOBILITIES = Mobility.objects.exclude(status=Mobility.Status.CANCELLED)


# Projects


def project_list() -> QuerySet[Project]:
    """The projects as their list shows them: partners by name, mobilities counted."""
    return (
        Project.objects.select_related("call", "home_unit", "lead_coordinator")
        .prefetch_related(
            Prefetch(
                "project_partners",
                queryset=ProjectPartner.objects.select_related("institution").only(
                    "project", "institution__name"
                ),
            )
        )
        .annotate(mobility_count=_count(ACTIVE_MOBILITIES, "project"))
    )


def project_export() -> QuerySet[Project]:
    """The projects as their export lists them: the list's columns and the co-coordinators."""
    return project_list().prefetch_related("co_coordinators")


# How many mobilities, deadlines and offers a project page lists; the page links to the
# project's full lists (the workspace lists filtered by the project).
PROJECT_PAGE_ROWS = 10
OPEN_DEADLINES = Deadline.objects.filter(done_at__isnull=True)


def project_detail() -> QuerySet[Project]:
    """A project with what its page shows around it, and how many mobilities, deadlines and
    offers it has in all (the page lists a few of each: project_page_rows)."""
    return (
        Project.objects.select_related("call", "home_unit__institution", "lead_coordinator__unit")
        .prefetch_related(
            "co_coordinators",
            "subject_areas",
            Prefetch(
                "project_partners",
                queryset=ProjectPartner.objects.select_related("institution", "contact"),
            ),
            Prefetch("grant_lines", queryset=MobilityGrant.objects.select_related("partner")),
        )
        .annotate(
            mobility_count=_count(Mobility.objects.all(), "project"),
            active_mobility_count=_count(ACTIVE_MOBILITIES, "project"),
            mobility_grants_total=_sum(ACTIVE_MOBILITIES, "project", MOBILITY_GRANT),
            open_deadline_count=_count(OPEN_DEADLINES, "project"),
            deadline_count=_count(Deadline.objects.all(), "project"),
            offer_count=_count(ExchangeOffer.objects.all(), "project"),
        )
    )


def project_page_rows(project: Project, *, user) -> dict:
    """The latest mobilities and offers and the next open deadlines of a project,
    PROJECT_PAGE_ROWS of each. Mobilities name their participants: a user who may not see
    this project's people gets none (the page counts them instead)."""
    mobilities = project.mobilities.select_related("partner").order_by("-planned_start", "-pk")
    return {
        "latest_mobilities": (
            list(mobilities[:PROJECT_PAGE_ROWS]) if may_see_people(user, project) else []
        ),
        "next_deadlines": list(
            with_milestones_visible_to(project.deadlines.filter(done_at__isnull=True), user=user)
            .prefetch_related("responsible")
            .order_by("due_date", "title", "pk")[:PROJECT_PAGE_ROWS]
        ),
        "latest_offers": list(
            project.offers.select_related("partner")
            .annotate(registration_count=_count(InterestRegistration.objects.all(), "offer"))
            .order_by("-application_deadline", "title", "pk")[:PROJECT_PAGE_ROWS]
        ),
    }


def project_history(project: Project, *, user) -> list:
    """The records of the project's history (mobility.history.project_records) the user may
    read: a mobility milestone's records name its participant, so they are left out for a user
    who may not see the project's people."""
    records = history.project_records(project)
    if may_see_people(user, project):
        return records
    return [record for record in records if getattr(record, "mobility_id", None) is None]


def grant_totals(project: Project) -> dict:
    """Planned mobilities and money of a project's grant lines (prefetched) and mobilities
    (annotated by project_detail)."""
    lines = list(project.grant_lines.all())
    return {
        "planned": sum(line.mobilities_planned for line in lines),
        "awarded": sum((line.amount_awarded for line in lines), Decimal("0.00")),
        "mobilities": project.active_mobility_count,
        "granted": project.mobility_grants_total,
    }


# Partners and people


def institution_list() -> QuerySet[Institution]:
    return Institution.objects.annotate(
        project_count=_count(ProjectPartner.objects.all(), "institution"),
        mobility_count=_count(ACTIVE_MOBILITIES, "partner"),
    )


def institution_detail() -> QuerySet[Institution]:
    return Institution.objects.prefetch_related(
        "units",
        Prefetch("contacts", queryset=Contact.objects.all()),
        Prefetch(
            "project_roles",
            queryset=ProjectPartner.objects.select_related(
                "project__call", "project__lead_coordinator", "contact"
            ),
        ),
        Prefetch("offers", queryset=ExchangeOffer.objects.select_related("project")),
    ).annotate(
        mobility_count=_count(ACTIVE_MOBILITIES, "partner"),
        grant_line_count=_count(MobilityGrant.objects.all(), "partner"),
    )


def person_list() -> QuerySet[Person]:
    led = _count(Project.objects.all(), "lead_coordinator")
    co = _count(Project.co_coordinators.through.objects.all(), "person")
    return (
        Person.objects.select_related("unit__institution", "user")
        .annotate(led_count=led, co_count=co)
        .annotate(project_count=F("led_count") + F("co_count"))
    )


def person_detail(user) -> QuerySet[Person]:
    """A coordinator with their projects and open deadlines (without the milestones that name
    participants the user may not see)."""
    projects = Project.objects.select_related("call", "lead_coordinator")
    open_deadlines = with_milestones_visible_to(
        Deadline.objects.filter(done_at__isnull=True), user=user
    ).select_related("project")
    return Person.objects.select_related("unit__institution", "user").prefetch_related(
        Prefetch("led_projects", queryset=projects),
        Prefetch("co_coordinated_projects", queryset=projects),
        Prefetch(
            "deadlines",
            queryset=open_deadlines,
            to_attr="open_deadlines",
        ),
    )


# Mobilities, deadlines, offers


def mobility_list(user) -> QuerySet[Mobility]:
    """The mobilities whose participants the user may see: all for the office, those of
    their own projects for a coordinator (projects.rules.may_see_people)."""
    mobilities = Mobility.objects.select_related("project", "partner").annotate(
        grant_total=MOBILITY_GRANT
    )
    return with_people_visible_to(mobilities, user=user)


def mobility_count_not_shown_to(user) -> int:
    """How many mobilities the user's list leaves out (those of projects whose people they
    may not see): other coordinators get the count, not the people."""
    if is_iro_staff(user):
        return 0
    return Mobility.objects.exclude(project__in=projects_coordinated_by(user).values("pk")).count()


def mobility_detail() -> QuerySet[Mobility]:
    return Mobility.objects.select_related(
        "project__lead_coordinator", "project__call", "partner"
    ).prefetch_related(
        "project__co_coordinators",
        Prefetch("milestones", queryset=Deadline.objects.select_related("done_by")),
    )


def deadline_list(user) -> QuerySet[Deadline]:
    """Every deadline but the mobility milestones naming participants the user may not see."""
    deadlines = Deadline.objects.select_related(
        "project__lead_coordinator", "done_by", "mobility"
    ).prefetch_related("responsible", "project__co_coordinators")
    return with_milestones_visible_to(deadlines, user=user)


def offer_list() -> QuerySet[ExchangeOffer]:
    return ExchangeOffer.objects.select_related("project", "partner", "subject_area").annotate(
        registration_count=_count(InterestRegistration.objects.all(), "offer"),
        new_registration_count=_count(
            InterestRegistration.objects.filter(status=InterestRegistration.Status.NEW), "offer"
        ),
    )


def offer_detail() -> QuerySet[ExchangeOffer]:
    """An offer with its project's coordinators (who may see the registrations) and how many
    students registered (what everyone else sees of them)."""
    return (
        ExchangeOffer.objects.select_related("project", "partner", "subject_area")
        .prefetch_related("project__co_coordinators")
        .annotate(registration_count=_count(InterestRegistration.objects.all(), "offer"))
    )


def registrations_of(offer: ExchangeOffer, *, status: str = "") -> QuerySet[InterestRegistration]:
    registrations = offer.registrations.select_related("offer").order_by("-created_at", "pk")
    return registrations.filter(status=status) if status else registrations


# The dashboard


DASHBOARD_DEADLINES = 15
DASHBOARD_COUNT_CAP = 1000


def deadlines_for(user, *, today: datetime.date, days: int = 60) -> dict:
    """Open deadlines of the user, overdue and due in the next `days` days: the first
    DASHBOARD_DEADLINES of each, and how many there are in all.

    Staff follow every project's deadlines; a coordinator those of their projects and those
    they are responsible for.
    """
    deadlines = Deadline.objects.filter(
        done_at__isnull=True, due_date__lte=today + datetime.timedelta(days=days)
    )
    if not is_iro_staff(user):
        person = getattr(user, "person", None)
        if person is None:
            deadlines = deadlines.none()
        else:
            deadlines = deadlines.filter(
                pk__in=Deadline.objects.filter(
                    Q(responsible=person)
                    | Q(project__lead_coordinator=person)
                    | Q(project__co_coordinators=person)
                ).values("pk")
            )
    shown = deadlines.select_related("project").order_by("due_date", "title", "pk")
    found = {}
    for name, condition in (
        ("overdue", Q(due_date__lt=today)),
        ("upcoming", Q(due_date__gte=today)),
    ):
        rows = list(shown.filter(condition)[:DASHBOARD_DEADLINES])
        count = _capped_count(deadlines.filter(condition))
        found[name] = rows
        found[f"{name}_count"] = count
        found[f"{name}_more"] = count - len(rows)
        found[f"{name}_capped"] = count >= DASHBOARD_COUNT_CAP
    return found


def _capped_count(queryset: QuerySet) -> int:
    """How many rows there are, counting no further than DASHBOARD_COUNT_CAP: the dashboard
    shows "1000+" rather than make every visit count a whole backlog."""
    return queryset.order_by().values("pk")[:DASHBOARD_COUNT_CAP].count()


def projects_by_status() -> list[dict]:
    counts = dict(Project.objects.order_by().values_list("status").annotate(count=Count("*")))
    return [
        {"status": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in Project.Status.choices
    ]


def mobilities_by_country_and_direction(*, year: int) -> list[dict]:
    """Mobilities starting in `year` (cancelled ones left out) per partner country and direction."""
    rows = (
        ACTIVE_MOBILITIES.filter(planned_start__year=year)
        .order_by()
        .values("partner__country", "direction")
        .annotate(count=Count("*"))
        .order_by("partner__country", "direction")
    )
    return list(rows)


def budget_use_of_running_projects() -> QuerySet[Project]:
    """Running projects, ending soonest first, with their awarded budget, grant line total
    and mobility grants."""
    return (
        Project.objects.filter(status=Project.Status.RUNNING)
        .annotate(
            grant_lines_total=_sum(MobilityGrant.objects.all(), "project", F("amount_awarded")),
            mobility_grants_total=_sum(ACTIVE_MOBILITIES, "project", MOBILITY_GRANT),
        )
        .order_by("end_date", "title", "pk")
    )


# Calls, research fields, virtual activities, logins


def call_list() -> QuerySet[Call]:
    """The calls with their number of projects."""
    return Call.objects.annotate(project_count=_count(Project.objects.all(), "call"))


def call_detail() -> QuerySet[Call]:
    """A call with its projects and their coordinators."""
    return Call.objects.prefetch_related(
        Prefetch(
            "projects",
            queryset=Project.objects.select_related("lead_coordinator").order_by("title"),
        )
    )


def subject_area_list() -> QuerySet[SubjectArea]:
    """The research fields with their numbers of projects and offers."""
    return SubjectArea.objects.annotate(
        project_count=_count(Project.subject_areas.through.objects.all(), "subjectarea"),
        offer_count=_count(ExchangeOffer.objects.all(), "subject_area"),
    )


def subject_area_detail() -> QuerySet[SubjectArea]:
    """A research field with its projects and offers."""
    return SubjectArea.objects.prefetch_related(
        Prefetch("projects", queryset=Project.objects.order_by("title")),
        Prefetch("offers", queryset=ExchangeOffer.objects.order_by("title")),
    )


def virtual_activity_list() -> QuerySet[VirtualActivity]:
    return VirtualActivity.objects.select_related("project")


def account_list() -> QuerySet:
    """Every login with its person (if any) and whether it is the office's staff."""
    staff = get_user_model().groups.through.objects.filter(
        user=OuterRef("pk"), group__name=STAFF_GROUP
    )
    return (
        get_user_model()
        .objects.select_related("person")
        .annotate(is_office_staff=Exists(staff))
        .order_by("username")
    )
