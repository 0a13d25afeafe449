"""A small, generic check for uploaded files: a size limit, an allowed extension and leading bytes (the
file's magic number) that match it. The browser's content type and file name are never trusted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileKind:
    content_type: str
    signatures: tuple[bytes, ...]


PDF = FileKind("application/pdf", (b"%PDF-",))
PNG = FileKind("image/png", (b"\x89PNG\r\n\x1a\n",))
JPEG = FileKind("image/jpeg", (b"\xff\xd8\xff",))
GIF = FileKind("image/gif", (b"GIF87a", b"GIF89a"))
IMAGES_AND_PDF = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".gif": GIF}


def check_upload(uploaded, *, kinds: dict[str, FileKind], max_mb: int, allowed_names: str) -> str:
    """Validate an uploaded file and return the content type to serve it with, or raise ValidationError."""
    if uploaded.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if uploaded.size > max_mb * 1024 * 1024:
        raise ValidationError(f"The selected file must be smaller than {max_mb} MB", code="too_big")
    extension = PurePath(uploaded.name or "").suffix.lower()
    kind = kinds.get(extension)
    if kind is None:
        raise ValidationError(f"The selected file must be a {allowed_names}", code="type")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not head.startswith(kind.signatures):
        raise ValidationError(
            f"The selected file is not a real {extension[1:].upper()} file: its contents do not match",
            code="contents",
        )
    return kind.content_type
