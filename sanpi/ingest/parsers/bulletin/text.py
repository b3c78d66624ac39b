"""Pipeline steps 1–2: simplified, half-width paragraphs with the newspaper layout undone,
and their sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..amounts import _squeeze
from ..numerals import normalize_width

# --------------------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _t2s():
    try:
        from opencc import OpenCC
    except ImportError:  # pragma: no cover - declared dependency
        return None
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s, applied only when the text looks traditional (so simplified
    text is never altered by over-eager conversions)."""
    conv = _t2s()
    if conv is None or not text:
        return text
    out = conv.convert(text)
    changed = sum(1 for a, b in zip(text, out, strict=False) if a != b)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") or 1
    return out if changed >= 3 and changed / cjk > 0.01 else text


_TERMINAL = tuple("。！？!?")
_LIST_LINE = re.compile(r"(?:\d{1,2}[.、．)）](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]+、)")
_CLAUSE_PUNCT = re.compile(r"[，。；,;、：:]")


def clean_text(text: str) -> list[str]:
    """Simplified, half-width paragraphs with layout line breaks and spaces removed."""
    text = normalize_width(to_simplified(text.replace("\r\n", "\n").replace("\r", "\n")))
    # "集中开（复）工" / "开复工项目156个": the list of projects started or resumed is a 开工 list (as
    # traditional characters become simplified, the sentence shown keeps the meaning, not the spelling)
    text = re.sub(r"开\(复\)工|开复工", "开工", text)
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        # within a block: a line that ends a sentence ends the paragraph only if
        # the block is a list of one-line paragraphs (each line ends with 。)
        current = ""
        for line in block:
            if current and (current.rstrip('"”』」').endswith(_TERMINAL) and _one_line_paragraphs(block)
                            or _LIST_LINE.match(line)):
                # a numbered line ("1. …项目 5.2亿元") is an item of its own, never glued to the line before
                paragraphs.append(current)
                current = ""
            current = _join(current, line)
        if current:
            if paragraphs and _continues(paragraphs[-1], current):
                paragraphs[-1] = _join(paragraphs[-1], current)
            else:
                paragraphs.append(current)
    return [_squeeze(p) for p in paragraphs]


def _one_line_paragraphs(block: list[str]) -> bool:
    ends = sum(1 for ln in block if ln.rstrip('"”』」').endswith(_TERMINAL))
    return ends >= max(2, len(block) - 1)


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def _continues(prev: str, nxt: str) -> bool:
    """A block cut by a page/column break: prev has sentences but does not end one."""
    p = prev.rstrip()
    return (
        bool(_CLAUSE_PUNCT.search(p))
        and not p.rstrip('"”』」').endswith(_TERMINAL)
        and len(p) >= 20
        and bool(re.match(r"[\u4e00-\u9fff\d]", nxt))
    )


_SENT_RE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[\"”』」]?)?|[。！？!?]+")


@dataclass
class _Sent:
    text: str
    start: int  # offset in paragraph
    para: int


def _sentences(p: str, pi: int) -> list[_Sent]:
    return [_Sent(m.group(0), m.start(), pi) for m in _SENT_RE.finditer(p) if m.group(0).strip()]
