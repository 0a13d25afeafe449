"""Production settings: HTTPS only, and `manage.py check --deploy` clean with the documented environment."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
FERNET_KEY = "YmVuY2gtb25seS1rZXktZm9yLWRlbW8tYmFuay1kZXQ="
# The environment docs/deploy.md shows (secrets aside).
DOCUMENTED = {
    "DJANGO_SECRET_KEY": "a-long-production-secret-" + "x" * 50,
    "COPRODUCE_FIELD_ENCRYPTION_KEYS": FERNET_KEY,
    "COPRODUCE_AUDIT_KEY": "a-production-audit-key",
    "DJANGO_ALLOWED_HOSTS": "coproduce.example.gov.uk",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://coproduce.example.gov.uk",
    "COPRODUCE_BEHIND_PROXY": "true",
    "COPRODUCE_PROXY_COUNT": "1",
    "COPRODUCE_HSTS_SECONDS": "31536000",
    "COPRODUCE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "COPRODUCE_HSTS_PRELOAD": "true",
}


def run(args, **variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "COPRODUCE_"))}
    env.update(variables)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_no_issues_with_the_documented_environment():
    result = run(["manage.py", "check", "--deploy"], **DOCUMENTED)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr


def test_production_refuses_to_serve_plain_http_without_a_proxy():
    variables = {**DOCUMENTED, "COPRODUCE_BEHIND_PROXY": "false", "COPRODUCE_SSL_REDIRECT": "false"}
    result = run(["-c", "import coproduce.settings"], **variables)
    assert result.returncode != 0
    assert "Production serves HTTPS only" in result.stderr


def test_production_redirects_plain_http_by_default():
    variables = {**DOCUMENTED, "COPRODUCE_BEHIND_PROXY": "false"}
    script = "import coproduce.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    result = run(["-c", script], **variables)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000"]
