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
