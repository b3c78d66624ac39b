"""Uploaded files are judged by their bytes, never by their name; stored under a random name.

One validator for every way a file comes in (web forms, API, services, commands): the bytes must be
one of the types allowed for the purpose, and the stored name is a random hex name with the
extension of the type found. HTML, SVG, scripts and anything unrecognised are refused, so nothing a
user uploads can run in another user's browser (see also `sanpi/core/downloads.py`).
"""

import uuid
import warnings
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

# type → (extension, content type)
TYPES = {
    "pdf": (".pdf", "application/pdf"),
    "jpeg": (".jpg", "image/jpeg"),
    "png": (".png", "image/png"),
    "webp": (".webp", "image/webp"),
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": (".xls", "application/vnd.ms-excel"),
    "csv": (".csv", "text/csv"),
}
IMAGES = frozenset({"jpeg", "png", "webp"})
PHOTO = IMAGES
EVIDENCE = frozenset({"pdf", "docx", "xlsx"}) | IMAGES
WORKBOOK = frozenset({"xlsx", "xls", "csv"})
CONTENT_TYPES = {ext: content_type for ext, content_type in TYPES.values()}
PURPOSE_TEXT = {PHOTO: "JPEG、PNG 或 WebP 图片", EVIDENCE: "PDF、JPEG/PNG/WebP 图片、Word（.docx）或 Excel（.xlsx）文件",
                WORKBOOK: "Excel（.xlsx、.xls）或 CSV 文件"}


def max_upload_bytes() -> int:
    return getattr(settings, "SANPI_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def max_image_pixels() -> int:
    return getattr(settings, "SANPI_IMAGE_MAX_PIXELS", 50_000_000)


def random_name(filename: str) -> str:
    """A random stored name keeping only an extension this module produces (never the user's name)."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    return uuid.uuid4().hex + (suffix if suffix in CONTENT_TYPES else "")


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(PurePosixPath(name or "").suffix.lower(), "application/octet-stream")


def _head(file, size: int = 4096) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _zip_kind(file) -> str | None:
    """An OOXML container: .docx or .xlsx by the parts it holds (any other zip is unrecognised)."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # a multi-byte character may be cut at the end of the sample
            try:
                text = head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        lowered = text.lower()
        return not any(tag in lowered for tag in ("<html", "<script", "<svg", "<!doctype", "<?xml", "<body"))
    return False


def sniff(file) -> str | None:
    """The type of the file's bytes, or None when it is none of the known ones."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head and _looks_like_text(head):
        return "csv"
    return None


def _check_image(file, kind: str, field: str) -> None:
    """Pillow must decode it as the sniffed format, within the pixel limit (a 'pixel bomb' is refused)."""
    limit = max_image_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format.lower() != kind:
                    raise ValueError(image.format)
                width, height = image.size
                if width * height > limit:
                    raise Image.DecompressionBombError(f"{width}x{height}")
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError({field: [f"图片像素过多（上限 {limit // 10000} 万像素），请压缩后再上传。"]}) from None
    except Exception:  # Pillow raises many types for damaged data
        raise ValidationError({field: ["图片已损坏或格式与内容不符，无法识别。"]}) from None
    finally:
        file.seek(0)


def check_upload(file, *, purpose: frozenset, field: str) -> str:
    """Check an uploaded file's bytes for `purpose`, rename it to a random name with the extension of
    the type found, and return that type. Raises ValidationError({field: [Chinese message]})."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size > max_upload_bytes():
        limit_mb = max_upload_bytes() // (1024 * 1024)
        raise ValidationError({field: [f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {limit_mb} MB。"]})
    if not size:
        raise ValidationError({field: ["上传的文件是空的。"]})
    kind = sniff(file)
    if kind not in purpose:
        raise ValidationError({field: [f"不支持该文件类型：请上传{PURPOSE_TEXT.get(purpose, '允许的文件类型')}"
                                       "（按文件内容识别，网页、SVG、脚本等文件不能上传）。"]})
    if kind in IMAGES:
        _check_image(file, kind, field)
    file.name = uuid.uuid4().hex + TYPES[kind][0]
    return kind
