"""Permissions on agreements and nominations: the office reads and changes them; a
coordinator reads the agreements with the partners of the projects they coordinate."""

import rules

from accounts.rules import can_use_workspace, is_iro_staff, person_of
from projects.rules import coordinates_project


@rules.predicate
def coordinates_project_with_partner(user, agreement) -> bool:
    person = person_of(user)
    if agreement is None or person is None:
        return False
    return (
        agreement.partner.project_roles.filter(project__lead_coordinator=person).exists()
        or agreement.partner.project_roles.filter(project__co_coordinators=person).exists()
    )


rules.add_perm("agreements.view_agreement_list", can_use_workspace)
rules.add_perm("agreements.view_agreement", is_iro_staff | coordinates_project_with_partner)
rules.add_perm("agreements.add_agreement", is_iro_staff)
rules.add_perm("agreements.change_agreement", is_iro_staff)
rules.add_perm("agreements.view_nomination", is_iro_staff)
rules.add_perm("agreements.change_nomination", is_iro_staff)
# The object is the nomination: its candidate's documents are personal data of its project.
rules.add_perm("agreements.view_nomination_document", is_iro_staff | coordinates_project)
# Sending and revoking partner contacts' access links (the object is the institution).
rules.add_perm("agreements.manage_partner_access", is_iro_staff)
