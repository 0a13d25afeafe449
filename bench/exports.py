# ruff: noqa: E501
"""Large exports stream in constant memory: the ledger CSV at 500,000 entries (and the audit log's CSV of
the bench database when given), with the peak of Python's traced memory after each stretch of rows.

    .venv/bin/python bench/exports.py [--rows 500000] [--audit-sqlite var/bench25.sqlite3]

The ledger rows are written into a scratch SQLite file (bench/results/exports.sqlite3, made afresh) with
foreign keys off: the export reads the ledger's own columns only, so the ids need not point anywhere.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.pages import bench_environment  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"


def measure(label: str, lines, checkpoints: list[int]) -> list[str]:
    """Consume `lines` (a CSV line generator), noting rows, bytes and peak traced memory at checkpoints."""
    report = []
    tracemalloc.start()
    started = time.monotonic()
    written = 0
    wanted = iter(checkpoints)
    next_mark = next(wanted, None)
    for rows, line in enumerate(lines):  # the first line is the header, so `rows` counts the rows after it
        written += len(line)
        if next_mark is not None and rows == next_mark:
            peak = tracemalloc.get_traced_memory()[1]
            report.append(
                f"| {label} | {next_mark:,} | {written / 1e6:.1f} MB | {peak / 1e6:.2f} MB | "
                f"{time.monotonic() - started:.1f} s |"
            )
            print(report[-1], flush=True)
            next_mark = next(wanted, None)
    tracemalloc.stop()
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--audit-sqlite", default="", help="also stream this database's audit log")
    args = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    scratch = RESULTS / "exports.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    os.environ.update(bench_environment(RESULTS / "var"))
    os.environ["COPRODUCE_SQLITE_PATH"] = str(scratch)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from coproduce.core.spreadsheets import csv_lines
    from coproduce.payments import exports, selectors

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys=OFF")
    day = datetime.date(2016, 4, 6)
    with transaction.atomic(), connection.cursor() as cursor:
        batch = []
        for i in range(args.rows):
            batch.append(
                (
                    uuid.UUID(int=i // 2).hex,
                    "approval",
                    "cost_time" if i % 2 == 0 else "owed",
                    "20.00" if i % 2 == 0 else "0.00",
                    "0.00" if i % 2 == 0 else "20.00",
                    1 + i % 50_000,
                    1 + i // 4,
                    None,
                    "COPROD01",
                    (day + datetime.timedelta(days=i // 150)).isoformat(),
                    "",
                    None,
                    1,
                    "2026-01-01 00:00:00",
                    None,
                )
            )
            if len(batch) == 10_000:
                cursor.executemany(INSERT, batch)
                batch = []
        if batch:
            cursor.executemany(INSERT, batch)
    print(f"Wrote {args.rows:,} ledger entries in {time.monotonic() - started:.0f}s", flush=True)
    checkpoints = sorted({n for n in (10_000, 50_000, 100_000, 250_000, args.rows) if n <= args.rows})
    print("| Export | rows | CSV written | peak traced memory | time |")
    print("|---|---:|---:|---:|---:|")
    measure(
        "Ledger (`/manage/payments/ledger.csv`)",
        csv_lines(exports.ledger_rows(selectors.ledger_for_export())),
        checkpoints,
    )

    if args.audit_sqlite:
        from django.db import connections

        connections["default"].close()
        connections["default"].settings_dict["NAME"] = str(Path(args.audit_sqlite).resolve())
        from coproduce.audit.selectors import AuditFilters, events_for_export
        from coproduce.audit.views_manage import _csv_rows

        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM audit_auditevent")
            count = cursor.fetchone()[0]
        marks = sorted({n for n in (10_000, 50_000, 100_000, 250_000, count) if n <= count})
        measure(
            "Audit log (`/manage/audit/export/`)",
            csv_lines(_csv_rows(events_for_export(AuditFilters()))),
            marks,
        )
    return 0


INSERT = (
    'INSERT INTO payments_ledgerentry ("transaction", movement, account, debit, credit, person_id, claim_id, '
    "project_id, cost_centre, posted_on, reason, batch_id, created_by_id, created_at, reverses) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


if __name__ == "__main__":
    sys.exit(main())
