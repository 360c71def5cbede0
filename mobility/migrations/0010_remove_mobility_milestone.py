from django.db import migrations


class Migration(migrations.Migration):
    # The links now live on the deadline itself (projects.Deadline.mobility).
    dependencies = [
        ("mobility", "0009_offer_and_virtual_activity_history"),
        ("projects", "0007_link_mobility_milestones"),
    ]

    operations = [migrations.DeleteModel(name="MobilityMilestone")]
