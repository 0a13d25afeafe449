"""Checks on uploaded meeting papers: the size limit from settings, an allowed extension, and leading bytes
(the file's magic number) that match it. The browser's content type is never trusted."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Kind:
    content_type: str
    signatures: tuple[bytes, ...]


KINDS = {
    ".pdf": Kind("application/pdf", (b"%PDF-",)),
    ".doc": Kind("application/msword", (OLE,)),
    ".docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".odt": Kind("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".png": Kind("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": Kind("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": Kind("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": Kind("image/gif", (b"GIF87a", b"GIF89a")),
    ".txt": Kind("text/plain; charset=utf-8", ()),
    # Audio versions of papers.
    ".mp3": Kind("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
}
ALLOWED_NAMES = "PDF, Word (.doc or .docx), OpenDocument text (.odt), PNG, JPEG, GIF, plain text or MP3"


def max_bytes() -> int:
    return settings.COPRODUCE["MEETING_PAPER_MAX_MB"] * 1024 * 1024


def _zip_names(uploaded) -> set[str]:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()
    finally:
        uploaded.seek(0)


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The first 8 KB may end part-way through a character; anything earlier is not UTF-8.
        return error.start >= len(head) - 3
    return True


def _matches(extension: str, kind: Kind, head: bytes, uploaded) -> bool:
    if extension == ".txt":
        return _is_plain_text(head)
    if not head.startswith(kind.signatures):
        return False
    if extension == ".odt":
        return head[30:].startswith(b"mimetype" + ODT_MIMETYPE)
    if extension == ".docx":
        return "word/document.xml" in _zip_names(uploaded)
    return True


def check_paper(uploaded) -> str:
    """Validate an uploaded file and return the content type to serve it with, or raise ValidationError."""
    if uploaded.size > max_bytes():
        limit = settings.COPRODUCE["MEETING_PAPER_MAX_MB"]
        raise ValidationError(f"The file must be smaller than {limit} MB", code="too_big")
    if uploaded.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    extension = PurePath(uploaded.name or "").suffix.lower()
    kind = KINDS.get(extension)
    if kind is None:
        raise ValidationError(f"The selected file must be a {ALLOWED_NAMES} file", code="type")
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    if not _matches(extension, kind, head, uploaded):
        raise ValidationError(
            f"The selected file is not a real {extension[1:].upper()} file: its contents do not match",
            code="contents",
        )
    return kind.content_type
