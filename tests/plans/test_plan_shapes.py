"""Plans of real shapes: block rows styled by level, indicator tables with groups, headings,
dropped columns and values printed with the precision the data gives (issue 15, items 3, 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from docgen.errors import InvalidDataError
from docgen.grammar.typography import NBSP
from docgen.model import IndicatorSection, Measured, Plan, RowStyle, all_indicators
from docgen.options import Options
from docgen.rendering import check, render
from tests.conftest import run_cli
from tests.docx_text import W, normalized, tables
from tests.plans.test_plans import EXAMPLES, cells_of, rendered, rows_xml, write

# ------------------------------------------------------------------ block rows by their level

NESTED: dict[str, Any] = {
    "title": "Дорожная карта",
    "period": "2022-2026 годы",
    "numbering": "restart",
    "section_numerals": "roman",
    "body": [
        {
            "section": "Основной этап",
            "items": [
                {
                    "section": "Трек «Знание»",
                    "items": [
                        {
                            "section": "Начальное общее образование",
                            "items": [
                                {"section": "Классы 1-2", "items": [{"title": "Урок"}]},
                            ],
                        }
                    ],
                }
            ],
        }
    ],
}


def run_look(tc: etree._Element) -> set[str]:
    """The formatting of a cell's text: b, i, caps (the run properties that are switched on)."""
    run = tc.find(f"{W}p/{W}r/{W}rPr")
    if run is None:
        return set()
    return {etree.QName(e).localname for e in run} & {"b", "i", "caps"}


def align_of(tc: etree._Element) -> str:
    return tc.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val")


@pytest.mark.parametrize(
    ("styles", "looks"),
    [
        # no styles: every block row bold at the left, as before
        (None, [({"b"}, "left")] * 4),
        (
            ["bold caps center", "bold", "italic"],
            [({"b", "caps"}, "center"), ({"b"}, "left"), ({"i"}, "left"), ({"i"}, "left")],
        ),
        (
            ["прописные полужирный по центру", "курсив", "обычный"],
            [({"b", "caps"}, "center"), ({"i"}, "left"), (set(), "left"), (set(), "left")],
        ),
        ("italic", [({"i"}, "left")] * 4),  # one style for every level
        ({"bold": True, "align": "center"}, [({"b"}, "center")] * 4),
        (
            [{"bold": True, "italic": True}, {"caps": True, "align": "center"}],
            # the last style given serves the deeper levels too
            [({"b", "i"}, "left"), *[({"caps"}, "center")] * 3],
        ),
    ],
)
def test_block_rows_take_the_style_of_their_level(
    tmp_path: Path, styles: Any, looks: list[tuple[set[str], str]]
) -> None:
    plan = {**NESTED, **({"section_styles": styles} if styles is not None else {})}
    rows = rows_xml(rendered(tmp_path, plan))
    blocks = [row for row in rows[1:] if len(row.findall(f"{W}tc")) == 1]
    assert [cells_of(row)[0][0] for row in blocks] == [
        "I. Основной этап",
        "1. Трек «Знание»",
        "1. Начальное общее образование",
        "1. Классы 1-2",
    ]
    assert [(run_look(row.find(f"{W}tc")), align_of(row.find(f"{W}tc"))) for row in blocks] == looks


def test_a_styled_row_apart_styles_its_number_and_its_name(tmp_path: Path) -> None:
    plan = {**NESTED, "section_row": "number_apart", "section_styles": ["italic center"]}
    row = rows_xml(rendered(tmp_path, plan))[1]
    number, name = row.findall(f"{W}tc")
    assert (cells_of(row)[0][0], cells_of(row)[1][0]) == ("I.", "Основной этап")
    assert (run_look(number), align_of(number)) == ({"i"}, "left")
    assert (run_look(name), align_of(name)) == ({"i"}, "center")


