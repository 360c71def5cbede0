"""Permissions on grant lines, mobilities and offers; predicates from projects.rules."""

import rules

from accounts.rules import can_edit_project, can_use_workspace, is_iro_staff

rules.add_perm("mobility.view_mobility", can_use_workspace)
rules.add_perm("mobility.change_mobility", can_edit_project)
rules.add_perm("mobility.change_mobilitygrant", can_edit_project)
rules.add_perm("mobility.change_exchangeoffer", is_iro_staff)
rules.add_perm("mobility.view_interestregistration", is_iro_staff)
rules.add_perm("mobility.change_interestregistration", is_iro_staff)
