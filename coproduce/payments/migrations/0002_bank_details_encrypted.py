"""Bank details encrypted at rest (docs/decisions/0006-encryption-at-rest.md): new columns hold Fernet tokens
made with the first key of COPRODUCE_FIELD_ENCRYPTION_KEYS, existing rows are encrypted, and the clear-text
columns are dropped. Reversible: going back decrypts into the restored clear columns (with the same keys)."""

from django.db import migrations, models

from coproduce.core import crypto

CLEAR_FIELDS = ("account_name", "sort_code", "account_number")


def encrypt_existing(apps, schema_editor):
    BankDetails = apps.get_model("payments", "BankDetails")
    rows = list(BankDetails.objects.all())
    for row in rows:
        for name in CLEAR_FIELDS:
            setattr(row, f"{name}_encrypted", crypto.encrypt(getattr(row, name)))
        row.account_number_ending = row.account_number[-4:]
    fields = [f"{name}_encrypted" for name in CLEAR_FIELDS] + ["account_number_ending"]
    BankDetails.objects.bulk_update(rows, fields, batch_size=500)


def decrypt_back(apps, schema_editor):
    BankDetails = apps.get_model("payments", "BankDetails")
    rows = list(BankDetails.objects.all())
    for row in rows:
        for name in CLEAR_FIELDS:
            setattr(row, name, crypto.decrypt(getattr(row, f"{name}_encrypted")))
    BankDetails.objects.bulk_update(rows, CLEAR_FIELDS, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="bankdetails",
            name="account_name_encrypted",
            field=crypto.EncryptedField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="bankdetails",
            name="sort_code_encrypted",
            field=crypto.EncryptedField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="bankdetails",
            name="account_number_encrypted",
            field=crypto.EncryptedField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="bankdetails",
            name="account_number_ending",
            field=models.CharField(default="", max_length=4),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_existing, decrypt_back),
        # A default on the clear columns before they go, so that going back can re-add them to filled tables.
        migrations.AlterField(
            model_name="bankdetails", name="account_name", field=models.CharField(default="", max_length=100)
        ),
        migrations.AlterField(
            model_name="bankdetails", name="sort_code", field=models.CharField(default="", max_length=6)
        ),
        migrations.AlterField(
            model_name="bankdetails", name="account_number", field=models.CharField(default="", max_length=8)
        ),
        migrations.RemoveField(model_name="bankdetails", name="account_name"),
        migrations.RemoveField(model_name="bankdetails", name="sort_code"),
        migrations.RemoveField(model_name="bankdetails", name="account_number"),
    ]
