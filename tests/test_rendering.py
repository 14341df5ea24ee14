"""End to end: the seed orders come out of their data files, identical bytes every time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from docgen.errors import DataError, InvalidDataError, OutputError, TemplateError
from docgen.office import pdf as _pdf
from docgen.options import Options
from docgen.rendering import check, file_name, render
from tests.docx_builder import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"


def body_lines(document: DocumentObject) -> list[str]:
    """Paragraphs and table cells of the body, in document order."""
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.extend(cell.text for cell in row.cells)
    return lines


def normalized(text: str) -> str:
    """Formatting aside: no-break spaces, tabs and line breaks are all just spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def text_until(document: DocumentObject, last_line: str) -> str:
    text = normalized("\n".join(body_lines(document)))
    end = text.index(last_line) + len(last_line)
    return text[:end]


@pytest.mark.parametrize("data", ["order_953.yaml", "rasporyazhenie_408.yaml"])
def test_same_data_gives_identical_bytes(tmp_path: Path, data: str) -> None:
    first = render(EXAMPLES / data, Options(output_dir=tmp_path / "a")).docx.read_bytes()
    second = render(EXAMPLES / data, Options(output_dir=tmp_path / "b")).docx.read_bytes()
    assert first == second


def test_structure_of_the_order(tmp_path: Path) -> None:
    document = Document(str(render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path)).docx))
    section = document.sections[0]
    # A4 in twips (11906 x 16838) is 210 x 297 mm to within a few hundredths of a millimetre
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert section.left_margin >= Mm(20) and section.right_margin >= Mm(10)
    assert section.top_margin >= Mm(20) and section.bottom_margin >= Mm(20)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)

    paragraphs = {p.text.replace("\u00a0", " "): p for p in document.paragraphs if p.text.strip()}
    title = paragraphs[next(t for t in paragraphs if t.startswith("Об утверждении комплекса"))]
    assert all(run.bold for run in title.runs if run.text.strip())
    assert "«18» июля 2022 г.\t№ 953" in paragraphs
    assert "ПРИКАЗ" in paragraphs
    executor = paragraphs["Приходько А.В., 8 (4725) 22-55-48"]
    assert all(run.font.size is not None and run.font.size <= Pt(12) for run in executor.runs)
    signature = document.tables[0].rows[0].cells  # the plan's table follows in the appendix
    assert signature[0].text.startswith("Начальник управления")
    assert signature[1].text.replace("\u00a0", " ").strip() == "Н.Е. Дереча"
    mark = [t for t in paragraphs if t.startswith("Приложение")]
    assert mark == ["Приложение"]  # the only appendix has no number
    assert (
        "к приказу управления образования администрации Старооскольского городского округа "
        "Белгородской области" in paragraphs
    )


def test_properties_come_from_the_document_not_the_clock(tmp_path: Path) -> None:
    path = render(EXAMPLES / "rasporyazhenie_408.yaml", Options(output_dir=tmp_path)).docx
    props = Document(str(path)).core_properties
    assert props.title == "Распоряжение № 408/1-ср от 31.08.2021"
    assert props.created is not None and props.created.date().isoformat() == "2021-08-31"
    assert props.modified == props.created


def test_file_name_is_safe() -> None:
    from docgen.loading import load_order

    data = load_order(EXAMPLES / "rasporyazhenie_408.yaml")
    assert file_name(data) == "Распоряжение_408-1-ср_2021-08-31.docx"


def test_qr_code_is_an_option(tmp_path: Path) -> None:
    plain = render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path / "a")).docx
    with_qr = render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path / "b", qr=True)).docx
    import zipfile

    assert not [n for n in zipfile.ZipFile(plain).namelist() if n.startswith("word/media/")]
    assert [n for n in zipfile.ZipFile(with_qr).namelist() if n.startswith("word/media/")]


