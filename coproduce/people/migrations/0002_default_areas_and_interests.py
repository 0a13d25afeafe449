"""The starting lists of lived-experience areas and interests; each programme can change them afterwards."""

from django.db import migrations

AREAS = [
    "Adult social care",
    "Mental health",
    "Learning disability",
    "Autism",
    "Physical disability",
    "Sensory impairment",
    "Older age",
    "Unpaid carer",
    "Children and families",
    "Special educational needs and disabilities (SEND)",
    "Homelessness",
    "Substance use",
]
INTERESTS = [
    "Care at home",
    "Care homes",
    "Day opportunities",
    "Direct payments",
    "Employment and volunteering",
    "Housing",
    "Information and advice",
    "Transport",
    "Digital inclusion",
    "Training staff",
    "Commissioning and contracts",
    "Hospital discharge",
    "Safeguarding",
    "Community groups",
]


def add(apps, schema_editor):
    for model_name, names in (("LivedExperienceArea", AREAS), ("Interest", INTERESTS)):
        model = apps.get_model("people", model_name)
        for order, name in enumerate(names):
            model.objects.get_or_create(name=name, defaults={"order": order})


def remove(apps, schema_editor):
    apps.get_model("people", "LivedExperienceArea").objects.filter(name__in=AREAS).delete()
    apps.get_model("people", "Interest").objects.filter(name__in=INTERESTS).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
