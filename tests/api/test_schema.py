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


def test_the_interactive_console_is_served_from_this_site(client, db):
    response = client.get(reverse("api:console"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert reverse("api:schema") in html


def test_the_reference_lists_every_operation_of_the_schema_as_a_page(client, db):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    operations = sum(
        1
        for item in schema["paths"].values()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    )
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="coproduce-api-operation"') == operations
    assert "<code>/api/meetings/{id}/attendance/</code>" in html
    assert "swagger-ui-bundle.js" not in html  # a plain page: it needs no JavaScript
    assert reverse("api:console") in html and reverse("api:schema") in html
