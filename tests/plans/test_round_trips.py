"""Every plan docgen renders goes to the plan workbook and back, and from its DOCX back to data.

Two round trips for each plan of the examples (the four seed plans among them: the school's
plan without a table, the municipal plan, the school roadmap made from it and the approving
order's roadmap) and for a roadmap of stages, tracks and levels with numbering that restarts:

* YAML → XLSX → YAML (``docgen import plan.yaml -o plan.xlsx``) gives the same data;
* render → import → render gives the same text and tables, and the import finds the stamp,
  the agreements, the footnotes, the nesting and the numbering mode.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.errors import DocgenError
from docgen.loading import load
from docgen.loading._plan_xlsx import deadline_fields, deadline_text
from docgen.model import INDICATOR_HEADINGS, Indicator, IndicatorSection, PlanData, Section
from docgen.options import Options
from docgen.plans.exporting import export_plan
from docgen.plans.importing import import_docx, read_plan, summary
from docgen.rendering import render_bytes
from tests.conftest import EXAMPLES, run_cli, write_workbook
from tests.docx_text import lines, tables

#: A school roadmap of the real shape: stages (Roman), tracks inside a stage, levels inside a
#: track, numbers that restart in every block, a stamp as written on paper, an agreement, a
#: footnote in a cell, deadlines that are a year or a phrase, indicators by year.
ROADMAP: dict[str, Any] = {
    "organization": {
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 5»",
        "short_name": "МБОУ «СОШ № 5»",
    },
    "approval": {
        "lines": ["УТВЕРЖДАЮ", "Директор МБОУ «СОШ № 5»", "________________ И.И. Иванова"],
        "agreed": [{"lines": ["Педагогическим советом", "протокол от 29.08.2024 № 1"]}],
    },
    "plan": {
        "title": "Дорожная карта\nпо введению ФОП",
        "numbering": "restart",
        "section_numerals": "roman",
        "columns": [
            {"number": "№"},
            {"title": "Мероприятие"},
            {"deadline": "Срок"},
            {"responsible": "Ответственный"},
            {"result": "Результат"},
        ],
        "footnotes": {"1": "По плану-графику муниципалитета."},
        "body": [
            {
                "section": "Подготовительный этап",
                "items": [
                    {
                        "title": "Приказ о рабочей группе",
                        "deadline": "2026",
                        "responsible": "Директор",
                    },
                    {"title": "Анализ ресурсов[^1]", "deadline": "Ежегодно, май, с 2024 год"},
                ],
            },
            {
                "section": "Основной этап",
                "items": [
                    {"title": "Совещание", "deadline": "По отдельному графику"},
                    {
                        "section": "Трек 1. Учитель",
                        "items": [
                            {"title": "Курсы повышения квалификации"},
                            {
                                "section": "Базовый уровень",
                                "items": [{"title": "Семинар"}, {"title": "Вебинар"}],
                            },
                            {
                                "section": "Продвинутый уровень",
                                "items": [{"title": "Стажировка"}],
                            },
                        ],
                    },
                    {"section": "Трек 2. Ученик", "items": [{"title": "Олимпиада"}]},
                ],
            },
        ],
        "indicators_title": "Показатели дорожной карты",
        "indicators": [
            {
                "name": "Доля учителей, прошедших курсы",
                "unit": "%",
                "targets": {2025: 15.5, 2026: 40},
            },
            {"name": "Число семинаров", "unit": "ед.", "targets": {2025: 2, 2026: 4}},
        ],
    },
}

#: Numbers as a source prints them, neither auto nor restart: kept as given, nesting kept.
GIVEN: dict[str, Any] = {
    "organization": {"name": "Отдел образования"},
    "plan": {
        "title": "План",
        "numbering": "given",
        "body": [
            {"section": "Раздел А", "number": "I.", "items": [{"title": "Первое", "number": "1а"}]},
            {
                "section": "Раздел Б",
                "number": "II.",
                "items": [{"title": "Второе", "number": "1"}, {"title": "Третье", "number": "1"}],
            },
        ],
    },
}

EXAMPLE_PLANS = [
    "plan_tutaev.yaml",
    "municipal_plan_tambov.yaml",
    "school_roadmap_sosh2.yaml",
    "order_953.yaml",
    "rasporyazhenie_408.yaml",
    "plan_template.xlsx",
    "school_roadmap_stages.yaml",
]
INLINE = {"roadmap.yaml": ROADMAP, "given.yaml": GIVEN}


def source(name: str, folder: Path) -> Path:
    """The file of a plan: an example, or one of this module's plans written as YAML."""
    if name in INLINE:
        path = folder / name
        path.write_text(yaml.safe_dump(INLINE[name], allow_unicode=True), "utf-8")
        return path
    return EXAMPLES / name