def test_caps_keeps_the_letters_of_the_text(tmp_path: Path) -> None:
    """Word shows the row in capitals; the text stays as written (import reads it back)."""
    plan = {**NESTED, "section_styles": ["bold caps"]}
    assert tables(rendered(tmp_path, plan))[0][1] == ["I. Основной этап"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bold caps", RowStyle(bold=True, caps=True)),
        ("Полужирный, курсив", RowStyle(bold=True, italic=True)),
        ("по центру прописные", RowStyle(caps=True, align="center")),  # type: ignore[arg-type]
        ("plain", RowStyle()),
        ({"italic": True}, RowStyle(italic=True)),
    ],
)
def test_a_row_style_in_words(value: Any, expected: RowStyle) -> None:
    assert RowStyle.model_validate(value) == expected


def test_an_unknown_style_word_is_named_at_its_key(tmp_path: Path) -> None:
    path = write(tmp_path, {**NESTED, "section_styles": ["bold", "подчёркнутый"]})
    with pytest.raises(InvalidDataError) as info:
        check(path, Options(output_dir=tmp_path / "out"))
    message = str(info.value)
    assert "plan.section_styles[1]" in message
    assert "«подчёркнутый» — не стиль строки" in message


# ----------------------------------------------------------------------- the indicator table

INDICATORS: list[dict[str, Any]] = [
    {
        "section": "Качество образования",
        "items": [
            {"name": "Доля отличников", "unit": "%", "targets": {2022: "15,0", 2023: 16}},
            {"name": "Средний балл ЕГЭ", "unit": "балл", "targets": {2022: 68.5, 2023: "нет"}},
        ],
    },
    {
        "section": "Кадры",
        "items": [
            {
                "section": "Квалификация",
                "items": [{"name": "Доля педагогов с категорией", "targets": {2023: 40}}],
            },
            {"name": "Число молодых педагогов", "unit": "чел.", "baseline": 3},
        ],
    },
]


def indicator_rows(tmp_path: Path, **table: Any) -> list[list[str]]:
    plan = {
        "title": "План",
        "indicators": INDICATORS,
        **({"indicator_table": table} if table else {}),
    }
    return [[normalized(c) for c in row] for row in tables(rendered(tmp_path, plan))[0]]


@pytest.mark.parametrize(
    ("numbering", "numbers"),
    [
        # groups and indicators: 1. group, 1.1. its indicator …
        ("auto", ["1.", "1.1.", "1.2.", "2.", "2.1.", "2.1.1.", "2.2."]),
        # only the groups: indicators have no number
        ("sections", ["1.", "", "", "2.", "2.1.", "", ""]),
        # as the data gives them: none were given
        ("given", ["", "", "", "", "", "", ""]),
    ],
)
def test_indicator_groups_and_their_numbers(
    tmp_path: Path, numbering: str, numbers: list[str]
) -> None:
    rows = indicator_rows(tmp_path, numbering=numbering)
    assert rows[0] == [
        "№ п/п",
        "Наименование показателя",
        "Единица измерения",
        "Базовое значение",
        "2022 год",
        "2023 год",
    ]
    assert [row[0] for row in rows[1:]] == numbers
    # a group: its number in the № column, its name across the rest of the row
    assert [row[1] for row in rows[1:] if len(row) == 2] == [
        "Качество образования",
        "Кадры",
        "Квалификация",
    ]


def test_a_group_row_spans_the_rest_of_the_row_and_keeps_with_the_next(tmp_path: Path) -> None:
    plan = {"title": "План", "indicators": INDICATORS}
    rows = rows_xml(rendered(tmp_path, plan))
    assert cells_of(rows[1]) == [("1.", 1, None), ("Качество образования", 5, None)]
    assert rows[1].find(f"{W}tc/{W}p/{W}pPr/{W}keepNext") is not None
    number, name = rows[1].findall(f"{W}tc")
    assert (run_look(number), align_of(number)) == ({"b"}, "center")  # like the indicators'
    assert (run_look(name), align_of(name)) == ({"b"}, "left")


