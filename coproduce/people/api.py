"""People through the API, with the page rules: officers list, search and read people; a member reads and
updates their own profile at /api/people/me/. Equality answers and notes are never in the API."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import choices, selectors
from .forms import UK_POSTCODE, DirectoryFilterForm
from .models import CONTACT_COLUMNS, Person, normalise_postcode
from .rules import DIRECTORY, MEMBER_PROFILE
from .selectors import PROFILE_FIELDS
from .services import update_profile


def access_needs_field(**kwargs) -> serializers.ListField:
    """Access needs in the API: a list of people.choices.AccessNeed codes (the one vocabulary)."""
    return serializers.ListField(child=serializers.ChoiceField(choices=choices.AccessNeed.choices), **kwargs)


class PersonListSerializer(serializers.ModelSerializer):
    lived_experience = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            *CONTACT_COLUMNS,
            "lived_experience",
            "consents_to_contact",
            "last_involved_at",
            "registered_at",
        ]
        read_only_fields = fields


class ProfileSerializer(serializers.ModelSerializer):
    """The profile fields a member may edit on their own page (and an officer reads)."""

    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.Format.choices), required=False
    )
    access_needs = access_needs_field(required=False)
    available_days = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.Day.choices), required=False
    )
    available_times = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.TimeOfDay.choices), required=False
    )
    lived_experience = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=selectors.active_areas()
    )
    interests = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=selectors.active_interests()
    )

    class Meta:
        model = Person
        fields = ["id", *PROFILE_FIELDS, "lived_experience", "interests", "registered_at", "last_involved_at"]
        read_only_fields = ["id", "registered_at", "last_involved_at"]

    def validate_full_name(self, value):
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Enter your full name.")
        return value

    def validate_postcode(self, value):
        postcode = normalise_postcode(value)
        if postcode and not UK_POSTCODE.match(postcode):
            raise serializers.ValidationError("Enter a real postcode, like OX1 1AA.")
        return f"{postcode[:-3]} {postcode[-3:]}" if postcode else ""

    def validate(self, attrs):
        for name in ("formats", "access_needs", "available_days", "available_times"):
            if name in attrs:
                attrs[name] = list(dict.fromkeys(attrs[name]))
        return attrs


class ConsentSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    given = serializers.BooleanField()
    method = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class PersonDetailSerializer(ProfileSerializer):
    has_sign_in = serializers.SerializerMethodField()
    consents = serializers.SerializerMethodField()

    class Meta(ProfileSerializer.Meta):
        fields = [*ProfileSerializer.Meta.fields, "consents_to_contact", "has_sign_in", "consents"]
        read_only_fields = fields

    def get_has_sign_in(self, person) -> bool:
        return person.user_id is not None

    @extend_schema_field(ConsentSerializer(many=True))
    def get_consents(self, person) -> list[dict]:
        rows = selectors.current_consents(selectors.consent_history(person))
        return [
            ConsentSerializer(
                {
                    "purpose": row["purpose"],
                    "given": row["consent"].given,
                    "method": row["consent"].method,
                    "recorded_at": row["consent"].recorded_at,
                }
            ).data
            for row in rows
            if row["consent"] is not None
        ]


FILTER_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="Start of a name or surname, an email, a phone number or a postcode"
    ),
    OpenApiParameter("area", int, description="Lived-experience area id"),
    OpenApiParameter("interest", int, description="Interest id"),
    # "format" is DRF's own parameter (the response format), so the format a person needs has another name.
    OpenApiParameter("format_needed", str, enum=choices.Format.values),
    OpenApiParameter("access_need", str, enum=choices.AccessNeed.values),
    OpenApiParameter("day", str, enum=choices.Day.values),
    OpenApiParameter("mode", str, enum=["online", "in_person"]),
    OpenApiParameter("contact", str, enum=["yes", "no"], description="Agreed to be contacted"),
    OpenApiParameter("involved", str, enum=["3", "6", "12", "over12", "never"], description="Last involved"),
    OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
    OpenApiParameter("dir", str, enum=["asc", "desc"]),
]


@extend_schema_view(
    list=extend_schema(
        summary="People in the network",
        description="Officers only. The same search and filters as the member directory, 50 a page.",
        parameters=FILTER_PARAMETERS,
        tags=["people"],
    ),
    retrieve=extend_schema(
        summary="One person's profile",
        description="Officers only. Never includes equality answers or notes.",
        tags=["people"],
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    access_policy = DIRECTORY

    def get_serializer_class(self):
        return PersonListSerializer if self.action == "list" else PersonDetailSerializer

    def get_queryset(self):
        if self.action == "list":
            params = self.request.query_params.copy()
            params.pop("format", None)
            if "format_needed" in params:
                params["format"] = params["format_needed"]
            form = DirectoryFilterForm(params)
            if not form.is_valid():
                # A page ignores a hand-edited filter; the API says which parameter it did not understand.
                raise ValidationError(
                    {
                        "format_needed" if name == "format" else name: [str(error) for error in errors]
                        for name, errors in form.errors.items()
                    }
                )
            return selectors.directory(form.filters())
        return selectors.current_people().prefetch_related("lived_experience", "interests")


class MyProfileView(APIView):
    """The caller's own profile (members who have joined the network)."""

    access_policy = MEMBER_PROFILE

    def person(self) -> Person:
        person = selectors.person_of_user(self.request.user)
        if person is None:
            raise NotFound("You have not joined the network yet.")
        return person

    @extend_schema(summary="Your profile", responses=ProfileSerializer, tags=["people"])
    def get(self, request):
        return Response(ProfileSerializer(self.person()).data)

    @extend_schema(
        summary="Change your profile",
        description="Send only the fields to change. Consent and equality answers change on the website.",
        request=ProfileSerializer,
        responses=ProfileSerializer,
        tags=["people"],
    )
    def patch(self, request):
        person = self.person()
        serializer = ProfileSerializer(person, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        update_profile(person, dict(serializer.validated_data), actor=request.user, request=request)
        person.refresh_from_db()
        return Response(ProfileSerializer(person).data)
