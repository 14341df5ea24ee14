"""A tiny DOCX template builder for tests: paragraphs from strings, runs from lists."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def build(path: Path, *paragraphs: str | list[str], header: str | None = None) -> Path:
    """Write a DOCX where each string is a paragraph and each list a paragraph of several runs.

    A list reproduces what Word does when it splits one ``{{ tag }}`` across runs.
    """
    document = Document()
    for paragraph in paragraphs:
        p = document.add_paragraph()
        for run in [paragraph] if isinstance(paragraph, str) else paragraph:
            p.add_run(run)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    document.save(str(path))
    return path


def text_of(path: Path) -> list[str]:
    """The paragraphs of a DOCX, body then tables, as plain text."""
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return lines
