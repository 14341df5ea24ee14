"""What a methodologist reads, on small workbooks: sections, counts, conclusions, applicability."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from docgen.grammar.typography import typeset
from docgen.reports.figures import applicable, first_grade, top_grade
from docgen.reports.monitoring import Indicator, School
from docgen.reports.report import build_report
from tests.conftest import write_workbook
from tests.docx_text import plain, text
from tests.reports.test_monitoring import BASE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "monitoring.xlsx"


def _body(tmp_path: Path, sheets: dict[str, list[list[Any]]], school: str | None = None) -> str:
    path = write_workbook(tmp_path / "monitoring.xlsx", sheets)
    built = build_report(path, school=school)
    out = tmp_path / built.docx_name
    out.write_bytes(built.docx)
    return text(out)


def test_a_section_without_content_is_left_out(tmp_path: Path) -> None:
    sheets = copy.deepcopy(BASE)
    del sheets["Мероприятия"]
    body = _body(tmp_path, sheets)
    assert "Выполнение плана" not in body and "не представлены" not in body
    assert "4. Выводы" in body and "5. Предложения (рекомендации)" in body
    assert "мероприяти" not in body.split("4. Выводы")[1].split("5. Предложения")[0]


def test_applicability_by_the_grades_an_indicator_is_about() -> None:
    def indicator(name: str) -> Indicator:
        return Indicator("k", name, "%", __import__("fractions").Fraction(50))

    oosh = School("o", "Основная школа", "МБОУ «ООШ № 3»", "ООШ")
    sosh = School("s", "Средняя школа", "МБОУ «СОШ № 1»", "СОШ")
    ege = indicator("Доля выпускников 11 классов, выбравших для сдачи ЕГЭ профильные предметы")
    nine = indicator("Доля выпускников 9 классов, не определившихся с выбором")
    wide = indicator("Доля обучающихся 6–11 классов, охваченных мероприятиями")
    assert (top_grade(oosh), top_grade(sosh)) == (9, 11)
    assert (first_grade(ege), first_grade(nine), first_grade(wide)) == (11, 9, 6)
    assert not applicable(oosh, ege) and applicable(sosh, ege)
    assert applicable(oosh, nine) and applicable(oosh, wide)


def test_a_schools_report_ends_with_its_conclusions_and_proposals(tmp_path: Path) -> None:
    sheets = copy.deepcopy(BASE)
    sheets["Мероприятия"][3][3] = "до 01.04.2024"  # Профпробы of s2, overdue on 31.05.2024
    body = _body(tmp_path, sheets, school="s2")
    conclusions = body[body.index("Выводы") : body.index("Предложения (рекомендации)")]
    # s2: share 79,9 < 80 missed; drop 7,25 > 6 missed; events 14 > 12 reached
    assert (
        "1. В МАОУ «Лицей № 2» целевые значения достигнуты по показателю 3, не достигнуты по "
        "показателям 1 и 2 (таблица 1)."
    ) in conclusions
    assert "ухудшились по показателям 1 и 2" in conclusions  # 81,5 → 79,9; 5 → 7,3
    proposals = body[body.index("Предложения (рекомендации)") :]
    assert "– повысить охват до 80 %" in proposals
    # the overdue activity of its own (Профпробы, s2) is proposed to the school
    assert (
        "– обеспечить выполнение просроченного мероприятия № 3 «Профпробы» (срок истек "
        "01.04.2024) и установить новый срок его выполнения." in proposals
    )


def test_recommendations_with_the_same_text_are_grouped(tmp_path: Path) -> None:
    sheets = copy.deepcopy(BASE)
    sheets["Рекомендации"] = [
        ["показатель", "порог", "текст"],
        ["share", 90, "Повысить охват мероприятиями до {{ target | percent }}."],
    ]
    body = _body(tmp_path, sheets)
    proposals = body[body.index("Предложения (рекомендации)") :]
    assert proposals.count("повысить охват мероприятиями до 80 %") == 1
    assert (
        "– руководителям МБОУ «СОШ № 1» (82,5 %) и МАОУ «Лицей № 2» (79,9 %): повысить охват "
        "мероприятиями до 80 %"
    ) in proposals


def test_the_method_note_reads_like_a_report() -> None:
    built = build_report(EXAMPLE)
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(built.docx)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert typeset("со значением за 2022-2023 учебный год") in xml
    for wording in ("с значением", "сейчас", "см. ниже", "таблица ниже"):
        assert wording not in xml


def test_a_schools_report_on_the_example(tmp_path: Path) -> None:
    built = build_report(EXAMPLE, school="sosh2")
    out = tmp_path / built.docx_name
    out.write_bytes(built.docx)
    body = text(out)
    # its own dynamics before the mean's: 8 in 2021-2022, 13 in 2023-2024 (the workbook)
    assert (
        plain(
            "В МБОУ «СОШ № 2 им. И.А. Петрова» значение выросло на 5 ед. — с 8 ед. в 2021-2022 "
            "учебном году до 13 ед. в 2023-2024 учебном году. По 14 общеобразовательным"
        )
        in body
    )
    # 74,6 < 80,4; 32 < 34,9; 53,7 < 61,4; 9,7 > 6,8 (less is better); 13 < 13,7
    assert (
        plain(
            "По сравнению со средними значениями по общеобразовательным организациям значения "
            "МБОУ «СОШ № 2 им. И.А. Петрова» хуже среднего по показателям 1, 2, 3, 4 и 5."
        )
        in body
    )
    assert (
        plain("13 ед.") in body and plain("13,0 ед.") not in body
    )  # a whole count is written whole
    assert plain("Выполнение плана") not in body  # the school has no activities of its own


def test_without_an_earlier_period_there_is_no_dynamics_section(tmp_path: Path) -> None:
    sheets = copy.deepcopy(BASE)
    sheets["Отчёт"] = [row for row in sheets["Отчёт"] if row[0] != "предыдущий период"]
    sheets["Значения"] = [row for row in sheets["Значения"] if "2022" not in str(row[1])]
    body = _body(tmp_path, sheets)
    assert "Динамика" not in body and "недостаточно" not in body
    headings = [h for h in ("1. Общие", "2. Достижение", "3. Выполнение", "4. Выводы") if h in body]
    assert len(headings) == 4  # numbered as they come: no gap where the section was left out
    assert "По сравнению с" not in body
