"""Shapes several apps' models share, defined once (abstract: no tables of their own).

- `OrderedLookup`: a configurable list the programme edits (service areas, lived-experience areas, topics):
  a unique name, a display order and an active flag, listed in order then by name.
- `DatedRate`: a figure in force from a date (pay rates, mileage rates, benefit limits). A new figure is a new
  row, so whatever was worked out with the old one keeps it; `Model.objects.in_force_on(day)` gives the rows
  on or before `day`, newest first. Each subclass declares its own `amount` (its label differs).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class OrderedLookup(models.Model):
    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class DatedQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        """Rows whose effective_from is on or before `day`, newest first (the first is the one in force)."""
        return self.filter(effective_from__lte=day).order_by("-effective_from", "-id")


class DatedRate(models.Model):
    effective_from = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True


class SharedCount(models.Model):
    """A work-queue count made by a task worker (core.work: `counted_by_worker`), kept for the app servers to
    read instead of counting a large table on a page view."""

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    def __str__(self):
        return f"{self.key}: {self.count}"
