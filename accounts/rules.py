"""The roles of the portal as django-rules predicates; each app's rules.py grants permissions.

Staff of the International Relations Office (a group) see and change everything in the
workspace. Coordinators see every project and change the projects they coordinate, with
those projects' grant lines, mobilities and deadlines. Everyone else has no workspace.
"""

import rules

STAFF_GROUP = "International Relations Office"

is_iro_staff = rules.is_group_member(STAFF_GROUP) | rules.is_superuser


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


@rules.predicate
def is_coordinator(user) -> bool:
    person = _person(user)
    return person is not None and (
        person.led_projects.exists() or person.co_coordinated_projects.exists()
    )


@rules.predicate
def coordinates_project(user, obj) -> bool:
    """The user leads or co-coordinates the project (or the project an object belongs to)."""
    person = _person(user)
    if obj is None or person is None:
        return False
    project = getattr(obj, "project", obj)
    return (
        project.lead_coordinator_id == person.pk
        or project.co_coordinators.filter(pk=person.pk).exists()
    )


can_use_workspace = is_iro_staff | is_coordinator
can_edit_project = is_iro_staff | coordinates_project
