"""Participants' documents are the office's: coordinators see the mobility, not its papers."""

import rules

from accounts.rules import is_iro_staff

rules.add_perm("documents.view_documents", is_iro_staff)
rules.add_perm("documents.manage_participants", is_iro_staff)
rules.add_perm("documents.edit_templates", is_iro_staff)
