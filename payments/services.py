"""The payment schedule of a mobility: pre-financing, then a balance or a recovery.

The pre-financing is the call's share (PaymentTerms, 80 % unless staff set another) of the
participant's grant, due when the grant agreement is signed. Once the participant's report
is confirmed and the grant recalculated on the actual dates, the difference between the
final grant and the pre-financing is a balance to pay or a recovery to claim back.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mobility.models import Mobility

from .models import (
    DEFAULT_PREFINANCING_PERCENT,
    PAID_AFTER_REQUESTED_MESSAGE,
    Payment,
    PaymentTerms,
)

CENT = Decimal("0.01")


def prefinancing_percent(*, call) -> Decimal:
    """The call's pre-financing share in percent (the default when staff set none)."""
    terms = PaymentTerms.objects.filter(call=call).first()
    return DEFAULT_PREFINANCING_PERCENT if terms is None else terms.prefinancing_percent


def set_prefinancing_percent(*, call, percent: Decimal) -> PaymentTerms:
    """Store the call's pre-financing share; ValidationError outside 0-100."""
    terms = PaymentTerms.objects.filter(call=call).first() or PaymentTerms(call=call)
    terms.prefinancing_percent = percent
    terms.full_clean()
    terms.save()
    return terms


def prefinancing_amount(*, grant: Decimal, percent: Decimal) -> Decimal:
    return (grant * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def schedule_prefinancing(*, mobility: Mobility, on: datetime.date) -> Payment | None:
    """The pre-financing due from `on` (the grant agreement's signing); an unrequested one is
    brought up to date with the grant, a requested or paid one stays as it is."""
    mobility = (
        Mobility.objects.select_for_update().select_related("project__call").get(pk=mobility.pk)
    )
    amount = prefinancing_amount(
        grant=mobility.total_grant, percent=prefinancing_percent(call=mobility.project.call)
    )
    payment = mobility.payments.filter(kind=Payment.Kind.PREFINANCING).first()
    if payment is not None and payment.status != Payment.Status.DUE:
        return payment
    if amount <= 0:
        if payment is not None:
            payment.delete()
        return None
    if payment is None:
        payment = Payment(mobility=mobility, kind=Payment.Kind.PREFINANCING)
    payment.amount = amount
    payment.due_on = on
    payment.full_clean()
    payment.save()
    return payment


def _resize_due_prefinancing(payment: Payment, amount: Decimal) -> Payment | None:
    """A due pre-financing set to `amount`; removed (None) when nothing is left to pay."""
    if amount <= 0:
        payment.delete()
        return None
    payment.amount = amount
    payment.full_clean()
    payment.save(update_fields=["amount"])
    return payment


@transaction.atomic
def settle_final_grant(*, mobility: Mobility, on: datetime.date) -> Payment | None:
    """After the report: the balance (final grant above the pre-financing) or the recovery
    (below it), due from `on`; None when they are equal. ValidationError when a balance or
    recovery already went to finance (requested or paid) with another amount."""
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    prefinancing = mobility.payments.filter(kind=Payment.Kind.PREFINANCING).first()
    if (
        prefinancing is not None
        and prefinancing.status == Payment.Status.DUE
        and prefinancing.amount > mobility.total_grant
    ):
        # Nothing went out yet: the pre-financing shrinks to the final grant rather than
        # a recovery of money never paid.
        prefinancing = _resize_due_prefinancing(prefinancing, mobility.total_grant)
    prefinanced = prefinancing.amount if prefinancing is not None else Decimal(0)
    difference = mobility.total_grant - prefinanced
    kind = Payment.Kind.BALANCE if difference > 0 else Payment.Kind.RECOVERY
    amount = abs(difference)
    settled = mobility.payments.filter(
        kind__in=[Payment.Kind.BALANCE, Payment.Kind.RECOVERY]
    ).exclude(status=Payment.Status.DUE)
    for payment in settled:
        if payment.kind == kind and payment.amount == amount:
            return payment
        raise ValidationError(
            _("The %(kind)s of %(amount)s already went to finance; correct it there first.")
            % {"kind": payment.get_kind_display().lower(), "amount": payment.amount}
        )
    mobility.payments.filter(kind__in=[Payment.Kind.BALANCE, Payment.Kind.RECOVERY]).delete()
    if amount == 0:
        return None
    payment = Payment(mobility=mobility, kind=kind, amount=amount, due_on=on)
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def mark_requested(*, payment: Payment, on: datetime.date) -> Payment:
    """Finance was asked to pay (or to claim back) a due payment."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.DUE:
        raise ValidationError(_("Only a due payment can be requested."))
    payment.status = Payment.Status.REQUESTED
    payment.requested_on = on
    payment.full_clean()
    payment.save(update_fields=["status", "requested_on", "updated_at"])
    return payment


@transaction.atomic
def mark_paid(*, payment: Payment, on: datetime.date) -> Payment:
    """The money moved; a due payment is requested on the same day."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == Payment.Status.PAID:
        raise ValidationError(_("This payment is already paid."))
    if payment.requested_on is None:
        payment.requested_on = on
    if on < payment.requested_on:
        raise ValidationError(PAID_AFTER_REQUESTED_MESSAGE)
    payment.status = Payment.Status.PAID
    payment.paid_on = on
    payment.full_clean()
    payment.save(update_fields=["status", "requested_on", "paid_on", "updated_at"])
    return payment
