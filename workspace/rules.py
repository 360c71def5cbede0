"""Permissions of the office's own workspace pages: logins and deleted items."""

import rules

from accounts.rules import is_iro_staff

rules.add_perm("workspace.manage_accounts", is_iro_staff)
rules.add_perm("workspace.restore_deleted", is_iro_staff)
