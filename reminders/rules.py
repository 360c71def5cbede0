"""Permissions on reminders: staff follow and resend them (roles in accounts.rules)."""

import rules

from accounts.rules import is_iro_staff

rules.add_perm("reminders.view_reminder", is_iro_staff)
rules.add_perm("reminders.resend_reminder", is_iro_staff)
rules.add_perm("reminders.revoke_links", is_iro_staff)
