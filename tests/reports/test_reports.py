"""The analytical report of the example: its figures recomputed here from the cells, by hand.

The expected numbers are computed in this file from the workbook's cells read with openpyxl and
the plan's targets read with PyYAML, with plain fractions, not with docgen's figure code;
then they are compared with the tables and sentences of the DOCX and the cells of the XLSX.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
import yaml

from docgen.office import pdf as _pdf
from docgen.office.charts import chart_workbook, chart_xml
from docgen.reports.charts import indicator_chart
from docgen.reports.figures import all_figures
from docgen.reports.monitoring import load_monitoring
from docgen.reports.report import build_report, make_report
from tests.conftest import run_tool
from tests.docx_text import normalized, plain, tables, text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "monitoring.xlsx"
PLAN = ROOT / "data" / "examples" / "monitoring_plan.yaml"
NOW, BEFORE = "2023-2024 учебный год", "2022-2023 учебный год"


# ------------------------------------------------------------- the figures, recomputed by hand


def half_up(value: Fraction, digits: int = 1) -> Fraction:
    scale = 10**digits
    sign = -1 if value < 0 else 1
    return sign * Fraction(int(abs(value) * scale + Fraction(1, 2)), scale)


def written(value: Fraction, digits: int = 1) -> str:
    """The number as the report writes it: half up, decimal comma, no trailing zeros."""
    shown = half_up(value, digits)
    whole, part = divmod(abs(shown) * 10**digits, 10**digits)
    text = str(int(whole))
    fraction = str(int(part)).rjust(digits, "0").rstrip("0")
    return ("−" if shown < 0 else "") + text + ("," + fraction if fraction else "")


def places(value: Fraction, target: Fraction) -> int:
    """The documented exception: a value short of its target is never written as it."""
    digits = 1
    while digits < 4 and value != target and half_up(value, digits) == half_up(target, digits):
        digits += 1
    return digits


def shown(value: Fraction, target: Fraction) -> str:
    return written(value, places(value, target))


def fixed(value: Fraction, digits: int) -> str:
    """Written with exactly ``digits`` places: one precision per column (83,0 beside 74,6)."""
    text = written(value, digits)
    if digits:
        whole, _, part = text.partition(",")
        text = f"{whole},{part.ljust(digits, '0')}"
    return text


def signed(value: Fraction, digits: int) -> str:
    text = fixed(value, digits)
    if value > 0:
        return "+" + text
    return text.lstrip("−") if half_up(value, digits) == 0 else text


def quoted(name: str) -> str:
    return "«" + name.replace("«", "„").replace("»", "“") + "»"


@dataclass
class Expected:
    key: str
    name: str
    target: Fraction
    less: bool
    values: dict[str, Fraction | None]  # short name → value now
    before: dict[str, Fraction | None]
    order: list[str]
    kinds: dict[str, str]  # short name → type (СОШ, ООШ, …)

    def applies(self, school: str) -> bool:
        """An indicator of grade 11 does not apply to an ООШ (grades 1–9)."""
        return not ("11 классов" in self.name and "6–11" not in self.name) or (
            self.kinds[school] != "ООШ"
        )

    def known(self, values: dict[str, Fraction | None]) -> dict[str, Fraction]:
        return {s: v for s, v in values.items() if v is not None and self.applies(s)}

    def same_set(self) -> tuple[Fraction, Fraction, int, bool]:
        """The previous and current means over the schools that reported both years."""
        now, then = self.known(self.values), self.known(self.before)
        both = [s for s in now if s in then]
        start = sum((then[s] for s in both), Fraction(0)) / len(both)
        end = sum((now[s] for s in both), Fraction(0)) / len(both)
        return start, end, len(both), len(both) == len(now) == len(then)

    def reached(self, value: Fraction) -> bool:
        return value <= self.target if self.less else value >= self.target

    def achievement(self, value: Fraction) -> Fraction:
        return (self.target / value if self.less else value / self.target) * 100

    def mean(self, values: dict[str, Fraction | None]) -> Fraction:
        known = [v for v in values.values() if v is not None]
        return sum(known, Fraction(0)) / len(known)


def expected_figures() -> list[Expected]:
    book = openpyxl.load_workbook(EXAMPLE, data_only=True)
    schools = {row[0].value: row[2].value for row in book["Школы"].iter_rows(min_row=2)}
    kinds = {row[2].value: row[3].value for row in book["Школы"].iter_rows(min_row=2)}
    shorts = list(schools.values())
    keys = [c.value for c in book["Значения"][1]][2:]
    better = {row[0].value: row[4].value for row in book["Показатели"].iter_rows(min_row=2)}
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))["plan"]["indicators"]
    by_key = {item["key"]: item for item in plan}
    result = []
    for column, key in enumerate(keys, start=2):
        now: dict[str, Fraction | None] = dict.fromkeys(shorts)
        before: dict[str, Fraction | None] = dict.fromkeys(shorts)
        for row in book["Значения"].iter_rows(min_row=2):
            school = schools.get(row[0].value, row[0].value)
            cell = row[column]
            value: Fraction | None = None
            if isinstance(cell.value, int | float):
                value = Fraction(str(cell.value))
                if "%" in cell.number_format:
                    value *= 100
            target = now if row[1].value == NOW else before if row[1].value == BEFORE else None
            if target is not None:
                target[school] = value
        item = by_key[key]
        result.append(
            Expected(
                key,
                " ".join(item["name"].split()),
                Fraction(str(item["targets"][2024])),
                better[key] == "меньше",
                now,
                before,
                shorts,
                kinds,
            )
        )
    return result


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("report")
    result = make_report(EXAMPLE, output_dir=out)
    return result.docx, result.xlsx


# ------------------------------------------------------------------------------------ DOCX


def test_files_and_warnings(tmp_path: Path) -> None:
    result = make_report(EXAMPLE, output_dir=tmp_path)
    assert result.docx == tmp_path / "Аналитическая_справка_2023-2024.docx"
    assert result.xlsx == tmp_path / "Сводка_2023-2024.xlsx"
    assert result.pdf is None
    assert [str(w) for w in result.warnings] == [
        f"{EXAMPLE}: лист «Мероприятия», ячейка D14: срок «По отдельному графику» не содержит "
        "даты: просрочка мероприятия № 13 не проверяется"
    ]


def test_indicator_tables_hold_the_recomputed_figures(report: tuple[Path, Path]) -> None:
    """Every cell recomputed; one precision per column; a change is the difference of the
    values as written; the mean's change over the schools that reported both years."""
    docx, _ = report
    found = tables(docx)
    expected = expected_figures()
    assert len(found) == 1 + len(expected) + 2 + 1  # summary, indicators, plan, overdue, signature
    for table, exp in zip(found[1 : 1 + len(expected)], expected, strict=True):
        body = [[plain(c) for c in row] for row in table[1:]]
        assert [row[1] for row in body[:-1]] == plain(exp.order)
        known = exp.known(exp.values)
        mean = exp.mean(known)  # type: ignore[arg-type]
        counts = exp.key == "events"
        digits = 0 if counts else max(places(v, exp.target) for v in [*known.values(), mean])
        shares = [exp.achievement(v) for v in [*known.values(), mean]]
        share_digits = max(places(a, Fraction(100)) if a < 100 else 1 for a in shares)
        for row, school in zip(body[:-1], exp.order, strict=True):
            value = exp.values[school]
            if not exp.applies(school):
                assert row[2:] == plain(["показатель не применяется"])  # one cell across five
                continue
            if value is None:
                assert row[2:] == plain(["нет данных", written(exp.target), "—", "нет данных", "—"])
                continue
            previous = exp.before[school]
            change = (
                "—"
                if previous is None
                else signed(half_up(value, digits) - half_up(previous, digits), digits)
            )
            assert row[2:] == plain(
                [
                    fixed(value, digits),
                    written(exp.target),
                    fixed(exp.achievement(value), share_digits),
                    "достигнут" if exp.reached(value) else "не достигнут",
                    change,
                ]
            ), (exp.key, school)
        last = body[-1]
        assert last[0] == plain("Среднее значение")
        assert last[1] == fixed(mean, max(digits, 1))
        assert last[4] == (plain("достигнут" if exp.reached(mean) else "не достигнут"))
        start, end, _, same = exp.same_set()
        delta = signed(half_up(end) - half_up(start), 1)
        assert last[5] == delta + ("" if same else "*")


