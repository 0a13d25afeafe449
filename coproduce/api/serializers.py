from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
