"""Permissions on projects, their deadlines and the people who coordinate them.

The object of a project permission is the project itself or anything with a .project
(a deadline, a grant line): coordinators may change what belongs to their projects.
"""

import rules

from accounts.rules import can_edit_project, can_use_workspace, is_iro_staff

rules.add_perm("projects.use_workspace", can_use_workspace)
rules.add_perm("projects.view_project", can_use_workspace)
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