def test_the_summary_table_counts_schools_with_data(report: tuple[Path, Path]) -> None:
    docx, _ = report
    summary = [[plain(c) for c in row] for row in tables(docx)[0]]
    for row, exp in zip(summary[1:], expected_figures(), strict=True):
        known = exp.known(exp.values)
        reached = sum(exp.reached(v) for v in known.values())
        share = written(Fraction(reached * 100, len(known)))
        assert row[1] == exp.name
        assert row[6] == f"{reached} из {len(known)} ({share} %)"


def loct(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} общеобразовательной организации"
    return f"{count} общеобразовательных организациях"


def test_conclusions_say_the_recomputed_numbers(report: tuple[Path, Path]) -> None:
    docx, _ = report
    body = text(docx)
    for exp in expected_figures():
        known = exp.known(exp.values)
        reached = [s for s, v in known.items() if exp.reached(v)]
        missed = sorted(
            (s for s, v in known.items() if not exp.reached(v)),
            key=lambda s: exp.achievement(known[s]),
        )
        share = written(Fraction(len(reached) * 100, len(known)))
        unit = " %" if exp.key != "events" else " ед."
        listed = ", ".join(f"{s} ({shown(known[s], exp.target)}{unit})" for s in missed)
        sentence = (
            f"Показатель {quoted(exp.name)} (целевое значение — {written(exp.target)}{unit}) "
            f"достигнут в {len(reached)} из {len(known)} общеобразовательных "
            f"организаций ({share} %), не достигнут в {loct(len(missed))}: {listed}."
        )
        assert plain(sentence) in body, sentence
        start, end, count, same = exp.same_set()
        delta = half_up(end) - half_up(start)  # the difference of the values as written
        verb = "выросло" if delta > 0 else "снизилось" if delta < 0 else "не изменилось"
        points = " п.п." if unit == " %" else " ед."
        said = (
            f"по сравнению с 2022-2023 учебным годом среднее значение {verb} на "
            f"{written(abs(delta))}{points} — с {written(start)}{unit} до {written(end)}{unit}"
        )
        if not same:
            said = (
                f"по {count} общеобразовательным организациям, представившим данные за оба "
                f"периода, {said}"
            )
        assert plain(said) in body, said
        absent = [s for s, v in exp.values.items() if v is None and exp.applies(s)]
        if len(absent) == 3:
            assert (
                plain(f"Нет данных по 3 общеобразовательным организациям: {', '.join(absent)}.")
                in body
            )


