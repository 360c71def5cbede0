import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mobility.grants import recalculate_grant
from payments.models import Payment
from payments.services import (
    mark_paid,
    mark_requested,
    schedule_prefinancing,
    set_prefinancing_percent,
    settle_final_grant,
)

D = datetime.date


def test_grant_of_the_fixture_is_worked_out_by_hand(mobility):
    assert (mobility.individual_support, mobility.travel_support) == (
        Decimal("2520.00"),
        Decimal("1500.00"),
    )


def test_prefinancing_is_80_percent_of_the_grant_by_default(mobility):
    payment = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))

    assert (payment.kind, payment.amount, payment.status, payment.due_on) == (
        "prefinancing",
        Decimal("3216.00"),
        "due",
        D(2021, 2, 1),
    )


def test_prefinancing_follows_the_call_percentage_to_the_cent(mobility):
    set_prefinancing_percent(call=mobility.project.call, percent=Decimal("77.5"))

    payment = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))

    assert payment.amount == Decimal("3115.50")  # 4,020.00 x 0.775


def test_prefinancing_percent_above_100_is_refused(mobility):
    with pytest.raises(ValidationError) as error:
        set_prefinancing_percent(call=mobility.project.call, percent=Decimal("120"))

    assert "A percentage lies between 0 and 100." in error.value.messages


def _paid(payment):
    """Finance paid the payment out."""
    return mark_paid(payment=mark_requested(payment=payment, on=D(2021, 2, 3)), on=D(2021, 2, 10))


def test_shorter_actual_stay_gives_a_recovery_to_the_cent(mobility):
    set_prefinancing_percent(call=mobility.project.call, percent=Decimal("77.5"))
    _paid(schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1)))
    mobility.actual_start, mobility.actual_end = D(2021, 3, 8), D(2021, 3, 12)
    mobility.save()
    recalculate_grant(mobility=mobility)

    payment = settle_final_grant(mobility=mobility, on=D(2021, 4, 1))

    # 5 days (the minimum) + 2 travel days = 7 x 180 = 1,260 + 1,500 travel = 2,760.00 final
    # grant; pre-financed 3,115.50, so 355.50 comes back.
    assert mobility.total_grant == Decimal("2760.00")
    assert (payment.kind, payment.amount, payment.signed_amount) == (
        "recovery",
        Decimal("355.50"),
        Decimal("-355.50"),
    )


def test_full_stay_gives_the_balance(mobility):
    schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))

    payment = settle_final_grant(mobility=mobility, on=D(2021, 4, 1))

    assert (payment.kind, payment.amount) == ("balance", Decimal("804.00"))


def test_settling_again_replaces_an_unrequested_balance(mobility):
    _paid(schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1)))
    settle_final_grant(mobility=mobility, on=D(2021, 4, 1))
    mobility.actual_start, mobility.actual_end = D(2021, 3, 8), D(2021, 3, 12)
    mobility.save()
    recalculate_grant(mobility=mobility)

    settle_final_grant(mobility=mobility, on=D(2021, 4, 2))

    assert list(mobility.payments.values_list("kind", "amount")) == [
        ("prefinancing", Decimal("3216.00")),
        ("recovery", Decimal("456.00")),
    ]


def test_settling_refuses_to_change_a_balance_sent_to_finance(mobility):
    schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))
    balance = settle_final_grant(mobility=mobility, on=D(2021, 4, 1))
    mark_requested(payment=balance, on=D(2021, 4, 2))
    mobility.actual_start, mobility.actual_end = D(2021, 3, 8), D(2021, 3, 12)
    mobility.save()
    recalculate_grant(mobility=mobility)

    with pytest.raises(ValidationError):
        settle_final_grant(mobility=mobility, on=D(2021, 4, 3))

    assert mobility.payments.get(kind="balance").amount == Decimal("804.00")


def test_a_prefinancing_not_yet_paid_shrinks_to_a_shorter_stay_instead_of_a_recovery(
    mobility,
):
    set_prefinancing_percent(call=mobility.project.call, percent=Decimal("77.5"))
    schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))
    mobility.actual_start, mobility.actual_end = D(2021, 3, 8), D(2021, 3, 12)
    mobility.save()
    recalculate_grant(mobility=mobility)

    assert settle_final_grant(mobility=mobility, on=D(2021, 4, 1)) is None

    # Nothing was paid out: finance pays the final 2,760.00, and claims nothing back.
    assert list(mobility.payments.values_list("kind", "amount", "status")) == [
        ("prefinancing", Decimal("2760.00"), "due"),
    ]


def test_payment_goes_due_requested_paid_with_dates(mobility):
    payment = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))

    mark_requested(payment=payment, on=D(2021, 2, 3))
    paid = mark_paid(payment=payment, on=D(2021, 2, 10))

    assert (paid.status, paid.requested_on, paid.paid_on) == ("paid", D(2021, 2, 3), D(2021, 2, 10))


def test_paid_before_requested_is_refused(mobility):
    payment = schedule_prefinancing(mobility=mobility, on=D(2021, 2, 1))
    mark_requested(payment=payment, on=D(2021, 2, 3))

    with pytest.raises(ValidationError):
        mark_paid(payment=payment, on=D(2021, 2, 2))

    payment.refresh_from_db()
    assert (payment.status, payment.paid_on) == ("requested", None)


def test_database_refuses_a_paid_payment_without_date(mobility):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            mobility=mobility,
            kind="balance",
            amount=Decimal("10.00"),
            status="paid",
            due_on=D(2021, 4, 1),
            requested_on=D(2021, 4, 1),
        )


def test_database_refuses_a_zero_payment(mobility):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            mobility=mobility, kind="balance", amount=Decimal("0.00"), due_on=D(2021, 4, 1)
        )
