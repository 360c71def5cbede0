import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mobility.exports.bm_xml import BM_MOBILITIES
from mobility.exports.ewp_institutions import EWP_INSTITUTIONS
from mobility.grants import recalculate_grant
from mobility.models import Mobility, RateTable
from mobility.rates import RATE_TABLE_RULES, seed_rates
from tests.factories import (
    CallFactory,
    InstitutionFactory,
    MobilityFactory,
    MobilityGrantFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(f"budgets:{name}", kwargs=kwargs)


def _pages(project, mobility, table):
    return {
        "overview": _url("overview"),
        "project-budget": _url("project-budget", slug=project.slug),
        "project-export": _url("project-export", slug=project.slug),
        "project-export-csv": _url("project-export-csv", slug=project.slug),
        "project-export-xlsx": _url("project-export-xlsx", slug=project.slug),
        "institutions-xml": _url("institutions-xml"),
        "calculator": _url("calculator"),
        "rate-table-list": _url("rate-table-list"),
        "rate-table-create": _url("rate-table-create"),
        "rate-table-detail": _url("rate-table-detail", pk=table.pk),
        "rate-table-edit": _url("rate-table-edit", pk=table.pk),
        "rate-table-recalculate": _url("rate-table-recalculate", pk=table.pk),
        "mobility-grant": _url("mobility-grant", pk=mobility.pk),
    }


POST_ONLY = {"rate-table-recalculate"}
ALLOWED = {
    "staff": {
        "overview",
        "project-budget",
        "project-export",
        "project-export-csv",
        "project-export-xlsx",
        "institutions-xml",
        "calculator",
        "rate-table-list",
        "rate-table-create",
        "rate-table-detail",
        "rate-table-edit",
        "rate-table-recalculate",
        "mobility-grant",
    },
    "coordinator": {
        "overview",
        "project-budget",
        "project-export",
        "project-export-csv",
        "project-export-xlsx",
        "mobility-grant",
    },
    # A participant's grant names the participant: for the project's coordinators only.
    "other_coordinator": {"overview", "project-budget"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", ALLOWED)
def test_budget_pages_answer_each_role(client, request, budget_project, role):
    client.force_login(request.getfixturevalue(role if role != "staff" else "staff_user"))
    pages = _pages(
        budget_project, budget_project.mobilities.first(), RateTable.objects.get(call_year=2020)
    )

    statuses = {
        name: (client.post if name in POST_ONLY else client.get)(url).status_code
        for name, url in pages.items()
    }

    assert statuses == {
        name: (302 if name in POST_ONLY else 200) if name in ALLOWED[role] else 403
        for name in pages
    }


def test_budget_pages_send_anonymous_visitors_to_the_login(client, budget_project):
    response = client.get(_url("project-budget", slug=budget_project.slug))

    assert response.status_code == 302
    assert (
        response.url
        == f"{reverse('accounts:login')}?next=/workspace/budgets/projects/nanomedicine/"
    )


def test_project_budget_page_shows_figures_warnings_and_chart_data(
    client, staff_user, budget_project
):
    client.force_login(staff_user)

    response = client.get(_url("project-budget", slug=budget_project.slug))

    content = response.content.decode()
    assert "EUR\u00a014,900.00" in content  # planned: grant lines and organisational support
    assert "EUR\u00a010,750.00" in content  # committed
    assert "SMT outgoing · University of Havana: 1 mobility without a grant line." in content
    assert 'id="chart-flow-money" type="application/json"' in content
    assert response.context["budget"].total.realised.amount == Decimal("3110.00")
    assert "<script>" not in content and 'style="' not in content


def test_overview_page_shows_the_call_round(client, staff_user, budget_project):
    client.force_login(staff_user)

    response = client.get(_url("overview"))

    assert "1 project, EUR 20,000, 4 students and staff" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(project, partners: int):
    """Add partners, each with a grant line and three mobilities."""
    for index in range(partners):
        partner = InstitutionFactory(name=f"Partner {project.pk}-{index}", country="ET")
        ProjectPartnerFactory(project=project, institution=partner)
        MobilityGrantFactory(project=project, partner=partner)
        MobilityFactory.create_batch(
            3, project=project, partner=partner, status=Mobility.Status.APPROVED
        )


def test_project_budget_page_query_count_does_not_grow(client, staff_user, budget_project):
    client.force_login(staff_user)
    url = _url("project-budget", slug=budget_project.slug)
    small = _queries(client, url)

    _grow(budget_project, 5)

    assert _queries(client, url) == small


def test_overview_page_query_count_does_not_grow(client, staff_user, budget_project):
    client.force_login(staff_user)
    url = _url("overview")
    small = _queries(client, url)

    for year in (2018, 2019, 2020, 2020, 2020):
        _grow(ProjectFactory(call=CallFactory(year=year, action="KA107")), 2)

    assert _queries(client, url) == small


def test_export_page_lists_the_problems_first(client, coordinator, budget_project):
    client.force_login(coordinator)

    response = client.get(_url("project-export", slug=budget_project.slug))

    problems = response.context["report"].problems
    # The project's one problem, then per mobility one line per field the module refuses
    # (never the long-term flag: it follows the dates).
    assert len(problems) == 31
    assert not [p for p in problems if p.field == "Long-term activity"]
    assert problems[0].message == "Our institution has neither an Erasmus code nor an OID."
    assert {p.field for p in problems if p.message == "Missing: main language."} == {
        "Main Instruction/Work/Volunteering Language"
    }
    assert "Download XLSX" in response.content.decode()
    assert "Download EWP XML (student mobilities)" in response.content.decode()


def test_export_xml_download_holds_the_student_mobilities(client, coordinator, budget_project):
    client.force_login(coordinator)

    response = client.get(_url("project-export-xml", slug=budget_project.slug))

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="beneficiary-module-2020-1-NL01-KA107-064321.xml"'
    )
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert [m.findtext(f"{{{BM_MOBILITIES}}}activity-type") for m in root] == [
        "HE-SMS",
        "HE-SMT",
    ]


def test_export_csv_download_reads_back(client, coordinator, budget_project):
    client.force_login(coordinator)

    response = client.get(_url("project-export-csv", slug=budget_project.slug))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="beneficiary-module-2020-1-NL01-KA107-064321.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Activity Type"] for row in rows] == ["HE-STA", "HE-STA", "HE-SMS", "HE-SMT"]
    assert [row["Mobility Activity Grant (EUR)"] for row in rows] == [
        "2760.00",
        "4020.00",
        "5070.00",
        "2920.00",
    ]


