"""Permissions on projects and their deadlines (roles in accounts.rules)."""

import rules

from accounts.rules import can_edit_project, can_use_workspace, is_iro_staff

rules.add_perm("projects.use_workspace", can_use_workspace)
rules.add_perm("projects.view_project", can_use_workspace)
rules.add_perm("projects.add_project", is_iro_staff)
# The object is the project itself, or a deadline (its .project is checked).
rules.add_perm("projects.change_project", can_edit_project)
rules.add_perm("projects.delete_project", is_iro_staff)
rules.add_perm("projects.change_deadline", can_edit_project)
rules.add_perm("projects.view_person", can_use_workspace)
rules.add_perm("projects.change_person", is_iro_staff)
