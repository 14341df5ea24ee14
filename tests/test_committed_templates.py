"""The committed templates checked on their own, not only against what the builder makes.

``tests/test_templates.py`` compares the committed order templates with a fresh build, so a
builder bug committed together with the templates it rebuilt would pass there. Here every
shipped template (orders, plan, report) is held to ГОСТ Р 7.0.97-2025 as the README states it
(A4, margins 30/15/20/20 mm, Times New Roman 14, page numbers top centre from the second page),
with every style its parts refer to defined, no personal data in its properties; and the rendered
examples keep that page and those styles.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.conftest import EXAMPLES, ROOT, run_cli

TEMPLATES = ROOT / "docgen" / "templates"
ALL = ["orders/prikaz.docx", "orders/rasporyazhenie.docx", "plans/plan.docx", "reports/report.docx"]
_STYLE_REFERENCE = re.compile(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"')


def _page(section: Any) -> tuple[list[int], list[float]]:
    """The page size in twips and the margins (left, right, top, bottom) in mm."""
    size = [section.page_width.twips, section.page_height.twips]
    sides = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    return size, [round(m.mm, 1) for m in sides]


def _referenced_styles(path: Path) -> set[str]:
    """Style ids the body, headers, footers and footnotes use (numbering.xml's links aside)."""
    with zipfile.ZipFile(path) as archive:
        names = [
            n
            for n in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", n)
        ]
        return {s for n in names for s in _STYLE_REFERENCE.findall(archive.read(n).decode())}


def _defined_styles(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(re.findall(r'w:styleId="([^"]+)"', archive.read("word/styles.xml").decode()))


@pytest.mark.parametrize("name", ALL)
def test_a4_portrait_with_gost_margins(name: str) -> None:
    document = Document(str(TEMPLATES / name))
    assert len(document.sections) == 1
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert _page(section) == ([11906, 16838], [30.0, 15.0, 20.0, 20.0])


@pytest.mark.parametrize("name", ALL)
def test_times_new_roman_14_everywhere(name: str) -> None:
    document = Document(str(TEMPLATES / name))
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "ru-RU"
    with zipfile.ZipFile(TEMPLATES / name) as archive:
        styles = archive.read("word/styles.xml").decode()
        body = archive.read("word/document.xml").decode()
    # no other font named by a style, the defaults or a run of the body (no Calibri, no Arial)
    named = {
        font
        for fonts in re.findall(r"<w:rFonts ([^>]*)/>", styles + body)
        for font in re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', fonts)
    }
    assert named == {"Times New Roman"}
    assert "asciiTheme" not in styles and "asciiTheme" not in body  # no theme font sneaks in


@pytest.mark.parametrize("name", ALL)
def test_page_number_field_top_centre_from_the_second_page(name: str) -> None:
    section = Document(str(TEMPLATES / name)).sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    fields = header._element.xpath(".//w:fldSimple/@w:instr | .//w:instrText/text()")
    assert [f.strip() for f in fields] == ["PAGE"]
    assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header._element
    assert not first.xpath(".//w:fldSimple | .//w:instrText")  # no number on the first page
    footer = section.first_page_footer.paragraphs[0]
    assert footer.text == "{{ qr }}" and footer.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert not section.footer._element.xpath(".//w:fldSimple | .//w:instrText")


@pytest.mark.parametrize("name", ALL)
def test_every_style_used_is_defined(name: str) -> None:
    path = TEMPLATES / name
    assert _referenced_styles(path) <= _defined_styles(path)
    assert {"Normal", "TableNormal", "DefaultParagraphFont"} <= _defined_styles(path)


@pytest.mark.parametrize("name", ALL)
def test_properties_are_fixed_and_anonymous(name: str) -> None:
    props = Document(str(TEMPLATES / name)).core_properties
    assert (props.author, props.last_modified_by) == ("docgen", "docgen")
    assert props.created == props.modified == datetime(2000, 1, 1, tzinfo=UTC)
    with zipfile.ZipFile(TEMPLATES / name) as archive:
        assert archive.testzip() is None
        stamps = {info.date_time for info in archive.infolist()}
    assert len(stamps) == 1  # fixed zip times: the same template, the same bytes


@pytest.mark.parametrize("name", ALL)
def test_jinja_tags_balance(name: str) -> None:
    with zipfile.ZipFile(TEMPLATES / name) as archive:
        xml = "".join(
            archive.read(n).decode()
            for n in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)
        )
    texts = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert texts.count("{{") == texts.count("}}") > 0
    assert texts.count("{%") == texts.count("%}")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_templates.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize("name", ["plans/plan.docx", "reports/report.docx"])
def test_the_plan_and_report_templates_are_what_the_builder_makes(built: Path, name: str) -> None:
    """(``tests/test_templates.py`` compares the order templates.)"""
    assert (built / name).read_bytes() == (TEMPLATES / name).read_bytes()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rendered")
    sources = ["order_953.yaml", "rasporyazhenie_408.yaml", "plan_tutaev.yaml", "note_tambov.yaml"]
    code, stdout, stderr = run_cli("render", *(str(EXAMPLES / s) for s in sources), "-o", str(out))
    assert code == 0, stderr
    code, report, stderr = run_cli("report", str(EXAMPLES / "monitoring.xlsx"), "-o", str(out))
    assert code == 0, stderr
    paths = [Path(line) for line in (stdout + report).splitlines() if line.endswith(".docx")]
    return {p.name: p for p in paths}


def test_rendered_examples_keep_the_page_and_define_their_styles(
    rendered: dict[str, Path],
) -> None:
    assert len(rendered) == 5
    for name, path in rendered.items():
        document = Document(str(path))
        first = document.sections[0]
        assert _page(first) == ([11906, 16838], [30.0, 15.0, 20.0, 20.0]), name
        for section in document.sections[1:]:  # appendices on landscape pages: the same A4
            size, _ = _page(section)
            assert sorted(size) == [11906, 16838], name
            if section.orientation == WD_ORIENT.LANDSCAPE:
                assert size == [16838, 11906], name
        assert _referenced_styles(path) <= _defined_styles(path), name
        assert document.styles["Normal"].font.name == "Times New Roman", name


def test_an_order_with_a_plan_appendix_turns_its_pages(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered["Приказ_953_2022-07-18.docx"]))
    orientations = [s.orientation for s in document.sections]
    assert orientations[0] == WD_ORIENT.PORTRAIT
    assert WD_ORIENT.LANDSCAPE in orientations
