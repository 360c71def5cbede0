"""A stay shorter than the activity's minimum duration (5 days for staff teaching under
KA107 2020): not eligible without force majeure (no grant, the whole pre-financing paid comes
back); with force majeure the days spent are paid.

The fixture's mobility: planned 8-19 March 2021, 14 x EUR 180 + EUR 1,500 = EUR 4,020.00;
pre-financed 80 % = EUR 3,216.00."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from documents.links import participant_token
from documents.services import submit_report, upload_certificate, upload_signed_agreement
from mobility.grants import recalculate_grant
from ops.pdf import html_to_pdf
from payments.services import mark_paid, schedule_prefinancing, settle_final_grant

pytestmark = pytest.mark.django_db

D = datetime.date
INELIGIBLE = (
    "Shorter than the minimum duration and no force majeure recorded: the mobility is not "
    "eligible, no grant"
)


def _stay(mobility, end, *, force_majeure=""):
    mobility.actual_start, mobility.actual_end = D(2021, 3, 8), end
    mobility.force_majeure = bool(force_majeure)
    mobility.force_majeure_explanation = force_majeure
    mobility.save()
    return recalculate_grant(mobility=mobility)


def test_too_short_without_force_majeure_recovers_the_whole_paid_prefinancing(mobility):
    mark_paid(payment=schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1)), on=D(2021, 2, 5))
    _stay(mobility, D(2021, 3, 11))  # 4 days

    payment = settle_final_grant(mobility=mobility, on=D(2021, 4, 1))

    assert (
        mobility.individual_support,
        mobility.travel_support,
        mobility.organisational_support,
        mobility.total_grant,
    ) == (Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))
    assert mobility.grant_breakdown == [
        {
            "label": INELIGIBLE,
            "quantity": None,
            "rate": None,
            "amount": "0.00",
            "code": "short_stay",
        }
    ]
    assert (payment.kind, payment.amount, payment.signed_amount) == (
        "recovery",
        Decimal("3216.00"),
        Decimal("-3216.00"),
    )


def test_too_short_with_force_majeure_pays_the_days_spent(mobility):
    mark_paid(payment=schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1)), on=D(2021, 2, 5))
    _stay(mobility, D(2021, 3, 10), force_majeure="Hospitalised on the third day.")

    payment = settle_final_grant(mobility=mobility, on=D(2021, 4, 1))

    # 3 days + 2 travel days = 5 x 180 = 900 + 1,500 travel = 2,400.00; 3,216.00 - 2,400.00.
    assert mobility.total_grant == Decimal("2400.00")
    assert (payment.kind, payment.amount) == ("recovery", Decimal("816.00"))


def test_exactly_the_minimum_is_paid(mobility):
    _stay(mobility, D(2021, 3, 12))  # 5 days

    # 5 days + 2 travel days = 7 x 180 = 1,260 + 1,500 travel = 2,760.00.
    assert mobility.total_grant == Decimal("2760.00")


def test_too_short_before_the_prefinancing_was_paid_leaves_nothing_to_pay_or_recover(mobility):
    schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))
    _stay(mobility, D(2021, 3, 9))

    assert settle_final_grant(mobility=mobility, on=D(2021, 4, 1)) is None
    assert list(mobility.payments.all()) == []


def _reported(mobility, end):
    pdf = html_to_pdf("<p>Signed</p>")
    now = timezone.now()
    upload_signed_agreement(mobility=mobility, upload=ContentFile(pdf, name="signed.pdf"), now=now)
    mark_paid(payment=mobility.payments.get(), on=D(2021, 2, 5))
    upload_certificate(mobility=mobility, upload=ContentFile(pdf, name="cert.pdf"), now=now)
    submit_report(mobility=mobility, start=D(2021, 3, 8), end=end, text="Sent home early.", now=now)


def test_confirmation_screen_payments_and_participant_page_show_the_rule(
    client, login, staff_user, mobility
):
    _reported(mobility, D(2021, 3, 9))
    staff = login(staff_user)
    detail = reverse("workspace:mobility-detail", args=[mobility.pk])

    before = staff.get(detail).content.decode()
    confirmed = staff.post(reverse("documents:confirm-report", args=[mobility.pk]), follow=True)
    payments = staff.get(reverse("payments:list")).content.decode()
    participant = client.get(f"/en/participant/{participant_token(mobility)}/").content.decode()

    mobility.refresh_from_db()
    assert "no force majeure is recorded: once confirmed, the mobility is not eligible" in before
    assert "the grant is zero and the whole pre-financing paid is to be recovered" in (
        confirmed.content.decode()
    )
    assert list(mobility.payments.values_list("kind", "amount", "status")) == [
        ("prefinancing", Decimal("3216.00"), "paid"),
        ("recovery", Decimal("3216.00"), "due"),
    ]
    assert "no force majeure: the whole pre-financing paid comes back" in payments
    assert "not eligible for a grant" in participant
    assert "EUR\xa03,216.00 is to be paid back" in participant


def test_confirmation_screen_with_force_majeure_says_the_days_are_paid(login, staff_user, mobility):
    mobility.force_majeure = True
    mobility.force_majeure_explanation = "Hospitalised on the second day."
    mobility.save()
    _reported(mobility, D(2021, 3, 9))

    page = login(staff_user).get(reverse("workspace:mobility-detail", args=[mobility.pk]))

    assert "force majeure is recorded, so the days actually spent are paid" in (
        page.content.decode()
    )