def same_people(value: Any, key: str = "") -> Any:
    """One person and a list of one are the same «responsible»: a cell holds both as one line."""
    if isinstance(value, dict):
        return {k: same_people(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        if key in ("responsible", "roles") and len(value) == 1:
            return value[0]
        return [same_people(v, key) for v in value]
    return value


def dump(data: PlanData) -> Any:
    return same_people(data.model_dump(mode="python", by_alias=True))


# ------------------------------------------------------------------ YAML → XLSX → YAML


@pytest.mark.parametrize("name", [*EXAMPLE_PLANS, *INLINE])
def test_a_plan_goes_to_the_workbook_and_back_the_same(tmp_path: Path, name: str) -> None:
    path = source(name, tmp_path)
    workbook = tmp_path / "plan.xlsx"
    code, out, err = run_cli("import", str(path), "-o", str(workbook))
    assert (code, err) == (0, ""), err
    assert out.splitlines()[0] == str(workbook)
    original = read_plan(path)
    again = load(workbook)
    assert isinstance(again, PlanData)
    assert dump(again) == dump(original)
    # the same document: values keep their places («15,0»), people and stamps their lines
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    first.write_bytes(render_bytes(original, Options()).content)
    second.write_bytes(render_bytes(again, Options()).content)
    assert lines(second) == lines(first)
    assert tables(second) == tables(first)
    # and the workbook's YAML reads back to the same plan again
    text = tmp_path / "plan.yaml"
    assert run_cli("import", str(workbook), "-o", str(text))[0] == 0
    assert dump(load(text)) == dump(original)


def test_the_school_roadmap_keeps_its_changes_stamp_and_agreement_in_the_workbook(
    tmp_path: Path,
) -> None:
    workbook = tmp_path / "sosh2.xlsx"
    run_cli("import", str(EXAMPLES / "school_roadmap_sosh2.yaml"), "-o", str(workbook))
    data = load(workbook)
    assert isinstance(data, PlanData) and data.school is not None and data.approval is not None
    assert data.approval.lines == [
        "Утверждено",
        "Приказ № 112-од от 02.09.2024",
        "МАОУ «СОШ № 2»",
        "О.Н. Кравченко",
    ]
    assert data.approval.agreed[0].lines == [
        "Управляющим советом МАОУ «СОШ № 2»",
        "протокол от 30.08.2024 № 1",
    ]
    assert data.school.drop == ["1.6"]
    assert data.school.roles["Руководители ОО"] == "kravchenko"
    assert data.school.responsible == {"2.1": ["lysenko", "kravchenko"]}
    deadline = data.school.deadlines["1.1"]
    assert not isinstance(deadline, str) and deadline.until == date(2024, 10, 1)
    added = data.school.add[0]
    assert (added.after, added.activity.title) == (
        "2.2",
        "Профориентационные экскурсии на предприятия Тамбовского района",
    )
    assert not isinstance(added.activity.deadline, str | None)
    assert (added.activity.deadline.start, added.activity.deadline.end) == ("2024-10", "2025-04")
    # rendered from the workbook, the roadmap is the roadmap rendered from YAML
    first = render_bytes(load(EXAMPLES / "school_roadmap_sosh2.yaml"), Options()).content
    second = render_bytes(data, Options()).content
    (tmp_path / "a.docx").write_bytes(first)
    (tmp_path / "b.docx").write_bytes(second)
    assert lines(tmp_path / "b.docx") == lines(tmp_path / "a.docx")


def test_an_order_without_a_plan_is_named(tmp_path: Path) -> None:
    code, _, err = run_cli(
        "import", str(EXAMPLES / "order_template.xlsx"), "-o", str(tmp_path / "p.xlsx")
    )
    assert code != 0 and "в приказе нет плана" in err and "order_template.xlsx" in err
    assert not (tmp_path / "p.xlsx").exists()


# ----------------------------------------------------------- render → import → render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PlanData, Path]]:
    """Each plan and its DOCX rendered as a plan on its own (an order's appendix too)."""
    folder = tmp_path_factory.mktemp("plans")
    result = {}
    for name in [*EXAMPLE_PLANS, *INLINE]:
        data = read_plan(source(name, folder))
        path = folder / f"{name}.docx"
        path.write_bytes(render_bytes(data, Options()).content)
        result[name] = (data, path)
    return result


@pytest.mark.parametrize("name", [*EXAMPLE_PLANS, *INLINE])
def test_render_import_render_gives_the_same_text(
    rendered: dict[str, tuple[PlanData, Path]], name: str, tmp_path: Path
) -> None:
    _, first = rendered[name]
    imported = import_docx(first)
    second = tmp_path / "again.docx"
    second.write_bytes(render_bytes(imported, Options()).content)
    assert lines(second) == lines(first)  # footnote marks and their texts included
    assert tables(second) == tables(first)
    # the imported plan goes to the workbook and back unchanged too
    workbook = tmp_path / "imported.xlsx"
    workbook.write_bytes(export_plan(imported, ".xlsx"))
    assert load(workbook) == imported


def test_the_import_keeps_stages_tracks_levels_and_restart_numbering(
    rendered: dict[str, tuple[PlanData, Path]],
) -> None:
    original, path = rendered["roadmap.yaml"]
    imported = import_docx(path)
    assert (imported.plan.numbering, imported.plan.section_numerals) == ("restart", "roman")
    assert imported.plan.body == original.plan.body  # the same nesting, no numbers kept
    assert imported.approval == original.approval
    assert imported.plan.footnotes == original.plan.footnotes
    assert imported.plan.indicators == original.plan.indicators


def test_numbers_neither_auto_nor_restart_are_kept_as_given(
    rendered: dict[str, tuple[PlanData, Path]],
) -> None:
    original, path = rendered["given.yaml"]
    imported = import_docx(path).plan
    assert imported.numbering == "given"
    assert imported.body == original.plan.body


@pytest.mark.parametrize(
    ("name", "stamp", "agreed"),
    [
        ("plan_tutaev.yaml", ["УТВЕРЖДЕН", "приказом"], []),
        ("municipal_plan_tambov.yaml", ["УТВЕРЖДЕН", "приказом отдела образования"], []),
        ("school_roadmap_sosh2.yaml", ["Утверждено", "Приказ № 112-од"], ["Управляющим"]),
        ("plan_template.xlsx", ["УТВЕРЖДАЮ", "Директор"], []),
    ],
)
def test_the_stamp_and_the_agreements_are_imported_as_written(
    rendered: dict[str, tuple[PlanData, Path]], name: str, stamp: list[str], agreed: list[str]
) -> None:
    approval = import_docx(rendered[name][1]).approval
    assert approval is not None
    assert [line.startswith(word) for line, word in zip(approval.lines, stamp, strict=False)] == [
        True
    ] * len(stamp)
    assert [a.lines[0].split()[0] for a in approval.agreed] == agreed


def test_a_plan_without_a_table_keeps_its_text_and_footnote(
    rendered: dict[str, tuple[PlanData, Path]],
) -> None:
    original, path = rendered["plan_tutaev.yaml"]
    imported = import_docx(path).plan
    assert imported.title == original.plan.title
    assert imported.body == []
    assert list(imported.footnotes.values()) == list(original.plan.footnotes.values())
    assert any("минимума[^1]" in (block.paragraph or "") for block in imported.intro)


# ---------------------------------------------------------------- deadlines in a cell


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"until": date(2024, 10, 1)}, "до: 01.10.2024"),
        ({"from": "2024-10", "to": "2025-04"}, "с: 2024-10\nпо: 2025-04"),
        ({"annually": ["20 декабря", "25 мая"]}, "ежегодно: 20 декабря\nежегодно: 25 мая"),
        (
            {"during": "учебного года", "text": "весь год"},
            "в течение: учебного года\nкак написано: весь год",
        ),
        ({"month": "октябрь 2024"}, "месяц: октябрь 2024"),
    ],
)
def test_a_deadline_with_fields_is_written_in_a_cell_and_read_back(
    fields: dict[str, Any], text: str
) -> None:
    assert deadline_text(fields) == text
    assert deadline_fields(text) == fields


