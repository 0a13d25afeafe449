"""Payments through the API, with the page rules: anyone signed in reads the rate card; members read their
own claims and approvers the claims they review; expenses (checked by the page's form), the approval steps
and batches go through the same services as the pages. Bank details are never in the API, so the batch
files (the bank file holds full account numbers) are downloaded from the batch page only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.api.serializers import ValueRows
from coproduce.core.access import SIGNED_IN
from coproduce.core.parsers import DepthLimitedJSONParser

from . import choices, selectors, services
from .choices import Payout
from .forms import ExpenseForm
from .models import ActivityRate, BenefitLimit, Claim, Correction, ExpenseLine, ExpenseRate, PaymentBatch
from .rules import FINANCE


class ActivityRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityRate
        fields = ["id", "activity", "unit", "amount", "effective_from"]


class ExpenseRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpenseRate
        fields = ["id", "kind", "amount", "effective_from"]


class BenefitLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = BenefitLimit
        fields = ["id", "code", "name", "period", "amount", "effective_from", "note"]


RateCardSerializer = inline_serializer(
    "RateCard",
    {
        "activities": ActivityRateSerializer(many=True),
        "expenses": ExpenseRateSerializer(many=True),
        "benefit_limits": BenefitLimitSerializer(many=True),
    },
)


class RateCardView(APIView):
    """The whole dated rate card and benefit limits (small tables, so one response)."""

    access_policy = SIGNED_IN

    @extend_schema(summary="The rate card", responses=RateCardSerializer, tags=["payments"])
    def get(self, request):
        return Response(
            {
                "activities": ActivityRateSerializer(selectors.activity_rates(), many=True).data,
                "expenses": ExpenseRateSerializer(selectors.expense_rates(), many=True).data,
                "benefit_limits": BenefitLimitSerializer(selectors.benefit_limits(), many=True).data,
            }
        )


class ExpenseLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpenseLine
        fields = [
            "id",
            "kind",
            "description",
            "from_place",
            "to_place",
            "miles",
            "vehicle",
            "passengers",
            "reason",
            "amount",
        ]


class CorrectionSerializer(serializers.ModelSerializer):
    created_by_name = serializers.CharField(source="created_by.full_name", read_only=True)

    class Meta:
        model = Correction
        fields = [
            "id",
            "reason",
            "hours_before",
            "hours_after",
            "time_before",
            "time_after",
            "expenses_before",
            "expenses_after",
            "payout_before",
            "payout_after",
            "balance_after",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    total = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    expenses = ExpenseLineSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "reference",
            "person",
            "person_name",
            "meeting",
            "meeting_title",
            "status",
            "activity",
            "hours",
            "time_amount",
            "expenses_amount",
            "total",
            "payout",
            "earnings_date",
            "benefit_decision",
            "benefit_reduced_by",
            "cost_centre",
            "submitted_at",
            "approved_at",
            "paid_on",
            "days_to_payment",
            "query_message",
            "batch",
            "expenses",
            "corrections_made",
            "corrections",
        ]
        read_only_fields = fields


class QuerySerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000)


class CorrectSerializer(serializers.Serializer):
    """The right figures for an approved or paid claim, and why. `seen` is the claim's corrections_made as
    the caller last read it: a correction made meanwhile by someone else refuses this one."""

    reason = serializers.CharField(max_length=300)
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=24)
    expenses_amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, max_value=services.CORRECTION_EXPENSES_MAX
    )
    payout = serializers.ChoiceField(choices=Payout.choices)
    charity_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    seen = serializers.IntegerField(min_value=0)


class ExpenseInputSerializer(serializers.Serializer):
    """What adding an expense takes (for the schema: the page's ExpenseForm does the checking)."""

    kind = serializers.ChoiceField(choices=choices.ExpenseKind.choices)
    vehicle = serializers.ChoiceField(choices=[v.value for v in choices.VEHICLES], required=False)
    from_place = serializers.CharField(max_length=150, required=False, help_text="Mileage only")
    to_place = serializers.CharField(max_length=150, required=False, help_text="Mileage only")
    miles = serializers.DecimalField(max_digits=6, decimal_places=1, required=False)
    passengers = serializers.IntegerField(min_value=0, max_value=8, required=False)
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, help_text="Everything but mileage"
    )
    description = serializers.CharField(max_length=200, required=False)
    reason = serializers.CharField(max_length=300, required=False, help_text="Why a taxi was needed")
    receipt = serializers.FileField(required=False)


# The list's rows from plain values, field for field as ClaimSerializer writes a claim (api.serializers).
CLAIM_ROWS = ValueRows(
    ClaimSerializer,
    sources={"person": "person_id", "meeting": "meeting_id", "batch": "batch_id"},
    nested={
        "expenses": ValueRows(ExpenseLineSerializer),
        "corrections": ValueRows(CorrectionSerializer, sources={"created_by_name": "created_by__full_name"}),
    },
)  # fmt: skip


def _run(step):
    """Run a service step, turning a refusal into a 400 with its message."""
    step()