def test_an_indicator_that_does_not_apply_is_left_out_and_said_so(
    report: tuple[Path, Path],
) -> None:
    """ЕГЭ in grade 11 does not apply to an ООШ: «не применяется», not «нет данных»."""
    body = text(report[0])
    exp = {e.key: e for e in expected_figures()}["profile_ege"]
    away = [s for s in exp.order if not exp.applies(s)]
    assert len(away) == 3
    assert (
        f"Показатель не применяется к 3 общеобразовательным организациям ({', '.join(away)}: "
        "в них нет 11 класса); они не учитываются ни в среднем значении, ни в числе организаций."
    ) in body
    section = body[body.index("2.3.") : body.index("2.4.")]
    assert "нет данных" not in section
    assert "из 12 общеобразовательных организаций" in section


def test_dynamics_compare_the_same_schools_and_the_change_is_the_difference(
    report: tuple[Path, Path],
) -> None:
    body = text(report[0])
    found = re.findall(
        r"(?:выросл|снизил)\w+ на ([\d,]+) (?:п\.п\.|ед\.) [–—] с ([\d,]+) (?:%|ед\.) в "
        r"2021-2022 учебном году до ([\d,]+) (?:%|ед\.)",
        body,
    )
    assert len(found) == 5
    for amount, start, end in found:
        a, b, c = (Fraction(x.replace(",", ".")) for x in (amount, start, end))
        assert a == abs(c - b), (amount, start, end)
    # the events' change over the 14 schools that reported in both years
    assert (
        plain(
            "По 14 общеобразовательным организациям, представившим данные за каждый учебный год с "
            "2021-2022 по 2023-2024, количество профориентационных мероприятий, проведенных в "
            "организации за год, выросло на 4,2 ед. — с 9,4 ед. в 2021-2022 учебном году до "
            "13,6 ед. в 2023-2024 учебном году (рисунок 10)."
        )
    ) in body
    # its chart draws the means of the same 14 schools: the text's 9,4 and 13,6
    with zipfile.ZipFile(report[0]) as archive:
        chart = archive.read("word/charts/chart10.xml").decode()
    mean = chart.split("среднее значение")[1].split("</c:ser>")[0]
    points = re.findall(r"<c:v>([\d.]+)</c:v>", mean.split("<c:val>")[1])
    assert points[0] == "9.4" and points[-1] == "13.6"


