from django.db import migrations, models


class Migration(migrations.Migration):
    """The payments dashboard lists claims whose attendance changed after they were made, newest first: an
    index on just those claims, so the list reads a few rows instead of sorting every claim."""

    dependencies = [("payments", "0005_claims_newest_first_index")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(attendance_changed_at__isnull=False),
                fields=["-attendance_changed_at"],
                name="claim_attendance_changed",
            ),
        ),
    ]
