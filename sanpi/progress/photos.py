"""Time and place a photo carries in its EXIF (Pillow), when it carries them."""

import datetime as dt
from decimal import Decimal

from PIL import Image, UnidentifiedImageError

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 0x9003
DATETIME = 0x0132


def _degrees(value, ref) -> Decimal | None:
    try:
        d, m, s = (Decimal(str(float(x))) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = (d + m / 60 + s / 3600).quantize(Decimal("0.000001"))
    return -result if ref in ("S", "W", b"S", b"W") else result


def read_exif(file) -> dict:
    """{'taken_at': naive datetime | None, 'latitude': Decimal | None, 'longitude': Decimal | None}.

    Raises ValueError when the file is not an image."""
    found: dict = {"taken_at": None, "latitude": None, "longitude": None}
    try:
        position = file.tell()
    except (AttributeError, OSError):
        position = None
    try:
        with Image.open(file) as image:
            exif = image.getexif()
            text = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
            if text:
                try:
                    found["taken_at"] = dt.datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
                except ValueError:
                    pass
            gps = exif.get_ifd(GPS_IFD)
            if gps and 2 in gps and 4 in gps:
                found["latitude"] = _degrees(gps[2], gps.get(1))
                found["longitude"] = _degrees(gps[4], gps.get(3))
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError("上传的文件不是可识别的图片。") from exc
    finally:
        if position is not None:
            file.seek(position)
    return found