def test_dynamics_agree_with_the_subject(report: tuple[Path, Path]) -> None:
    body = text(report[0]).lower()  # «По 14 организациям … доля …»
    assert (
        "доля обучающихся 6–11 классов, охваченных профориентационными мероприятиями, выросла на"
    ) in body
    assert (
        "доля выпускников 9 классов, не определившихся с выбором дальнейшего обучения, "
        "снизилась на" in body
    )
    assert (
        "количество профориентационных мероприятий, проведенных в организации за год, "
        "выросло на" in body
    )


def test_plan_execution(report: tuple[Path, Path]) -> None:
    docx, _ = report
    book = openpyxl.load_workbook(EXAMPLE, data_only=True)
    rows = [[c.value for c in row] for row in book["Мероприятия"].iter_rows(min_row=2)]
    done = sum(r[4] == "выполнено" for r in rows)
    # overdue by hand: not done, and the deadline (read by eye from the sheet) before 31.05.2024
    overdue_numbers = ["5", "9", "12"]
    assert all(rows[int(n) - 1][4] != "выполнено" for n in overdue_numbers)
    body = text(docx)
    assert (
        f"из {len(rows)} мероприятий, включенных в мониторинг, выполнено {done} "
        f"({written(Fraction(done * 100, len(rows)))} %)"
    ) in body
    overdue_table = tables(docx)[-2]
    assert [row[0] for row in overdue_table[1:]] == overdue_numbers
    execution = [[plain(c) for c in row] for row in tables(docx)[-3]]
    assert execution[-1][:7] == [
        "Всего",
        str(len(rows)),
        str(done),
        str(sum(r[4] == "выполняется" for r in rows)),
        str(sum(r[4] == "не выполнено" for r in rows)),
        "3",
        written(Fraction(done * 100, len(rows))),
    ]
    assert "Руководители ОО" in [row[0] for row in execution]


def test_identical_recommendations_are_said_once_with_their_schools(
    report: tuple[Path, Path],
) -> None:
    body = text(report[0])
    section = body[body.index("6. Предложения (рекомендации)") :]
    exp = {e.key: e for e in expected_figures()}["undecided"]
    worse = [s for s in exp.order if (v := exp.values[s]) is not None and v > exp.target]
    assert len(worse) == 8
    listed = [f"{s} ({shown(exp.values[s], exp.target)} %)" for s in worse]  # type: ignore[arg-type]
    assert (
        f"– руководителям {', '.join(listed[:-1])} и {listed[-1]}: организовать "
        "индивидуальное консультирование выпускников 9 классов" in section
    )
    assert section.count("организовать индивидуальное консультирование") == 1
    assert "{{" not in body and "⟦" not in body