def test_export_xlsx_download_reads_back(client, coordinator, budget_project):
    client.force_login(coordinator)

    response = client.get(_url("project-export-xlsx", slug=budget_project.slug))

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Validation report", "Mobilities"]
    assert workbook["Mobilities"].max_row == 5


def test_institutions_xml_download_parses(client, staff_user, budget_project):
    client.force_login(staff_user)

    response = client.get(_url("institutions-xml"))

    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert [hei.findtext(f"{{{EWP_INSTITUTIONS}}}hei-id") for hei in root] == [
        "nagasaki-u.ac.jp",
        "uh.cu",
    ]


def test_calculator_quotes_from_the_form(client, staff_user, rates, leiden, nagasaki):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")

    response = client.get(
        _url("calculator"),
        {
            "rate_table": table.pk,
            "partner": nagasaki.pk,
            "activity": "STA",
            "direction": "outgoing",
            "start": "2021-03-08",
            "end": "2021-03-12",
        },
    )

    quote = response.context["quote"]
    assert (quote.distance_km, quote.band_label, quote.total) == (
        Decimal("9185.04"),
        "8000 km and more",
        Decimal("3110.00"),
    )
    assert "Total EUR\u00a03,110.00" in response.content.decode()


def test_calculator_says_which_rate_is_missing(client, staff_user, rates, leiden, nagasaki):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")

    response = client.get(
        _url("calculator"),
        {
            "rate_table": table.pk,
            "partner": nagasaki.pk,
            "activity": "SMS",
            "direction": "outgoing",
            "start": "2021-03-01",
            "end": "2021-03-20",
            "fewer_opportunities": "on",
        },
    )

    assert response.context["quote"] is None
    assert response.context["error"] == (
        "The KA107 2020 rate table has no individual support rate for "
        "Students, 5 to 30 days (per day), outgoing, host country JP."
    )


