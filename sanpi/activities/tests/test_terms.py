"""Words officers read one way: 入库 is 统计入库, so the threshold for entering a list is 列入门槛."""

from pathlib import Path

from sanpi.activities.models import EntryThreshold, ListEntry

SANPI = Path(__file__).resolve().parents[2]


def test_the_list_threshold_is_called_lieru_menkan():
    assert EntryThreshold._meta.verbose_name == "列入门槛"
    assert ListEntry._meta.get_field("threshold_override_reason").verbose_name == "低于列入门槛的列入理由"


def test_no_page_or_message_says_ruku_menkan():
    """Migrations keep their history and tests may name the old word; nothing a user reads does."""
    found = [str(path.relative_to(SANPI)) for path in SANPI.rglob("*")
             if path.suffix in (".py", ".html", ".txt", ".js") and "migrations" not in path.parts
             and "tests" not in path.parts and "入库门槛" in path.read_text(encoding="utf-8")]
    assert found == []
