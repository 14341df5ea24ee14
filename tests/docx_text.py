"""The text of a generated DOCX as a reader sees it, for comparing with the real documents.

Body paragraphs and tables in document order; a merged cell counts once (its continuation
rows are empty); a footnote mark is a superscript digit and the footnote's text follows the
paragraph that refers to it, which is where the seeds' text extraction puts it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.grammar.typography import typeset

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MARK_STYLE = "docgenMark"


def normalized(text: str) -> str:
    """Formatting aside: no-break spaces, tabs and line breaks are all just spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def _footnotes(archive: zipfile.ZipFile) -> dict[str, str]:
    if "word/footnotes.xml" not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read("word/footnotes.xml"))
    return {
        note.get(f"{W}id"): "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
        for note in root.iter(f"{W}footnote")
    }


def _paragraph(p: etree._Element, notes: dict[str, str], numbers: dict[str, int]) -> list[str]:
    """The paragraph's text and then the texts of the footnotes it refers to."""
    text, after = "", []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}footnoteReference"):
        if node.tag == f"{W}t":
            text += node.text or ""
        elif node.tag in (f"{W}tab", f"{W}br"):
            text += " "
        else:
            ident = node.get(f"{W}id")
            number = numbers.setdefault(ident, len(numbers) + 1)
            mark = str(number).translate(_SUPERSCRIPT)
            text += mark
            after.append(f"{mark} {notes.get(ident, '')}")
    return [text, *after]


def _style(p: etree._Element) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def lines(path: Path, *, marks: bool = True) -> list[str]:
    """Every paragraph and table cell of the body in order (``marks=False``: no stamps)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
        notes = _footnotes(archive)
    numbers: dict[str, int] = {}
    out: list[str] = []
    body = root.find(f"{W}body")
    for block in body:
        if block.tag == f"{W}p":
            if marks or _style(block) != MARK_STYLE:
                out.extend(_paragraph(block, notes, numbers))
        elif block.tag == f"{W}tbl":
            for row in tables_of(block, notes, numbers):
                out.extend(row)
    return out


def tables_of(
    tbl: etree._Element, notes: dict[str, str] | None = None, numbers: dict[str, int] | None = None
) -> list[list[str]]:
    """Rows of cell texts; a vertically merged continuation is ""; a spanned cell is one."""
    notes = notes or {}
    numbers = numbers if numbers is not None else {}
    rows = []
    for tr in tbl.iterchildren(f"{W}tr"):
        row = []
        for tc in tr.iterchildren(f"{W}tc"):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                row.append("")
                continue
            parts: list[str] = []
            for p in tc.iterchildren(f"{W}p"):
                parts.extend(_paragraph(p, notes, numbers))
            row.append("\n".join(parts))
        rows.append(row)
    return rows


def tables(path: Path) -> list[list[list[str]]]:
    """Every top-level table of the body as rows of cell texts."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [tables_of(t) for t in root.find(f"{W}body").iterchildren(f"{W}tbl")]


def text(path: Path, *, marks: bool = True) -> str:
    return normalized("\n".join(lines(path, marks=marks)))


_TAGS = re.compile(r"<[^>]+>")


def seed_text(raw: str, repairs: list[dict[str, str]]) -> str:
    """A seed's text normalized like ours, with its listed extraction artifacts undone, and set
    in Russian typography as docgen sets its documents (the seeds are the real documents, typed
    with a hyphen for a dash and straight quotes here and there)."""
    plain = _TAGS.sub(" ", raw).replace("**", "").replace("[bookmark: _GoBack]", "")
    result = normalized(plain)
    for repair in repairs:
        count = result.count(repair["seed"])
        if count != 1:
            raise AssertionError(f"repair occurs {count} times, not once: {repair['seed']!r}")
        result = result.replace(repair["seed"], repair["text"])
    return normalized(typeset(result))


def typeset_all(value: object) -> object:
    """Expected texts as docgen sets them (:func:`docgen.grammar.typography.typeset`), inside
    lists and tuples too: a test writes the data's text and compares it with the document's."""
    if isinstance(value, str):
        return typeset(value)
    if isinstance(value, list):
        return [typeset_all(v) for v in value]
    if isinstance(value, tuple):
        return tuple(typeset_all(v) for v in value)
    return value


def plain(value: Any) -> Any:
    """An expected text as a normalized document text shows it: set in docgen's typography, then
    with no-break spaces as spaces (lists: each item)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    return normalized(typeset(str(value)))
