"""Participants' documents are the office's: coordinators see the mobility, not its papers.

The one exception is a student's learning agreement: the coordinators of the mobility's
project follow what their student studies, so they read its course components (never
change them).
"""

import rules

from accounts.rules import is_iro_staff
from projects.rules import may_see_people

rules.add_perm("documents.view_documents", is_iro_staff)
rules.add_perm("documents.view_course_components", may_see_people)
rules.add_perm("documents.manage_participants", is_iro_staff)
rules.add_perm("documents.edit_templates", is_iro_staff)
