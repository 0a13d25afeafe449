from django.db import migrations

PLEDGE = """As a co-production champion I will:

* **listen** to people where I live and work, and pass on what they tell me, even when it is hard to hear;
* **share** what co-production is and how people can get involved, in plain words;
* **welcome** people who have not been asked before, and make it easy for them to take part;
* **respect** people's privacy: I will not pass on anyone's details without their agreement;
* **record** what I do, so the programme can see where it reaches and where it does not;
* **say** when I need support, and step back when I need to.
"""


def publish_first_pledge(apps, schema_editor):
    Pledge = apps.get_model("network", "Pledge")
    if not Pledge.objects.exists():
        Pledge.objects.create(version=1, text=PLEDGE)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(publish_first_pledge, migrations.RunPython.noop)]
