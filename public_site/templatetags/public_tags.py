"""Filters of the public pages: durations in months, names in the active language."""

from django import template

from projects.models import localized

register = template.Library()


@register.filter
def approximate_months(days: int) -> int:
    """Whole months in a number of days, as exchange durations count them (30 days each)."""
    return round(days / 30)


@register.filter
def localized_name(obj) -> str:
    """The Dutch name (name_nl) of a unit or field when Dutch is active and it is filled in."""
    return localized(obj, "name")
