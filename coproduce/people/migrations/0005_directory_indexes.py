from django.db import migrations, models


class Migration(migrations.Migration):
    """The directory walks the name_search index and stops after a page (issue 11): erased_at is indexed only
    where set, so "erased_at IS NULL" (nearly everyone) no longer looks selective to SQLite's and
    PostgreSQL's planners; registered_at, a directory sort, gets an index."""

    dependencies = [("people", "0004_retention_review")]

    operations = [
        migrations.AlterField(
            model_name="person", name="erased_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(erased_at__isnull=False), fields=["erased_at"], name="person_erased"
            ),
        ),
        migrations.AddIndex(
            model_name="person", index=models.Index(fields=["registered_at"], name="person_registered")
        ),
    ]
