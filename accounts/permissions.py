"""The Django permissions of the International Relations Office's group, listed one by one.

The workspace checks its own rules (rules.py); these are what the group may do in the admin.
It keeps the portal's data, reads the outbox (the text of emails holding a secret is never
shown) and resends failed emails. It holds nothing on accounts, groups or login records: a
permission there would let staff take over another account, a superuser's included.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

EVERY_ACTION = ("add", "change", "delete", "view")

STAFF_GROUP_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "partners.institution": EVERY_ACTION,
    "partners.organisationalunit": EVERY_ACTION,
    "partners.contact": EVERY_ACTION,
    "projects.call": EVERY_ACTION,
    "projects.subjectarea": EVERY_ACTION,
    "projects.person": EVERY_ACTION,
    "projects.project": EVERY_ACTION,
    "projects.projectpartner": EVERY_ACTION,
    "projects.deadline": EVERY_ACTION,
    "mobility.mobilitygrant": EVERY_ACTION,
    "mobility.mobility": EVERY_ACTION,
    "mobility.virtualactivity": EVERY_ACTION,
    "mobility.exchangeoffer": EVERY_ACTION,
    "mobility.interestregistration": EVERY_ACTION,
    "mobility.ratetable": EVERY_ACTION,
    "mobility.individualsupportrate": EVERY_ACTION,
    "mobility.travelband": EVERY_ACTION,
    "outbox.outgoingemail": ("view", "change"),
}


def staff_group_permission_names() -> list[str]:
    """The list above as "app_label.codename", sorted."""
    return sorted(
        f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
        for model, actions in STAFF_GROUP_PERMISSIONS.items()
        for action in actions
    )


def staff_group_permissions() -> QuerySet[Permission]:
    """The Permission rows of the list above."""
    wanted = Q(pk__in=[])
    for model, actions in STAFF_GROUP_PERMISSIONS.items():
        app_label, model_name = model.split(".")
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model_name,
            codename__in=[f"{action}_{model_name}" for action in actions],
        )
    return Permission.objects.filter(wanted).select_related("content_type")
