"""The office reads and handles project ideas; coordinators do not see them (an idea's
academic reads their own through its signed link, not through the workspace)."""

import rules

from accounts.rules import is_iro_staff

rules.add_perm("ideas.view_idea", is_iro_staff)
rules.add_perm("ideas.change_idea", is_iro_staff)
rules.add_perm("ideas.add_callforideas", is_iro_staff)
rules.add_perm("ideas.change_callforideas", is_iro_staff)