def test_a_group_row_across_the_whole_width_in_its_style(tmp_path: Path) -> None:
    plan = {
        "title": "План",
        "indicators": INDICATORS,
        "indicator_table": {"section_row": "span", "section_styles": ["bold", "italic"]},
    }
    rows = rows_xml(rendered(tmp_path, plan))
    groups = [row for row in rows if len(row.findall(f"{W}tc")) == 1]
    assert [cells_of(row) for row in groups] == [
        [("1. Качество образования", 6, None)],
        [("2. Кадры", 6, None)],
        [("2.1. Квалификация", 6, None)],
    ]
    assert [run_look(row.find(f"{W}tc")) for row in groups] == [{"b"}, {"b"}, {"i"}]


def test_dropped_columns_headings_and_a_group_header_over_the_years(tmp_path: Path) -> None:
    plan = {
        "title": "План",
        "indicators": INDICATORS,
        "indicator_table": {
            "numbering": "sections",
            "columns": [
                {"number": "№"},
                {"key": "name", "heading": "Показатель", "width": 8},
                {"years": "Плановые значения"},
            ],
            "year_heading": "{year}",
        },
    }
    rows = rows_xml(rendered(tmp_path, plan))
    assert cells_of(rows[0]) == [
        ("№", 1, "restart"),
        ("Показатель", 1, "restart"),
        ("Плановые значения", 2, None),
    ]
    # the headings beside the group header stand in the middle of both rows
    valign = [tc.find(f"{W}tcPr/{W}vAlign") for tc in rows[0].findall(f"{W}tc")]
    assert [v.get(f"{W}val") if v is not None else None for v in valign] == [
        "center",
        "center",
        None,
    ]
    continued = ("", 1, "continue")
    assert cells_of(rows[1]) == [continued, continued, ("2022", 1, None), ("2023", 1, None)]
    # both header rows repeat on every page
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows[:3]] == [True, True, False]
    assert cells_of(rows[3])[:2] == [("", 1, None), ("Доля отличников", 1, None)]
    assert len(cells_of(rows[3])) == 4  # no unit, no baseline
    # the name column has the width it was given: 8 of 8 + 0.7 + 2 × 1.3
    grid = [int(c.get(f"{W}w")) for c in rows[0].getparent().iter(f"{W}gridCol")]
    assert grid[1] / sum(grid) == pytest.approx(8 / (8 + 0.7 + 2.6), abs=0.001)


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("15,0", "15,0"),  # the places the data wrote
        ("15.0", "15,0"),  # YAML's unquoted 15.0 is read as written
        (15.0, "15,0"),
        (15, "15"),
        ("72,25", "72,25"),
        ("0,50", "0,50"),
        ("12345,5", f"12{NBSP}345,5"),  # a 4-digit number is not grouped
        ("-2,0", "−2,0"),
        ("1e-3", "1e-3"),  # not a number as docgen reads them: a text, printed as written
        ("не менее 80", "не менее 80"),
    ],
)
def test_values_keep_the_precision_the_data_gives(tmp_path: Path, value: Any, printed: str) -> None:
    plan = {"title": "План", "indicators": [{"name": "Доля", "baseline": value, "targets": {}}]}
    rows = tables(rendered(tmp_path, plan))[0]
    assert normalized(rows[1][3]) == normalized(printed)


@pytest.mark.parametrize(
    ("value", "places"),
    [("15,0", 1), ("15.00", 2), (15.0, 1), (15.25, 2), (0.001, 3), ("7", 0), (7, 0)],
)
def test_the_places_of_a_value_as_written(value: Any, places: int) -> None:
    """The library gives floats: their shortest form is how they were written."""
    plan = Plan.model_validate({"title": "План", "indicators": [{"name": "Д", "baseline": value}]})
    (indicator,) = all_indicators(plan.indicators)
    assert getattr(indicator.baseline, "places", 0) == places
    assert float(indicator.baseline or 0) == float(str(value).replace(",", "."))


