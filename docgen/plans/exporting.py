"""A plan as a data file again: YAML to read and edit, or the Excel workbook docgen reads.

Why: a plan imported from an old DOCX (:mod:`docgen.plans.importing`) or built by a program should
become a file an administrator keeps editing, and reading that file back must give the same
plan. So the workbook is exactly the layout :mod:`docgen.loading._plan_xlsx` reads, and what
that layout cannot hold (sources, footnotes, a school's changes, structured deadlines) is
reported instead of being dropped. The same plan always gives the same bytes: no clock in
the workbook's properties or in its zip entries.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from docgen.errors import DataError, DocgenError, InvalidDataError, Location
from docgen.loading import _sheets as xl
from docgen.loading._common import KeyPath, format_path
from docgen.loading._order_xlsx import _ORG_FIELDS, PEOPLE, _next_numbers
from docgen.loading._plan_xlsx import (
    ACTIVITY_COLUMNS,
    AGREED,
    CHOICES,
    COLUMN_KEYS,
    COLUMNS,
    FOOTNOTES,
    INDICATOR_COLUMN_KEYS,
    INDICATORS,
    LIST_NAMES,
    PLAN_FIELDS,
    PLAN_SHEETS,
    SCHOOL,
    SOURCES,
    TEXTS,
    auto_labels,
    choice_words,
    deadline_fields,
    deadline_text,
    number_parts,
)
from docgen.model import (
    Block,
    IndicatorItem,
    IndicatorSection,
    IndicatorTable,
    Measured,
    Numbering,
    Plan,
    PlanData,
    RowStyle,
    all_indicators,
)
from docgen.office import excel as _xlsx

SUFFIXES = (".yaml", ".yml", ".xlsx")
STAMP = datetime(2000, 1, 1)  # what the workbook says about its dates: fixed, never "now"
_FOLD = 60  # longer texts are folded (a plain scalar would wrap at an odd place)
_WIDTH = 80  # PyYAML breaks at the first space past it


def export_plan(data: PlanData, suffix: str) -> bytes:
    """The plan as a ``.yaml`` (``.yml``) or ``.xlsx`` file, by the suffix of the target."""
    suffix = suffix.lower()
    if suffix in (".yaml", ".yml"):
        return plan_yaml(data)
    if suffix == ".xlsx":
        return plan_xlsx(data)
    shown = f"«{suffix}»" if suffix else "без расширения"
    raise DataError(f"неизвестный формат файла {shown}: ожидается .yaml, .yml или .xlsx")


# ------------------------------------------------------------------------------------------ YAML


class _Dumper(yaml.SafeDumper):
    """Block style with lists indented under their key, as the example files are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Short lines as a literal block, long ones folded; both read back unchanged."""
    lines = value.split("\n")
    style = None
    if len(lines) > 1:  # folding keeps the line breaks (as empty lines) and wraps long lines
        style = ">" if max(len(line) for line in lines) > _WIDTH else "|"
    elif len(value) > _FOLD:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _enum(dumper: yaml.SafeDumper, value: Enum) -> yaml.ScalarNode:
    return _text(dumper, str(value.value))


_Dumper.add_representer(str, _text)
_Dumper.add_multi_representer(Enum, _enum)


def plan_yaml(data: PlanData) -> bytes:
    """The plan as YAML: only what differs from the defaults, short forms where they exist."""
    raw = _compact(data.model_dump(mode="python", by_alias=True, exclude_defaults=True))
    text = yaml.dump(
        raw,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_WIDTH,
    )
    return text.encode("utf-8")


def _compact(value: Any, key: str | None = None) -> Any:
    """Short forms of the schema: a paragraph as its text, a column as «key: heading», 12.0 as 12.

    A date-only deadline stays ``{date: …}``: a bare date would read back as the deadline's
    text. A float with a fraction stays a float; the YAML reader keeps it as written (as text).
    """
    if isinstance(value, dict):
        if key == "targets":
            return {int(year): _compact(v) for year, v in value.items()}
        result = {k: _compact(v, str(k)) for k, v in value.items()}
        if set(result) in ({"paragraph"}, {"text"}):  # a block, a source: just the text
            return result.get("paragraph", result.get("text"))
        return result
    if isinstance(value, list):
        if key == "section_styles":  # the short form: "bold caps center"
            return [_style_short(_compact(item)) for item in value]
        if key == "columns":
            return [
                {v["key"]: v["heading"]} if set(v) == {"key", "heading"} else v
                for v in (_compact(item) for item in value)
            ]
        return [_compact(item, key) for item in value]
    if isinstance(value, Measured):
        value = _measured(value)  # «15,0» as written; others as plain numbers
        return float(value) if isinstance(value, float) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _style_short(style: Any) -> Any:
    """{bold: true, caps: true, align: center} as "bold caps center"; {} as "plain"."""
    if not isinstance(style, dict) or not set(style) <= {"bold", "italic", "caps", "align"}:
        return style
    words = [name for name in ("bold", "italic", "caps") if style.get(name)]
    align = style.get("align")
    if align is not None and str(getattr(align, "value", align)) == "center":
        words.append("center")
    return " ".join(words) or "plain"


# ----------------------------------------------------------------------------------------- Excel

BOLD = Font(bold=True)
NOTE = Font(italic=True, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
_YES_NO = choice_words("yes_no")


@dataclass(frozen=True)
class _Row:
    """One row of «Мероприятия» as written: the item, its kind, depth and number."""

    kind: str
    item: dict[str, Any]
    depth: int
    label: str
    in_direction: bool
    path: KeyPath


def plan_xlsx(data: PlanData) -> bytes:
    """The workbook of the plan, saved with fixed dates so the bytes never change."""
    buffer = io.BytesIO()
    plan_workbook(data).save(buffer)
    return _xlsx.stable(buffer.getvalue(), STAMP)


def plan_workbook(data: PlanData) -> Workbook:
    """The plan in the layout of :mod:`docgen.loading._plan_xlsx`; what it cannot hold: errors."""
    problems = list(_unsupported(data))
    if problems:
        raise InvalidDataError(problems)
    raw = data.model_dump(mode="python", by_alias=True)
    book = Workbook()
    organization = book.active
    organization.title = PLAN_SHEETS["organization"][0]
    _organization(organization, raw["organization"])
    _people(book.create_sheet(PLAN_SHEETS["people"][0]), raw["people"])
    add_plan_sheets(book, data)
    book.properties.creator = "docgen"
    book.properties.created = STAMP
    book.properties.modified = STAMP
    return book


def add_plan_sheets(book: Workbook, data: PlanData) -> None:
    """The plan's own sheets («План», «Мероприятия», …) in ``book``: a plan workbook has them
    after «Организация» and «Люди», a district workbook after its own sheets."""
    plan = data.model_dump(mode="python", by_alias=True)["plan"]
    _plan(book.create_sheet(PLAN_SHEETS["plan"][0]), data)
    _columns(book.create_sheet(PLAN_SHEETS["columns"][0]), plan["columns"])
    _activities(book.create_sheet(PLAN_SHEETS["activities"][0]), data, plan)
    _indicators(book.create_sheet(PLAN_SHEETS["indicators"][0]), data.plan.indicators)
    _texts(book.create_sheet(PLAN_SHEETS["texts"][0]), data)
    _sources(book.create_sheet(PLAN_SHEETS["sources"][0]), plan["sources"])
    _footnotes(book.create_sheet(PLAN_SHEETS["footnotes"][0]), data.plan.footnotes)
    # the sheets of agreements and of a school's changes only where the plan has them, so that
    # the workbooks of other plans stay as they were
    if data.approval is not None and data.approval.agreed:
        _agreed(book.create_sheet(PLAN_SHEETS["agreed"][0]), data)
    if data.school is not None:
        _school(book.create_sheet(PLAN_SHEETS["school"][0]), data)
    columns = plan["indicator_table"]["columns"]
    if columns != IndicatorTable().model_dump(mode="python", by_alias=True)["columns"]:
        _indicator_columns(book.create_sheet(PLAN_SHEETS["indicator_columns"][0]), columns)


def _unsupported(data: PlanData) -> Iterator[DocgenError]:
    """What the workbook layout cannot hold, each at its key path."""

    def problem(path: KeyPath, what: str) -> DocgenError:
        return DataError(
            f"{what} — в книге Excel этого нет: сохраните план в .yaml",
            Location(key_path=format_path(path)),
        )

    plan = data.plan
    if data.approval is not None:
        for index, line in enumerate(data.approval.lines):
            if "\n" in line:
                yield problem(("approval", "lines", index), "строка грифа с переносом строки")
        for index, agreement in enumerate(data.approval.agreed):
            for inner, line in enumerate(agreement.lines):
                if "\n" in line:
                    yield problem(
                        ("approval", "agreed", index, "lines", inner),
                        "строка грифа согласования с переносом строки",
                    )
    if data.school is not None:
        yield from _school_problems(data, problem)
    for index, task in enumerate(plan.tasks):
        if "\n" in task:
            yield problem(("plan", "tasks", index), "задача в несколько строк")
    standard = {xl.norm(name) for names in ACTIVITY_COLUMNS.values() for name in names}
    declared = set()
    for index, column in enumerate(plan.columns):
        if column.key not in COLUMN_KEYS:
            declared.add(column.key)
            if xl.norm(column.key) in standard or not re.fullmatch(r"[\w-]+", column.key):
                yield problem(
                    ("plan", "columns", index, "key"), f"свой столбец с ключом «{column.key}»"
                )
    for row in _rows(plan.model_dump(mode="python", by_alias=True), plan.numbering):
        item = row.item
        if row.kind != "activity":
            continue
        deadline = item.get("deadline")
        if isinstance(deadline, str) and deadline_fields(deadline) is not None:
            yield problem((*row.path, "deadline"), f"срок «{deadline}», похожий на поля срока")
        responsible = item.get("responsible")
        if (
            isinstance(responsible, list)
            and len(responsible) > 1
            and not all(name in data.people for name in responsible)
        ):
            yield problem(
                (*row.path, "responsible"),
                "список ответственных не из листа «Люди» (в ячейке — строка на человека)",
            )
        for key in item.get("cells") or {}:
            if key not in declared:
                yield problem(
                    (*row.path, "cells", key),
                    f"значение столбца «{key}», которого нет в plan.columns",
                )
    if plan.numbering is Numbering.AUTO:
        yield from _auto_problems(plan.model_dump(mode="python", by_alias=True), problem)
    for place in ("intro", "outro"):
        for index, block in enumerate(getattr(plan, place)):
            items = block.items
            if isinstance(items, list) and (not items or any("\n" in i for i in items)):
                yield problem(
                    ("plan", place, index, "items"), "пустой список или пункт в несколько строк"
                )
            if isinstance(items, str) and items not in LIST_NAMES:
                yield problem(("plan", place, index, "items"), f"список «{items}»")


def _set_fields(deadline: dict[str, Any]) -> list[str]:
    return [k for k, v in deadline.items() if v not in (None, [], "")]


def _school_problems(data: PlanData, problem: Any) -> Iterator[DocgenError]:
    """What the sheet «Школа» cannot hold: an added activity's own number, cells, schools."""
    assert data.school is not None
    for index, addition in enumerate(data.school.add):
        activity = addition.activity
        path: KeyPath = ("school", "add", index, "activity")
        for name in ("number", "cells", "schools"):
            if getattr(activity, name):
                yield problem((*path, name), f"поле {name} добавленного мероприятия")
        if any("\n" in text for text in activity.indicators):
            yield problem((*path, "indicators"), "показатель в несколько строк")
        if isinstance(activity.deadline, str) and deadline_fields(activity.deadline):
            yield problem((*path, "deadline"), "срок, похожий на поля срока")
    for name in ("deadlines", "responsible", "roles"):
        for key, value in getattr(data.school, name).items():
            if isinstance(value, str) and ("\n" in value or deadline_fields(value)):
                yield problem(("school", name, key), "значение в несколько строк")