@extend_schema_view(
    list=extend_schema(
        summary="Claims",
        description="Your own claims; approvers see the claims they review.",
        tags=["payments"],
    ),
    retrieve=extend_schema(summary="One claim", tags=["payments"]),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    access_policy = SIGNED_IN
    serializer_class = ClaimSerializer
    queryset = Claim.objects.none()  # for the schema; get_queryset narrows to what the caller may see

    def get_queryset(self):
        if self.action == "list":  # the list reads only what its rows show; actions get whole claims
            return selectors.claims_listed_in_api(self.request.user)
        return selectors.claims_visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.with_api_children(list(page))
        return self.get_paginated_response([CLAIM_ROWS.write(row) for row in rows])

    def _claim(self, perm):
        claim = self.get_object()
        if not self.request.user.has_perm(perm, claim):
            raise NotFound("No such claim")
        return claim

    def _done(self, claim):
        return Response(ClaimSerializer(selectors.claim_for(self.request.user, claim.pk)).data)

    @extend_schema(
        summary="Correct an approved or paid claim (finance)",
        description="Reverses in the ledger what was approved (and paid, when the payout changes) and posts "
        "the corrected amount. Nothing is edited or deleted.",
        request=CorrectSerializer,
        responses=ClaimSerializer,
        tags=["payments"],
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        claim = self._claim("payments.approve_claim")
        serializer = CorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _run(lambda: services.correct_claim(claim, **data, actor=request.user, request=request))
        return self._done(claim)

    @extend_schema(
        summary="Add an expense to a claim",
        description="Your own claim (officers: anyone's, on their behalf) while it is not sent or was "
        "queried. Send multipart/form-data to attach a receipt (a photo or a PDF; needed for everything but "
        "mileage). Mileage is worked out at the rate on the meeting's date. The checks and messages are the "
        "page's.",
        request={"multipart/form-data": ExpenseInputSerializer, "application/json": ExpenseInputSerializer},
        responses=ClaimSerializer,
        tags=["payments"],
    )
    @action(
        detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, DepthLimitedJSONParser]
    )
    def expenses(self, request, pk=None):
        claim = self._claim("payments.change_claim")
        form = ExpenseForm(request.data, request.FILES)
        if not form.is_valid():
            raise ValidationError(form.errors)
        _run(
            lambda: services.add_expense(
                claim, line=form.line_for(claim), actor=request.user, request=request
            )
        )
        return self._done(claim)

    @extend_schema(summary="Send a claim", request=None, responses=ClaimSerializer, tags=["payments"])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        claim = self._claim("payments.change_claim")
        _run(lambda: services.submit_claim(claim, actor=request.user, request=request))
        return self._done(claim)

    @extend_schema(
        summary="Confirm a claim (organiser)", request=None, responses=ClaimSerializer, tags=["payments"]
    )
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        claim = self._claim("payments.check_claim")
        _run(lambda: services.check_claim(claim, actor=request.user, request=request))
        return self._done(claim)

    @extend_schema(
        summary="Query a claim", request=QuerySerializer, responses=ClaimSerializer, tags=["payments"]
    )
    @action(detail=True, methods=["post"])
    def query(self, request, pk=None):
        claim = self.get_object()
        if not (
            request.user.has_perm("payments.check_claim", claim)
            or request.user.has_perm("payments.approve_claim", claim)
        ):
            raise NotFound("No such claim")
        serializer = QuerySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = serializer.validated_data["message"]
        _run(lambda: services.query_claim(claim, message, actor=request.user, request=request))
        return self._done(claim)

    @extend_schema(
        summary="Approve a claim (finance)", request=None, responses=ClaimSerializer, tags=["payments"]
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        claim = self._claim("payments.approve_claim")
        _run(lambda: services.approve_claim(claim, actor=request.user, request=request))
        return self._done(claim)


class BatchSerializer(serializers.ModelSerializer):
    claims = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PaymentBatch
        fields = ["id", "reference", "created_at", "exported_at", "paid_on", "claims"]
        read_only_fields = fields


class CreateBatchSerializer(serializers.Serializer):
    claims = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=5000,
        help_text="The approved claims to put in the batch; every payable approved claim when left out. "
        "Claims waiting for bank details, a voucher's email address or a charity never go in.",
    )


class MarkPaidSerializer(serializers.Serializer):
    paid_on = serializers.DateField()


@extend_schema_view(
    list=extend_schema(summary="Payment batches", tags=["payments"]),
    retrieve=extend_schema(summary="One payment batch", tags=["payments"]),
    create=extend_schema(
        summary="Put the chosen (or every payable) approved claims in a new batch",
        request=CreateBatchSerializer,
        tags=["payments"],
    ),
)
class BatchViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    access_policy = FINANCE
    serializer_class = BatchSerializer
    queryset = selectors.batches_with_claims()

    def create(self, request, *args, **kwargs):
        batch = None
        serializer = CreateBatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim_ids = serializer.validated_data.get("claims")

        def make():
            nonlocal batch
            batch = services.create_batch(actor=request.user, request=request, claim_ids=claim_ids)

        _run(make)
        return Response(BatchSerializer(batch).data, status=201)

    @extend_schema(
        summary="Mark a batch paid", request=MarkPaidSerializer, responses=BatchSerializer, tags=["payments"]
    )
    @action(detail=True, methods=["post"])
    def paid(self, request, pk=None):
        batch = self.get_object()
        serializer = MarkPaidSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        paid_on = serializer.validated_data["paid_on"]
        _run(lambda: services.mark_batch_paid(batch, paid_on, actor=request.user, request=request))
        batch.refresh_from_db()
        return Response(BatchSerializer(batch).data)
