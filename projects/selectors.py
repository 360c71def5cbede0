"""Read-side queries for projects, already scoped and joined for the pages that use them."""

from django.db.models import Prefetch, QuerySet

from .models import Project, ProjectPartner


def public_projects() -> QuerySet[Project]:
    """Projects the public may read (awarded, running or closed), with what their cards show."""
    return (
        Project.objects.filter(status__in=Project.PUBLIC_STATUSES)
        .select_related("call", "home_unit", "lead_coordinator")
        .prefetch_related(
            Prefetch(
                "project_partners",
                queryset=ProjectPartner.objects.select_related("institution"),
            )
        )
    )