def test_a_json_plan_prints_its_values_as_written(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(
        '{"organization": {"name": "Управление образования"}, "plan": {"title": "План", '
        '"indicators": [{"name": "Доля", "baseline": 15.0, "targets": {"2024": 16.50}}]}}',
        "utf-8",
    )
    out = render(path, Options(output_dir=tmp_path / "out")).docx
    assert tables(out)[0][1][3:] == ["15,0", "16,50"]


def test_a_school_copy_keeps_the_places_of_its_values() -> None:
    """A school's roadmap validates the plan again: «15,0» must not become «15»."""
    plan = Plan.model_validate(
        {
            "title": "План",
            "indicators": [{"section": "Г", "items": [{"name": "Д", "baseline": "15,0"}]}],
        }
    )
    again = Plan.model_validate(plan.model_dump())
    (indicator,) = all_indicators(again.indicators)
    assert isinstance(indicator.baseline, Measured)
    assert (indicator.baseline, indicator.baseline.places) == (15.0, 1)
    assert isinstance(again.indicators[0], IndicatorSection)


def test_a_school_drops_a_group_none_of_whose_indicators_are_for_it(tmp_path: Path) -> None:
    indicators = [
        {"section": "Начальная школа", "items": [{"name": "Доля читающих", "schools": "НОО"}]},
        {"section": "Старшая школа", "items": [{"name": "Доля профильных", "schools": "СОО"}]},
    ]
    plan = {"title": "План", "indicators": indicators}  # no body: no activities to change
    path = rendered(tmp_path, plan, school={"type": "НОШ"})
    rows = tables(path)[0]
    assert [row[1] for row in rows[1:]] == ["Начальная школа", "Доля читающих"]


@pytest.mark.parametrize(
    ("table", "where", "message"),
    [
        ({"year_heading": "год"}, "plan.indicator_table", "нужно место для года: {year}"),
        ({"columns": ["number", "unit"]}, "plan.indicator_table", "нужен столбец name"),
        ({"columns": ["name", "unit", "unit"]}, "plan.indicator_table", "указан дважды: unit"),
        ({"columns": ["name", "goal"]}, "plan.indicator_table.columns[1].key", "goal"),
        ({"numbering": "all"}, "plan.indicator_table.numbering", "all"),
    ],
)
def test_a_bad_indicator_table_is_named_in_russian(
    tmp_path: Path, table: dict[str, Any], where: str, message: str
) -> None:
    path = write(tmp_path, {"title": "План", "indicators": INDICATORS, "indicator_table": table})
    code, out, err = run_cli("check", str(path))
    assert code != 0
    assert "Traceback" not in out + err
    assert where in out + err
    assert message in out + err


# -------------------------------------------------------------------------- the new example


def test_the_stages_example_renders_without_warnings_in_its_shape(tmp_path: Path) -> None:
    example = EXAMPLES / "school_roadmap_stages.yaml"
    assert check(example, Options(output_dir=tmp_path)) == []
    code, out, err = run_cli("render", str(example), "-o", str(tmp_path))
    assert code == 0, err
    assert "предупреждение" not in out + err
    (docx,) = tmp_path.glob("*.docx")
    plan, indicators = ([[normalized(c) for c in row] for row in t] for t in tables(docx))
    blocks = [row[0] for row in plan if len(row) == 1]
    assert blocks[:4] == [
        "I. Подготовительный этап (2022 год)",
        "II. Основной этап (2023-2025 годы)",
        "2. Трек «Знание»",
        "1. Начальное общее образование",
    ]
    # numbering restarts in every block: stage I has 1-4, a level 1-2
    assert [row[0] for row in plan[2:6]] == ["1", "2", "3", "4"]
    assert indicators[0][:3] == ["№ п/п", "Наименование показателя", "Ед. изм."]
    assert indicators[0][3] == "Плановые значения по годам"
    assert indicators[1][3:] == ["2022", "2023", "2024", "2025", "2026"]
    assert indicators[2][:2] == ["1.", "Качество образования"]
    assert indicators[3][0] == ""  # only the groups are numbered
    assert indicators[3][3] == "45,0"
