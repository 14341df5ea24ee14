"""Every example output, scanned as a proofreader would: no «№» apart from its number, no
initials apart from their surname, no hyphen for a dash, no number apart from «%» or «г.», no
quotes inside quotes of the same kind, no doubled full stop, no straight quotes.

The examples reproduce real documents, so this is what the pass of
:mod:`docgen.grammar.typography` must achieve on real text: every paragraph of the body, the
tables, the headers and footers and the footnotes of each DOCX.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from docgen.district.bulk import run_district
from docgen.options import BulkOptions, Options, ReportOptions
from docgen.rendering import render
from docgen.reports.report import report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

MARKS = {
    "№ без неразрывного пробела": re.compile(r"№(?=[ \w])"),
    "инициалы отделены от фамилии": re.compile(
        r"(?<![\w.])[А-ЯЁ]\.(?:[\u00a0]?[А-ЯЁ]\.)? [А-ЯЁ][а-яё]|[А-ЯЁ][а-яё]+ [А-ЯЁ]\.[\u00a0]?[А-ЯЁ]\."
    ),
    "дефис вместо тире": re.compile(r"\s-\s|^-\s"),
    "число отделено от %": re.compile(r"\d(?: ?)%"),
    "год отделён от «г.»": re.compile(r"\d{4} гг?\."),
    "кавычки внутри кавычек того же рисунка": re.compile(r"«[^»„“]*«"),
    "двойная точка": re.compile(r"(?<!\.)\.\.(?!\.)"),
    "прямые кавычки": re.compile(r'"'),
    "пробел перед знаком препинания": re.compile(r"\S[ \u00a0]+[,;:!?](?:\s|$)"),
}


def paragraphs(path: Path) -> list[str]:
    """Each paragraph's text in every part of the document that holds text."""
    out = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                root = etree.fromstring(archive.read(name))
                for p in root.iter(f"{W}p"):
                    out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return out


def marks_in(path: Path) -> list[str]:
    return [
        f"{path.name}: {name}: …{text[max(0, m.start() - 30) : m.end() + 30]}…"
        for text in paragraphs(path)
        for name, pattern in MARKS.items()
        for m in pattern.finditer(text)
    ]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every example document: orders, plans, the note, the report, a district's documents."""
    out = tmp_path_factory.mktemp("examples")
    made = [
        render(data, Options(output_dir=out / "render")).docx
        for data in sorted(
            [
                *EXAMPLES.glob("*.yaml"),
                EXAMPLES / "plan_template.xlsx",
                EXAMPLES / "order_template.xlsx",
            ]
        )
    ]
    made.append(report(EXAMPLES / "monitoring.xlsx", ReportOptions(output_dir=out / "report")).docx)
    district = out / "district" / "district.xlsx"
    district.parent.mkdir()
    for name in ("district.xlsx", "municipal_plan_tambov.yaml"):
        shutil.copy(EXAMPLES / name, district.parent)
    book = openpyxl.load_workbook(district)
    for row in book["Район"].iter_rows(min_row=2):
        if row[0].value == "мониторинг":
            row[1].value = None  # the school reports are the district report's template again
    book.save(district)
    run_district(district, BulkOptions(output_dir=out / "bulk", jobs=1, render=Options()))
    made += sorted((out / "bulk").rglob("*.docx"))
    return made


def test_every_example_output_passes_the_scan(outputs: list[Path]) -> None:
    assert len(outputs) == 10 + 1 + 27  # renders, the report, the district's documents
    found = [mark for path in outputs for mark in marks_in(path)]
    assert found == [], "\n".join(found[:40])


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("Лицей № 1", "№ без неразрывного пробела"),
        ("Ушакову И.Г.", "инициалы отделены от фамилии"),
        ("И.Г. Ушакова", "инициалы отделены от фамилии"),
        ("(далее - План)", "дефис вместо тире"),
        ("15 %", "число отделено от %"),
        ("2022 г.", "год отделён от «г.»"),
        ("«Школа «Родник»»", "кавычки внутри кавычек того же рисунка"),
        ("ед..", "двойная точка"),
        ('"Школа"', "прямые кавычки"),
        ("заседании , в школе", "пробел перед знаком препинания"),
    ],
)
def test_the_scan_sees_each_mark(text: str, mark: str) -> None:
    """The scan is not vacuous: each mark it looks for is found in an untypeset text."""
    assert MARKS[mark].search(text)


def test_a_document_may_ask_for_its_texts_literally(tmp_path: Path) -> None:
    standard = render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path / "a")).docx
    literal = render(
        EXAMPLES / "order_953.yaml",
        Options(output_dir=tmp_path / "b", overrides=("typography=literal",)),
    ).docx
    assert marks_in(standard) == []
    found = marks_in(literal)
    assert any("дефис вместо тире" in m and "(далее - План мероприятий)" in m for m in found)
    assert any("от 17.05.2022 № 1513" in p for p in paragraphs(literal))  # as the data has it
    assert any("от\u00a017.05.2022 №\u00a01513" in p for p in paragraphs(standard))
