"""A document seen in the browser before it is downloaded: its pages as images where LibreOffice
is installed, otherwise its text and tables laid out as HTML."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from markupsafe import Markup, escape

from docgen.office import pdf

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ALIGN = {"center": "center", "right": "right", "both": "justify", "end": "right"}
MAX_PAGES = 30


def can_show_pages() -> bool:
    """LibreOffice makes the PDF and poppler's pdftoppm the pictures."""
    return pdf.office() is not None and shutil.which("pdftoppm") is not None


def page_images(docx: Path, cache: Path) -> list[Path]:
    """The document's pages as PNG images, made once per version of the document and kept in
    ``cache`` (a folder of the data folder named by the document's digest)."""
    digest = hashlib.sha256(docx.read_bytes()).hexdigest()[:20]
    folder = cache / digest
    pages = sorted(folder.glob("page-*.png"))
    if pages:
        return pages
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as work:
        source = Path(work, "document.docx")
        shutil.copyfile(docx, source)
        made = pdf.convert(source, Path(work, "document.pdf"))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-l", str(MAX_PAGES), str(made), str(Path(work, "p"))],
            check=True,
            capture_output=True,
            timeout=120,
        )
        folder.mkdir(parents=True, exist_ok=True)
        for number, image in enumerate(sorted(Path(work).glob("p-*.png")), start=1):
            shutil.copyfile(image, folder / f"page-{number:03d}.png")
    return sorted(folder.glob("page-*.png"))


def as_html(content: bytes) -> Markup:
    """The document's paragraphs and tables in their order, with their alignment and bold."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            parts.append(_paragraph(element))
        elif element.tag == f"{_W}tbl":
            parts.append(_table(element))
    return Markup("\n".join(parts))


def _paragraph(element: object) -> str:
    from lxml import etree

    assert isinstance(element, etree._Element)
    align = element.find(f"{_W}pPr/{_W}jc")
    side = _ALIGN.get(align.get(f"{_W}val", "") if align is not None else "", "")
    runs: list[str] = []
    for run in element.iter(f"{_W}r"):
        text = "".join(
            "\n" if node.tag == f"{_W}br" else "\t" if node.tag == f"{_W}tab" else node.text or ""
            for node in run
            if node.tag in (f"{_W}t", f"{_W}br", f"{_W}tab")
        )
        if not text:
            continue
        piece = str(escape(text)).replace("\n", "<br>")
        bold = run.find(f"{_W}rPr/{_W}b")
        if bold is not None and bold.get(f"{_W}val", "true") not in ("0", "false"):
            piece = f"<strong>{piece}</strong>"
        runs.append(piece)
    style = f' class="align-{side}"' if side else ""
    return f"<p{style}>{''.join(runs) or '&nbsp;'}</p>"


def _table(element: object) -> str:
    from lxml import etree

    assert isinstance(element, etree._Element)
    rows: list[str] = []
    for row in element.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for cell in row.iterchildren(f"{_W}tc"):
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            merged = cell.find(f"{_W}tcPr/{_W}vMerge")
            colspan = f' colspan="{span.get(f"{_W}val")}"' if span is not None else ""
            if merged is not None and merged.get(f"{_W}val") in (None, "continue"):
                # a cell merged with the one above: kept empty, so the columns stay aligned
                cells.append(f'<td class="merged"{colspan}></td>')
                continue
            inner = "".join(
                _paragraph(p) for p in cell.iterchildren(f"{_W}p", f"{_W}tbl") if p.tag == f"{_W}p"
            )
            cells.append(f"<td{colspan}>{inner}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    borders = element.find(f"{_W}tblPr/{_W}tblBorders")
    ruled = borders is not None and any(
        edge.get(f"{_W}val") not in ("nil", "none") for edge in borders
    )
    kind = "doc-table ruled" if ruled else "doc-table"
    return f'<table class="{kind}">{"".join(rows)}</table>'
