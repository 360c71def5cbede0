"""Read-side money: a project's budget cockpit and the overview across projects.

A grant line's amount, like a flow's or a partner's, is the participants' grants: individual
and travel support. The project's awarded budget also holds organisational support (a fixed
amount per participant), so the project's totals add it: planned = grant lines + the call's
rate x planned participants; committed and realised = grants + the organisational support
stored on each mobility. A mobility is *committed* once approved (and while ongoing or
completed) and *realised* once completed; cancelled mobilities count nowhere.
Each page needs a fixed number of queries, however many projects, lines or mobilities exist.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from mobility.distance import bands_of
from mobility.models import Activity, Direction, Mobility, MobilityGrant, RateTable
from mobility.selectors import GRANT, MONEY
from projects.models import Project
from projects.selectors import with_people_visible_to

ZERO = Decimal("0.00")
NOMINATED = (Mobility.Status.NOMINATED,)
COMMITTED = (Mobility.Status.APPROVED, Mobility.Status.ONGOING, Mobility.Status.COMPLETED)
REALISED = (Mobility.Status.COMPLETED,)
DIRECTION_SHORT = {
    Direction.INCOMING: gettext_lazy("incoming"),
    Direction.OUTGOING: gettext_lazy("outgoing"),
}
# From this share of the project's time on, a flow with fewer commitments than planned lags.
LATE_IN_PROJECT = 0.75

COST = ExpressionWrapper(
    F("individual_support") + F("travel_support") + F("organisational_support"), output_field=MONEY
)


@dataclass
class Tally:
    """A number of mobilities and what they cost."""

    count: int = 0
    amount: Decimal = ZERO

    def add(self, count: int, amount: Decimal) -> None:
        self.count += count
        self.amount += amount


@dataclass
class Budget:
    """Planned (grant lines), nominated, committed and realised mobilities of some scope."""

    planned: Tally = field(default_factory=Tally)
    nominated: Tally = field(default_factory=Tally)
    committed: Tally = field(default_factory=Tally)
    realised: Tally = field(default_factory=Tally)

    @property
    def remaining(self) -> Decimal:
        return self.planned.amount - self.committed.amount


@dataclass
class FlowBudget(Budget):
    """One flow: activity x direction x partner."""

    activity: str = ""
    direction: str = ""
    partner: str = ""
    has_line: bool = False

    @property
    def label(self) -> str:
        return f"{self.activity} {self.direction_short} · {self.partner}"

    @property
    def direction_short(self) -> str:
        return DIRECTION_SHORT[self.direction]

    @property
    def activity_label(self) -> str:
        return Activity(self.activity).label

    @property
    def direction_label(self) -> str:
        return Direction(self.direction).label


@dataclass
class PartnerBudget(Budget):
    partner: str = ""
    country: str = ""


@dataclass
class ProjectBudget:
    project: Project
    today: datetime.date
    total: Budget  # with organisational support
    flows: list[FlowBudget]
    partners: list[PartnerBudget]
    grant_lines: Decimal
    organisational_rate: Decimal | None  # None: the call has no rate table
    uncalculated: int
    warnings: list[str]

    @property
    def planned_organisational_support(self) -> Decimal:
        return (self.organisational_rate or ZERO) * self.total.planned.count

    @property
    def awarded(self) -> Decimal:
        return self.project.awarded_budget

    @property
    def elapsed(self) -> float:
        return elapsed_share(self.project, self.today)

    @property
    def elapsed_percent(self) -> int:
        return round(self.elapsed * 100)

    def chart_data(self) -> dict:
        # Two-line labels: the flow, then the partner.
        labels = [[f"{flow.activity} {flow.direction_short}", flow.partner] for flow in self.flows]
        return {
            "money": _bar_chart(
                labels,
                {
                    "planned": (_("Planned"), [flow.planned.amount for flow in self.flows]),
                    "committed": (_("Committed"), [flow.committed.amount for flow in self.flows]),
                    "realised": (_("Realised"), [flow.realised.amount for flow in self.flows]),
                },
                money=True,
            ),
            "counts": _bar_chart(
                labels,
                {
                    "planned": (_("Planned"), [flow.planned.count for flow in self.flows]),
                    "nominated": (_("Nominated"), [flow.nominated.count for flow in self.flows]),
                    "committed": (_("Committed"), [flow.committed.count for flow in self.flows]),
                    "realised": (_("Realised"), [flow.realised.count for flow in self.flows]),
                },
            ),
        }


COLOURS = {
    "awarded": "#6c757d",
    "planned": "#0d6efd",
    "nominated": "#ffc107",
    "committed": "#fd7e14",
    "realised": "#198754",
    Direction.INCOMING.value: "#0d6efd",
    Direction.OUTGOING.value: "#fd7e14",
}


def _bar_chart(labels, series: dict, *, money=False, stacked=False, horizontal=False) -> dict:
    """What static/budgets/charts.js draws: labels, series (key: (name, values)), and flags.

    A series keeps its colour on every chart: committed money and committed mobilities alike.
    """
    return {
        "labels": labels,
        "datasets": [
            {"label": str(name), "data": [float(value) for value in values], "colour": COLOURS[key]}
            for key, (name, values) in series.items()
        ],
        "money": money,
        "stacked": stacked,
        "horizontal": horizontal,
    }


def elapsed_share(project: Project, today: datetime.date) -> float:
    """How much of the project's time has passed, from 0 to 1."""
    length = (project.end_date - project.start_date).days
    passed = (today - project.start_date).days
    return min(1.0, max(0.0, passed / length)) if length > 0 else 1.0