def _deadline_cell(deadline: Any) -> Any:
    """A deadline as a cell holds it: a date, its text, or its fields line by line."""
    if isinstance(deadline, dict):
        fields = _set_fields(deadline)
        if fields == ["date"]:
            return deadline["date"]
        return deadline_text({k: v for k, v in deadline.items() if k in fields})
    return deadline


def _lines_cell(value: Any) -> Any:
    """A list (people, indicators) as a cell holds it: a line each."""
    return "\n".join(str(v) for v in value) if isinstance(value, list) else value


def _auto_problems(plan: dict[str, Any], problem: Any) -> Iterator[DocgenError]:
    """Numbers of an auto-numbered plan that the workbook would take for a numbering gap."""
    last: list[int] = []
    for row in _rows(plan, Numbering.AUTO):
        parts = number_parts(row.label) if row.label else None
        if parts is None:
            continue
        if parts not in _next_numbers(last):
            yield problem(
                (*row.path, "number"),
                f"номер «{row.label}» вне автоматической "
                "нумерации (в книге — только при нумерации «как в источнике»)",
            )
        last = parts


def _rows(plan: dict[str, Any], numbering: Numbering) -> list[_Row]:
    """The plan's items in table order, each with its depth and the number to write."""
    direction_column = any(c["key"] == "direction" for c in plan["columns"])
    auto = {
        id(item): label
        for item, label in auto_labels(
            plan["body"],
            direction_column=direction_column,
            section_dot=plan["section_dot"],
            activity_dot=plan["activity_dot"],
        )
    }
    rows: list[_Row] = []

    def label(item: dict[str, Any]) -> str:
        if item.get("number") is not None:
            return str(item["number"])
        return auto.get(id(item), "") if numbering is Numbering.AUTO else ""

    def walk(items: list[dict[str, Any]], depth: int, path: KeyPath) -> None:
        for index, item in enumerate(items):
            where = (*path, index)
            if "section" in item:
                rows.append(_Row("section", item, depth, label(item), False, where))
                walk(item.get("items") or [], depth + 1, (*where, "items"))
            elif "direction" in item:
                rows.append(_Row("direction", item, depth, label(item), False, where))
                for inner, activity in enumerate(item.get("activities") or []):
                    rows.append(
                        _Row(
                            "activity",
                            activity,
                            depth + 1,
                            label(activity),
                            True,
                            (*where, "activities", inner),
                        )
                    )
            else:
                rows.append(_Row("activity", item, depth, label(item), False, where))

    walk(plan["body"], 1, ("plan", "body"))
    return rows


