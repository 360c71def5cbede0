"""The roles of the portal as django-rules predicates; each app's rules.py grants permissions.

Staff of the International Relations Office (a group) see and change everything in the
workspace. Coordinators see every project and change the projects they coordinate, with
those projects' grant lines, mobilities and deadlines; the personal data of participants and
applicants they see on their own projects only (projects.rules). Everyone else has no
workspace.

What ties a user to a project ("coordinates this project") lives with the projects
(projects.rules): the roles here read no project.
"""

import rules

STAFF_GROUP = "International Relations Office"

is_iro_staff = rules.is_group_member(STAFF_GROUP) | rules.is_superuser


def person_of(user):
    """The coordinator (projects.Person) the user signs in as, or None."""
    return getattr(user, "person", None) if user.is_authenticated else None


@rules.predicate
def is_coordinator(user) -> bool:
    """The user leads or co-coordinates at least one project."""
    person = person_of(user)
    if person is None:
        return False
    return person.led_projects.exists() or person.co_coordinated_projects.exists()


can_use_workspace = is_iro_staff | is_coordinator