def _bucket(budget: Budget, status: str, count: int, amount: Decimal) -> None:
    if status in NOMINATED:
        budget.nominated.add(count, amount)
    if status in COMMITTED:
        budget.committed.add(count, amount)
    if status in REALISED:
        budget.realised.add(count, amount)


def project_budget(project: Project, *, today: datetime.date) -> ProjectBudget:
    """The cockpit of one project: totals, flows, partners and warnings (three queries)."""
    flows: dict[tuple, FlowBudget] = {}
    partners: dict[int, PartnerBudget] = {}
    total = Budget()

    def flow_for(partner_id, partner, activity, direction) -> FlowBudget:
        key = (activity, direction, partner, partner_id)
        if key not in flows:
            flows[key] = FlowBudget(activity=activity, direction=direction, partner=partner)
        return flows[key]

    def partner_for(partner_id, name, country) -> PartnerBudget:
        if partner_id not in partners:
            partners[partner_id] = PartnerBudget(partner=name, country=countries.name(country))
        return partners[partner_id]

    grant_lines = ZERO
    for line in MobilityGrant.objects.filter(project=project).select_related("partner"):
        flow = flow_for(line.partner_id, line.partner.name, line.activity, line.direction)
        flow.has_line = True
        partner = partner_for(line.partner_id, line.partner.name, line.partner.country)
        for budget in (flow, partner):
            budget.planned.add(line.mobilities_planned, line.amount_awarded)
        grant_lines += line.amount_awarded
        total.planned.count += line.mobilities_planned
    rate = (
        RateTable.objects.filter(call_year=project.call.year, action=project.call.action)
        .values_list("organisational_support", flat=True)
        .first()
    )
    total.planned.amount = grant_lines + (rate or ZERO) * total.planned.count
    uncalculated = 0
    rows = (
        Mobility.objects.filter(project=project)
        .exclude(status=Mobility.Status.CANCELLED)
        .values(
            "partner_id", "partner__name", "partner__country", "activity", "direction", "status"
        )
        .annotate(
            count=Count("pk"),
            grant=Coalesce(Sum(GRANT), Value(ZERO), output_field=MONEY),
            cost=Coalesce(Sum(COST), Value(ZERO), output_field=MONEY),
            uncalculated=Count(
                "pk", filter=~Q(grant_error="") | Q(grant_calculated_at__isnull=True)
            ),
        )
        .order_by()
    )
    for row in rows:
        flow = flow_for(row["partner_id"], row["partner__name"], row["activity"], row["direction"])
        partner = partner_for(row["partner_id"], row["partner__name"], row["partner__country"])
        for budget in (flow, partner):
            _bucket(budget, row["status"], row["count"], row["grant"])
        _bucket(total, row["status"], row["count"], row["cost"])
        uncalculated += row["uncalculated"]
    budget = ProjectBudget(
        project=project,
        today=today,
        total=total,
        flows=[flows[key] for key in sorted(flows)],
        partners=sorted(partners.values(), key=lambda budget: budget.partner),
        grant_lines=grant_lines,
        organisational_rate=rate,
        uncalculated=uncalculated,
        warnings=[],
    )
    budget.warnings = budget_warnings(budget)
    return budget