def test_each_overdue_activity_is_a_proposal_to_its_responsible(
    report: tuple[Path, Path],
) -> None:
    body = text(report[0])
    section = body[body.index("6. Предложения (рекомендации)") :]
    assert (
        plain(
            "– отделу дополнительного образования и воспитания: обеспечить выполнение "
            "просроченного мероприятия № 5 «Ярмарка профессий с участием предприятий округа» "
            "(срок истек 01.03.2024) и установить новый срок его выполнения;"
        )
    ) in section
    # an activity of one school goes to its head; one of two responsibles goes to both
    assert plain(
        "– руководителю МБОУ «ООШ № 4»: обеспечить выполнение просроченного мероприятия № 9"
    ) in (section)
    assert (
        plain(
            "– МКУ «Информационно-методический центр» и руководителям ОО: обеспечить выполнение "
            "просроченного мероприятия № 12"
        )
        in section
    )
    assert section.count("№ 12") == 1
    items = re.split(r"(?<=[:;]) – ", section)[1:]  # a dash inside an item is not a marker
    assert all(item.rstrip().endswith(";") for item in items[:-1])
    assert items[-1].split("Начальник")[0].rstrip().endswith(".")


def test_conclusions_are_written_from_the_figures(report: tuple[Path, Path]) -> None:
    body = text(report[0])
    section = body[body.index("5. Выводы") : body.index("6. Предложения")]
    expected = expected_figures()
    reached = [n for n, e in enumerate(expected, 1) if e.reached(e.mean(e.known(e.values)))]
    assert reached == [1, 3]
    assert (
        plain(
            "1. Целевые значения в среднем по общеобразовательным организациям достигнуты по "
            "показателям 1 и 3, не достигнуты по показателям 2, 4 и 5 (таблица 1)."
        )
    ) in section
    assert plain("улучшились по показателям 1, 2, 3, 4 и 5") in section
    # schools grouped by the indicators they missed, each school once
    for school in expected[0].order:
        assert (
            section.count(school + ",") + section.count(school + ";") + section.count(school + ".")
            <= 1
        )
    assert plain(
        "по показателям 1, 2, 3, 4 и 5 — в МБОУ «СОШ № 2 им. И.А. Петрова», МБОУ «СОШ № 5»"
    ) in (section)
    assert plain("просрочено 3 мероприятия (таблица 8)") in section


def test_the_title_names_the_district_and_the_period_and_tables_are_referred_to(
    report: tuple[Path, Path],
) -> None:
    body = text(report[0])
    assert (
        "Об итогах мониторинга реализации плана мероприятий по профессиональной ориентации "
        "обучающихся общеобразовательных организаций Заречного муниципального округа за "
        "2023-2024 учебный год"
    ) in body
    assert "разность со значением за 2022-2023 учебный год" in body
    assert "с значением" not in body and "сейчас" not in body
    assert "Сводные значения приведены в таблице 1." in body
    assert "Значения по организациям приведены в таблице 2 и на рисунке 1." in body
    assert "таблица ниже" not in body


def test_the_docx_has_two_native_charts_per_indicator(report: tuple[Path, Path]) -> None:
    """Its values and its trend: DrawingML chart parts with their workbooks, no pictures."""
    docx, _ = report
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        charts = [n for n in names if n.startswith("word/charts/chart")]
        document = archive.read("word/document.xml").decode()
    assert not [n for n in names if n.startswith("word/media/")]
    assert len(charts) == 2 * len(expected_figures())
    assert len([n for n in names if n.startswith("word/embeddings/")]) == len(charts)
    assert document.count("<w:drawing>") == len(charts)
    assert document.count(
        'graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"'
    ) == len(charts)
    captions = re.findall(r"Рисунок (\d+) –", text(docx))
    assert captions == [str(n) for n in range(1, len(charts) + 1)]


