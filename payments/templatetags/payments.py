from django import template

from payments.selectors import project_payment_totals

register = template.Library()


@register.inclusion_tag("payments/_project_totals.html")
def project_payments(project):
    """The project's money paid and still due to participants, for the budget cockpit."""
    return {"totals": project_payment_totals(project)}
