from drf_spectacular.utils import extend_schema_field
from rest_framework import relations, serializers

from coproduce.accounts.models import Role

from .selectors import has_two_factor


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    preferred_name = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()
    two_factor_enabled = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Role.choices)))
    def get_roles(self, user) -> list[str]:
        return [value for value, _label in Role.choices if value in user.roles]

    def get_two_factor_enabled(self, user) -> bool:
        return has_two_factor(user)


# A list endpoint's rows written from plain values, exactly as its serializer writes model instances.
#
# DRF builds each row by looking every attribute up on a model instance (and prefetching builds a queryset per
# instance and relation): for fifty claims with their expenses and corrections that was most of the request.
# `ValueRows` takes rows read with `values()` and writes the serializer's own fields, in its order, each value
# through that field's `to_representation` (so decimal places, datetimes in the current time zone and choices
# come out as the serializer gives them); the serializer stays the schema and the one-item endpoints' writer.
class ValueRows:
    """`sources` names the row key holding a field's value when it is not the field's name (a foreign key's
    `_id`, a related column); `nested` gives the ValueRows of a field that holds a list of child rows."""

    def __init__(self, serializer_class, sources: dict | None = None, nested: dict | None = None):
        self.serializer_class = serializer_class
        self.sources = sources or {}
        self.nested = nested or {}
        self._fields = None

    def fields(self) -> list[tuple]:
        if self._fields is None:  # worked out once per process (a race builds the same list twice)
            found = []
            for name, field in self.serializer_class().fields.items():
                if field.write_only:
                    continue
                # A related field writes the primary key, which the row holds already.
                write = None if isinstance(field, relations.RelatedField) else field.to_representation
                found.append((name, self.sources.get(name, name), write, self.nested.get(name)))
            self._fields = found
        return self._fields

    def write(self, row: dict) -> dict:
        written = {}
        for name, key, write, nested in self.fields():
            value = row[key]
            if nested is not None:
                written[name] = [nested.write(child) for child in value]
            elif value is None or write is None:
                written[name] = value
            else:
                written[name] = write(value)
        return written
