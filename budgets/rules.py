"""Who sees and changes money: staff run the calculator and edit the rates; everyone in the
workspace follows budgets; a participant's grant and the Beneficiary Module export hold
personal data, for the office and the project's coordinators only."""

import rules

from accounts.rules import can_use_workspace, is_iro_staff
from projects.rules import may_see_people

rules.add_perm("budgets.view_overview", can_use_workspace)
rules.add_perm("budgets.view_project_budget", can_use_workspace)
rules.add_perm("budgets.export_project", may_see_people)
rules.add_perm("budgets.view_mobility_grant", may_see_people)
rules.add_perm("budgets.override_distance_band", is_iro_staff)
rules.add_perm("budgets.use_calculator", is_iro_staff)
rules.add_perm("budgets.change_rates", is_iro_staff)
rules.add_perm("budgets.export_institutions", is_iro_staff)
