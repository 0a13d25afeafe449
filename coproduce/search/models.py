"""The site search index: one row per searchable record, kept current as records change
(coproduce.search.services). The database's own full-text search reads it: an FTS5 table kept in step by
triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL (see migrations/0001).
Who may see a row is not stored here: each kind's `visible(user)` is applied when searching."""

from django.db import models
from django.utils import timezone


class SearchEntry(models.Model):
    kind = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    summary = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.kind} {self.object_id}"
