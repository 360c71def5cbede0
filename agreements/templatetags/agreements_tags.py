"""Agreement notes on other apps' workspace pages: a mobility outside a signed agreement,
the partner's answer for it, and the access links of an institution's contacts."""

from django import template

from ..models import MobilityResponse
from ..selectors import mobility_agreement_warning
from ..undo import partner_changes

register = template.Library()


@register.inclusion_tag("agreements/_mobility_agreement.html")
def mobility_agreement(mobility):
    return {
        "warning": mobility_agreement_warning(mobility),
        "answer": MobilityResponse.objects.filter(mobility=mobility)
        .select_related("contact")
        .first(),
    }


@register.inclusion_tag("agreements/_partner_access.html", takes_context=True)
def partner_access(context, institution):
    user = context["user"]
    can_manage = user.has_perm("agreements.manage_partner_access", institution)
    return {
        "institution": institution,
        "contacts": institution.contacts.all(),
        "can_manage": can_manage,
        "partner_changes": partner_changes(institution) if can_manage else [],
        "csrf_token": context.get("csrf_token"),
    }
