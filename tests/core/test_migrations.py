"""Models and migrations agree, checked the way a newcomer or CI would: `manage.py makemigrations --check`
with no secret key and no development flag in the environment."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_models_and_migrations_agree_without_a_secret_key(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "COPRODUCE_TESTING", "DATABASE_URL"}
    }
    env["COPRODUCE_SQLITE_PATH"] = str(tmp_path / "unused.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