def test_calculator_without_input_shows_the_empty_form(client, staff_user, rates):
    client.force_login(staff_user)

    response = client.get(_url("calculator"))

    assert (response.context["quote"], response.context["error"]) == (None, None)
    assert not response.context["form"].is_bound


def _editor_data(table, **changes):
    """The edit form as the page renders it, with some fields changed."""
    data = {}
    for name in RATE_TABLE_RULES:
        value = getattr(table, name)
        data[name] = "" if value is None else str(value)
    rates = list(table.individual_rates.all())
    bands = list(table.travel_bands.all())
    rules = list(table.eligibility_rules.all())
    for prefix, rows in (("rates", rates), ("bands", bands), ("rules", rules)):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(rows)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    for index, rate in enumerate(rates):
        data |= {
            f"rates-{index}-id": str(rate.pk),
            f"rates-{index}-category": rate.category,
            f"rates-{index}-direction": rate.direction,
            f"rates-{index}-host_countries": " ".join(c.code for c in rate.host_countries),
            f"rates-{index}-amount": str(rate.amount),
            f"rates-{index}-later_days_amount": str(rate.later_days_amount or ""),
        }
    for index, band in enumerate(bands):
        data |= {
            f"bands-{index}-id": str(band.pk),
            f"bands-{index}-min_km": str(band.min_km),
            f"bands-{index}-amount": str(band.amount),
            f"bands-{index}-green_amount": str(band.green_amount or ""),
        }
    for index, rule in enumerate(rules):
        data |= {
            f"rules-{index}-id": str(rule.pk),
            f"rules-{index}-activity": rule.activity,
            f"rules-{index}-unit": rule.unit,
            f"rules-{index}-min_duration": str(rule.min_duration),
            f"rules-{index}-max_duration": str(rule.max_duration),
            f"rules-{index}-source": rule.source,
        }
    return data | changes


def test_rate_table_edit_saves_and_recalculates_the_call(client, staff_user, budget_project):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")
    band = table.travel_bands.order_by("min_km").last()
    data = _editor_data(table, organisational_support="400.00")
    index = list(table.travel_bands.all()).index(band)
    data[f"bands-{index}-amount"] = "1600.00"

    response = client.post(_url("rate-table-edit", pk=table.pk), data, follow=True)

    assert response.redirect_chain == [(_url("rate-table-detail", pk=table.pk), 302)]
    assert "Rates saved; 4 mobility grants recalculated." in response.content.decode()
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)
    assert (mobility.organisational_support, mobility.travel_support) == (
        Decimal("400.00"),
        Decimal("1600.00"),
    )
    assert [record.organisational_support for record in table.history.order_by("history_id")] == [
        Decimal("350.00"),
        Decimal("400.00"),
    ]


def test_rate_table_edit_rejects_unknown_countries_and_keeps_the_input(client, staff_user, rates):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")
    rates_list = list(table.individual_rates.all())
    index = next(i for i, rate in enumerate(rates_list) if rate.host_countries)
    data = _editor_data(table, **{f"rates-{index}-host_countries": "NL XX"})

    response = client.post(_url("rate-table-edit", pk=table.pk), data)

    assert response.status_code == 200
    form = response.context["editor"].rates.forms[index]
    assert form.errors == {"host_countries": ["Unknown country codes: XX."]}
    assert form["host_countries"].value() == "NL XX"