def test_a_users_template_with_a_missing_variable_is_named(tmp_path: Path) -> None:
    template = build(tmp_path / "mine.docx", "{{ doc.title }}", "Исх. {{ doc.outgoing_number }}")
    with pytest.raises(TemplateError) as info:
        render(EXAMPLES / "order_953.yaml", Options(template=template, output_dir=tmp_path / "o"))
    message = str(info.value)
    assert "mine.docx" in message and "outgoing_number" in message
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_a_users_template_renders(tmp_path: Path) -> None:
    template = build(
        tmp_path / "mine.docx",
        "{{ doc.kind_title }} № {{ doc.number }}",
        "{%p for p in doc.paragraphs %}",
        "{{ p.text }}",
        "{%p endfor %}",
        "{{ people.ushakova.fio | дт }}",
    )
    path = render(EXAMPLES / "order_953.yaml", Options(template=template, output_dir=tmp_path)).docx
    lines = [normalized(t) for t in body_lines(Document(str(path)))]
    assert lines[0] == "ПРИКАЗ № 953"
    assert lines[1].startswith("1. Утвердить комплекс мер")
    assert lines[-1] == "Ушаковой И.Г."
    # the heading, 8 points and items (1, 2 + 3 dashes, 3, 3.1, 3.2), the control clause, the name
    assert len(lines) == 11


def test_check_passes_on_examples_and_writes_nothing(tmp_path: Path) -> None:
    for data in (
        "municipal_plan_tambov.yaml",
        "plan_tutaev.yaml",
        "school_roadmap_sosh2.yaml",
        "school_roadmap_stages.yaml",
    ):
        # the lint's warnings on the real documents: tests/lint/test_lint.py
        assert check(EXAMPLES / data, Options(output_dir=tmp_path, lint=False)) == []
    warnings = check(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path, lint=False))
    # the real order's appendix numbers its sections 3., 5., 4.1., …: reported, not refused
    # and its text calls its only appendix «приложение 1»
    assert [w.message for w in warnings] == [
        "приложение у документа одно, и номера у него нет: напишите «(приложение)» вместо "
        "«(приложение 1)»",
        "после «3.» идёт «5.»: пропуск в нумерации",
    ]
    assert list(tmp_path.iterdir()) == []


def test_check_reports_template_problems(tmp_path: Path) -> None:
    template = build(tmp_path / "bad.docx", ["{{ doc.", "title }}"], "{{ doc.number")
    with pytest.raises(TemplateError) as info:
        check(EXAMPLES / "order_953.yaml", Options(template=template))
    assert "незакрытый" in str(info.value)


def test_check_warns_about_split_tags_but_passes(tmp_path: Path) -> None:
    template = build(tmp_path / "split.docx", ["{{ doc.", "title }}"])
    warnings = check(EXAMPLES / "order_953.yaml", Options(template=template))
    split = [w for w in warnings if "разбил тег" in str(w)]
    assert len(split) == 1 and "split.docx" in str(split[0])


def test_bad_data_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (EXAMPLES / "order_953.yaml").read_text("utf-8").replace("2022-07-18", "2022-02-31")
    bad.write_text(text, "utf-8")
    with pytest.raises(DataError) as info:
        render(bad, Options(output_dir=tmp_path / "out"))
    assert isinstance(info.value, InvalidDataError)
    assert "document.date" in str(info.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(
    _pdf.office() is None and not os.environ.get("DOCGEN_REQUIRE_PDF"),
    reason="LibreOffice is not installed here (CI installs it and sets DOCGEN_REQUIRE_PDF)",
)
def test_pdf_has_the_text_and_pages(tmp_path: Path) -> None:
    result = render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path, pdf=True))
    assert result.pdf == tmp_path / "Приказ_953_2022-07-18.pdf"
    info = subprocess.run(["pdfinfo", str(result.pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert pages > 3  # the order (2 pages), the appendix with its long table
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(result.pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    landscape = [float(w) > float(h) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", sizes)]
    assert landscape == [False, False] + [True] * (pages - 2)  # portrait order, landscape plan

    def page(number: int) -> str:
        return normalized(
            subprocess.run(
                ["pdftotext", "-f", str(number), "-l", str(number), str(result.pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )

    assert "п р и к а з ы в а ю:" in page(1)
    assert "Н.Е. Дереча" in page(2) and "Приходько А.В., 8 (4725) 22-55-48" in page(2)
    assert page(3).startswith("3 Приложение")  # the page number, then the mark
    assert "4.4.3" in page(pages)


def test_pdf_without_libreoffice_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(OutputError, match="LibreOffice не установлен"):
        render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path, pdf=True))
    assert (tmp_path / "Приказ_953_2022-07-18.docx").exists()  # the DOCX is still there
