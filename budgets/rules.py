"""Who sees and changes money: staff run the calculator and edit the rates; everyone in the
workspace follows budgets; exporting participants' data is for those who edit the project."""

import rules

from accounts.rules import can_edit_project, can_use_workspace, is_iro_staff

rules.add_perm("budgets.view_overview", can_use_workspace)
rules.add_perm("budgets.view_project_budget", can_use_workspace)
rules.add_perm("budgets.export_project", can_edit_project)
rules.add_perm("budgets.view_mobility_grant", can_use_workspace)
rules.add_perm("budgets.override_distance_band", is_iro_staff)
rules.add_perm("budgets.use_calculator", is_iro_staff)
rules.add_perm("budgets.change_rates", is_iro_staff)
rules.add_perm("budgets.export_institutions", is_iro_staff)