def test_rate_table_edit_refuses_a_reduced_rate_over_100_percent_next_to_the_field(
    client, staff_user, rates
):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")
    data = _editor_data(table, staff_reduced_rate_percent="150")

    response = client.post(_url("rate-table-edit", pk=table.pk), data)

    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "staff_reduced_rate_percent": ["The reduced rate is at most 100 percent of the daily rate."]
    }
    table.refresh_from_db()
    assert table.staff_reduced_rate_percent != 150


def test_rate_table_edit_unchanged_adds_no_history(client, staff_user, rates):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")

    client.post(_url("rate-table-edit", pk=table.pk), _editor_data(table))

    assert table.history.count() == 1
    assert table.travel_bands.first().history.count() == 1


def test_rate_table_edit_adds_a_band(client, staff_user, rates):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2017, action="KA107")
    data = _editor_data(table)
    data |= {
        "bands-TOTAL_FORMS": str(int(data["bands-TOTAL_FORMS"]) + 1),
        "bands-6-min_km": "10",
        "bands-6-amount": "20.00",
        "bands-6-green_amount": "",
    }

    client.post(_url("rate-table-edit", pk=table.pk), data)

    assert list(table.travel_bands.values_list("min_km", flat=True))[:2] == [10, 100]


def _rule_index(table, activity, unit):
    rules = list(table.eligibility_rules.all())
    return next(i for i, rule in enumerate(rules) if (rule.activity, rule.unit) == (activity, unit))


def test_rate_table_edit_changes_an_eligibility_rule_and_the_editor_follows_it(
    client, staff_user, rates
):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2017, action="KA107")
    index = _rule_index(table, "SMS", "months")
    data = _editor_data(table, **{f"rules-{index}-min_duration": "4"})

    response = client.post(_url("rate-table-edit", pk=table.pk), data, follow=True)

    assert response.status_code == 200
    rule = table.eligibility_rules.get(activity="SMS", unit="months")
    assert (rule.min_duration, rule.max_duration) == (4, 12)
    page = response.content.decode()
    assert "Eligible durations" in page
    assert "Eligibility rule for Student mobility for studies" in page


def test_rate_table_edit_refuses_a_rule_range_out_of_order_next_to_the_rule(
    client, staff_user, rates
):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2017, action="KA107")
    index = _rule_index(table, "SMS", "months")
    data = _editor_data(
        table, **{f"rules-{index}-min_duration": "9", f"rules-{index}-max_duration": "3"}
    )

    response = client.post(_url("rate-table-edit", pk=table.pk), data)

    assert response.status_code == 200
    form = response.context["editor"].rules.forms[index]
    assert form.errors == {
        "max_duration": ["The maximum duration cannot be less than the minimum."]
    }
    assert table.eligibility_rules.get(activity="SMS", unit="months").min_duration == 3


def test_rate_table_create_copies_the_chosen_table(client, staff_user, rates):
    client.force_login(staff_user)
    source = RateTable.objects.get(call_year=2027, action="KA171")

    response = client.post(
        _url("rate-table-create"), {"call_year": 2028, "action": "KA171", "copy_from": source.pk}
    )

    table = RateTable.objects.get(call_year=2028)
    assert response.url == _url("rate-table-edit", pk=table.pk)
    assert table.travel_bands.count() == 7


def test_rate_table_create_refuses_an_existing_year(client, staff_user, rates):
    client.force_login(staff_user)

    response = client.post(_url("rate-table-create"), {"call_year": 2020, "action": "KA107"})

    assert response.context["form"].non_field_errors() == [
        "This call year already has a rate table."
    ]


def test_mobility_grant_band_override_by_staff(client, staff_user, budget_project):
    client.force_login(staff_user)
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)
    url = _url("mobility-grant", pk=mobility.pk)

    response = client.post(url, {"band": "4000", "justification": "Leaves from Tokyo."})

    assert response.url == url
    mobility.refresh_from_db()
    assert (mobility.distance_band, mobility.travel_support) == ("4000-7999 km", Decimal("820.00"))
    page = client.get(url).content.decode()
    assert "Leaves from Tokyo." in page
    assert "8000 km and more" in page  # the history shows the band before


