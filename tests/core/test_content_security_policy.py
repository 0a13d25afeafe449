"""Every page is sent with a strict Content-Security-Policy; violations reported by browsers are logged."""

import json

from django.urls import reverse


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_pages_allow_only_this_sites_scripts_and_styles_with_a_nonce(client, db):
    response = client.get(reverse("core:home"))
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    for kind in ("script-src", "style-src"):
        assert policy[kind][0] == "'self'" and policy[kind][1].startswith("'nonce-")
        assert "'unsafe-inline'" not in policy[kind] and "'unsafe-eval'" not in policy[kind]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    nonce = policy["script-src"][1][len("'nonce-") : -1]
    html = response.content.decode()
    assert html.count(f'nonce="{nonce}"') >= 3  # the brand colour style and both inline scripts
    assert "<script>" not in html and "<style>" not in html


def test_every_response_has_a_new_nonce(client, db):
    first = directives(client.get(reverse("core:home")))["script-src"][1]
    second = directives(client.get(reverse("core:home")))["script-src"][1]
    assert first != second


def test_the_api_console_has_its_own_policy(client, db):
    policy = directives(client.get(reverse("api:console")))
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # Swagger UI styles its elements inline
    assert "'unsafe-inline'" not in policy["script-src"]


def test_a_violation_report_is_logged(client, db, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://x/",
            "violated-directive": "script-src",
            "blocked-uri": "inline",
        }
    }
    response = client.post(
        reverse("core:csp_report"), json.dumps(report), content_type="application/csp-report"
    )
    assert response.status_code == 204
    assert "Content-Security-Policy violation: script-src blocked inline on https://x/" in caplog.text


def test_a_broken_report_is_still_answered_quietly(client, db):
    response = client.post(reverse("core:csp_report"), "not json", content_type="application/csp-report")
    assert response.status_code == 204
