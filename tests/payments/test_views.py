import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from payments.models import Payment, PaymentTerms
from payments.services import mark_paid, mark_requested, schedule_prefinancing, settle_final_grant
from tests.factories import MobilityFactory

D = datetime.date


@pytest.fixture
def three_payments(mobility, project):
    """A paid pre-financing and a due balance for Sanne; a requested one for Jan."""
    prefinancing = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))
    mark_paid(payment=prefinancing, on=D(2021, 2, 5))
    balance = settle_final_grant(mobility=mobility, on=D(2021, 4, 1))
    other = MobilityFactory(
        project=project, partner=mobility.partner, first_name="Jan", last_name="Jansen"
    )
    requested = Payment.objects.create(
        mobility=other, kind="prefinancing", amount=Decimal("100.00"), due_on=D(2021, 2, 1)
    )
    mark_requested(payment=requested, on=D(2021, 2, 2))
    return prefinancing, balance, requested


@pytest.mark.parametrize(
    "name", ["payments:list", "payments:due-csv", "payments:due-xlsx", "payments:terms"]
)
def test_payment_pages_are_for_staff_only(login, staff_user, coordinator_a, mobility, name):
    url = reverse(name)

    assert login(None).get(url).status_code == 302
    assert login(coordinator_a).get(url).status_code == 403
    assert login(staff_user).get(url).status_code == 200


def test_coordinator_cannot_mark_a_payment_paid(login, coordinator_a, mobility):
    payment = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))

    response = login(coordinator_a).post(
        reverse("payments:step", args=[payment.pk]), {"step": "paid", "on": "2021-02-03"}
    )

    payment.refresh_from_db()
    assert (response.status_code, payment.status) == (403, "due")


def test_staff_marks_a_payment_requested_then_paid(login, staff_user, mobility):
    payment = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))
    client = login(staff_user)
    url = reverse("payments:step", args=[payment.pk])

    client.post(url, {"step": "requested", "on": "2021-02-03"})
    client.post(url, {"step": "paid", "on": "2021-02-09"})

    payment.refresh_from_db()
    assert (payment.status, payment.requested_on, payment.paid_on) == (
        "paid",
        D(2021, 2, 3),
        D(2021, 2, 9),
    )


def test_list_filters_by_status(login, staff_user, three_payments):
    response = login(staff_user).get(reverse("payments:list"), {"status": "requested"})

    assert [p.pk for p in response.context["payments"]] == [three_payments[2].pk]


def test_the_filter_has_a_readable_button_and_an_any_project_choice(login, staff_user):
    page = " ".join(login(staff_user).get(reverse("payments:list")).content.decode().split())

    assert 'value="Filter" class="btn btn-primary" id=' in page
    assert '<option value="" selected>Any project</option>' in page


def test_csv_export_holds_exactly_the_due_rows(login, staff_user, three_payments):
    _prefinancing, balance, _requested = three_payments

    response = login(staff_user).get(reverse("payments:due-csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Payment",
            "Project",
            "Grant agreement number",
            "First name",
            "Last name",
            "Email",
            "Kind",
            "Amount (EUR)",
            "Due on",
        ],
        [
            str(balance.pk),
            "Nanomedicine with Nagasaki",
            "2020-1-NL01-KA107-064321",
            "Sanne",
            "de Vries",
            "sanne.devries@example.org",
            "Balance",
            "804.00",
            "2021-04-01",
        ],
    ]


def test_xlsx_export_holds_exactly_the_due_rows(login, staff_user, three_payments):
    _prefinancing, balance, _requested = three_payments

    response = login(staff_user).get(reverse("payments:due-xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [
        (
            balance.pk,
            "Nanomedicine with Nagasaki",
            "2020-1-NL01-KA107-064321",
            "Sanne",
            "de Vries",
            "sanne.devries@example.org",
            "Balance",
            804,
            datetime.datetime(2021, 4, 1),
        )
    ]


def test_budget_page_counts_paid_and_due_apart(login, coordinator_a, project, three_payments):
    response = login(coordinator_a).get(reverse("budgets:project-budget", args=[project.slug]))

    html = response.content.decode()
    assert '<dd class="col-sm-8" id="payments-paid">EUR\xa03,216.00</dd>' in html
    # The balance (804.00) is due, Jan's pre-financing (100.00) requested and not yet paid.
    assert '<dd class="col-sm-8" id="payments-due">EUR\xa0904.00</dd>' in html


def test_list_page_query_count_does_not_grow_with_rows(
    login, staff_user, django_assert_max_num_queries, mobility, project
):
    client = login(staff_user)
    schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("payments:list"))
    for number in range(5):
        other = MobilityFactory(project=project, partner=mobility.partner)
        Payment.objects.create(
            mobility=other, kind="prefinancing", amount=Decimal(100 + number), due_on=D(2021, 2, 1)
        )

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("payments:list"))


def test_staff_set_the_prefinancing_share_of_a_call(login, staff_user, mobility):
    call = mobility.project.call
    client = login(staff_user)

    client.post(reverse("payments:terms"), {"call": call.pk, "prefinancing_percent": "70"})
    schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))

    assert mobility.payments.get().amount == Decimal("2814.00")  # 4,020.00 x 70 %
    html = client.get(reverse("payments:terms")).content.decode()
    assert f'id="terms-{call.pk}">\n            70 %' in html


def test_a_share_above_100_percent_is_refused_next_to_the_field(login, staff_user, mobility):
    response = login(staff_user).post(
        reverse("payments:terms"), {"call": mobility.project.call.pk, "prefinancing_percent": "101"}
    )

    assert response.context["form"].errors["prefinancing_percent"] == [
        "Ensure this value is less than or equal to 100."
    ]
    assert not PaymentTerms.objects.exists()


def test_a_payment_step_never_sends_staff_off_the_site(login, staff_user, mobility):
    payment = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))

    response = login(staff_user).post(
        reverse("payments:step", args=[payment.pk]),
        {"step": "requested", "on": "2021-02-03", "next": "https://evil.example/"},
    )

    assert response.url == reverse("payments:list")


def test_the_list_pages_by_fifty_and_keeps_the_filter(login, staff_user, mobility, project):
    for number in range(51):
        other = MobilityFactory(project=project, partner=mobility.partner)
        Payment.objects.create(
            mobility=other, kind="prefinancing", amount=Decimal(100 + number), due_on=D(2021, 2, 1)
        )
    client = login(staff_user)

    first = client.get(reverse("payments:list"), {"status": "due"})
    second = client.get(reverse("payments:list"), {"status": "due", "page": "2"})

    assert (len(first.context["payments"]), len(second.context["payments"])) == (50, 1)
    assert "status=due&amp;page=2" in first.content.decode()
