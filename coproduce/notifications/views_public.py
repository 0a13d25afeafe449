"""GOV.UK Notify's delivery receipts (callbacks). Notify sends each with the bearer token we gave it; a
request without that token, or naming no message we sent, is refused and changes nothing."""

import json
import secrets

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import ServiceError

from . import services
from .rules import NOTIFY_CALLBACK

MAX_BODY = 16 * 1024


def _token_ok(request) -> bool:
    expected = settings.GOVUK_NOTIFY["CALLBACK_TOKEN"]
    given = request.headers.get("Authorization", "")
    # No token configured: every receipt is refused (an open endpoint would let anyone mark messages).
    return bool(expected) and secrets.compare_digest(given.encode(), f"Bearer {expected}".encode())


@csrf_exempt
@require_POST
@access(NOTIFY_CALLBACK)
def delivery_receipt(request):
    if not _token_ok(request):
        return HttpResponse("Not authorised", status=401, content_type="text/plain")
    if len(request.body) > MAX_BODY:
        return HttpResponse("Too large", status=413, content_type="text/plain")
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "The body is not JSON"}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "The body is not a JSON object"}, status=400)
    try:
        services.record_delivery_receipt(payload, request=request)
    except ServiceError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=400)
    return JsonResponse({"ok": True})
