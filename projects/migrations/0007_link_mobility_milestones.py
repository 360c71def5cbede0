from django.db import migrations


def link_milestones_to_their_mobility(apps, schema_editor):
    """Each deadline that a mobility milestone link named now points at that mobility."""
    Deadline = apps.get_model("projects", "Deadline")
    MobilityMilestone = apps.get_model("mobility", "MobilityMilestone")
    for link in MobilityMilestone.objects.all().iterator():
        Deadline.objects.filter(pk=link.deadline_id).update(mobility_id=link.mobility_id)


def unlink(apps, schema_editor):
    Deadline = apps.get_model("projects", "Deadline")
    MobilityMilestone = apps.get_model("mobility", "MobilityMilestone")
    for deadline in Deadline.objects.filter(mobility__isnull=False).iterator():
        MobilityMilestone.objects.get_or_create(
            deadline_id=deadline.pk, defaults={"mobility_id": deadline.mobility_id}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0009_offer_and_virtual_activity_history"),
        ("projects", "0006_deadline_belongs_to_mobility"),
    ]

    operations = [migrations.RunPython(link_milestones_to_their_mobility, unlink)]
