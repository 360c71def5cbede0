"""Read-side queries about who may see what of the projects, shared by every app above them."""

from django.db.models import Q, QuerySet

from accounts.rules import is_iro_staff, person_of

from .models import Project


def projects_coordinated_by(user) -> QuerySet[Project]:
    """The projects the user leads or co-coordinates; none if they coordinate nothing."""
    person = person_of(user)
    if person is None:
        return Project.objects.none()
    return Project.objects.filter(Q(lead_coordinator=person) | Q(co_coordinators=person))


def with_people_visible_to(queryset: QuerySet, *, user, project_field: str = "project") -> QuerySet:
    """The rows of `queryset` (reached from a project through `project_field`) whose personal
    data the user may see: every row for the office, those of the user's own projects for a
    coordinator, none for anyone else. The same rule as projects.rules.may_see_people."""
    if is_iro_staff(user):
        return queryset
    projects = projects_coordinated_by(user).values("pk")
    return queryset.filter(**{f"{project_field}__in": projects})


def with_milestones_visible_to(deadlines: QuerySet, *, user) -> QuerySet:
    """The deadlines without the mobility milestones of projects whose people the user may not
    see: a milestone's title names its participant ("Participant report: ...")."""
    if is_iro_staff(user):
        return deadlines
    projects = projects_coordinated_by(user).values("pk")
    return deadlines.filter(Q(mobility__isnull=True) | Q(project__in=projects))
