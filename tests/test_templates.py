"""The shipped templates of orders: ГОСТ Р 7.0.97 layout, requisites in order, up to date.

The templates are rendered here with plain docxtpl in a sandboxed, autoescaping environment
where an unknown name is an error, as docgen renders them, so a tag the context does not
provide fails here and not in a user's hands.
"""

from __future__ import annotations

import copy
import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import segno
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "docgen" / "templates" / "orders"
NAMES = ["prikaz.docx", "rasporyazhenie.docx"]
TRICKY = "Проверка & < > « » \" ' конец"
POSITION = "Начальник управления\nобразования администрации\nСтарооскольского городского округа"
EXECUTOR = "Приходько А.В., 8 (4725)22-55-48"
POINTS = [
    "1. Утвердить комплекс мер («дорожную карту») (приложение 1).",
    "2. Определить ответственными за координацию работы:",
    "– Ушакову И.Г., заместителя начальника управления образования;",
    "3.1. Обеспечить исполнение Плана мероприятий.",
    f"4. Учесть {TRICKY}.",
]

SAMPLE: dict[str, Any] = {
    "org": {
        "header_lines": [
            "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ",
            "администрации Старооскольского городского округа Белгородской области",
        ]
    },
    "doc": {
        "kind_title": "ПРИКАЗ",
        "date_text": "«18» июля 2022 г.",
        "number": "953",
        "place": "г. Старый Оскол",
        "title": TRICKY,
        "preamble": "В соответствии с приказом министерства образования, в целях развития",
        "command": "п р и к а з ы в а ю:",
        "paragraphs": [{"text": text} for text in POINTS],
    },
    "signer": {"position": POSITION, "name": "Н.Е. Дереча"},
    "executor": EXECUTOR,
    "appendices": [
        {
            "heading_lines": [
                f"Приложение {n}",
                "к приказу управления образования",
                "от 18.07.2022 № 953",
            ],
            "title": f"ПЛАН МЕРОПРИЯТИЙ {n}\n«ДОРОЖНАЯ КАРТА»",
            "paragraphs": [f"Пояснительная записка {n}.", "Второй абзац."],
            "section": "",
            "plan": None,
        }
        for n in (1, 2)
    ],
    "sheets": [],
    "qr": "",
}


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _render(tmp_path: Path, name: str, context: dict[str, Any], *, qr: bool = False) -> Path:
    tpl = DocxTemplate(str(TEMPLATES / name))
    if qr:
        png = io.BytesIO()
        segno.make("ПРИКАЗ № 953").save(png, kind="png", scale=4)
        context = {**context, "qr": InlineImage(tpl, io.BytesIO(png.getvalue()), width=Mm(22))}
    tpl.render(context, _environment())
    out = tmp_path / f"rendered-{name}"
    tpl.save(str(out))
    return out


def _blocks(document: DocumentObject) -> list[Paragraph | Table]:
    """Body paragraphs and tables in document order."""
    blocks: list[Paragraph | Table] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            blocks.append(Paragraph(element, document))
        elif element.tag == qn("w:tbl"):
            blocks.append(Table(element, document))
    return blocks


def _is_bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _frame(paragraph: Paragraph) -> dict[str, str]:
    frame = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}")
    if frame is None:
        return {}
    return {key.split("}")[-1]: value for key, value in frame.attrib.items()}


def _page_breaks(document: DocumentObject) -> list[Paragraph]:
    """Paragraphs that start a page: pageBreakBefore or a page-break run inside."""
    return [
        p
        for p in document.paragraphs
        if p.paragraph_format.page_break_before or p._p.xpath(".//w:br[@w:type='page']")
    ]


@pytest.mark.parametrize("name", NAMES)
def test_page_is_a4_with_gost_margins(name: str) -> None:
    section = Document(str(TEMPLATES / name)).sections[0]
    sizes = [section.page_width, section.page_height]
    # A4 in Word's whole twips: 11906 × 16838 (210 mm is 11905.5 twips, so never exactly Mm(210))
    assert [s.twips if s is not None else None for s in sizes] == [11906, 16838]
    margins = [section.left_margin, section.right_margin, section.top_margin, section.bottom_margin]
    assert [round(m.mm, 1) if m is not None else None for m in margins] == [30, 15, 20, 20]


