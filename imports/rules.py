"""Only the International Relations Office imports files."""

import rules

from accounts.rules import is_iro_staff

rules.add_perm("imports.import_data", is_iro_staff)
