import json

from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS


def test_the_schema_generates_and_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.json"
    # Count only this generation's warnings; --fail-on-warn turns any of them into an error.
    GENERATOR_STATS.reset()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(out)
    )
    schema = json.loads(out.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/me/" in schema["paths"]
    assert "knoxApiToken" in schema["components"]["securitySchemes"]


def test_anyone_can_read_the_schema(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Coproduce API"


def test_anyone_can_open_the_docs_served_from_this_site(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert reverse("api:schema") in html