def test_mobility_grant_band_override_needs_a_reason(client, staff_user, budget_project):
    client.force_login(staff_user)
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)

    response = client.post(_url("mobility-grant", pk=mobility.pk), {"band": "4000"})

    assert response.context["band_form"].errors == {
        "justification": ["Changing the distance band needs a written justification."]
    }
    mobility.refresh_from_db()
    assert mobility.band_override_km is None


def test_mobility_grant_band_override_is_for_staff_only(client, coordinator, budget_project):
    client.force_login(coordinator)
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)
    url = _url("mobility-grant", pk=mobility.pk)

    assert "band_form" not in client.get(url).context
    assert client.post(url, {"band": "4000", "justification": "x"}).status_code == 403


def test_rate_table_list_query_count_does_not_grow(client, staff_user, rates):
    client.force_login(staff_user)
    url = _url("rate-table-list")
    RateTable.objects.filter(call_year__gt=2016).delete()
    small = _queries(client, url)

    seed_rates()

    assert RateTable.objects.count() == 13
    assert _queries(client, url) == small


def test_rate_table_detail_query_count_does_not_grow_with_its_history(client, staff_user, rates):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")
    url = _url("rate-table-detail", pk=table.pk)
    small = _queries(client, url)

    rate = table.individual_rates.get(category="staff", direction="outgoing")
    for amount in range(181, 191):
        rate.amount = amount
        rate.save()

    assert _queries(client, url) == small


def test_mobility_grant_page_query_count_does_not_grow_with_its_history(
    client, staff_user, budget_project
):
    client.force_login(staff_user)
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)
    url = _url("mobility-grant", pk=mobility.pk)
    small = _queries(client, url)

    for day in range(13, 20):
        mobility.planned_end = mobility.planned_end.replace(day=day)
        mobility.save()
        recalculate_grant(mobility=mobility)

    assert _queries(client, url) == small


def test_rate_table_recalculate_after_a_partner_moved(client, staff_user, budget_project, nagasaki):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")
    nagasaki.latitude, nagasaki.longitude = Decimal("0"), Decimal("60")  # about 6,000 km away
    nagasaki.save()

    response = client.post(_url("rate-table-recalculate", pk=table.pk), follow=True)

    assert "2 mobility grants changed." in response.content.decode()
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)
    assert (mobility.distance_band, mobility.travel_support) == ("4000-7999 km", Decimal("820.00"))


def test_calculator_shows_why_a_quote_is_not_eligible_and_its_amounts(
    client, staff_user, rates, leiden, nagasaki
):
    client.force_login(staff_user)
    table = RateTable.objects.get(call_year=2020, action="KA107")

    response = client.get(
        _url("calculator"),
        {
            "rate_table": table.pk,
            "partner": nagasaki.pk,
            "activity": "STA",
            "direction": "outgoing",
            "start": "2021-03-08",
            "end": "2021-03-08",
        },
    )

    problem = (
        "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 days "
        "(travel days excluded); these dates count 1 calendar day."
    )
    page = response.content.decode()
    assert response.context["problems"] == [problem]
    assert response.context["quote"].total == Decimal("2390.00")
    assert "Not eligible under the call's rules" in page
    assert problem in page
    assert "Total EUR\u00a02,390.00" in page


def test_overview_page_warns_of_institutions_without_schac_code(client, staff_user, budget_project):
    InstitutionFactory(name="ESSTI", country="ET", city="Addis Ababa", schac_code="")
    client.force_login(staff_user)

    response = client.get(_url("overview"))

    assert [i.name for i in response.context["institutions_without_schac_code"]] == [
        "ESSTI",
        "Leiden University",
    ]
    assert "Without a SCHAC code, these institutions are not in the EWP file:" in (
        response.content.decode()
    )