def _needs_levels(rows: list[_Row]) -> bool:
    """Whether numbers alone would put every row back in its place."""
    for row in rows:
        if row.in_direction and not row.label:
            continue
        parts = number_parts(row.label) if row.label else None
        if parts is None or len(parts) != row.depth:
            return True
    return False


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """A value in a cell as data: text stays text even when it starts with "="."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    if isinstance(value, date):
        cell.number_format = "DD.MM.YYYY"
    return cell


def _header(sheet: Worksheet, names: list[Any], widths: list[int]) -> None:
    for column, name in enumerate(names, start=1):
        cell = _put(sheet, 1, column, name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    sheet.freeze_panes = "A2"


def _wrap(sheet: Worksheet) -> None:
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP


def _choice_list(sheet: Worksheet, words: list[str], cells: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    sheet.add_data_validation(validation)
    validation.add(cells)


def _pairs(sheet: Worksheet, rows: list[tuple[str, Any, str]]) -> None:
    """«поле | значение | пояснение» rows; the notes column is not read."""
    _header(sheet, ["поле", "значение", "пояснение (не читается)"], [30, 80, 50])
    for number, (name, value, note) in enumerate(rows, start=2):
        _put(sheet, number, 1, name)
        if value is not None and value != "":
            _put(sheet, number, 2, value)
        if note:
            _put(sheet, number, 3, note).font = NOTE
    _wrap(sheet)
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].font = NOTE


_ORG_NOTES = {
    "name": "полное название, как в уставе",
    "parent": "например: «администрации … округа»; можно не заполнять",
    "header": "строки шапки, если их нужно задать вручную: каждая строка ячейки — строка",
}


def _organization(sheet: Worksheet, organization: dict[str, Any]) -> None:
    rows = []
    for key, names in _ORG_FIELDS.items():
        value = organization.get(key)
        if isinstance(value, list):
            value = "\n".join(value)
        rows.append((names[0], value, _ORG_NOTES.get(key, "")))
    _pairs(sheet, rows)


def _people(sheet: Worksheet, people: dict[str, dict[str, Any]]) -> None:
    keys = list(PEOPLE.columns)
    _header(sheet, [PEOPLE.columns[k][0] for k in keys], [14, 16, 12, 16, 10, 6, 44, 32, 18])
    genders = {"m": "м", "f": "ж"}
    for number, (key, person) in enumerate(people.items(), start=2):
        for column, name in enumerate(keys, start=1):
            value = key if name == "key" else person.get(name)
            if name == "gender" and value is not None:
                value = genders.get(value, value)
            if value is not None:
                _put(sheet, number, column, value)
    _wrap(sheet)
    _choice_list(
        sheet,
        ["м", "ж"],
        f"{get_column_letter(keys.index('gender') + 1)}2:"
        f"{get_column_letter(keys.index('gender') + 1)}500",
    )


def _word(kind: str, value: Any) -> str:
    return next(names[0] for result, names in CHOICES[kind].options if result == value)


_PLAN_NOTES = {
    "title": "каждая строка ячейки — строка названия",
    "tasks": "каждая строка ячейки — задача",
    "numbering": "авто: 1, 1.1, 1.2 по порядку строк; как в источнике: номера как на листе "
    "«Мероприятия»",
    "section_numerals": "при нумерации заново: арабские (1, 2) или римские (I, II) номера "
    "разделов верхнего уровня",
    "section_row": "во всю ширину: «1. Раздел» в одной ячейке; номер отдельно: номер в столбце №",
    "landscape": "пусто — альбомная, если есть таблица",
    "split_rows_over": "строка таблицы выше этой доли страницы (0,3 — трети) может переходить "
    "на следующую страницу; пусто — половины",
    "school_title": "для школы, которая берёт этот план за основу; можно не заполнять",
    "default_responsible": "у мероприятия без ответственных: «Руководители ОО»",
    "approval": "утверждаю — подпись руководителя; утвержден — приказом (ниже: номер, дата)",
    "approval_person": "ключ человека с листа «Люди»",
    "approval_date": "дата Excel или ДД.ММ.ГГГГ",
    "approval_lines": "при грифе «строками»: каждая строка ячейки — строка грифа, как на бумаге",
}


_RESTART_NOTES = {
    "numbering": "авто: 1, 1.1, 1.2 по порядку строк; как в источнике: номера как на листе "
    "«Мероприятия»; заново в каждом разделе: 1, 2, 3 в каждом разделе (вложенность — столбец "
    "«уровень»)",
}
_SHAPE_NOTES = {
    "section_styles": "строка на уровень (этапы, треки, уровни): полужирный, курсив, прописные, "
    "по центру, обычный",
    "indicator_numbering": "авто: 1, 1.1 у всех строк; только группы: 1, 2 у групп; как в "
    "источнике: номера со столбца «№» листа «Показатели»",
    "year_heading": "{год} — место года: «{год} год», «{год}»",
    "indicator_section_row": "номер отдельно: номер группы в столбце №; во всю ширину",
    "indicator_section_styles": "строка на уровень групп показателей, как «стили разделов»",
}
_FREE_NOTES = {
    "approval": "утверждаю — подпись руководителя; утвержден — приказом (ниже: номер, дата); "
    "строками — как написано в строках грифа",
}
_SPLIT_DEFAULT = Plan.model_fields["split_rows_over"].default
_RESTART_WORD = _word("numbering", Numbering.RESTART.value)
_FREE_WORD = _word("approval", "free")


def _plan(sheet: Worksheet, data: PlanData) -> None:
    plan = data.plan
    values: dict[str, Any] = {
        "title": plan.title,
        "period": plan.period,
        "goal": plan.goal,
        "tasks": "\n".join(plan.tasks),
        "numbering": _word("numbering", plan.numbering.value),
        "section_numerals": _word("section_numerals", plan.section_numerals.value),
        "section_row": _word("section_row", plan.section_row.value),
        "split_rows_over": plan.split_rows_over,
        "section_dot": _word("yes_no", plan.section_dot),
        "activity_dot": _word("yes_no", plan.activity_dot),
        "landscape": None if plan.landscape is None else _word("yes_no", plan.landscape),
        "indicators_title": plan.indicators_title,
        "school_title": plan.school_title,
        "default_responsible": (
            ", ".join(plan.default_responsible)
            if isinstance(plan.default_responsible, list)
            else plan.default_responsible
        ),
    }
    table = plan.indicator_table
    default_table = IndicatorTable()
    values.update(
        section_styles="\n".join(_style_words(style) for style in plan.section_styles),
        indicator_numbering=_word("indicator_numbering", table.numbering.value),
        year_heading=table.year_heading.replace("{year}", "{год}"),
        indicator_section_row=_word("section_row", table.section_row.value),
        indicator_section_styles="\n".join(_style_words(style) for style in table.section_styles),
    )
    # shown only where the plan has them, so that the workbooks of other plans stay as they were
    shaped = {
        "section_styles": bool(plan.section_styles),
        "indicator_numbering": table.numbering != default_table.numbering,
        "year_heading": table.year_heading != default_table.year_heading,
        "indicator_section_row": table.section_row != default_table.section_row,
        "indicator_section_styles": bool(table.section_styles),
    }
    approval = data.approval
    free = approval is not None and approval.style.value == "free"
    if approval is not None:
        values.update(
            approval=_word("approval", approval.style.value),
            approval_person=approval.person,
            approval_date=approval.date,
            approval_kind=None if free else approval.kind.value,
            approval_number=approval.number,
            approval_lines="\n".join(approval.lines),
        )
    # Numbering that restarts in every section shows its choices only in a plan that has it, so
    # that the workbooks of other plans stay as they were.
    restart = plan.numbering is Numbering.RESTART
    notes = {
        **_PLAN_NOTES,
        **_SHAPE_NOTES,
        **(_RESTART_NOTES if restart else {}),
        **(_FREE_NOTES if free else {}),
    }
    # So does the share of a page over which rows split, unless it is the default.
    keys = [
        k
        for k in PLAN_FIELDS
        if (restart or k != "section_numerals")
        and (k != "split_rows_over" or plan.split_rows_over != _SPLIT_DEFAULT)
        and (k != "approval_lines" or free)
        and shaped.get(k, True)
    ]
    _pairs(sheet, [(PLAN_FIELDS[k][0], values.get(k), notes.get(k, "")) for k in keys])
    numbering = [word for word in choice_words("numbering") if restart or word != _RESTART_WORD]
    _choice_list(sheet, numbering, f"B{keys.index('numbering') + 2}")
    for key, kind in (
        *([("section_numerals", "section_numerals")] if restart else []),
        ("section_row", "section_row"),
        ("section_dot", "yes_no"),
        ("activity_dot", "yes_no"),
        ("landscape", "yes_no"),
        ("approval", "approval"),
        ("approval_kind", "act"),
        ("indicator_numbering", "indicator_numbering"),
        ("indicator_section_row", "section_row"),
    ):
        if key not in keys:
            continue
        words = choice_words(kind)
        if kind == "approval" and not free:  # «строками» shown only where the stamp is so
            words = [w for w in words if w != _FREE_WORD]
        _choice_list(sheet, words, f"B{keys.index(key) + 2}")


def _style_words(style: RowStyle) -> str:
    """A row style in the words a cell takes: «полужирный прописные по центру»."""
    words = [
        word
        for word, on in (
            ("полужирный", style.bold),
            ("курсив", style.italic),
            ("прописные", style.caps),
            ("по центру", style.align.value == "center"),
        )
        if on
    ]
    return " ".join(words) or "обычный"


def _columns(sheet: Worksheet, columns: list[dict[str, Any]]) -> None:
    _header(sheet, [names[0] for names in COLUMNS.columns.values()], [16, 50, 10])
    for number, column in enumerate(columns, start=2):
        key = column["key"]
        _put(sheet, number, 1, COLUMN_KEYS[key][0] if key in COLUMN_KEYS else key)
        _put(sheet, number, 2, column["heading"])
        if column["width"]:
            _put(sheet, number, 3, column["width"])
    _wrap(sheet)
    _choice_list(sheet, [names[0] for names in COLUMN_KEYS.values()], "A2:A50")


def _activities(sheet: Worksheet, data: PlanData, plan: dict[str, Any]) -> None:
    rows = _rows(plan, data.plan.numbering)
    custom = [c["key"] for c in plan["columns"] if c["key"] not in COLUMN_KEYS]
    names = [
        "number",
        *(["level"] if _needs_levels(rows) else []),
        "kind",
        "title",
        "indicators",
        "deadline",
        "responsible",
        "result",
    ]
    if any(row.item.get("key") for row in rows):
        names.append("key")
    if any(row.item.get("schools") for row in rows):
        names.append("schools")
    headers = [ACTIVITY_COLUMNS[name][0] for name in names] + custom
    widths = {
        "number": 9,
        "level": 8,
        "kind": 14,
        "title": 60,
        "indicators": 36,
        "deadline": 20,
        "responsible": 26,
        "result": 36,
        "key": 12,
        "schools": 14,
    }
    _header(sheet, headers, [widths[name] for name in names] + [24] * len(custom))
    column = {name: index for index, name in enumerate(names, start=1)}
    for offset, key in enumerate(custom):
        column[f"cell:{key}"] = len(names) + offset + 1
    number = 1
    for row in rows:
        number += 1
        item = row.item
        values: dict[str, Any] = {
            "number": row.label,
            "level": row.depth,
            "kind": _word("kind", row.kind),
        }
        if row.kind == "activity":
            deadline = item.get("deadline")
            values.update(
                title=item["title"],
                responsible=_lines_cell(item.get("responsible")),
                deadline=_deadline_cell(deadline),
                result=item.get("result"),
                key=item.get("key"),
                schools=", ".join(item.get("schools") or []),
                indicators=(item.get("indicators") or [None])[0],
                **{f"cell:{key}": value for key, value in (item.get("cells") or {}).items()},
            )
        else:
            values["title"] = item["section" if row.kind == "section" else "direction"]
        for name, value in values.items():
            if name in column and value not in (None, ""):
                _put(sheet, number, column[name], value)
        if row.kind != "activity":
            for cell in sheet[number]:
                cell.font = BOLD
                cell.fill = SECTION_FILL
        for indicator in (item.get("indicators") or [])[1:] if row.kind == "activity" else []:
            number += 1  # a row with only «показатель»: one more indicator of the activity
            _put(sheet, number, column["indicators"], indicator)
    _wrap(sheet)
    kinds = get_column_letter(column["kind"])
    _choice_list(sheet, choice_words("kind"), f"{kinds}2:{kinds}2000")
    for cell in sheet["A"][1:]:
        cell.number_format = "@"  # 3.1 typed later must not become a date


def _indicators(sheet: Worksheet, indicators: list[IndicatorItem]) -> None:
    """«Показатели»: numbered 1, 1.1 by their place; with groups or numbers of their own, a
    «вид» (группа / показатель) and «уровень» column and the numbers as written."""
    flat = list(all_indicators(indicators))
    years = sorted({year for ind in flat for year in ind.targets})
    keys = any(ind.key for ind in flat)
    levels = _indicator_levels(indicators)
    names = [
        "number",
        *(["level", "kind"] if levels else []),
        "name",
        "unit",
        "baseline",
        *(["key"] if keys else []),
    ]
    widths = {"number": 8, "level": 8, "kind": 12, "name": 60, "unit": 14, "baseline": 14}
    _header(
        sheet,
        [INDICATORS.columns[n][0] for n in names] + years,  # years as numbers
        [widths.get(n, 12) for n in names] + [10] * len(years),
    )
    number = 1

    def add(items: Sequence[IndicatorItem], prefix: str, depth: int) -> None:
        nonlocal number
        for index, item in enumerate(items, start=1):
            number += 1
            label = f"{prefix}{index}"
            if isinstance(item, IndicatorSection):
                cells: dict[str, Any] = {
                    "number": item.number,
                    "level": depth,
                    "kind": _word("indicator_kind", "section"),
                    "name": item.section,
                }
            else:
                cells = {
                    "number": item.number if levels else label,
                    "level": depth,
                    "kind": _word("indicator_kind", "indicator"),
                    "name": item.name,
                    "unit": item.unit,
                    "baseline": _measured(item.baseline),
                    "key": item.key,
                }
            for column, name in enumerate(names, start=1):
                if cells.get(name) is not None:
                    _put(sheet, number, column, cells[name])
            sheet.cell(row=number, column=1).number_format = "@"
            if isinstance(item, IndicatorSection):
                for cell in sheet[number]:
                    cell.font = BOLD
                    cell.fill = SECTION_FILL
                add(item.items, f"{label}.", depth + 1)
                continue
            for column, year in enumerate(years, start=len(names) + 1):
                if year in item.targets:
                    _put(sheet, number, column, _measured(item.targets[year]))
            add(item.parts, f"{label}.", depth + 1)

    add(indicators, "", 1)
    _wrap(sheet)
    if levels:
        kinds = get_column_letter(names.index("kind") + 1)
        _choice_list(sheet, choice_words("indicator_kind"), f"{kinds}2:{kinds}1000")


def _indicator_levels(indicators: Sequence[IndicatorItem]) -> bool:
    """Whether «Показатели» needs «вид» and «уровень»: groups, or numbers of their own."""

    def walk(items: Sequence[IndicatorItem]) -> bool:
        for item in items:
            if isinstance(item, IndicatorSection) or item.number is not None:
                return True
            if walk(item.parts):
                return True
        return False

    return walk(indicators)


def _measured(value: Any) -> Any:
    """A value as the cell keeps it: 15 and 33.5 as numbers; 15,0 (places the number alone
    would lose) as the text the data wrote."""
    if isinstance(value, Measured) and value.places:
        shown = f"{float(value):.{value.places}f}"
        number = float(value)
        shortest = str(int(number)) if number.is_integer() else repr(number)
        if float(shown) == number and shown != shortest:
            return shown.replace(".", ",")
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _indicator_columns(sheet: Worksheet, columns: list[dict[str, Any]]) -> None:
    """«Столбцы показателей»: the indicator table's columns, a row each, left to right."""
    _header(sheet, [names[0] for names in COLUMNS.columns.values()], [22, 50, 10])
    for number, column in enumerate(columns, start=2):
        key = column["key"]
        key = key.value if isinstance(key, Enum) else key
        _put(sheet, number, 1, INDICATOR_COLUMN_KEYS[key][0])
        if column.get("heading") is not None:
            _put(sheet, number, 2, column["heading"])
        if column.get("width"):
            _put(sheet, number, 3, column["width"])
    _wrap(sheet)
    _choice_list(sheet, [names[0] for names in INDICATOR_COLUMN_KEYS.values()], "A2:A20")


