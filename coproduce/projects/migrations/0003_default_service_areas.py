"""The starting list of service areas projects are grouped by; each programme can change it afterwards."""

from django.db import migrations
from django.utils.text import slugify

SERVICE_AREAS = [
    "Adult social care",
    "Mental health",
    "Learning disability",
    "Children and families",
    "Housing",
    "Public health",
    "Special educational needs and disabilities (SEND)",
    "Carers",
    "Transport",
    "Older people",
]


def add(apps, schema_editor):
    model = apps.get_model("projects", "ServiceArea")
    for order, name in enumerate(SERVICE_AREAS):
        model.objects.get_or_create(name=name, defaults={"order": order, "slug": slugify(name)[:100]})


def remove(apps, schema_editor):
    apps.get_model("projects", "ServiceArea").objects.filter(name__in=SERVICE_AREAS).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_outputs_updates_agreement_jargon_publishing")]
    operations = [migrations.RunPython(add, remove)]
