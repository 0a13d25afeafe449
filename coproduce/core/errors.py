"""The one error a service raises when a rule of the programme refuses a change.

Every app's services raise `ServiceError` (or a subclass) with a plain-English message written for the person
who tried: pages show it next to the field it names (or in the error summary when it names none), and the API
answers with its status and the same message. Nothing is half-saved: a service raises before it writes, or
inside the transaction it runs in, so the refusal rolls everything back.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A workflow rule refused the change; `message` is shown to the user as it is.

    `field` names the form field (and API field) the message belongs to, when there is one.
    `status` is the HTTP status the API answers with: 400 for a bad request, 409 for a state conflict.
    """

    status = 400
    code = "invalid"

    def __init__(self, message: str = "", *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def __str__(self) -> str:
        return self.message


class ConflictError(ServiceError):
    """The thing changed under the person (already decided, already paid, a stale form): reload, try again."""

    status = 409
    code = "conflict"


class refusal:  # noqa: N801 - used as a context manager, reads as a phrase: `with refusal(form) as refused:`
    """Show a `ServiceError` raised inside the block to the person, the one way pages do it.

    Given a form, the message goes next to the field the error names (`error.field`), else next to `field`,
    else to the form's own errors (the error summary); given a request, it becomes a flash message at `level`.
    The block's refusal is swallowed and the object is truthy afterwards; any other exception passes through::

        with refusal(form, field="paid_on") as refused:
            services.mark_paid(batch, actor=request.user, request=request, **form.cleaned_data)
        if not refused:
            return redirect(...)
    """

    def __init__(self, target, *, field: str | None = None, level: int | None = None, success: str = ""):
        self.target = target
        self.field = field
        self.level = level
        self.success = success  # given a request: the message shown when nothing was refused
        self.error: ServiceError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    def __enter__(self) -> refusal:
        return self

    def __exit__(self, exc_type, error, traceback) -> bool:
        if error is None and self.success and not hasattr(self.target, "fields"):
            from django.contrib import messages

            messages.success(self.target, self.success)
        if error is None or not isinstance(error, ServiceError):
            return False
        self.error = error
        fields = getattr(self.target, "fields", None)
        if fields is not None:
            name = next((n for n in (error.field, self.field) if n and n in fields), None)
            self.target.add_error(name, error.message)
        else:
            from django.contrib import messages

            messages.add_message(
                self.target, messages.ERROR if self.level is None else self.level, error.message
            )
        return True


def api_exception_handler(exc, context):
    """DRF's exception handler with one addition: a `ServiceError` answers its status and
    `{"<field>": "<message>"}`, the field being the error's own, else the view's `refusal_field`, else
    "detail" (the shape the API has always used for a refused change)."""
    from rest_framework.response import Response
    from rest_framework.views import exception_handler, set_rollback

    if isinstance(exc, ServiceError):
        view = context.get("view")
        fallback = getattr(view, "refusal_field", None)
        if isinstance(fallback, dict):
            fallback = fallback.get(getattr(view, "action", None))
        set_rollback()
        return Response({exc.field or fallback or "detail": exc.message}, status=exc.status)
    return exception_handler(exc, context)
