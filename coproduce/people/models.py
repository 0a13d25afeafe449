"""People in the programme's network: their profile, needs, consent by purpose, restricted equality answers
and the officers' notes. A Person may have no sign-in (registered on their behalf by an officer)."""

import re

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from coproduce.core.models import OrderedLookup

from . import choices


def normalise_text(value: str) -> str:
    """Lower case, single spaces: what name search compares against (indexable prefix search)."""
    return " ".join((value or "").lower().split())


def normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return "0" + digits[2:] if digits.startswith("44") else digits


def is_uk_mobile(value: str) -> bool:
    """Whether a text message can go to this number: a UK mobile is 07 and nine more digits."""
    return bool(re.fullmatch(r"07\d{9}", normalise_phone(value)))


def normalise_postcode(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


class LivedExperienceArea(OrderedLookup):
    """An area of lived experience the programme recognises (configurable per programme)."""


class Interest(OrderedLookup):
    """A topic people can say they are interested in (configurable per programme)."""


# Who someone is and how to reach them: the columns every list of people starts with.
CONTACT_COLUMNS = ("id", "full_name", "preferred_name", "email", "phone", "postcode")
# The profile's own words about someone, which a member may change and erasure blanks.
PERSONAL_DETAILS = ("full_name", "preferred_name", "pronouns", "email", "phone", "address", "postcode")


# The JSON lists the directory filters on, each also kept as rows of PersonListValue (see there).
INDEXED_LISTS = ("formats", "access_needs", "available_days")
# What the index rows (PersonNameWord, PersonListValue) are made from.
INDEX_SOURCES = ("erased_at", "name_search", *INDEXED_LISTS)


def name_word_texts(name_search: str) -> list[str]:
    """The normalised name from the start of each of its words on: "ash khan" gives "ash khan" and "khan".
    "Starts with x or holds the word start " x"" is then one prefix range over these (PersonNameWord)."""
    words = name_search.split(" ") if name_search else []
    return [" ".join(words[start:]) for start in range(len(words))]


def list_entry(name: str, value) -> str:
    """A list value as PersonListValue stores it: "formats:easy_read"."""
    return f"{name}:{value}"


def list_entries(lists: dict[str, list]) -> list[str]:
    """The entries (list_entry) of the indexed JSON lists, duplicates once."""
    # An entry longer than the column cannot be one of the choices the directory filters by.
    return list(
        dict.fromkeys(
            list_entry(name, value)[:60] for name in INDEXED_LISTS for value in lists.get(name) or []
        )
    )


def write_index_rows(people: list, *, new: bool = False) -> None:
    """Replace the name-word and list-value rows of `people` (saved Person objects; `new`: just created, so
    they have none yet) with rows made from their current values; erased people have none. Called inside the
    transaction that wrote them (Person.save, PersonQuerySet.bulk_create)."""
    if not new:
        ids = [person.pk for person in people]
        PersonNameWord.objects.filter(person_id__in=ids).delete()
        PersonListValue.objects.filter(person_id__in=ids).delete()
    words, values = [], []
    for person in people:
        if person.erased_at is not None:
            continue
        words += [
            PersonNameWord(person_id=person.pk, text=text) for text in name_word_texts(person.name_search)
        ]
        values += [
            PersonListValue(person_id=person.pk, entry=entry, name_search=person.name_search)
            for entry in list_entries({name: getattr(person, name) for name in INDEXED_LISTS})
        ]
    PersonNameWord.objects.bulk_create(words, batch_size=500)
    PersonListValue.objects.bulk_create(values, batch_size=500)
    for person in people:
        person._indexed = person.index_key()


def _refuse_indexed(fields) -> None:
    """Bulk updates skip save(): one that changed what the index rows are made from would leave them stale.
    (erased_at may be set in bulk: every read of the rows also asks that the person is current, and an
    erasure proper, services.erase_person, saves the blanked person, which removes the rows.)"""
    if not {*INDEXED_LISTS, "name_search", "full_name", "preferred_name"}.isdisjoint(fields):
        raise TypeError(
            "Names, erasure and the indexed lists change through save(), which keeps the index rows."
        )


class PersonQuerySet(models.QuerySet):
    def current(self):
        return self.filter(erased_at__isnull=True)

    def bulk_create(self, objs, *args, **kwargs):
        """Also writes the people's search rows (PersonNameWord, PersonListValue), in the same transaction."""
        for person in objs:
            person.set_search_columns()
        with transaction.atomic(using=self.db, savepoint=False):
            people = super().bulk_create(objs, *args, **kwargs)
            write_index_rows(people, new=True)
        return people

    def bulk_update(self, objs, fields, *args, **kwargs):
        _refuse_indexed(fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        _refuse_indexed(kwargs)
        return super().update(**kwargs)

    def for_directory(self):
        return self.current().only(*CONTACT_COLUMNS, "last_involved_at", "consents_to_contact")


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="person"
    )
    full_name = models.CharField(max_length=150)
    preferred_name = models.CharField("How they like to be addressed", max_length=80, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)

    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    preferred_contact = models.CharField(max_length=10, choices=choices.ContactMethod.choices, blank=True)

    formats = models.JSONField(default=list, blank=True, help_text="choices.Format values")
    other_language = models.CharField(max_length=80, blank=True)
    access_needs = models.JSONField(default=list, blank=True, help_text="choices.AccessNeed values")
    access_needs_detail = models.TextField(blank=True)

    support_person_name = models.CharField(max_length=150, blank=True)
    support_person_relationship = models.CharField(max_length=80, blank=True)
    support_person_contact = models.CharField(max_length=150, blank=True)
    support_person_may_be_contacted = models.BooleanField(default=False)

    lived_experience = models.ManyToManyField(LivedExperienceArea, blank=True, related_name="people")
    interests = models.ManyToManyField(Interest, blank=True, related_name="people")
    available_days = models.JSONField(default=list, blank=True, help_text="choices.Day values")
    available_times = models.JSONField(default=list, blank=True, help_text="choices.TimeOfDay values")
    online = models.BooleanField(default=False)
    in_person = models.BooleanField(default=False)
    travel_miles = models.PositiveSmallIntegerField(null=True, blank=True)

    recognition = models.CharField(max_length=10, choices=choices.Recognition.choices, blank=True)
    benefits_limit = models.CharField(max_length=10, choices=choices.YesNoPreferNot.choices, blank=True)

    # Denormalised from the latest Consent row for "contact", so the directory can filter on it cheaply.
    consents_to_contact = models.BooleanField(default=False)

    # Normalised copies for index-friendly search on SQLite and PostgreSQL alike.
    name_search = models.CharField(max_length=240, blank=True, db_index=True)
    email_search = models.CharField(max_length=254, blank=True, db_index=True)
    phone_search = models.CharField(max_length=40, blank=True, db_index=True)
    postcode_search = models.CharField(max_length=10, blank=True, db_index=True)

    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_involved_at = models.DateField(null=True, blank=True, db_index=True)
    marked_for_erasure_at = models.DateTimeField(null=True, blank=True)
    # When an officer last decided at a retention review to keep this record (the person is still in touch).
    retention_reviewed_at = models.DateTimeField(null=True, blank=True)
    # Indexed only where set (Meta): almost everyone is current, so an index on every NULL told the planners
    # "erased_at IS NULL" was selective and they sorted all current people instead of walking name_search.
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_search", "id"]
        indexes = [
            models.Index(
                fields=["erased_at"], condition=models.Q(erased_at__isnull=False), name="person_erased"
            ),
            # The directory sorts by registration date too.
            models.Index(fields=["registered_at"], name="person_registered"),
        ]
        permissions = [
            ("view_equality_answers", "Can see individuals' equality monitoring answers"),
            ("view_safeguarding_notes", "Can read and write safeguarding notes"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.set_search_columns()
        update_fields = kwargs.get("update_fields")
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            adding = self._state.adding
            super().save(*args, **kwargs)
            if update_fields is not None and set(INDEX_SOURCES).isdisjoint(update_fields):
                return
            if adding or self.index_key() != getattr(self, "_indexed", None):
                write_index_rows([self], new=adding)

    @classmethod
    def from_db(cls, db, field_names, values):
        person = super().from_db(db, field_names, values)
        # What the index rows were made from, when all of it was read (see write_index_rows).
        person._indexed = person.index_key() if set(INDEX_SOURCES).issubset(field_names) else None
        return person

    def index_key(self) -> tuple:
        return (
            self.erased_at is None,
            self.name_search,
            *(tuple(getattr(self, name) or ()) for name in INDEXED_LISTS),
        )

    def set_search_columns(self) -> None:
        """Fill the normalised columns the directory searches; save() and bulk_create call it."""
        self.name_search = normalise_text(f"{self.full_name} {self.preferred_name}".strip())[:240]
        self.email_search = (self.email or "").strip().lower()
        self.phone_search = normalise_phone(self.phone)
        self.postcode_search = normalise_postcode(self.postcode)

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name


class PersonNameWord(models.Model):
    """A person's normalised name from the start of one of its words on (models.name_word_texts), so a
    search for the start of the name or of any later word of it (a surname) is a prefix range on an index,
    not a `LIKE '% ash%'` over every person. Written with the person (Person.save, bulk_create)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=240)

    class Meta:
        indexes = [models.Index(fields=["text", "person"], name="person_name_word")]

    def __str__(self):
        return self.text


class PersonListValue(models.Model):
    """One value of one of a person's JSON lists the directory filters on (INDEXED_LISTS), with the person's
    name_search, the directory's usual order: a filter on a list is then an index range read in name order
    that stops after its page. Written with the person (Person.save, bulk_create)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The list and the value in one column ("formats:easy_read", list_entry), not two: PostgreSQL estimated
    # two equal columns as independent (845 rows for 8,873) and chose to sort every match.
    entry = models.CharField(max_length=60)
    name_search = models.CharField(max_length=240)

    class Meta:
        indexes = [models.Index(fields=["entry", "name_search", "person"], name="person_list_value")]

    def __str__(self):
        return self.entry


class Consent(models.Model):
    """One decision about one purpose. Append-only: the latest row per purpose is the current choice."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=24, choices=choices.ConsentPurpose.choices)
    given = models.BooleanField()
    method = models.CharField(max_length=10, choices=choices.ConsentMethod.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["person", "purpose", "-recorded_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()}: {'given' if self.given else 'withdrawn'}"


class EqualityRecord(models.Model):
    """Optional equality monitoring answers, kept apart from the profile. Only people with the
    people.view_equality_answers permission may see one person's answers, and each such read is audited."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="equality_record")
    age_band = models.CharField(max_length=20, choices=choices.AGE_BANDS, blank=True)
    sex = models.CharField(max_length=20, choices=choices.SEX, blank=True)
    gender_identity = models.CharField(max_length=100, choices=choices.GENDER_IDENTITY, blank=True)
    ethnic_group = models.CharField(max_length=100, choices=choices.ETHNIC_GROUP, blank=True)
    religion = models.CharField(max_length=40, choices=choices.RELIGION, blank=True)
    sexual_orientation = models.CharField(max_length=40, choices=choices.SEXUAL_ORIENTATION, blank=True)
    disability = models.CharField(max_length=100, choices=choices.DISABILITY, blank=True)
    unpaid_care = models.CharField(max_length=60, choices=choices.UNPAID_CARE, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"equality record {self.pk}"


class PersonNote(models.Model):
    """A dated note on a person's record. Safeguarding notes are a separate, restricted kind."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=12, choices=choices.NoteKind.choices, default=choices.NoteKind.GENERAL)
    text = models.TextField()
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.written_at:%Y-%m-%d}"


class CensusFigure(models.Model):
    """One row of the ONS Census 2021 comparison baseline (shared/data/census-2021, loaded by `load_census`).

    `dataset` is the file it came from (e.g. "ethnic_group_8"): two files can hold the same topic at different
    granularity. Rows sharing dataset + area + universe + source table form one complete distribution."""

    dataset = models.CharField(max_length=40)
    area = models.CharField(max_length=40)
    topic = models.CharField(max_length=40)
    category = models.CharField(max_length=200)
    count = models.PositiveBigIntegerField(null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    universe = models.CharField(max_length=100)
    source_table = models.CharField(max_length=300)
    source_url = models.URLField(max_length=300, blank=True)

    class Meta:
        ordering = ["dataset", "area", "universe", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "area", "universe", "category"], name="census_figure_unique_category"
            )
        ]

    def __str__(self):
        return f"{self.area} {self.topic} {self.category}: {self.percent}%"


class PendingImport(models.Model):
    """An uploaded CSV of contacts waiting for an officer to confirm it. Kept server-side (never in hidden
    form fields); deleted once imported or cancelled, and swept after a day (imports.sweep_pending)."""

    token = models.CharField(max_length=43, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)
    file_name = models.CharField(max_length=255)
    content = models.TextField()

    def __str__(self):
        return f"pending import {self.pk}"