def test_header_and_signature(report: tuple[Path, Path]) -> None:
    body = text(report[0])
    assert body.startswith(
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ администрации Заречного муниципального "
        "округа АНАЛИТИЧЕСКАЯ СПРАВКА 31.05.2024"
    )
    signature = tables(report[0])[-1][0]
    assert signature[0].startswith("Начальник управления образования")
    assert normalized(signature[1]) == "Е.В. Соколова"
    assert body.endswith("Лебедева М.А., 8 (48533) 2-15-40")


# ------------------------------------------------------------------------------------ XLSX


def test_the_xlsx_holds_the_same_numbers_as_numbers(report: tuple[Path, Path]) -> None:
    _, xlsx = report
    book = openpyxl.load_workbook(xlsx)
    expected = expected_figures()
    assert book.sheetnames == [
        "Сводка",
        *(f"Показатель {i}" for i, e in enumerate(expected, 1)),
        "Мероприятия",
        "Просроченные мероприятия",
    ]
    for index, exp in enumerate(expected, start=1):
        sheet = book[f"Показатель {index}"]
        assert sheet["A1"].value == f"Показатель {index}. {exp.name}"  # its name above its table
        assert sheet["B2"].value == "Краткое название"
        assert sheet.freeze_panes == "C3"
        rows = list(sheet.iter_rows(min_row=3, max_row=len(exp.order) + 3))
        for row, school in zip(rows[:-1], exp.order, strict=True):
            value = exp.values[school]
            assert row[1].value == school
            if not exp.applies(school):
                assert row[4].value == "не применяется"
            elif value is None:
                assert row[4].value == "нет данных"
            else:
                assert isinstance(row[4].value, int | float)  # a number, not text
                assert Fraction(str(row[4].value)) == half_up(value, places(value, exp.target))
                assert row[7].value == ("достигнут" if exp.reached(value) else "не достигнут")
                previous = exp.before[school]
                if previous is not None:  # the difference of the values as written
                    d = max(places(value, exp.target), places(previous, exp.target))
                    change = half_up(value, d) - half_up(previous, d)
                    assert Fraction(str(row[9].value)) == change
        mean_row = rows[-1]
        assert mean_row[1].value == "Среднее значение"
        mean = exp.mean(exp.known(exp.values))
        assert Fraction(str(mean_row[4].value)) == half_up(mean, places(mean, exp.target))
        start, end, _, _ = exp.same_set()
        assert Fraction(str(mean_row[9].value)) == half_up(end) - half_up(start)
        assert sheet.conditional_formatting  # below-target cells are highlighted
    summary = book["Сводка"]
    for row, exp in zip(summary.iter_rows(min_row=2), expected, strict=True):
        known = list(exp.known(exp.values).values())
        assert row[1].value == exp.name
        assert row[4].value == float(exp.target)
        mean = exp.mean(exp.known(exp.values))
        assert Fraction(str(row[5].value)) == half_up(mean, places(mean, exp.target))
        assert row[8].value == sum(exp.reached(v) for v in known)
        assert row[9].value == len(known)
    overdue = [[c.value for c in row] for row in book["Просроченные мероприятия"].iter_rows()]
    assert overdue[0][:5] == ["№", "Мероприятие", "Ответственный", "Срок", "Срок истек"]
    assert [row[0] for row in overdue[1:]] == ["5", "9", "12"]
    assert overdue[2][4] == "30.04.2024" and overdue[2][6] == "МБОУ «ООШ № 4»"
    props = book.properties
    assert props.creator == "docgen"
    assert props.created is not None and props.created.date().isoformat() == "2024-05-31"


# ----------------------------------------------------------------------- same bytes, school


def test_the_same_data_gives_identical_bytes(tmp_path: Path) -> None:
    first = make_report(EXAMPLE, output_dir=tmp_path / "a")
    second = make_report(EXAMPLE, output_dir=tmp_path / "b")
    assert first.docx.read_bytes() == second.docx.read_bytes()
    assert first.xlsx.read_bytes() == second.xlsx.read_bytes()


