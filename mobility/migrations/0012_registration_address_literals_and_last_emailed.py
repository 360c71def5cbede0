import mobility.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mobility", "0011_constraint_messages_and_date_bounds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="interestregistration",
            name="email",
            field=models.EmailField(
                max_length=254,
                validators=[mobility.models.reject_address_literal],
                verbose_name="email",
            ),
        ),
        migrations.AddField(
            model_name="interestregistration",
            name="last_emailed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last emailed at"),
        ),
        migrations.AddConstraint(
            model_name="interestregistration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("email__contains", "@["), _negated=True),
                    models.Q(("email__iendswith", "@localhost"), _negated=True),
                ),
                name="registration_email_not_address_literal",
                violation_error_message=(
                    "Enter an address at a domain name (like name@university.nl), not at an "
                    "IP address or at localhost."
                ),
            ),
        ),
    ]
