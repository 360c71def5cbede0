"""Amounts in euros, written one way per language: "EUR 21,000.00", "€ 21.000,00"."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()
CENT = Decimal("0.01")


@register.filter
def money(value) -> str:
    """An amount with two decimals, grouped digits and the currency of the language; the
    space before the figure does not break, so a narrow column never splits an amount."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    figure = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return (_("EUR %(amount)s") % {"amount": figure}).replace(" ", "\u00a0")