def budget_warnings(budget: ProjectBudget) -> list[str]:
    warnings = []
    awarded = budget.awarded
    if budget.organisational_rate is None:
        warnings.append(
            _("The call has no rate table: planned organisational support is not counted.")
        )
    if budget.total.planned.amount > awarded:
        warnings.append(
            _(
                "Grant lines and organisational support plan EUR %(planned)s, more than the "
                "EUR %(awarded)s awarded."
            )
            % {"planned": _eur(budget.total.planned.amount), "awarded": _eur(awarded)}
        )
    if budget.total.committed.amount > awarded:
        warnings.append(
            _("Committed mobilities cost EUR %(committed)s, more than the EUR %(awarded)s awarded.")
            % {"committed": _eur(budget.total.committed.amount), "awarded": _eur(awarded)}
        )
    late = budget.elapsed >= LATE_IN_PROJECT
    for flow in budget.flows:
        if not flow.has_line:
            count = flow.nominated.count + flow.committed.count
            warnings.append(
                ngettext(
                    "%(flow)s: %(count)s mobility without a grant line.",
                    "%(flow)s: %(count)s mobilities without a grant line.",
                    count,
                )
                % {"flow": flow.label, "count": count}
            )
            continue
        if flow.committed.amount > flow.planned.amount:
            warnings.append(
                _("%(flow)s: committed EUR %(committed)s, more than the EUR %(planned)s planned.")
                % {
                    "flow": flow.label,
                    "committed": _eur(flow.committed.amount),
                    "planned": _eur(flow.planned.amount),
                }
            )
        if flow.committed.count > flow.planned.count:
            warnings.append(
                _("%(flow)s: %(committed)s mobilities committed, %(planned)s planned.")
                % {
                    "flow": flow.label,
                    "committed": flow.committed.count,
                    "planned": flow.planned.count,
                }
            )
        elif late and flow.committed.count < flow.planned.count:
            values = {
                "flow": flow.label,
                "committed": flow.committed.count,
                "planned": flow.planned.count,
                "left": 100 - budget.elapsed_percent,
            }
            if budget.elapsed < 1:
                message = _(
                    "%(flow)s: %(committed)s of %(planned)s planned mobilities committed "
                    "with %(left)s %% of the project's time left."
                )
            else:
                message = _(
                    "%(flow)s: %(committed)s of %(planned)s planned mobilities committed, "
                    "and the project has ended."
                )
            warnings.append(message % values)
    if budget.uncalculated:
        warnings.append(
            ngettext(
                "%(count)s mobility has no calculated grant: its amount counts as zero.",
                "%(count)s mobilities have no calculated grant: their amounts count as zero.",
                budget.uncalculated,
            )
            % {"count": budget.uncalculated}
        )
    return warnings