@pytest.mark.parametrize(
    "text", ["до 01.06.2024", "2026", "Ежегодно, май, с 2024 год", "до: 01.06\nи далее"]
)
def test_a_deadline_written_as_text_stays_text(text: str) -> None:
    assert deadline_fields(text) is None


# ---------------------------------------------------------------- the sheets' mistakes


def test_mistakes_on_the_school_and_agreement_sheets_are_named_by_cell(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Организация": [["поле", "значение"], ["название", "Школа № 1"]],
            "План": [["поле", "значение"], ["название", "План"]],
            "Мероприятия": [["номер", "наименование"], ["1", "Совещание"]],
            "Согласовано": [["кто согласовал", "строки", "дата"], ["", "", "вчера"]],
            "Школа": [
                ["изменение", "номер или роль", "значение"],
                ["удалить", "1", ""],
                ["срок", "", "май"],
            ],
        },
    )
    with pytest.raises(DocgenError) as info:
        load(path)
    found = [(p.location.sheet, p.location.cell, p.message) for p in info.value.problems]  # type: ignore[attr-defined]
    assert ("Школа", "A2") in [(sheet, cell) for sheet, cell, _ in found]
    assert any(
        sheet == "Школа" and cell == "B3" and "не указан номер мероприятия" in message
        for sheet, cell, message in found
    )
    assert any(sheet == "Согласовано" for sheet, _, _ in found)


