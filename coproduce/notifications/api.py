"""The messages API: a member's own messages log, read-only. (Notify's delivery receipts are not part of this
API: they come to /notify/receipts/ with the bearer token in GOVUK_NOTIFY_CALLBACK_TOKEN; decision 0019.)"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from . import selectors
from .models import Message
from .rules import OWN_MESSAGES


class MessageSerializer(serializers.ModelSerializer):
    channel = serializers.CharField(source="get_channel_display")
    status = serializers.CharField(source="get_status_display")

    class Meta:
        model = Message
        fields = ["id", "template", "subject", "body", "link", "channel", "easy_read", "status", "created_at",
                  "sent_at"]  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        summary="Messages we sent you",
        description="Every message the programme sent the signed-in member, newest first, with how it went "
        "(email, text message, letter or phone call) and what became of it.",
        tags=["messages"],
    ),
    retrieve=extend_schema(summary="One message we sent you", tags=["messages"]),
)
class MyMessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    access_policy = OWN_MESSAGES
    serializer_class = MessageSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no member
            return Message.objects.none()
        return selectors.messages_for(self.request.user.person)
