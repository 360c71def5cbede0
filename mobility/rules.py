"""Permissions on grant lines, mobilities, offers and interest registrations.

For mobilities and grant lines the object is the project they belong to (to add one) or the
row itself (to change it); coordinators may do both on the projects they coordinate. A
mobility is a participant's personal data, an interest registration an applicant's: only
the office and the coordinators of its project see them (projects.rules.may_see_people).
"""

import rules

from accounts.rules import can_use_workspace, is_iro_staff
from projects.rules import can_edit_project, may_see_people

rules.add_perm("mobility.view_mobility", may_see_people)
rules.add_perm("mobility.add_mobility", can_edit_project)
rules.add_perm("mobility.change_mobility", can_edit_project)
rules.add_perm("mobility.delete_mobility", can_edit_project)
# Choosing another distance band than the distance gives changes the grant: the office's call.
rules.add_perm("mobility.override_distance_band", is_iro_staff)
rules.add_perm("mobility.change_mobilitygrant", can_edit_project)
rules.add_perm("mobility.view_exchangeoffer", can_use_workspace)
rules.add_perm("mobility.add_exchangeoffer", is_iro_staff)
rules.add_perm("mobility.change_exchangeoffer", is_iro_staff)
rules.add_perm("mobility.delete_exchangeoffer", is_iro_staff)
# The object is the offer: its project's coordinators see who registered, the office too;
# choosing among the students stays with the office.
rules.add_perm("mobility.view_interestregistration", may_see_people)
rules.add_perm("mobility.change_interestregistration", is_iro_staff)
rules.add_perm("mobility.view_virtualactivity", can_use_workspace)
rules.add_perm("mobility.add_virtualactivity", is_iro_staff)
rules.add_perm("mobility.change_virtualactivity", is_iro_staff)
rules.add_perm("mobility.delete_virtualactivity", is_iro_staff)