def _texts(sheet: Worksheet, data: PlanData) -> None:
    keys = list(TEXTS.columns)
    _header(sheet, [TEXTS.columns[k][0] for k in keys], [18, 12, 90, 14, 10, 12, 10, 10])
    number = 1
    for place in ("intro", "outro"):
        for block in getattr(data.plan, place):
            number += 1
            kind, text = _block(block)
            cells: dict[str, Any] = {
                "place": _word("place", place),
                "kind": _word("block", kind),
                "text": text,
            }
            if kind == "items":
                cells["style"] = _word("style", block.style.value)
                if block.bullet != "–":
                    cells["bullet"] = block.bullet
                cells["separator"] = block.separator
                cells["end"] = block.end
                cells["case"] = block.case
            for column, key in enumerate(keys, start=1):
                if cells.get(key) not in (None, ""):
                    _put(sheet, number, column, cells[key])
    _wrap(sheet)
    _choice_list(sheet, choice_words("place"), "A2:A1000")
    _choice_list(sheet, choice_words("block"), "B2:B1000")
    _choice_list(sheet, choice_words("style"), "D2:D1000")


def _sources(sheet: Worksheet, sources: list[dict[str, Any]]) -> None:
    keys = list(SOURCES.columns)
    _header(sheet, [SOURCES.columns[k][0] for k in keys], [50, 60, 30, 12, 14, 50, 40])
    for number, source in enumerate(sources, start=2):
        for column, key in enumerate(keys, start=1):
            if source.get(key) is not None:
                _put(sheet, number, column, source[key])
    _wrap(sheet)


