import datetime
from decimal import Decimal

import pytest

from budgets.selectors import budget_overview, direction_table, elapsed_share, project_budget
from mobility.models import RateTable
from projects.models import Project
from tests.budgets.conftest import build_budget_project
from tests.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date
LATE = D(2023, 3, 1)  # 942 of the project's 1,094 days: 86 %


def _tally(tally) -> str:
    return f"{tally.count} x {tally.amount}"


def _row(budget) -> str:
    """Planned | nominated | committed | realised."""
    tallies = (budget.planned, budget.nominated, budget.committed, budget.realised)
    return " | ".join(_tally(tally) for tally in tallies)


def test_project_budget_totals_worked_out_by_hand(budget_project):
    budget = project_budget(budget_project, today=LATE)

    assert budget.awarded == Decimal("20000.00")
    assert (budget.grant_lines, budget.planned_organisational_support) == (
        Decimal("13500.00"),
        Decimal("1400.00"),
    )
    assert _tally(budget.total.planned) == "4 x 14900.00"
    assert _tally(budget.total.nominated) == "1 x 5420.00"
    assert _tally(budget.total.committed) == "3 x 10750.00"  # A + B + E
    assert _tally(budget.total.realised) == "1 x 3110.00"  # A
    assert budget.total.remaining == Decimal("4150.00")
    assert budget.uncalculated == 0


def test_project_budget_per_flow(budget_project):
    flows = project_budget(budget_project, today=LATE).flows

    assert [flow.label for flow in flows] == [
        "SMS incoming · University of Havana",
        "SMT outgoing · University of Havana",
        "STA outgoing · Nagasaki University",
        "STT incoming · Nagasaki University",
    ]
    assert [flow.has_line for flow in flows] == [True, False, True, True]
    assert [_row(flow) for flow in flows] == [
        "1 x 5500.00 | 1 x 5070.00 | 0 x 0.00 | 0 x 0.00",
        "0 x 0.00 | 0 x 0.00 | 1 x 2920.00 | 0 x 0.00",
        "2 x 6000.00 | 0 x 0.00 | 2 x 6780.00 | 1 x 2760.00",
        "1 x 2000.00 | 0 x 0.00 | 0 x 0.00 | 0 x 0.00",
    ]


def test_project_budget_per_partner(budget_project):
    partners = project_budget(budget_project, today=LATE).partners

    assert [(p.partner, p.country, _row(p)) for p in partners] == [
        ("Nagasaki University", "Japan", "3 x 8000.00 | 0 x 0.00 | 2 x 6780.00 | 1 x 2760.00"),
        ("University of Havana", "Cuba", "1 x 5500.00 | 1 x 5070.00 | 1 x 2920.00 | 0 x 0.00"),
    ]


def test_project_budget_warnings_late_in_the_project(budget_project):
    budget = project_budget(budget_project, today=LATE)

    assert budget.elapsed_percent == 86
    assert budget.warnings == [
        "SMS incoming · University of Havana: 0 of 1 planned mobilities committed "
        "with 14 % of the project's time left.",
        "SMT outgoing · University of Havana: 1 mobility without a grant line.",
        "STA outgoing · Nagasaki University: committed EUR 6,780.00, more than the "
        "EUR 6,000.00 planned.",
        "STT incoming · Nagasaki University: 0 of 1 planned mobilities committed "
        "with 14 % of the project's time left.",
    ]


def test_project_budget_after_the_end_says_so(budget_project):
    warnings = project_budget(budget_project, today=D(2023, 9, 1)).warnings

    assert warnings[0] == (
        "SMS incoming · University of Havana: 0 of 1 planned mobilities committed, "
        "and the project has ended."
    )


def test_project_budget_without_rate_table_says_so(budget_project):
    RateTable.objects.filter(call_year=2020).delete()

    budget = project_budget(budget_project, today=D(2021, 6, 1))

    assert budget.total.planned.amount == Decimal("13500.00")
    assert budget.warnings[0] == (
        "The call has no rate table: planned organisational support is not counted."
    )


def test_project_budget_early_in_the_project_has_no_lag_warnings(budget_project):
    budget = project_budget(budget_project, today=D(2021, 6, 1))

    assert not any("time left" in warning for warning in budget.warnings)
    assert len(budget.warnings) == 2


