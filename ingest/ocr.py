"""OCR of scanned pages and images with RapidOCR (PP-OCRv4 models shipped inside the package).

One engine per process, created on first use. Its text boxes are merged into visual lines, which
ingest.layout turns into paragraphs like the lines of a PDF text layer.
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from core.types import LoadedFile
from ingest.errors import CorruptFileError, EmptyFileError
from ingest.layout import Line, join_text, lines_to_blocks
from text.width import WIDE

if TYPE_CHECKING:
    from rapidocr_onnxruntime import RapidOCR

log = logging.getLogger(__name__)

# Large enough that a page rendered at 200 dpi (A4: 1654 x 2339) is not shrunk before detection.
MAX_SIDE = 3500
_MIN_EM_UNITS = 6
_WIDE = re.compile(f"[{WIDE}]")

_engine: RapidOCR | None = None
_engine_lock = threading.Lock()


def get_engine() -> RapidOCR:
    """The process-wide OCR engine, loaded once (about a second) and reused."""
    global _engine
    with _engine_lock:
        if _engine is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from rapidocr_onnxruntime import RapidOCR

            t0 = time.perf_counter()
            _engine = RapidOCR(max_side_len=MAX_SIDE)
            log.info("OCR engine loaded in %.1f s", time.perf_counter() - t0)
        return _engine


def _em(text: str, width: float) -> float | None:
    """Character size of a line of boxes: Chinese characters are square, Latin ones about half
    as wide. Unknown for a few characters, where the box's padding outweighs the text."""
    units = sum(1.0 if _WIDE.match(c) else 0.5 for c in text)
    return width / units if units >= _MIN_EM_UNITS else None


def lines_from_boxes(result: list[Any], page: int | None) -> list[Line]:
    """Text boxes merged into lines: sorted top to bottom, a box joins the line it overlaps."""
    boxes = []
    for points, text, _score in result:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        boxes.append((min(ys), max(ys), min(xs), max(xs), text))
    boxes.sort(key=lambda b: (b[0] + b[1]) / 2)
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for box in boxes:
        if rows:
            top = min(b[0] for b in rows[-1])
            bottom = max(b[1] for b in rows[-1])
            overlap = min(bottom, box[1]) - max(top, box[0])
            if overlap >= 0.5 * min(bottom - top, box[1] - box[0]):
                rows[-1].append(box)
                continue
        rows.append([box])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b[2])
        text = ""
        for b in row:
            text = join_text(text, b[4])
        width = sum(b[3] - b[2] for b in row)
        lines.append(
            Line(
                text=text,
                page=page or 1,
                x0=row[0][2],
                x1=row[-1][3],
                top=min(b[0] for b in row),
                bottom=max(b[1] for b in row),
                em=_em("".join(b[4] for b in row), width),
            )
        )
    return lines


def ocr_lines(image: np.ndarray, page: int | None = None) -> list[Line]:
    """The text lines of one page image (H x W x 3 BGR, or grayscale)."""
    # The angle classifier turns some upright lines upside down and loses them (measured on the
    # scanned sample at 180 and 220 dpi); rendered and scanned pages are upright anyway.
    result, _ = get_engine()(image, use_cls=False)
    return lines_from_boxes(result or [], page)


def _frames(data: bytes, name: str) -> list[np.ndarray]:
    """The pages of an image file as BGR arrays: upright as the camera meant, transparency on white."""
    from PIL import Image, ImageOps, ImageSequence

    def to_bgr(frame: Image.Image) -> np.ndarray:
        frame = ImageOps.exif_transpose(frame).convert("RGBA")
        flat = Image.alpha_composite(Image.new("RGBA", frame.size, "white"), frame).convert("RGB")
        return np.asarray(flat)[:, :, ::-1].copy()

    try:
        with Image.open(io.BytesIO(data)) as img:
            # A multi-page TIFF is a scanned document: every frame a page.
            return [to_bgr(frame) for frame in ImageSequence.Iterator(img)]
    except Exception as e:  # Pillow raises OSError, SyntaxError, ValueError... for a broken image
        msg = f"图片文件损坏或格式无法识别：{name}。请确认文件能用看图软件打开后再导入"
        raise CorruptFileError(msg) from e


def load_image(data: bytes, name: str) -> LoadedFile:
    """Blocks OCR'd from an image file; pages are numbered only for multi-page TIFFs."""
    frames = _frames(data, name)
    multi = len(frames) > 1
    pages = []
    for i, frame in enumerate(frames, 1):
        t0 = time.perf_counter()
        pages.append(ocr_lines(frame, i if multi else None))
        log.info("OCR %s page %d: %d lines in %.1f s", name, i, len(pages[-1]), time.perf_counter() - t0)
    blocks = lines_to_blocks(pages)
    if not multi:
        blocks = [replace(b, page=None) for b in blocks]
    if not blocks:
        raise EmptyFileError(f"图片中没有识别出文字：{name}。请确认图片清晰、方向正确后再导入")
    return LoadedFile(blocks, "image-ocr", pages=len(frames))
