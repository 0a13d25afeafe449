"""Bank details are encrypted at rest: the database never holds them in clear, lists and masked displays never
decrypt, the finance view, the finance export and the person's own download do, a wrong key is a clear error,
`manage.py rotate_encryption_keys` moves every value to the first key (audited, idempotent), and the
migration encrypts rows that were stored in clear."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.core import crypto
from coproduce.payments import personal_data, services
from coproduce.payments.models import BankDetails
from tests.conftest import sign_in

from . import support

pytestmark = pytest.mark.django_db

CLEAR = {"account_name": "M Member", "sort_code": "309430", "account_number": "00733445"}
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def saved():
    user, person = support.member(bank_details=False)
    details = services.save_bank_details(person, actor=user, **CLEAR)
    return user, person, details


def raw_row(pk) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM payments_bankdetails WHERE id = %s", [pk])
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_the_database_never_holds_the_clear_text(saved):
    *_, details = saved
    row = raw_row(details.pk)
    stored = " ".join(str(value) for value in row.values())
    for value in CLEAR.values():
        assert value not in stored
    assert "30-94-30" not in stored
    assert row["account_number_ending"] == "3445"
    assert crypto.decrypt(row["account_number_encrypted"]) == "00733445"


def test_clear_text_cannot_be_saved_by_mistake(saved):
    *_, details = saved
    details.account_number_encrypted = "00733445"
    with pytest.raises(ValueError, match="holds only encrypted values"), transaction.atomic():
        details.save()
    assert crypto.decrypt(raw_row(details.pk)["account_number_encrypted"]) == "00733445"


def test_changing_the_details_stores_new_tokens(saved):
    user, person, details = saved
    services.save_bank_details(
        person, actor=user, account_name="M Member", sort_code="112233", account_number="12345678"
    )
    changed = BankDetails.objects.get(pk=details.pk)
    assert changed.masked_account == "••••5678"
    assert changed.reveal().formatted_sort_code == "11-22-33"


def refuse_to_decrypt(token):
    raise AssertionError("a masked display decrypted a value")


def test_lists_and_masked_displays_never_decrypt(client, saved, officer, finance_approver, monkeypatch):
    user, person, _ = saved
    support.rate_card()
    claim = support.approved(support.attend(support.meeting(hours=2), person), user, finance_approver)
    batch = services.create_batch(actor=finance_approver)
    monkeypatch.setattr(crypto, "decrypt", refuse_to_decrypt)
    sign_in(client, user)
    for url in (reverse("payments:home"), reverse("payments:bank")):
        page = client.get(url).content.decode()
        assert "••••3445" in page and "00733445" not in page
    sign_in(client, finance_approver)
    for url in (
        reverse("payments_manage:person", args=[person.pk]),
        reverse("payments_manage:batch", args=[batch.pk]),
    ):
        page = client.get(url).content.decode()
        assert "••••3445" in page and claim.person.full_name in page


def test_finance_export_and_own_download_decrypt(client, saved, finance_approver):
    user, person, _ = saved
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:bank_details", args=[person.pk])).content.decode()
    assert "M Member" in page and "30-94-30" in page and "00733445" in page
    [row] = personal_data.download(person)["bank_details"]
    assert row["account_name"] == "M Member" and row["account_number"] == "••••3445"


def test_a_wrong_key_is_a_clear_error_on_the_full_view(client, saved, finance_approver):
    *_, details = saved
    sign_in(client, finance_approver)
    url = reverse("payments_manage:bank_details", args=[details.person_id])
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(crypto.DecryptionError):
        client.get(url)


def saved_under(key) -> BankDetails:
    with override_settings(FIELD_ENCRYPTION_KEYS=[key]):
        user, person = support.member(bank_details=False)
        return services.save_bank_details(person, actor=user, **CLEAR)


def tokens(details) -> dict:
    row = raw_row(details.pk)
    return {
        name: row[name]
        for name in ("account_name_encrypted", "sort_code_encrypted", "account_number_encrypted")
    }


def test_rotation_re_encrypts_every_value_with_the_first_key_once(capsys):
    old, new = saved_under(OLD_KEY), saved_under(NEW_KEY)
    new_tokens = tokens(new)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_encryption_keys")
        assert "Re-encrypted 1 rows" in capsys.readouterr().out
        call_command("rotate_encryption_keys")
        assert "Re-encrypted 0 rows" in capsys.readouterr().out
    assert tokens(new) == new_tokens
    events = AuditEvent.objects.filter(verb="core.encryption_keys_rotated")
    assert [(event.object_type, event.changed_fields) for event in events] == [
        ("payments.bankdetails", sorted(tokens(old)))
    ]
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert BankDetails.objects.get(pk=old.pk).reveal().account_number == "00733445"


def test_rotation_with_a_missing_key_changes_nothing():
    old, new = saved_under(OLD_KEY), saved_under(NEW_KEY)
    before = tokens(old), tokens(new)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(CommandError, match="Nothing was"):
        call_command("rotate_encryption_keys")
    assert (tokens(old), tokens(new)) == before
    assert not AuditEvent.objects.filter(verb="core.encryption_keys_rotated").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_stored_in_clear_and_reverses():
    user, person = support.member(bank_details=False)
    before, after = [("payments", "0001_initial")], [("payments", "0002_bank_details_encrypted")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_model = executor.loader.project_state(before).apps.get_model("payments", "BankDetails")
    pk = old_model.objects.create(person_id=person.pk, updated_by_id=user.pk, **CLEAR).pk
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    row = raw_row(pk)
    assert "account_number" not in row and row["account_number_ending"] == "3445"
    assert BankDetails.objects.get(pk=pk).reveal().account_name == "M Member"
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert {name: raw_row(pk)[name] for name in CLEAR} == CLEAR
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    # Back to the newest migrations, so the tests after this one see the schema the models describe.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert BankDetails.objects.get(pk=pk).reveal().sort_code == "309430"
