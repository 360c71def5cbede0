"""Filters of the public pages: durations in months, names in the active language."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from projects.models import localized
from public_site import selectors

register = template.Library()


@register.filter
def approximate_months(days: int) -> int:
    """Whole months in a number of days, as exchange durations count them (30 days each)."""
    return round(days / 30)


@register.filter
def localized_name(obj) -> str:
    """The Dutch name (name_nl) of a unit or field when Dutch is active and it is filled in."""
    return localized(obj, "name")


@register.filter
def whole_euros(value) -> str:
    """A round amount in euros, grouped, in the language's way: "EUR 450,000", "€ 450.000"."""
    figure = number_format(int(value), decimal_pos=0, use_l10n=True, force_grouping=True)
    return (gettext("EUR %(amount)s") % {"amount": figure}).replace(" ", "\u00a0")


@register.filter
def call_round_slug(call) -> str:
    return selectors.call_round_slug(call)