def test_charts_are_deterministic() -> None:
    data = load_monitoring(EXAMPLE)
    figures = all_figures(data)
    one = chart_xml(indicator_chart(figures[0]))
    assert one == chart_xml(indicator_chart(figures[0]))
    assert chart_workbook(indicator_chart(figures[0])) == chart_workbook(
        indicator_chart(figures[0])
    )
    assert chart_xml(indicator_chart(figures[0], data.schools[3])) != one  # its bar is marked


def test_a_schools_report(tmp_path: Path) -> None:
    result = make_report(EXAMPLE, output_dir=tmp_path, school="МБОУ «СОШ № 5»")
    assert result.docx.name == "Аналитическая_справка_МБОУ-СОШ-5_2023-2024.docx"
    assert result.xlsx.name == "Сводка_МБОУ-СОШ-5_2023-2024.xlsx"
    body = text(result.docx)
    assert "(МБОУ «СОШ № 5»)" in body
    assert (
        "Справка составлена по данным муниципального бюджетного общеобразовательного "
        "учреждения «Средняя общеобразовательная школа № 5» (МБОУ «СОШ № 5»)" in body
    )
    exp = expected_figures()[0]
    value = exp.values["МБОУ «СОШ № 5»"]
    assert value is not None
    table = [[plain(c) for c in row] for row in tables(result.docx)[1]]
    assert [row[1] for row in table[1:-1]] + [table[-1][0]] == [
        "МБОУ «СОШ № 5»",
        "Среднее значение",
    ]
    assert table[1][2] == shown(value, exp.target)
    assert "МБОУ «СОШ № 7»" not in body.split("Предложения (рекомендации)")[1]
    with zipfile.ZipFile(result.docx) as archive:
        assert len([n for n in archive.namelist() if n.startswith("word/charts/chart")]) == 10
    assert build_report(EXAMPLE, school="sosh5").docx == result.docx.read_bytes()


