"""Backing up and restoring the whole database, the same command on SQLite and PostgreSQL.

SQLite: SQLite's own online backup (consistent while the app runs, WAL included) into one file.
PostgreSQL: pg_dump's custom format, restored with pg_restore into an empty database. Both keep the
append-only triggers, so a restored database guards its audit trail and ledger exactly as before.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def _postgres_environment(settings_dict: dict) -> tuple[list[str], dict]:
    args = [
        "--host",
        settings_dict.get("HOST") or "localhost",
        "--port",
        str(settings_dict.get("PORT") or 5432),
    ]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def back_up(target: Path) -> Path:
    """Write a consistent copy of the database to `target` (SQLite file, or pg_dump custom-format archive)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    if connection.vendor == "postgresql":
        args, env = _postgres_environment(connection.settings_dict)
        command = ["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(target)]
        command.append(connection.settings_dict["NAME"])
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - our arguments
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"No backup method for the {connection.vendor} database.")


def restore(source: Path, *, into: str) -> None:
    """Restore a backup made by `back_up` into `into`: an SQLite file path that does not exist yet, or the
    name of an empty PostgreSQL database on the same server as the app's (create it first with createdb)."""
    if not source.exists():
        raise BackupError(f"There is no backup at {source}.")
    if connection.vendor == "sqlite":
        destination = Path(into)
        if destination.exists():
            raise BackupError(
                f"{destination} already exists: restore into a new file, then move it into place."
            )
        with sqlite3.connect(source) as backup, sqlite3.connect(destination) as restored:
            backup.backup(restored)
        return
    if connection.vendor == "postgresql":
        args, env = _postgres_environment(connection.settings_dict)
        check = [
            "psql",
            *args,
            "--dbname",
            into,
            "-tAc",
            "select count(*) from pg_tables where schemaname='public'",
        ]
        tables = subprocess.run(check, env=env, capture_output=True, text=True)  # noqa: S603 - our own arguments
        if tables.returncode:
            raise BackupError(f"Cannot reach the database {into}: {tables.stderr.strip()}")
        if tables.stdout.strip() != "0":
            raise BackupError(f"The database {into} is not empty: restore into a new, empty database.")
        command = ["pg_restore", "--no-owner", "--exit-on-error", *args, "--dbname", into, str(source)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - our own arguments
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"No restore method for the {connection.vendor} database.")
