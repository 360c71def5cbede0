"""Permissions on institutions and their contacts: everyone in the workspace reads, staff edit."""

import rules

from accounts.rules import can_use_workspace, is_iro_staff

rules.add_perm("partners.view_institution", can_use_workspace)
rules.add_perm("partners.add_institution", is_iro_staff)
rules.add_perm("partners.change_institution", is_iro_staff)
rules.add_perm("partners.delete_institution", is_iro_staff)
