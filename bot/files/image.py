"""Images (.png, .jpg, .gif, .tiff, .webp, .heic): screenshots of HMIS screens, photos of intake forms.

The size is checked from the header before any pixel is decoded, so a
small file that claims a gigapixel image is refused (too_large).
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from bot.files.content import Extracted, Kind, Reason, Unreadable
from bot.files.limits import Budget
from bot.files.ocr import ocr

try:  # HEIC (iPhone photos) when pillow-heif is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - an optional reader
    pass


def read_image(data: bytes, *, budget: Budget) -> Extracted:
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > budget.limits.max_image_pixels:
            raise Unreadable(Reason.TOO_LARGE)
        image.load()
    except Unreadable:
        raise
    except (Image.DecompressionBombError, MemoryError):
        raise Unreadable(Reason.TOO_LARGE) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise Unreadable(Reason.CORRUPT) from None
    text = ocr(image, seconds=budget.limits.ocr_seconds)
    return Extracted(Kind.IMAGE, segments=(text,) if text.strip() else ())