def _eur(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _line_total(field_name: str, output_field, zero):
    lines = (
        MobilityGrant.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    return Coalesce(
        Subquery(lines, output_field=output_field), Value(zero), output_field=output_field
    )


def _mobility_total(statuses, aggregate):
    mobilities = (
        Mobility.objects.filter(project=OuterRef("pk"), status__in=statuses)
        .values("project")
        .annotate(total=aggregate)
        .values("total")
    )
    output, zero = (MONEY, ZERO) if isinstance(aggregate, Sum) else (IntegerField(), 0)
    return Coalesce(Subquery(mobilities, output_field=output), Value(zero), output_field=output)


def projects_with_budget_use() -> QuerySet[Project]:
    """Awarded, running and closed projects with their planned, committed and realised money,
    organisational support included (see the module's docstring)."""
    organisational_rate = RateTable.objects.filter(
        call_year=OuterRef("call__year"), action=OuterRef("call__action")
    ).values("organisational_support")[:1]
    return (
        Project.objects.filter(status__in=Project.PUBLIC_STATUSES)
        .select_related("call")
        .annotate(
            grant_lines_amount=_line_total("amount_awarded", MONEY, ZERO),
            planned_count=_line_total("mobilities_planned", IntegerField(), 0),
            organisational_rate=Coalesce(
                Subquery(organisational_rate, output_field=MONEY), Value(ZERO), output_field=MONEY
            ),
        )
        .annotate(
            planned_amount=ExpressionWrapper(
                F("grant_lines_amount") + F("organisational_rate") * F("planned_count"),
                output_field=MONEY,
            ),
            committed_amount=_mobility_total(COMMITTED, Sum(COST)),
            committed_count=_mobility_total(COMMITTED, Count("pk")),
            realised_amount=_mobility_total(REALISED, Sum(COST)),
            realised_count=_mobility_total(REALISED, Count("pk")),
        )
        .order_by("-call__year", "call__action", "title")
    )


@dataclass(frozen=True)
class CallRound:
    call: object
    projects: int
    awarded: Decimal
    participants: int

    @property
    def summary(self) -> str:
        return ngettext(
            "%(projects)s project, EUR %(awarded)s, %(participants)s students and staff",
            "%(projects)s projects, EUR %(awarded)s, %(participants)s students and staff",
            self.projects,
        ) % {
            "projects": self.projects,
            "awarded": f"{self.awarded:,.0f}",
            "participants": self.participants,
        }


@dataclass
class Overview:
    projects: list[Project]
    call_rounds: list[CallRound]
    by_country: list[dict]
    by_year: list[dict]

    @property
    def total(self) -> dict:
        return {
            name: sum((getattr(project, name) for project in self.projects), 0)
            for name in (
                "awarded_budget",
                "planned_amount",
                "committed_amount",
                "realised_amount",
                "planned_count",
                "committed_count",
                "realised_count",
            )
        }

    def chart_data(self) -> dict:
        projects = self.projects
        return {
            "budget_use": _bar_chart(
                [project.title for project in projects],
                {
                    "awarded": (_("Awarded"), [project.awarded_budget for project in projects]),
                    "committed": (_("Committed"), [p.committed_amount for p in projects]),
                    "realised": (_("Realised"), [p.realised_amount for p in projects]),
                },
                money=True,
                horizontal=True,
            ),
            "by_country": _direction_chart(self.by_country, "country_name", horizontal=True),
            "by_year": _direction_chart(self.by_year, "year"),
        }


def _direction_chart(rows, key, *, horizontal=False) -> dict:
    labels = list(dict.fromkeys(row[key] for row in rows))
    counts = {(row[key], row["direction"]): row["count"] for row in rows}
    return _bar_chart(
        [str(label) for label in labels],
        {
            direction.value: (
                direction.label,
                [counts.get((label, direction.value), 0) for label in labels],
            )
            for direction in Direction
        },
        stacked=True,
        horizontal=horizontal,
    )


def budget_overview() -> Overview:
    """Budget use of every awarded project, mobilities by country and year, and call rounds."""
    projects = list(projects_with_budget_use())
    rounds = []
    for call, members in groupby(projects, key=lambda project: project.call):
        members = list(members)
        rounds.append(
            CallRound(
                call=call,
                projects=len(members),
                awarded=sum((project.awarded_budget for project in members), ZERO),
                participants=sum(project.planned_count for project in members),
            )
        )
    counted = Mobility.objects.exclude(status=Mobility.Status.CANCELLED).order_by()
    by_country = [
        {**row, "country_name": countries.name(row["partner__country"])}
        for row in counted.values("partner__country", "direction").annotate(count=Count("pk"))
    ]
    by_country.sort(key=lambda row: (row["country_name"], row["direction"]))
    by_year = list(
        counted.annotate(year=ExtractYear(Coalesce("actual_start", "planned_start")))
        .values("year", "direction")
        .annotate(count=Count("pk"))
        .order_by("year", "direction")
    )
    for project in projects:
        project.use_percent = (
            round(project.committed_amount * 100 / project.awarded_budget)
            if project.awarded_budget
            else None
        )
    return Overview(projects=projects, call_rounds=rounds, by_country=by_country, by_year=by_year)


def project_mobilities(project: Project, *, user) -> QuerySet[Mobility]:
    """The project's mobilities with their partner, for the cockpit's list; none for a user
    who may not see the project's participants (projects.rules.may_see_people)."""
    mobilities = project.mobilities.select_related("partner").order_by("planned_start", "last_name")
    return with_people_visible_to(mobilities, user=user)


def direction_table(rows: list[dict], key: str) -> list[dict]:
    """Rows of a label with its incoming and outgoing counts, for the table beside a chart."""
    table: dict[object, dict] = defaultdict(lambda: {"incoming": 0, "outgoing": 0})
    for row in rows:
        table[row[key]][row["direction"]] = row["count"]
    return [
        {"label": label, **counts, "total": counts["incoming"] + counts["outgoing"]}
        for label, counts in table.items()
    ]


def bands_with_labels(table) -> list:
    """The table's travel bands with their upper edges and labels."""
    return bands_of(table.travel_bands.all())
