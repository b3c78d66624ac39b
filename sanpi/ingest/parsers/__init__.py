"""Pure text extraction for 三个一批 bulletins (no Django, no DB).

>>> from sanpi.ingest.parsers import extract, parse_amount
>>> parse_amount("总投资1.49万亿元").value_wan
Decimal('149000000.00')
"""

from .amounts import AmountParse, CountParse, find_amounts, parse_amount, parse_count, parse_number
from .bulletin import Extraction, ListFigure, ProjectDraft, extract

__all__ = [
    "AmountParse",
    "CountParse",
    "Extraction",
    "ListFigure",
    "ProjectDraft",
    "extract",
    "find_amounts",
    "parse_amount",
    "parse_count",
    "parse_number",
]
