"""Payments as the finance pages and the budget cockpit read them."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from projects.models import Call

from .models import Payment

ZERO = Decimal("0.00")


def payments_for_list(*, status: str = "", kind: str = "", project=None) -> QuerySet:
    """Payments with their mobility and project, filtered as the list page asks."""
    payments = Payment.objects.select_related("mobility__project", "mobility__partner")
    if status:
        payments = payments.filter(status=status)
    if kind:
        payments = payments.filter(kind=kind)
    if project is not None:
        payments = payments.filter(mobility__project=project)
    return payments.order_by("due_on", "pk")


def due_payments() -> QuerySet:
    """What finance still has to act on and has not been asked to: the due rows."""
    return payments_for_list(status=Payment.Status.DUE)


@dataclass(frozen=True)
class PaymentTotals:
    paid: Decimal
    due: Decimal
    recovered: Decimal
    to_recover: Decimal


def project_payment_totals(project) -> PaymentTotals:
    """A project's money paid to participants and still due to them (due or requested),
    and recoveries collected and still to collect, each apart: one query."""
    payments = Payment.objects.filter(mobility__project=project)
    recovery = Q(kind=Payment.Kind.RECOVERY)
    paid = Q(status=Payment.Status.PAID)
    sums = payments.aggregate(
        paid=Sum("amount", filter=paid & ~recovery),
        due=Sum("amount", filter=~paid & ~recovery),
        recovered=Sum("amount", filter=paid & recovery),
        to_recover=Sum("amount", filter=~paid & recovery),
    )
    return PaymentTotals(**{name: value or ZERO for name, value in sums.items()})


def calls_with_terms() -> QuerySet:
    """Every call, newest first, with its payment terms (None: the default share)."""
    return Call.objects.select_related("payment_terms").order_by("-year", "action")
