"""Bring a deleted object back from its django-simple-history deletion record.

The deletion record holds the row as it was; the rows that went with it and are recorded
too (a project's partners, grant lines, mobilities, deadlines, offers and virtual
activities; a mobility's deadlines) come back with it when they were deleted with it, i.e.
within a minute before it. What simple-history does not record cannot come back; the
Deleted items page says what that is (NOT_KEPT).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobility import history
from mobility.models import ExchangeOffer, Mobility, MobilityGrant, VirtualActivity
from partners.models import Institution
from projects.deadlines import sync_project_milestones
from projects.models import Call, Deadline, Person, Project, ProjectPartner, SubjectArea

# What the Deleted items page lists and restores, by the name used in its URLs.
RESTORABLE: dict[str, type[models.Model]] = {
    "project": Project,
    "institution": Institution,
    "person": Person,
    "mobility": Mobility,
    "offer": ExchangeOffer,
    "call": Call,
    "subject-area": SubjectArea,
    "virtual-activity": VirtualActivity,
}

# Recorded rows that are deleted with an object, in the order they are restored (a
# deadline may belong to a mobility, so mobilities come first), with their link to it.
RESTORED_WITH: dict[type[models.Model], tuple[tuple[type[models.Model], str], ...]] = {
    Project: (
        (ProjectPartner, "project_id"),
        (MobilityGrant, "project_id"),
        (Mobility, "project_id"),
        (Deadline, "project_id"),
        (ExchangeOffer, "project_id"),
        (VirtualActivity, "project_id"),
    ),
    Mobility: ((Deadline, "mobility_id"),),
}

# What is not recorded, so does not come back, per kind.
NOT_KEPT = {
    Project: gettext_lazy(
        "its research fields, who is responsible for its deadlines, the interest "
        "registrations of its offers and the reminders already sent"
    ),
    Institution: gettext_lazy("its contacts and organisational units"),
    Mobility: gettext_lazy("who is responsible for its deadlines and the reminders already sent"),
    ExchangeOffer: gettext_lazy("its interest registrations"),
    Person: gettext_lazy("the deadlines they were responsible for"),
    SubjectArea: gettext_lazy("the projects it described"),
}

# Rows deleted with an object have their records written just before its own.
DELETED_TOGETHER = timedelta(minutes=1)


def _missing_parents(instance: models.Model) -> list[str]:
    """The rows the instance needs (protected or cascading foreign keys) that are gone, by
    name; links that the database would have emptied are emptied instead."""
    missing = []
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or getattr(instance, field.attname) is None:
            continue
        target = field.related_model
        pk = getattr(instance, field.attname)
        if target._default_manager.filter(pk=pk).exists():
            continue
        if field.null and field.remote_field.on_delete is models.SET_NULL:
            setattr(instance, field.attname, None)
            continue
        record = history.last_record(target, pk) if hasattr(target, "history") else None
        name = history.object_name(record) if record is not None else f"#{pk}"
        missing.append(f"{target._meta.verbose_name} “{name}”")
    return missing


def _bring_back(record) -> models.Model:
    instance = record.instance
    missing = _missing_parents(instance)
    if missing:
        raise ValidationError(
            _(
                "“%(name)s” cannot be restored while these are deleted: %(missing)s. "
                "Restore them first."
            )
            % {"name": history.object_name(record), "missing": "; ".join(missing)}
        )
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as error:
        raise ValidationError(
            _(
                "“%(name)s” cannot be restored: something saved since its deletion holds "
                "one of its unique values (a name, code, address or slug)."
            )
            % {"name": history.object_name(record)}
        ) from error
    # simple-history writes no many-to-many rows for a deletion: the save before it has them.
    last_saved = record.prev_record if record.history_type == "-" else None
    for name, ids in history.recorded_values(last_saved or record).items():
        if isinstance(ids, frozenset):
            related = instance._meta.get_field(name).related_model
            getattr(instance, name).set(related._default_manager.filter(pk__in=ids))
    return instance


def _deleted_with(record, child: type[models.Model], link: str) -> list:
    """The deletion records of `child` rows linked to the record's object that went with
    it and are still gone."""
    candidates = child.history.filter(
        history_type="-",
        history_date__gte=record.history_date - DELETED_TOGETHER,
        history_date__lte=record.history_date,
        **{link: record.id},
    ).exclude(id__in=child._default_manager.values("pk"))
    latest = {}
    for candidate in candidates.order_by("history_date", "history_id"):
        latest[candidate.id] = candidate
    return list(latest.values())


@transaction.atomic
def restore_deleted(*, record) -> models.Model:
    """Bring back the object of a deletion record, with the recorded rows deleted with it;
    ValidationError if a row it needs is gone or a unique value is taken meanwhile."""
    model = record.instance_type
    if model._default_manager.filter(pk=record.id).exists():
        raise ValidationError(
            _("“%(name)s” is not deleted.") % {"name": history.object_name(record)}
        )
    restored = _bring_back(record)
    for child, link in RESTORED_WITH.get(model, ()):
        for child_record in _deleted_with(record, child, link):
            _bring_back(child_record)
    if model is Project:
        # Who is responsible for a deadline is not recorded: the project's own milestones
        # go back to its coordinators, as when they were made.
        sync_project_milestones(project=restored)
    return restored
