"""The roles of the portal as django-rules predicates; each app's rules.py grants permissions.

Staff of the International Relations Office (a group) see and change everything in the
workspace. Coordinators see every project and change the projects they coordinate, with
those projects' grant lines, mobilities and deadlines. Everyone else has no workspace.
"""

import rules
from django.db.models import Q

STAFF_GROUP = "International Relations Office"

is_iro_staff = rules.is_group_member(STAFF_GROUP) | rules.is_superuser


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


@rules.predicate
def is_coordinator(user) -> bool:
    person = _person(user)
    if person is None:
        return False
    from projects.models import Project

    return Project.objects.filter(Q(lead_coordinator=person) | Q(co_coordinators=person)).exists()


@rules.predicate
def coordinates_project(user, obj) -> bool:
    """The user leads or co-coordinates the project (or the project an object belongs to).

    Reads co_coordinators through .all() so that a list that prefetched them asks nothing more.
    """
    person = _person(user)
    if obj is None or person is None:
        return False
    project = getattr(obj, "project", obj)
    if project.lead_coordinator_id == person.pk:
        return True
    return any(co.pk == person.pk for co in project.co_coordinators.all())


can_use_workspace = is_iro_staff | is_coordinator
can_edit_project = is_iro_staff | coordinates_project
