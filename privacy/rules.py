"""Only the International Relations Office handles personal-data requests."""

import rules

from accounts.rules import is_iro_staff

rules.add_perm("privacy.manage_personal_data", is_iro_staff)
