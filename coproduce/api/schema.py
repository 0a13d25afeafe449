"""The OpenAPI contract: what drf-spectacular infers, corrected in one place so it says what the API does.

Each app's api.py annotates what only it knows (its request bodies, its query parameters). What is true of
every operation lives here, so apps written later are covered without remembering it:

- Read-only fields are declared blank or null when the model lets them be (a claim without an `activity`
  is sent as `""`, an opportunity without a project has `project_title: null`), and a string with a format
  (`email`, `uri`) that may be blank is declared as that format or empty.
- A read whose access policy lets anyone in is documented as needing no token (`security` includes `{}`);
  every other operation needs one (core.access.PolicyPermission answers an anonymous write 401).
- Request bodies are documented as JSON (form encodings only where a file is uploaded).
- Only a router's list action is paginated: an extra action answering many rows answers a bare list.
- Every operation documents the errors the one exception handler (core.errors.api_exception_handler)
  answers: 400 with the field errors, 401, 403, 404, 409 on writes (a state conflict), 415 where a body is
  sent. Their shapes are two components, `FieldErrors` and `Problem`.

tests/api/test_contract.py runs schemathesis against the live test server to keep this true.
"""

from __future__ import annotations

import copy

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS

ERROR_RESPONSES = {
    "400": ("FieldErrors", "The request was refused: each field named with what is wrong with it."),
    "401": (
        "Problem",
        "No token, or a token that is not valid (expired, revoked, or its second factor gone).",
    ),
    "403": ("Problem", "The token's owner may not do this."),
    "404": ("Problem", "No such thing, or not one the token's owner may see."),
    "409": ("FieldErrors", "The thing changed under the request (already decided, already paid): reload."),
    "415": ("Problem", "The body is not in a media type this operation reads."),
}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}

ERROR_COMPONENTS = {
    "Problem": {
        "type": "object",
        "description": "Why the request was refused, in plain English.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "description": "Either an object naming each field in error (`detail` or `non_field_errors` when the "
        "error belongs to no one field) with its message or list of messages (nested for nested fields), "
        "or a list of messages.",
        "oneOf": [
            {
                "type": "object",
                "additionalProperties": {
                    "anyOf": [
                        {"type": "string"},
                        {"type": "array", "items": {}},
                        {"type": "object", "additionalProperties": {}},
                    ]
                },
            },
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}


def _model_field(field) -> tuple[object | None, bool]:
    """The model field a serializer field reads, and whether a nullable relation lies on the way to it."""
    serializer = field.parent
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.parent
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or source == "*":
        return None, False
    through_null = False
    parts = source.split(".")
    for index, part in enumerate(parts):
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None, through_null
        if index == len(parts) - 1:
            return model_field, through_null
        if not model_field.is_relation or model_field.related_model is None:
            return None, through_null
        through_null = through_null or bool(model_field.null)
        model = model_field.related_model
    return None, through_null


class ContractSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.Field) and field.read_only:
            field = self._as_sent(field)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if isinstance(field, serializers.Field) and field.read_only:
            field = self._as_sent(field)
        if getattr(field, "allow_blank", False) and "format" in schema and "enum" not in schema:
            # "" is sent (and accepted) where no value was given: it is not an email address or a URL.
            formatted = {
                key: schema.pop(key) for key in ("format", "maxLength", "minLength") if key in schema
            }
            schema["anyOf"] = [formatted, {"type": "string", "maxLength": 0}]

    @staticmethod
    def _as_sent(field):
        """A read-only field declared blank or null where the value sent can be (from the model)."""
        model_field, through_null = _model_field(field)
        may_be_null = field.default is None or through_null
        may_be_blank = False
        if model_field is not None and not model_field.is_relation:
            may_be_null = may_be_null or bool(model_field.null)
            may_be_blank = bool(model_field.blank) and hasattr(field, "allow_blank")
        if not (may_be_null and not field.allow_null) and not (may_be_blank and not field.allow_blank):
            return field
        field = copy.copy(field)
        field.allow_null = field.allow_null or may_be_null
        if may_be_blank:
            field.allow_blank = True
        return field

    def map_parsers(self):
        """Request bodies are documented as JSON, the one encoding that carries every field's type (a list,
        a number, an absent true/false); form encodings are documented only where a file is uploaded."""
        media_types = super().map_parsers()
        if "application/json" in media_types and not self._uploads_a_file():
            return ["application/json"]
        return media_types

    def _uploads_a_file(self) -> bool:
        serializer = self.get_request_serializer()
        if isinstance(serializer, type):
            serializer = serializer()
        fields = getattr(serializer, "fields", {})
        return any(isinstance(field, serializers.FileField) for field in fields.values())

    def _get_paginator(self):
        action = getattr(self.view, "action", None)
        if action is not None and action != "list":
            return None
        return super()._get_paginator()

    def get_auth(self):
        auths = super().get_auth()
        policy = getattr(self.view, "access_policy", None)
        anyone_reads = self.method in SAFE_METHODS and policy is not None and policy.allows(AnonymousUser())
        if {} not in auths and (not self.view.get_authenticators() or anyone_reads):
            auths.append({})
        return auths


def query_choice(request, name: str, choices, *, default: str = "") -> str:
    """A query parameter documented with an enum, refused with a 400 when it is none of them (`?when=AAA`
    is not "all"). Absent or empty, it is `default`."""
    value = request.query_params.get(name, "")
    if value in ("", None):
        return default
    if value not in choices:
        allowed = ", ".join(f"‘{choice}’" for choice in choices)
        raise ValidationError({name: f"Use one of {allowed}, or leave it out."})
    return value


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the errors it can answer."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_COMPONENTS.items():
        schemas.setdefault(name, schema)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "put", "patch", "post", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, (component, description) in ERROR_RESPONSES.items():
                if status == "409" and method not in UNSAFE_METHODS:
                    continue
                if status == "415" and "requestBody" not in operation:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
                        },
                    },
                )
    for schema in schemas.values():
        # A choice of shapes without a discriminator where one shape extends another (a project's public
        # fields, or all of them): a full object matches both, which `oneOf` forbids and `anyOf` allows.
        choices = schema.get("oneOf")
        if choices and "discriminator" not in schema and all("$ref" in choice for choice in choices):
            schema["anyOf"] = schema.pop("oneOf")
    return result