@pytest.mark.parametrize("name", NAMES)
def test_normal_style_is_times_new_roman_14_single_russian(name: str) -> None:
    document = Document(str(TEMPLATES / name))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(qn(f"w:{script}")) == "Times New Roman"
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "ru-RU"
    fmt = normal.paragraph_format
    assert (fmt.space_before, fmt.space_after, fmt.line_spacing) == (Pt(0), Pt(0), 1.0)
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    fonts = defaults.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert dict(fonts.attrib) == {
        qn(f"w:{s}"): "Times New Roman" for s in ("ascii", "hAnsi", "cs", "eastAsia")
    }  # no Calibri


@pytest.mark.parametrize("name", NAMES)
def test_page_number_top_centre_from_the_second_page(name: str) -> None:
    section = Document(str(TEMPLATES / name)).sections[0]
    assert section._sectPr.find(qn("w:titlePg")) is not None
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    fields = header._element.xpath(".//w:fldSimple/@w:instr | .//w:instrText/text()")
    assert [f.strip() for f in fields] == ["PAGE"]
    number = header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    sizes = number._p.xpath(".//w:r/w:rPr/w:sz/@w:val")
    assert sizes == ["24"]  # 12 pt
    first = section.first_page_header
    assert "PAGE" not in first._element.xml
    assert first.paragraphs[0].text == ""
    footer = section.first_page_footer  # the QR code: lower right of page 1 (ГОСТ Р 7.0.97-2025)
    assert footer.paragraphs[0].text == "{{ qr }}"
    assert footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize("name", NAMES)
def test_every_tag_sits_in_one_run(name: str) -> None:
    """Split tags render, but a template that shows users how to write them should not have any."""
    document = Document(str(TEMPLATES / name))
    parts = [
        document.element,
        *(s.header._element for s in document.sections),
        *(s.first_page_header._element for s in document.sections),
        *(s.first_page_footer._element for s in document.sections),
    ]
    texts = [t.text or "" for part in parts for t in part.iter(qn("w:t"))]
    tagged = [t for t in texts if "{" in t or "}" in t]
    assert len(tagged) >= 20
    for text in tagged:
        assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}")


@pytest.mark.parametrize("name", NAMES)
def test_requisites_come_out_in_order_and_as_typed(tmp_path: Path, name: str) -> None:
    document = Document(str(_render(tmp_path, name, SAMPLE)))
    blocks = _blocks(document)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    texts = [b.text if isinstance(b, Paragraph) else "<signature>" for b in blocks]
    first_appendix = texts.index("Приложение 1")
    assert [t for t in texts[:first_appendix] if t.strip()] == [
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ",
        "администрации Старооскольского городского округа Белгородской области",
        "ПРИКАЗ",
        "«18» июля 2022 г.\t№ 953",
        "г. Старый Оскол",
        TRICKY,
        "В соответствии с приказом министерства образования, в целях развития",
        "п р и к а з ы в а ю:",
        *POINTS,
        "<signature>",
        EXECUTOR,
    ]
    assert "{{" not in document.element.xml and "{%" not in document.element.xml

    by_text = {b.text: b for b in blocks if isinstance(b, Paragraph)}
    for line in SAMPLE["org"]["header_lines"]:
        assert _is_bold(by_text[line]) and by_text[line].alignment == WD_ALIGN_PARAGRAPH.CENTER
    kind = by_text["ПРИКАЗ"]
    assert _is_bold(kind) and kind.runs[0].font.size == Pt(16)
    assert kind.runs[0]._r.xpath("./w:rPr/w:spacing/@w:val") == ["40"]  # letter-spaced
    date = by_text["«18» июля 2022 г.\t№ 953"]
    stops = date.paragraph_format.tab_stops
    assert len(stops) == 1 and round(stops[0].position.mm) == 165  # right margin
    title = by_text[TRICKY]
    assert _is_bold(title) and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    command = by_text["п р и к а з ы в а ю:"]
    assert _is_bold(command) and command.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert command.paragraph_format.first_line_indent == Cm(0)
    for text in [SAMPLE["doc"]["preamble"], *POINTS]:
        body = by_text[text]
        assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert round(body.paragraph_format.first_line_indent.cm, 2) == 1.25
        assert not _is_bold(body)

    row = tables[0].rows[0]
    assert len(row.cells) == 2
    position, signer = row.cells
    assert position.text == POSITION  # "\n" became line breaks in one paragraph
    assert len(position.paragraphs) == 1 and len(position._tc.xpath(".//w:br")) == 2
    assert signer.text == "Н.Е. Дереча"
    assert signer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert signer.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    assert round(position.width / (position.width + signer.width), 2) == 0.6
    assert not tables[0]._tbl.xpath(".//w:tblBorders/*[not(@w:val='nil')]")

    executor = by_text[EXECUTOR]
    assert [run.font.size for run in executor.runs] == [Pt(10)]
    assert _frame(executor) == {
        "wrap": "notBeside",
        "vAnchor": "margin",
        "hAnchor": "margin",
        "xAlign": "left",
        "yAlign": "bottom",
    }