def test_the_import_keeps_the_stages_example_whole(
    rendered: dict[str, tuple[PlanData, Path]],
) -> None:
    """The new example: stages, tracks, levels with their own row styles, restart numbering,
    a free stamp, an indicator table with groups, a group header over the years, «15,0»."""
    original, path = rendered["school_roadmap_stages.yaml"]
    imported = import_docx(path)
    assert summary(imported) == (
        "разделов: 8, мероприятий: 16, строк показателей: 16, "
        "показателей в таблице показателей: 7, гриф утверждения"
    )
    plan, source_plan = imported.plan, original.plan
    assert (plan.numbering, plan.section_numerals) == ("restart", "roman")
    assert plan.section_styles == source_plan.section_styles
    assert imported.approval == original.approval
    assert plan.indicators == source_plan.indicators
    shape, source_shape = plan.indicator_table, source_plan.indicator_table
    assert (shape.numbering, shape.year_heading, shape.section_row) == (
        source_shape.numbering,
        source_shape.year_heading,
        source_shape.section_row,
    )
    assert [(c.key, c.heading) for c in shape.columns] == [
        (c.key, c.heading or INDICATOR_HEADINGS[c.key][0]) for c in source_shape.columns
    ]
    # the nesting: stage II holds an activity, then tracks, the first with two levels
    stage = plan.body[1]
    assert isinstance(stage, Section)
    tracks = [item for item in stage.items if isinstance(item, Section)]
    assert [t.section for t in tracks] == ["Трек «Знание»", "Трек «Воспитание»", "Трек «Здоровье»"]
    assert [level.section for level in tracks[0].items if isinstance(level, Section)] == [
        "Начальное общее образование",
        "Основное и среднее общее образование",
    ]
    # values keep the places the data wrote
    first = plan.indicators[0]
    assert isinstance(first, IndicatorSection) and isinstance(first.items[0], Indicator)
    assert first.items[0].targets[2022] == 45.0
    assert getattr(first.items[0].targets[2022], "places", None) == 1