def _footnotes(sheet: Worksheet, footnotes: dict[str, str]) -> None:
    _header(sheet, [FOOTNOTES.columns[k][0] for k in FOOTNOTES.columns], [14, 90])
    for number, (key, text) in enumerate(footnotes.items(), start=2):
        _put(sheet, number, 1, key)
        _put(sheet, number, 2, text)
    _wrap(sheet)


def _agreed(sheet: Worksheet, data: PlanData) -> None:
    """«Согласовано»: a row per agreement — who (a key of «Люди»), or its lines, and the date."""
    assert data.approval is not None
    keys = list(AGREED.columns)
    _header(sheet, [AGREED.columns[k][0] for k in keys], [18, 70, 14])
    for number, agreement in enumerate(data.approval.agreed, start=2):
        cells = {
            "person": agreement.person,
            "lines": "\n".join(agreement.lines) or None,
            "date": agreement.date,
        }
        for column, key in enumerate(keys, start=1):
            if cells[key] is not None:
                _put(sheet, number, column, cells[key])
    _wrap(sheet)


def _school(sheet: Worksheet, data: PlanData) -> None:
    """«Школа»: a row per change the school makes in the plan it takes (see the README)."""
    school = data.school
    assert school is not None
    keys = list(SCHOOL.columns)
    _header(sheet, [SCHOOL.columns[k][0] for k in keys], [22, 20, 36, 50, 36, 20, 26, 30, 12])
    rows: list[dict[str, Any]] = []
    for role, who in school.roles.items():
        rows.append({"change": "roles", "target": role, "value": _lines_cell(who)})
    if school.keep_unfilled_roles:
        rows.append({"change": "keep_unfilled_roles", "value": _word("yes_no", True)})
    if school.type is not None:
        rows.append({"change": "type", "value": school.type})
    if school.levels:
        rows.append({"change": "levels", "value": "\n".join(school.levels)})
    for number in school.drop:
        rows.append({"change": "drop", "target": number})
    for number, deadline in school.deadlines.items():
        raw = deadline.model_dump(by_alias=True) if not isinstance(deadline, str) else deadline
        rows.append({"change": "deadlines", "target": number, "value": _deadline_cell(raw)})
    for number, who in school.responsible.items():
        rows.append({"change": "responsible", "target": number, "value": _lines_cell(who)})
    for addition in school.add:
        activity = addition.activity.model_dump(by_alias=True)
        rows.append(
            {
                "change": "after" if addition.after is not None else "into",
                "target": addition.after if addition.after is not None else addition.into,
                "title": activity["title"],
                "indicators": _lines_cell(activity["indicators"]) or None,
                "deadline": _deadline_cell(activity["deadline"]),
                "responsible": _lines_cell(activity["responsible"]),
                "result": activity["result"],
                "key": activity["key"],
            }
        )
    for line, row in enumerate(rows, start=2):
        row["change"] = _word("change", row["change"])
        for column, key in enumerate(keys, start=1):
            if row.get(key) not in (None, ""):
                _put(sheet, line, column, row[key])
        sheet.cell(row=line, column=2).number_format = "@"  # 2.1 must not become a date
    _wrap(sheet)
    _choice_list(sheet, choice_words("change"), "A2:A500")


def _block(block: Block) -> tuple[str, str]:
    if block.heading is not None:
        return "heading", block.heading
    if block.paragraph is not None:
        return "paragraph", block.paragraph
    items = block.items
    if isinstance(items, str):
        return "items", LIST_NAMES[items][0]
    return "items", "\n".join(items or [])


__all__ = ["SUFFIXES", "export_plan", "plan_workbook", "plan_xlsx", "plan_yaml"]
