"""The registration journal of orders: numbers taken in turn, kept in an SQLite file.

Holds the journal itself (``registry``: next number by the organization's pattern, a document
keeping its number on every render, voided numbers kept and marked, safe with several runs at
once) and its export as the workbook an office keeps (``export``).
May import: :mod:`docgen.errors`, :mod:`docgen.office` (the XLSX writer). Nothing above.
"""

from __future__ import annotations

from docgen.journal.registry import (
    AUTO_WORDS,
    DEFAULT_NAME,
    DEFAULT_PATTERN,
    Entry,
    Journal,
    Registration,
    format_number,
    is_auto,
)

__all__ = [
    "AUTO_WORDS",
    "DEFAULT_NAME",
    "DEFAULT_PATTERN",
    "Entry",
    "Journal",
    "Registration",
    "format_number",
    "is_auto",
]
