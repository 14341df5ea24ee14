"""Importing a plan's DOCX into data: the rendered examples come back as they were written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docgen.errors import DataError
from docgen.loading import load
from docgen.loading._plan_xlsx import auto_labels
from docgen.model import Numbering, Plan, PlanData
from docgen.options import Options
from docgen.plans.importing import ORGANIZATION_PLACEHOLDER, import_docx, plan_from_docx, summary
from docgen.rendering import render, render_bytes
from tests.conftest import run_cli
from tests.docx_text import tables, text, typeset_all

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
PLANS = ["municipal_plan_tambov.yaml", "rasporyazhenie_408.yaml", "order_953.yaml"]


def plan_of(path: Path) -> PlanData:
    """The plan of an example: a plan file, or the plan in an order's first appendix."""
    data = load(path)
    if isinstance(data, PlanData):
        return data
    plan = data.document.appendices[0].plan
    assert plan is not None
    return PlanData(organization=data.organization, people=data.people, plan=plan)


def printed(plan: Plan) -> list[Any]:
    """The body as the table shows it: numbers as printed, texts, indicators, nesting.

    Auto numbering and given numbers that print the same compare equal.
    """
    raw = plan.model_dump(mode="python", by_alias=True)
    direction_column = any(c.key == "direction" for c in plan.columns)
    auto = {
        id(item): label
        for item, label in auto_labels(
            raw["body"],
            direction_column=direction_column,
            section_dot=plan.section_dot,
            activity_dot=plan.activity_dot,
        )
    }

    def label(item: dict[str, Any], in_direction: bool = False) -> str:
        if in_direction and direction_column:
            return ""
        if plan.numbering is Numbering.GIVEN:
            return str(item.get("number") or "")
        return str(item["number"]) if item.get("number") is not None else auto[id(item)]

    def activity(item: dict[str, Any], in_direction: bool = False) -> tuple[Any, ...]:
        return (
            "activity",
            label(item, in_direction),
            item["title"],
            item["deadline"],
            # an activity without responsible prints the plan's default ones
            item["responsible"] if item["responsible"] is not None else plan.default_responsible,
            item["result"],
            tuple(item["indicators"]),
            item["cells"],
        )

    def walk(items: list[dict[str, Any]]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if "section" in item:
                out.append(("section", label(item), item["section"], walk(item["items"])))
            elif "direction" in item:
                out.append(
                    (
                        "direction",
                        label(item),
                        item["direction"],
                        [activity(a, True) for a in item["activities"]],
                    )
                )
            else:
                out.append(activity(item))
        return out

    return walk(raw["body"])


def plan_table(path: Path, header: list[str]) -> list[list[str]]:
    """The table of the document whose first row is the plan's header (as the document sets it:
    the import reads no-break spaces as spaces, typography puts them back)."""
    return next(t for t in tables(path) if t and t[0] == typeset_all(header))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example rendered once, as `docgen render` makes it."""
    folder = tmp_path_factory.mktemp("rendered")
    return {
        name: render(EXAMPLES / name, Options(output_dir=folder / name)).docx
        for name in [*PLANS, "plan_template.xlsx"]
    }


# ------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", PLANS)
def test_the_imported_body_is_the_original(rendered: dict[str, Path], name: str) -> None:
    original = plan_of(EXAMPLES / name).plan
    imported = import_docx(rendered[name]).plan
    # the same text as the document sets it: typography is docgen's, not the data's
    assert typeset_all(printed(imported)) == typeset_all(printed(original))
    assert imported.title == original.title
    assert [(c.key, c.heading) for c in imported.columns] == [
        (c.key, c.heading) for c in original.columns
    ]


@pytest.mark.parametrize("name", PLANS)
def test_the_imported_plan_renders_the_same_table_and_text(
    rendered: dict[str, Path], name: str, tmp_path: Path
) -> None:
    first = rendered[name]
    imported = import_docx(first)
    second = tmp_path / "again.docx"
    second.write_bytes(render_bytes(imported, Options()).content)
    header = [c.heading for c in imported.plan.columns]
    assert plan_table(second, header) == plan_table(first, header)
    # the plan's title, its intro and its table read the same (an order has its text before)
    assert text(first).endswith(text(second))


@pytest.mark.parametrize(
    ("name", "numbering", "dots", "section_row", "organization"),
    [
        ("municipal_plan_tambov.yaml", "auto", (True, True), "span", ORGANIZATION_PLACEHOLDER),
        (
            "rasporyazhenie_408.yaml",
            "given",
            (True, False),
            "number_apart",
            "ЦЕНТРАЛЬНОЕ УПРАВЛЕНИЕ",
        ),
        ("order_953.yaml", "given", (True, False), "span", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"),
    ],
)
def test_numbering_section_rows_and_the_author_are_recognized(
    rendered: dict[str, Path],
    name: str,
    numbering: str,
    dots: tuple[bool, bool],
    section_row: str,
    organization: str,
) -> None:
    data = import_docx(rendered[name])
    plan = data.plan
    assert (plan.numbering, (plan.section_dot, plan.activity_dot), plan.section_row) == (
        numbering,
        dots,
        section_row,
    )
    assert data.organization.name == organization
    assert plan.landscape is None  # landscape, as a plan with a table is by default
    if numbering == "auto":  # numbers that auto numbering prints are not kept
        assert all(item.number is None for item in plan.body)


def test_the_order_header_gives_the_organization(rendered: dict[str, Path]) -> None:
    organization = import_docx(rendered["order_953.yaml"]).organization
    assert organization.parent == (
        "администрации Старооскольского городского округа Белгородской области"
    )
    assert organization.header == ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", organization.parent]
    superior = import_docx(rendered["rasporyazhenie_408.yaml"]).organization.superior
    assert superior == "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ САМАРСКОЙ ОБЛАСТИ"


def test_the_intro_is_the_text_between_the_title_and_the_table(
    rendered: dict[str, Path],
) -> None:
    intro = import_docx(rendered["order_953.yaml"]).plan.intro
    assert intro[0].heading == "Пояснительная записка"
    assert intro[2].paragraph is not None and intro[2].paragraph.startswith(
        "– обеспечение вхождения Российской Федерации"
    )
    assert intro[-1].paragraph is not None and intro[-1].paragraph.startswith(
        "– непрерывное психолого-педагогическое сопровождение"
    )
    assert import_docx(rendered["municipal_plan_tambov.yaml"]).plan.intro == []


def test_the_indicators_table_and_its_title_are_imported(rendered: dict[str, Path]) -> None:
    original = load(EXAMPLES / "plan_template.xlsx")
    assert isinstance(original, PlanData)
    imported = import_docx(rendered["plan_template.xlsx"]).plan
    assert imported.indicators == [
        indicator.model_copy(update={"key": None}) for indicator in original.plan.indicators
    ]
    assert imported.indicators_title == "Целевые показатели"
    assert typeset_all(printed(imported)) == typeset_all(
        printed(
            original.plan.model_copy(
                update={
                    "body": [
                        section.model_copy(
                            update={
                                "items": [
                                    item.model_copy(
                                        update={
                                            "responsible": _short(item.responsible),
                                            "deadline": "01.10.2024"
                                            if item.deadline and not isinstance(item.deadline, str)
                                            else item.deadline,
                                        }
                                    )
                                    for item in section.items  # type: ignore[union-attr]
                                ]
                            }
                        )
                        for section in original.plan.body
                    ]
                }
            )
        )
    )


def _short(responsible: Any) -> Any:
    """People's keys print as their short names in the table."""
    names = {
        "sokolov": "Соколов\u00a0А.В.",
        "petrova": "Петрова\u00a0Е.С.",
        "ivanova": "Иванова\u00a0М.О.",
    }
    return names.get(responsible, responsible)


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
@pytest.mark.parametrize("name", PLANS)
def test_an_imported_plan_is_written_and_read_back_equal(
    rendered: dict[str, Path], name: str, suffix: str, tmp_path: Path
) -> None:
    from docgen.plans.exporting import export_plan

    imported = import_docx(rendered[name])
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(export_plan(imported, suffix))
    assert load(path) == imported


def test_the_summary_counts_sections_activities_and_rows(rendered: dict[str, Path]) -> None:
    found = {name: summary(import_docx(rendered[name])) for name in PLANS}
    assert found == {
        "municipal_plan_tambov.yaml": (
            "разделов: 10, мероприятий: 22, строк показателей: 26, гриф утверждения"
        ),
        "rasporyazhenie_408.yaml": (
            "разделов: 3, направлений: 13, мероприятий: 61, строк показателей: 61, гриф утверждения"
        ),
        "order_953.yaml": "разделов: 7, мероприятий: 33, строк показателей: 33",
    }


# -------------------------------------------------------------------- a document made in Word


def _merge_down(table: Any, column: int, first: int, last: int) -> None:
    table.cell(first, column).merge(table.cell(last, column))


def word_document(path: Path) -> Path:
    """A plan as people type it: a stamp, a title, a table split by a page, a bold section."""
    document = Document()
    document.add_paragraph("УТВЕРЖДАЮ")
    document.add_paragraph("Директор школы")
    document.add_paragraph("")
    for line in ("ПЛАН", "мероприятий на 2024 год"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    document.add_paragraph("Вводный абзац.")
    header = ["№ п/п", "Мероприятие", "Показатели", "Срок", "Примечание"]
    first = document.add_table(rows=7, cols=5)
    for column, heading in enumerate(header):
        first.cell(0, column).text = heading
    for column, value in enumerate(["1", "2", "3", "4", "5"]):
        first.cell(1, column).text = value  # the columns numbered under the header
    section = first.cell(2, 0).merge(first.cell(2, 4))
    section.text = "1. Работа с кадрами"
    for column, value in enumerate(["1.1.", "Совещание", "Число совещаний", "май", "очно"]):
        first.cell(3, column).text = value
    first.cell(4, 2).text = "Доля участников"
    for column in (0, 1, 3, 4):
        _merge_down(first, column, 3, 4)
    for column, heading in enumerate(header):
        first.cell(5, column).text = heading  # the header typed again where a page began
    for column, value in enumerate(["1.2.", "Педсовет", "", "июнь", ""]):
        first.cell(6, column).text = value
    document.add_paragraph("")
    second = document.add_table(rows=4, cols=5)  # the same table after a page break
    for column, heading in enumerate(header):
        second.cell(0, column).text = heading
    second.cell(1, 0).text = "2."
    bold = second.cell(1, 1).paragraphs[0].add_run("Работа с родителями")
    bold.bold = True
    for column, value in enumerate(["2.1.", "Собрание", "", "декабрь", ""]):
        second.cell(2, column).text = value
    second.cell(3, 2).text = "Явка родителей"  # an indicator without merged cells
    document.save(str(path))
    return path


def test_a_table_split_by_a_page_with_merges_typed_in_word(tmp_path: Path) -> None:
    data = import_docx(word_document(tmp_path / "plan.docx"))
    plan = data.plan
    assert plan.title == "ПЛАН\nмероприятий на 2024 год"
    assert [b.paragraph for b in plan.intro] == ["Вводный абзац."]
    assert [(c.key, c.heading) for c in plan.columns] == [
        ("number", "№ п/п"),
        ("title", "Мероприятие"),
        ("indicators", "Показатели"),
        ("deadline", "Срок"),
        ("примечание", "Примечание"),
    ]
    assert printed(plan) == [
        (
            "section",
            "1.",
            "Работа с кадрами",
            [
                (
                    "activity",
                    "1.1.",
                    "Совещание",
                    "май",
                    None,
                    None,
                    ("Число совещаний", "Доля участников"),
                    {"примечание": "очно"},
                ),
                ("activity", "1.2.", "Педсовет", "июнь", None, None, (), {}),
            ],
        ),
        (
            "section",
            "2.",
            "Работа с родителями",
            [
                ("activity", "2.1.", "Собрание", "декабрь", None, None, ("Явка родителей",), {}),
            ],
        ),
    ]
    assert (plan.numbering, plan.section_row) == ("auto", "span")
    assert plan.landscape is False  # Word's new document is portrait
    assert data.organization.name == ORGANIZATION_PLACEHOLDER


# ----------------------------------------------------------------------------------- errors


def test_not_a_docx_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"не удалось открыть документ: это не файл Word \.docx"):
        plan_from_docx(b"plain text", "x.docx")


def test_a_document_without_a_plan_table(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("Письмо без таблицы.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Директор"
    document.save(str(path))
    with pytest.raises(DataError, match="в документе нет таблицы плана"):
        import_docx(path)


def test_an_old_doc_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match=r"формат \.doc \(Word 97–2003\) не читается"):
        import_docx(path)


# -------------------------------------------------------------------------------------- CLI


run = run_cli


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_cli_import_writes_the_data_and_a_summary(
    rendered: dict[str, Path], suffix: str, tmp_path: Path
) -> None:
    target = tmp_path / "out" / f"plan{suffix}"
    code, out, err = run("import", str(rendered["municipal_plan_tambov.yaml"]), "-o", str(target))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        str(target),
        "разделов: 10, мероприятий: 22, строк показателей: 26, гриф утверждения",
    ]
    data = load(target)
    assert isinstance(data, PlanData)
    assert typeset_all(printed(data.plan)) == typeset_all(
        printed(plan_of(EXAMPLES / "municipal_plan_tambov.yaml").plan)
    )
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left
    code, out, _ = run("check", str(target))
    assert code == 0


def test_cli_import_rejects_an_unknown_output_format(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "plan.txt"
    code, out, err = run("import", str(rendered["order_953.yaml"]), "-o", str(target))
    assert code == 1 and out == ""
    assert err == (
        f"ошибка: {target}: неизвестный формат файла «.txt»: ожидается .yaml, .yml или .xlsx\n"
    )
    assert not target.exists()


def test_cli_import_of_what_is_not_a_docx_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "plan.docx"
    source.write_text("organization: {}\n", encoding="utf-8")
    code, out, err = run("import", str(source), "-o", str(tmp_path / "plan.yaml"))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"ошибка: {source}: не удалось открыть документ: это не файл Word")
    assert "Traceback" not in err


def test_cli_import_of_a_missing_file(tmp_path: Path) -> None:
    source = tmp_path / "none.docx"
    code, _, err = run("import", str(source), "-o", str(tmp_path / "plan.yaml"))
    assert (code, err) == (1, f"ошибка: {source}: файл не найден\n")


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
@pytest.mark.parametrize(
    "deadline", ["2026", "ноябрь-декабрь 2022 года-январь-март 2023 года", "Осень 2024 г."]
)
def test_a_plan_with_a_year_for_a_deadline_is_imported_and_read_back(
    tmp_path: Path, deadline: str, suffix: str
) -> None:
    from docgen.plans.exporting import export_plan

    source = tmp_path / "plan.yaml"
    data = {
        "organization": {"name": "Отдел образования администрации Тамбовского района"},
        "plan": {
            "title": "План мероприятий",
            "body": [{"title": "Мероприятие", "deadline": deadline, "responsible": "Отдел"}],
        },
    }
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    imported = import_docx(render(source, Options(output_dir=tmp_path / "out")).docx)
    path = tmp_path / f"imported{suffix}"
    path.write_bytes(export_plan(imported, suffix))
    loaded = load(path)
    assert loaded == imported
    assert isinstance(loaded, PlanData)
    again = render(path, Options(output_dir=tmp_path / "again")).docx
    assert tables(again)[0][1][2] == typeset_all(deadline)
