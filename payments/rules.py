"""Payments are the office's: coordinators see a project's budget, not its finance rows."""

import rules

from accounts.rules import is_iro_staff

rules.add_perm("payments.manage_payments", is_iro_staff)