@pytest.mark.parametrize("name", NAMES)
def test_each_appendix_starts_one_new_page_with_its_mark(tmp_path: Path, name: str) -> None:
    document = Document(str(_render(tmp_path, name, SAMPLE)))
    breaks = _page_breaks(document)
    assert [p.text for p in breaks] == ["Приложение 1", "Приложение 2"]
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Приложение 2")
    assert texts[start : start + 8] == [
        "Приложение 2",
        "к приказу управления образования",
        "от 18.07.2022 № 953",
        "",
        "ПЛАН МЕРОПРИЯТИЙ 2\n«ДОРОЖНАЯ КАРТА»",
        "",
        "Пояснительная записка 2.",
        "Второй абзац.",
    ]
    assert texts[-1] == "Второй абзац."  # nothing after the last appendix: no empty page
    for paragraph in document.paragraphs[start : start + 3]:
        own = paragraph.paragraph_format.left_indent
        indent = own if own is not None else paragraph.style.paragraph_format.left_indent
        assert round(indent.cm) == 9
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert _is_bold(document.paragraphs[start + 4])


@pytest.mark.parametrize("name", NAMES)
def test_optional_requisites_leave_no_trace(tmp_path: Path, name: str) -> None:
    context = copy.deepcopy(SAMPLE)
    context["doc"].update(place="", preamble="", command="")
    context.update(executor="", appendices=[])
    document = Document(str(_render(tmp_path, name, context)))
    texts = [b.text if isinstance(b, Paragraph) else "<signature>" for b in _blocks(document)]
    date = texts.index("«18» июля 2022 г.\t№ 953")
    assert texts[date : date + 5] == ["«18» июля 2022 г.\t№ 953", "", TRICKY, "", POINTS[0]]
    assert texts[-1] == "<signature>"
    assert not _page_breaks(document)
    assert not document.element.body.xpath(".//w:framePr")


@pytest.mark.parametrize("name", NAMES)
def test_qr_code_goes_to_the_lower_right_of_the_first_page_only(tmp_path: Path, name: str) -> None:
    document = Document(str(_render(tmp_path, name, SAMPLE, qr=True)))
    section = document.sections[0]
    first = section.first_page_footer
    assert len(first._element.xpath(".//w:drawing")) == 1
    blip = first._element.xpath(".//a:blip/@r:embed")[0]
    assert first.part.related_parts[blip].content_type == "image/png"
    assert first.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert not section.first_page_header._element.xpath(".//w:drawing")
    assert not section.header._element.xpath(".//w:drawing")
    assert not section.footer._element.xpath(".//w:drawing")
    assert not document.element.body.xpath(".//w:drawing")

    (tmp_path / "plain").mkdir()
    plain = Document(str(_render(tmp_path / "plain", name, SAMPLE)))
    assert not plain.sections[0].first_page_footer._element.xpath(".//w:drawing")


@pytest.mark.parametrize("name", NAMES)
def test_template_properties_are_fixed(name: str) -> None:
    props = Document(str(TEMPLATES / name)).core_properties
    assert (props.title, props.author, props.last_modified_by) == ("", "docgen", "docgen")
    assert props.created == props.modified == datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture
def committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The templates as the builder makes them now, in a temporary folder."""
    out = tmp_path_factory.mktemp("built")
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_templates.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize("name", NAMES)
def test_committed_templates_are_what_the_builder_makes(committed: Path, name: str) -> None:
    """Run ``python tools/build_templates.py`` after changing the builder, then commit both."""
    assert (committed / "orders" / name).read_bytes() == (TEMPLATES / name).read_bytes()