def test_project_budget_warns_when_plan_or_commitments_exceed_the_award(
    rates, leiden, nagasaki, havana
):
    project = build_budget_project(
        nagasaki_university=nagasaki, havana_university=havana, awarded="10000.00"
    )

    warnings = project_budget(project, today=D(2021, 6, 1)).warnings

    assert warnings[:2] == [
        "Grant lines and organisational support plan EUR 14,900.00, more than the "
        "EUR 10,000.00 awarded.",
        "Committed mobilities cost EUR 10,750.00, more than the EUR 10,000.00 awarded.",
    ]


def test_project_budget_warns_about_uncalculated_grants(budget_project):
    budget_project.mobilities.filter(status="approved").update(grant_error="No rate.")

    budget = project_budget(budget_project, today=D(2021, 6, 1))

    assert budget.uncalculated == 2
    assert budget.warnings[-1] == (
        "2 mobilities have no calculated grant: their amounts count as zero."
    )


def test_project_budget_chart_data(budget_project):
    charts = project_budget(budget_project, today=LATE).chart_data()

    assert charts["money"]["labels"][2] == ["STA outgoing", "Nagasaki University"]
    assert [(d["label"], d["data"][2]) for d in charts["money"]["datasets"]] == [
        ("Planned", 6000.0),
        ("Committed", 6780.0),
        ("Realised", 2760.0),
    ]
    assert [d["data"] for d in charts["counts"]["datasets"]] == [
        [1, 0, 2, 1],
        [1, 0, 0, 0],
        [0, 1, 2, 0],
        [0, 0, 1, 0],
    ]


@pytest.mark.parametrize(
    ("today", "share"),
    [(D(2019, 12, 1), 0.0), (D(2020, 1, 1), 0.0), (D(2020, 1, 6), 0.5), (D(2020, 2, 1), 1.0)],
)
def test_elapsed_share(today, share):
    project = Project(start_date=D(2020, 1, 1), end_date=D(2020, 1, 11))

    assert elapsed_share(project, today) == pytest.approx(share, abs=0.001)


@pytest.fixture
def overview_projects(budget_project):
    ProjectFactory(
        call=budget_project.call, title="Astronomy", slug="astronomy", awarded_budget=5000
    )
    ProjectFactory(call=CallFactory(year=2021, action="KA171"), status=Project.Status.PROPOSAL)
    return budget_project


def test_budget_overview_budget_use_per_project(overview_projects):
    overview = budget_overview()

    assert [
        (
            project.title,
            f"{project.awarded_budget} / {project.planned_amount} / "
            f"{project.committed_amount} / {project.realised_amount}",
            (project.planned_count, project.committed_count, project.realised_count),
            project.use_percent,
        )
        for project in overview.projects
    ] == [
        ("Astronomy", "5000.00 / 0.00 / 0.00 / 0.00", (0, 0, 0), 0),
        (
            "Nanomedicine with Havana and Nagasaki",
            "20000.00 / 14900.00 / 10750.00 / 3110.00",
            (4, 3, 1),
            54,  # 10,750 of 20,000 committed
        ),
    ]
    assert overview.total["committed_amount"] == Decimal("10750.00")


def test_budget_overview_call_round_summary(overview_projects):
    (round_2020,) = budget_overview().call_rounds

    assert str(round_2020.call) == "KA107 2020"
    assert round_2020.summary == "2 projects, EUR 25,000, 4 students and staff"


def test_budget_overview_mobilities_by_country_and_year(overview_projects):
    overview = budget_overview()

    assert direction_table(overview.by_country, "country_name") == [
        {"label": "Cuba", "incoming": 1, "outgoing": 1, "total": 2},
        {"label": "Japan", "incoming": 0, "outgoing": 2, "total": 2},
    ]
    assert direction_table(overview.by_year, "year") == [
        {"label": 2021, "incoming": 1, "outgoing": 2, "total": 3},
        {"label": 2022, "incoming": 0, "outgoing": 1, "total": 1},
    ]
    assert overview.chart_data()["by_country"]["labels"] == ["Cuba", "Japan"]
