"""When two project names mean the same project (no database code).

Offices retype names: spaces and line breaks crept in, full-width letters and digits (ＡＢ１), and
the demo's "（演示）" suffix. `name_key` reduces a name to what it says, so that the duplicate
warning and the import's name rule compare names by meaning.
"""

import unicodedata

DEMO_SUFFIXES = ("(演示)", "演示")


def name_key(name: str | None) -> str:
    text = "".join(unicodedata.normalize("NFKC", name or "").split())
    for suffix in DEMO_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def name_variants(name: str | None) -> set[str]:
    """Spellings a stored name equal to `name` in meaning most likely has: looked up with `name IN`
    (indexed), then confirmed with `name_key`."""
    raw = name or ""
    collapsed = " ".join(raw.split())
    bare = "".join(raw.split())
    key = name_key(raw)
    found = {raw, collapsed, bare, key, unicodedata.normalize("NFKC", collapsed)}
    for base in (key, bare):
        found |= {f"{base}（演示）", f"{base}(演示)", f"{base}演示"}
    return {v for v in found if v}
