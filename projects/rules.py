"""Permissions on projects, their deadlines and the people who coordinate them.

The object of a project permission is the project itself or anything with a .project
(a deadline, a grant line, a mobility, an offer): coordinators may change what belongs to
their projects, and only they and the office see the personal data of a project's
participants and applicants (projects.view_people); other coordinators see counts.
"""

import rules

from accounts.rules import can_use_workspace, is_iro_staff, person_of


@rules.predicate
def coordinates_project(user, obj) -> bool:
    """The user leads or co-coordinates the project (or the project an object belongs to).

    Reads co_coordinators through .all() so that a list that prefetched them asks nothing more.
    """
    person = person_of(user)
    if obj is None or person is None:
        return False
    project = getattr(obj, "project", obj)
    if project.lead_coordinator_id == person.pk:
        return True
    return any(co.pk == person.pk for co in project.co_coordinators.all())


can_edit_project = is_iro_staff | coordinates_project
# Participants' and applicants' names, email, gender, birth date, nationality: the office
# and the project's own coordinators, no one else.
may_see_people = is_iro_staff | coordinates_project

rules.add_perm("projects.use_workspace", can_use_workspace)
rules.add_perm("projects.view_project", can_use_workspace)
rules.add_perm("projects.view_people", may_see_people)
rules.add_perm("projects.add_project", is_iro_staff)
rules.add_perm("projects.change_project", can_edit_project)
# The terms of the grant (call, status, lead coordinator, awarded budget) are the office's.
rules.add_perm("projects.change_project_terms", is_iro_staff)
rules.add_perm("projects.delete_project", is_iro_staff)
rules.add_perm("projects.view_deadline", can_use_workspace)
rules.add_perm("projects.change_deadline", can_edit_project)
rules.add_perm("projects.view_person", can_use_workspace)
rules.add_perm("projects.add_person", is_iro_staff)
rules.add_perm("projects.change_person", is_iro_staff)
rules.add_perm("projects.delete_person", is_iro_staff)
# Calls and research fields: the office's reference data, read by everyone in the workspace.
rules.add_perm("projects.view_call", can_use_workspace)
rules.add_perm("projects.add_call", is_iro_staff)
rules.add_perm("projects.change_call", is_iro_staff)
rules.add_perm("projects.delete_call", is_iro_staff)
rules.add_perm("projects.view_subjectarea", can_use_workspace)
rules.add_perm("projects.add_subjectarea", is_iro_staff)
rules.add_perm("projects.change_subjectarea", is_iro_staff)
rules.add_perm("projects.delete_subjectarea", is_iro_staff)
