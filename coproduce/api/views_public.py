"""The API reference: every operation of the OpenAPI schema as an ordinary page in the house style.

Swagger UI (kept at /api/docs/console/ as an extra for trying calls) draws itself with JavaScript and does
not meet the site's accessibility standard; this page is rendered on the server from the same schema, so it
works without JavaScript, with a screen reader, on a phone and at 400% zoom.
"""

from __future__ import annotations

from functools import cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from coproduce.core.access import PUBLIC, access

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def schema() -> dict:
    """The public OpenAPI schema; it changes only with the code, so each process builds it once."""
    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(node: dict | None, document: dict) -> dict:
    """Follow a `$ref` to its component (one level is enough for how drf-spectacular writes references)."""
    if not node:
        return {}
    ref = node.get("$ref")
    if not ref:
        return node
    target = document
    for part in ref.lstrip("#/").split("/"):
        target = target.get(part, {})
    return target


def type_of(node: dict, document: dict) -> str:
    """A short, readable type: 'string (date)', 'list of integer', 'one of: draft, open'."""
    node = resolve(node, document) if "$ref" in node else node
    if "allOf" in node and node["allOf"]:
        return type_of(node["allOf"][0], document)
    if "oneOf" in node:
        return " or ".join(type_of(option, document) for option in node["oneOf"])
    if "enum" in node:
        values = [str(value) for value in node["enum"] if value not in ("", None)]
        return "one of: " + ", ".join(values)
    kind = node.get("type", "object")
    if kind == "array":
        return "list of " + type_of(node.get("items", {}), document)
    detail = node.get("format")
    return f"{kind} ({detail})" if detail else kind


def fields_of(node: dict | None, document: dict) -> list[dict]:
    """The fields of a request or response body: name, type, whether required, what it means."""
    body = resolve(node, document)
    if body.get("type") == "array":
        body = resolve(body.get("items"), document)
    required = set(body.get("required", []))
    fields = []
    for name, field in body.get("properties", {}).items():
        field_node = resolve(field, document) if "$ref" in field else field
        fields.append(
            {
                "name": name,
                "type": type_of(field, document),
                "required": name in required,
                "read_only": field_node.get("readOnly", False),
                "nullable": field_node.get("nullable", False),
                "description": field_node.get("description", ""),
            }
        )
    return fields


def content_schema(content: dict | None) -> dict | None:
    if not content:
        return None
    for media in ("application/json", "multipart/form-data", *content):
        if media in content:
            return content[media].get("schema")
    return None


def operations(document: dict) -> list[dict]:
    """The schema's operations grouped by tag, in the schema's order."""
    groups: dict[str, list[dict]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            body = content_schema(operation.get("requestBody", {}).get("content"))
            responses = []
            for status, response in operation.get("responses", {}).items():
                responses.append(
                    {
                        "status": status,
                        "description": response.get("description", ""),
                        "fields": fields_of(content_schema(response.get("content")), document)[:40],
                    }
                )
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "public": {} in operation.get("security", []),
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "where": p.get("in"),
                            "required": p.get("required", False),
                            "type": type_of(p.get("schema", {}), document),
                            "description": p.get("description", ""),
                        }
                        for p in (resolve(p, document) for p in operation.get("parameters", []))
                    ],
                    "request_fields": fields_of(body, document) if body else [],
                    "responses": responses,
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


@access(PUBLIC)
def reference(request):
    document = schema()
    return render(
        request,
        "api/public/reference.html",
        {"info": document.get("info", {}), "groups": operations(document)},
    )
