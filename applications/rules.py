"""Who handles applications: the office and the offer's project's coordinators see and
select; reviewers chosen per offer score; only the office sends decisions and creates
mobilities. Applicants reach their own applications through their signed link alone."""

import rules

from accounts.rules import is_iro_staff
from projects.rules import coordinates_project


@rules.predicate
def reviews_offer(user, obj) -> bool:
    """The user is one of the reviewers of the offer (or of the application's offer)."""
    if obj is None or not user.is_authenticated:
        return False
    offer = getattr(obj, "offer", obj)
    call = getattr(offer, "call_for_applications", None)
    # A call not stored yet (services.call_of) has no reviewers.
    if call is None or call.pk is None:
        return False
    return any(reviewer.pk == user.pk for reviewer in call.reviewers.all())


handles_applications = is_iro_staff | coordinates_project

rules.add_perm("applications.view_application", handles_applications | reviews_offer)
rules.add_perm("applications.manage_call", handles_applications)
rules.add_perm("applications.review_application", reviews_offer)
rules.add_perm("applications.decide", is_iro_staff)