@pytest.mark.skipif(
    _pdf.office() is None and not os.environ.get("DOCGEN_REQUIRE_PDF"),
    reason="LibreOffice is not installed here (CI installs it and sets DOCGEN_REQUIRE_PDF)",
)
def test_pdf_of_the_report(tmp_path: Path) -> None:
    result = make_report(EXAMPLE, output_dir=tmp_path, pdf=True)
    assert result.pdf == tmp_path / "Аналитическая_справка_2023-2024.pdf"
    pdf_text = subprocess.run(
        ["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in pdf_text and "Е.В. Соколова" in normalized(pdf_text)
    # the charts are drawn as vector text and lines: their labels are in the PDF's text
    assert "не достигнут" in pdf_text and "целевое значение" in pdf_text


def test_the_example_workbook_is_what_the_tool_makes(tmp_path: Path) -> None:
    out = tmp_path / "monitoring.xlsx"
    assert run_tool("make_monitoring_xlsx", str(out)) == 0
    assert out.read_bytes() == EXAMPLE.read_bytes()


def test_nothing_reads_the_clock(tmp_path: Path) -> None:
    xlsx = make_report(EXAMPLE, output_dir=tmp_path).xlsx
    with zipfile.ZipFile(xlsx) as archive:
        core = archive.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in archive.infolist()}
    assert "2024-05-31T09:00:00Z" in core and stamps == {(2024, 5, 31, 9, 0, 0)}
    assert io.BytesIO(xlsx.read_bytes()).getvalue()[:2] == b"PK"


# ------------------------------------------------------------------ grammar of the sentences

COUNTS = [  # (schools with data, reached, no data, the sentence's words)
    (
        1,
        1,
        1,
        "достигнут в 1 общеобразовательной организации.",
        "Нет данных по 1 общеобразовательной организации",
    ),
    (
        2,
        1,
        2,
        "достигнут в 1 из 2 общеобразовательных организаций (50 %), не достигнут в "
        "1 общеобразовательной организации:",
        "Нет данных по 2 общеобразовательным организациям",
    ),
    (
        5,
        3,
        5,
        "достигнут в 3 из 5 общеобразовательных организаций (60 %), не достигнут в "
        "2 общеобразовательных организациях:",
        "Нет данных по 5 общеобразовательным организациям",
    ),
    (
        11,
        10,
        11,
        "достигнут в 10 из 11 общеобразовательных организаций (90,9 %), не достигнут "
        "в 1 общеобразовательной организации:",
        "Нет данных по 11 общеобразовательным организациям",
    ),
    (
        12,
        1,
        12,
        "достигнут в 1 из 12 общеобразовательных организаций (8,3 %), не достигнут в "
        "11 общеобразовательных организациях:",
        "Нет данных по 12 общеобразовательным организациям",
    ),
    (
        21,
        0,
        21,
        "не достигнут ни в одной из 21 общеобразовательной организации:",
        "Нет данных по 21 общеобразовательной организации",
    ),
    (
        22,
        21,
        22,
        "достигнут в 21 из 22 общеобразовательных организаций (95,5 %), не достигнут "
        "в 1 общеобразовательной организации:",
        "Нет данных по 22 общеобразовательным организациям",
    ),
    (
        25,
        22,
        25,
        "достигнут в 22 из 25 общеобразовательных организаций (88 %), не достигнут в "
        "3 общеобразовательных организациях:",
        "Нет данных по 25 общеобразовательным организациям",
    ),
    (
        101,
        101,
        101,
        "достигнут во всех 101 общеобразовательной организации.",
        "Нет данных по 101 общеобразовательной организации",
    ),
    (2, 2, 0, "достигнут во всех 2 общеобразовательных организациях.", None),
]


@pytest.mark.parametrize(("whole", "reached", "absent", "words", "no_data"), COUNTS)
def test_sentences_agree_with_counts(
    whole: int, reached: int, absent: int, words: str, no_data: str | None
) -> None:
    from docgen.grammar import default_inflector
    from docgen.reports.conclusions import Writer
    from docgen.reports.figures import IndicatorFigures, figure
    from docgen.reports.monitoring import Indicator, School

    data = load_monitoring(EXAMPLE)
    indicator = Indicator("x", "Доля охваченных", "%", Fraction(80))
    schools = [School(f"s{n}", f"Школа {n}", f"МБОУ «СОШ № {n}»") for n in range(whole + absent)]
    values = [Fraction(90)] * reached + [Fraction(50)] * (whole - reached) + [None] * absent
    figures = IndicatorFigures(
        indicator,
        tuple((s, figure(v, None, indicator)) for s, v in zip(schools, values, strict=True)),
        figure(Fraction(70), None, indicator),
        (),
        (),
    )
    writer = Writer(default_inflector(), data)
    sentences = [normalized(s) for s in writer.schools(figures)]
    assert sentences[0].startswith(
        f"Показатель «Доля охваченных» (целевое значение — 80 %) {words}"
    ), sentences[0]
    if no_data is None:
        assert len(sentences) == 1
    else:
        assert sentences[1].startswith(no_data + ": МБОУ")
    intro = normalized(writer.intro(whole))
    ablt = {
        1: "1 общеобразовательной организацией",
        21: "21 общеобразовательной организацией",
        101: "101 общеобразовательной организацией",
    }
    assert (
        f"представленным {ablt.get(whole, f'{whole} общеобразовательными организациями')} " in intro
    )


def test_the_committed_report_template_is_what_the_builder_makes() -> None:
    """Run ``python tools/build_templates.py`` after changing the builder."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_templates", ROOT / "tools" / "build_templates.py"
    )
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    sys.modules["build_templates"] = builder  # dataclasses look their module up there
    try:
        spec.loader.exec_module(builder)
    finally:
        del sys.modules["build_templates"]
    (report_spec,) = [s for s in builder.SPECS if s.folder == "reports"]
    committed = ROOT / "docgen" / "templates" / "reports" / "report.docx"
    assert builder.build(report_spec) == committed.read_bytes()