def test_a_plan_in_two_tables_with_a_heading_between_is_one_body(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    title = document.add_paragraph()
    title.alignment = 1  # centred
    title.add_run("ПЛАН РАБОТЫ").bold = True
    header = ["№ п/п", "Мероприятие", "Срок"]

    def table(rows: list[list[str] | str]) -> None:
        made = document.add_table(rows=len(rows) + 1, cols=3)
        for column, heading in enumerate(header):
            made.cell(0, column).text = heading
        for number, row in enumerate(rows, start=1):
            if isinstance(row, str):  # a section: one cell across the table
                made.cell(number, 0).merge(made.cell(number, 2)).text = row
                continue
            for column, value in enumerate(row):
                made.cell(number, column).text = value

    table(["1. Работа с кадрами", ["1.1", "Совещание", "май"]])
    document.add_paragraph().add_run("2. Работа с родителями").bold = True
    table([["2.1", "Собрание", "декабрь"]])
    document.add_paragraph("Текст после плана.")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    plan = import_docx(path).plan
    assert [
        (s.section, [a.title for a in s.items])  # type: ignore[union-attr]
        for s in plan.body
    ] == [("Работа с кадрами", ["Совещание"]), ("Работа с родителями", ["Собрание"])]
    assert [b.paragraph for b in plan.outro] == ["Текст после плана."]


def test_stamps_side_by_side_in_a_table_above_the_title(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    stamps = document.add_table(rows=1, cols=2)
    stamps.cell(0, 0).text = "СОГЛАСОВАНО\nПредседатель профкома\n______ А.А. Петрова"
    stamps.cell(0, 1).text = "УТВЕРЖДАЮ\nДиректор школы\n______ И.И. Иванов"
    title = document.add_paragraph()
    title.alignment = 1
    title.add_run("ПЛАН").bold = True
    plan_table = document.add_table(rows=2, cols=3)
    for column, value in enumerate(["№", "Мероприятие", "Срок"]):
        plan_table.cell(0, column).text = value
    for column, value in enumerate(["1", "Совещание", "май"]):
        plan_table.cell(1, column).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    data = import_docx(path)
    assert data.plan.title == "ПЛАН"
    assert data.approval is not None
    assert data.approval.lines == ["УТВЕРЖДАЮ", "Директор школы", "______ И.И. Иванов"]
    assert [a.lines for a in data.approval.agreed] == [
        ["Председатель профкома", "______ А.А. Петрова"]
    ]


@pytest.mark.parametrize(
    ("row", "cell", "message"),
    [
        (["", "1", "раздел", "Качество"], "C2", "недопустимое значение «раздел»"),
        (["", "первый", "группа", "Качество"], "B2", "неверный уровень «первый»"),
    ],
)
def test_mistakes_in_indicator_groups_are_named_by_cell(
    tmp_path: Path, row: list[str], cell: str, message: str
) -> None:
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Организация": [["поле", "значение"], ["название", "Школа № 1"]],
            "План": [["поле", "значение"], ["название", "План"]],
            "Показатели": [["№", "уровень", "вид", "наименование", 2025], row],
        },
    )
    with pytest.raises(DocgenError) as info:
        load(path)
    found = [(p.location.sheet, p.location.cell, p.message) for p in info.value.problems]  # type: ignore[attr-defined]
    assert any(
        (sheet, where) == ("Показатели", cell) and text.startswith(message)
        for sheet, where, text in found
    ), found


def test_an_indicator_table_before_the_plan_table_is_imported(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    title = document.add_paragraph()
    title.alignment = 1
    title.add_run("ДОРОЖНАЯ КАРТА").bold = True
    document.add_paragraph().add_run("Целевые показатели").bold = True
    indicators = document.add_table(rows=2, cols=4)
    for column, value in enumerate(["№", "Наименование показателя", "Единица измерения", "2025"]):
        indicators.cell(0, column).text = value
    for column, value in enumerate(["1.", "Доля учителей", "%", "15,0"]):
        indicators.cell(1, column).text = value
    document.add_paragraph("Вводный абзац.")
    plan_table = document.add_table(rows=2, cols=3)
    for column, value in enumerate(["№", "Мероприятие", "Срок"]):
        plan_table.cell(0, column).text = value
    for column, value in enumerate(["1", "Совещание", "май"]):
        plan_table.cell(1, column).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    plan = import_docx(path).plan
    assert plan.title == "ДОРОЖНАЯ КАРТА"
    assert plan.indicators_title == "Целевые показатели"
    assert [b.paragraph for b in plan.intro] == ["Вводный абзац."]
    (indicator,) = plan.indicators
    assert isinstance(indicator, Indicator)
    assert (indicator.name, indicator.unit, indicator.targets) == (
        "Доля учителей",
        "%",
        {2025: 15.0},
    )
    assert getattr(indicator.targets[2025], "places", None) == 1
    assert [a.title for a in plan.body] == ["Совещание"]  # type: ignore[union-attr]
