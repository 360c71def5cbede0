from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mobility.models import Mobility
from projects.models import Call

DEFAULT_PREFINANCING_PERCENT = Decimal("80")
PERCENT_MESSAGE = _("A percentage lies between 0 and 100.")
AMOUNT_MESSAGE = _("A payment is more than EUR 0.00.")
PAID_DATE_MESSAGE = _("A paid payment has the date it was paid, and only a paid one.")
PAID_AFTER_REQUESTED_MESSAGE = _("A payment is paid on or after the day it was requested.")
REQUESTED_DATE_MESSAGE = _("A requested or paid payment has the date it was requested.")


class PaymentTerms(models.Model):
    """How a call's participants are paid: the share of the grant paid before the stay."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="payment_terms", verbose_name=_("call")
    )
    prefinancing_percent = models.DecimalField(
        _("pre-financing (percent of the grant)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_PREFINANCING_PERCENT,
        validators=[
            MinValueValidator(0, message=PERCENT_MESSAGE),
            MaxValueValidator(100, message=PERCENT_MESSAGE),
        ],
        help_text=_("Paid when the grant agreement is signed; the balance after the report."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment terms")
        verbose_name_plural = _("payment terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(prefinancing_percent__gte=0, prefinancing_percent__lte=100),
                name="payment_terms_percent_range",
                violation_error_code="percent_out_of_range",
                violation_error_message=PERCENT_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.call}: {self.prefinancing_percent} %"


class Payment(models.Model):
    """One payment to a participant, or a recovery from one: due → requested → paid."""

    class Kind(models.TextChoices):
        PREFINANCING = "prefinancing", _("Pre-financing")
        BALANCE = "balance", _("Balance")
        RECOVERY = "recovery", _("Recovery")

    class Status(models.TextChoices):
        # Not a deadline's "due": money that is owed and not yet asked for.
        DUE = "due", pgettext_lazy("payment status", "Due")
        REQUESTED = "requested", _("Requested")
        PAID = "paid", _("Paid")

    mobility = models.ForeignKey(
        Mobility, on_delete=models.CASCADE, related_name="payments", verbose_name=_("mobility")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=AMOUNT_MESSAGE)],
    )
    status = models.CharField(_("status"), max_length=9, choices=Status.choices, default="due")
    due_on = models.DateField(_("due on"))
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["status", "due_on"], name="payment_status_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "kind"],
                name="payment_one_per_kind",
                violation_error_code="duplicate_payment",
                violation_error_message=_("The mobility already has a payment of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_code="amount_not_positive",
                violation_error_message=AMOUNT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(status="paid", paid_on__isnull=False)
                | (~Q(status="paid") & Q(paid_on__isnull=True)),
                name="payment_paid_has_date",
                violation_error_code="paid_without_date",
                violation_error_message=PAID_DATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(status="due", requested_on__isnull=True)
                | (~Q(status="due") & Q(requested_on__isnull=False)),
                name="payment_requested_has_date",
                violation_error_code="requested_without_date",
                violation_error_message=REQUESTED_DATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=models.F("requested_on")),
                name="payment_paid_after_requested",
                violation_error_code="paid_before_requested",
                violation_error_message=PAID_AFTER_REQUESTED_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} ({self.get_status_display()})"

    @property
    def is_recovery(self) -> bool:
        return self.kind == self.Kind.RECOVERY

    @property
    def signed_amount(self) -> Decimal:
        """What the payment moves to the participant: a recovery moves money back."""
        return -self.amount if self.is_recovery else self.amount
