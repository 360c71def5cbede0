"""Reads of calls for ideas and ideas, scoped and prefetched for the pages that show them."""

import datetime

from django.db.models import Count, QuerySet

from partners.models import OrganisationalUnit

from .models import CallForIdeas, Idea


def open_calls_for_ideas(*, now: datetime.datetime) -> QuerySet[CallForIdeas]:
    """The open calls still collecting ideas, the nearest internal deadline first."""
    return (
        CallForIdeas.objects.filter(is_open_for_ideas=True, internal_deadline__gte=now)
        .select_related("call")
        .order_by("internal_deadline")
    )


def call_for_ideas_by_slug(*, slug: str) -> CallForIdeas | None:
    """The open call for ideas of a slug like ka171-2023 (a closed one has no public page)."""
    action, _dash, year = slug.partition("-")
    if not year.isdigit() or action != action.lower():
        return None
    return (
        CallForIdeas.objects.select_related("call")
        .prefetch_related("contacts")
        .filter(call__action=action.upper(), call__year=int(year), is_open_for_ideas=True)
        .first()
    )


def calls_for_ideas_with_counts() -> QuerySet[CallForIdeas]:
    return (
        CallForIdeas.objects.select_related("call")
        .annotate(idea_count=Count("ideas"))
        .order_by("-internal_deadline", "-pk")
    )


def ideas_of_call(*, call_for_ideas: CallForIdeas) -> QuerySet[Idea]:
    """The call's ideas for the office's list, the newest first; one query whatever their
    number (the list's filters narrow it)."""
    return (
        Idea.objects.filter(call_for_ideas=call_for_ideas)
        .select_related("unit", "partner", "project")
        .annotate(flow_count=Count("flows"))
        .order_by("-created_at", "-pk")
    )


def filter_choices(*, call_for_ideas: CallForIdeas) -> tuple[QuerySet, list[str]]:
    """The units and partner countries the call's ideas have (the filters offer these)."""
    ideas = Idea.objects.filter(call_for_ideas=call_for_ideas)
    units = OrganisationalUnit.objects.filter(ideas__in=ideas).distinct().order_by("name")
    codes = set(ideas.filter(partner__isnull=False).values_list("partner__country", flat=True))
    codes |= set(ideas.filter(partner__isnull=True).values_list("new_partner_country", flat=True))
    return units, sorted(code for code in codes if code)
