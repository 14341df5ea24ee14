"""Reading a plan (a roadmap) from an Excel workbook: every value remembers its sheet and cell.

Книга плана (.xlsx) — листы (названия листов, полей и столбцов — по-русски или по-английски):

* «Организация» (organization) и «Люди» (people) — как в книге приказа.
* «План» (plan): столбец A — поле, B — значение (правее — пояснения, они не читаются).
  Поля: название (title; каждая строка ячейки — строка названия), период (period), цель (goal),
  задачи (tasks; каждая строка ячейки — задача), нумерация (numbering: авто / как в источнике),
  строка раздела (section_row: во всю ширину / номер отдельно), точка после номера раздела
  (section_dot: да / нет), точка после номера мероприятия (activity_dot: да / нет), альбомная
  (landscape: да / нет), заголовок показателей (indicators_title), заголовок плана школы
  (school_title). Гриф утверждения (approval): гриф (утверждаю / утвержден), утверждает (ключ
  человека), дата утверждения, утвержден документом (приказ / распоряжение), номер документа.
* «Столбцы» (columns, не обязателен): таблица ключ | заголовок | ширина — столбцы таблицы плана
  слева направо. Ключ: номер, направление, мероприятие, показатели, сроки, ответственные,
  результат (или number, direction, title, indicators, deadline, responsible, result); любое
  другое слово без пробелов — свой столбец, его значения — в столбце «Мероприятий» с этим
  ключом или заголовком. Без листа — столбцы по умолчанию (№ п/п, мероприятие, сроки,
  ответственные, результат), с направлением и показателями, если они заполнены.
* «Мероприятия» (activities): таблица с заголовками номер | уровень | вид | наименование |
  направление | показатель | сроки | ответственные | результат | ключ (нужны не все).
  Вид строки: раздел, направление или мероприятие. Если вид не указан: строка, где заполнены
  только номер и наименование, а следующая строка глубже (2 → 2.1), или строка с одним
  наименованием без номера — раздел; строка с заполненным «направлением» — направление
  (номер строки — его номер) и его первое мероприятие (или только направление, если кроме
  номера ничего не заполнено); остальные — мероприятия.
  Вложенность задают номера (1, 2.1, 4.2.16: номер из k частей — внутри ближайшего раздела
  выше из k − 1 частей) или столбец «уровень» (1, 2, 3), если номеров нет. Строка без номера
  попадает в ближайший раздел или направление выше; строка, где заполнено только
  «направление», равное направлению выше, — ещё одно его мероприятие. Строка, где заполнен
  только «показатель», — ещё один показатель мероприятия выше. Сроки — текст
  («до 01.06.2024») или дата Excel.
  Номера идут по порядку без пропусков и повторов; если в источнике иначе — укажите на листе
  «План» нумерацию «как в источнике» (тогда номер может быть любым текстом). Если нумерация
  не указана и номера совпадают с автоматическими — нумерация «авто», иначе «как в источнике».
* «Показатели» (indicators, не обязателен): № | наименование | единица измерения |
  базовое значение | ключ | по столбцу на год (заголовки 2024, 2025, …). Номер 1.1 — часть
  показателя 1. Значения — числа или текст.
* «Текст» (texts, не обязателен): где (перед таблицей / после таблицы) | вид (абзац /
  заголовок / список) | текст | оформление (тире / номера / без знака) | маркер | разделитель |
  в конце | падеж. У списка каждая строка ячейки — пункт; список из одного слова «задачи»
  («источники») — задачи (источники) плана. Пустое «где» — как в строке выше.
* «Источники» (sources, не обязателен): текст (как написано) | название | вид акта | дата |
  номер | заголовок | примечание — нормативные документы плана.
* «Сноски» (footnotes, не обязателен): ключ | текст — тексты сносок ``[^ключ]``.
* «Согласовано» (agreed, не обязателен): кто согласовал | строки | дата — грифы согласования.
* «Школа» (school, не обязателен): изменение | номер или роль | значение | наименование |
  показатели | сроки | ответственные | результат | ключ — изменения школы в муниципальном плане.
* «Столбцы показателей» (indicator_columns, не обязателен): ключ | заголовок | ширина.
  На листе «План» ещё: стили разделов, нумерация показателей, заголовок года, строка группы
  показателей, стили групп показателей, строки грифа (гриф «строками»). На листе «Показатели»
  столбцы «вид» (группа / показатель) и «уровень» — группы показателей.
  Полное описание — в README, раздел «The plan workbook».

Книга — план, если в ней есть лист, которого нет в книге приказа («План», «Мероприятия»,
«Показатели», …), и нет листов «Документ», «Пункты», «Приложения».

Пустые строки пропускаются; лишние листы, поля и столбцы — ошибки с их ячейкой.

In English: the same raw data as a YAML plan (``organization``, ``people``, ``plan``), read
sheet by sheet; the hierarchy of the activities comes from their numbers (or a level column),
and every value remembers its sheet and cell so that schema errors name them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from docgen.loading import _sheets as xl
from docgen.loading._common import KEY, KeyPath, Locator
from docgen.loading._order_xlsx import (
    _CHOICES,
    _ORG_FIELDS,
    _PATHS,
    _SHEETS,
    Outline,
    _ExcelReader,
    _expected,
    _next_numbers,
    open_workbook,
    read_order_workbook,
)
from docgen.model import DEFAULT_COLUMNS

PLAN_SHEETS: dict[str, tuple[str, ...]] = xl.names(
    "organization: Организация; people: Люди; plan: План; columns: Столбцы; "
    "activities: Мероприятия; indicators: Показатели; texts: Текст|texts|тексты|text; "
    "sources: Источники; footnotes: Сноски; agreed: Согласовано|согласование; school: Школа; "
    "indicator_columns: Столбцы показателей"
)
#: Sheets only a plan workbook has: one of them makes a workbook a plan.
_PLAN_ONLY = (
    "plan",
    "columns",
    "activities",
    "indicators",
    "texts",
    "sources",
    "footnotes",
    "agreed",
    "school",
    "indicator_columns",
)
PLAN_FIELDS: dict[str, tuple[str, ...]] = xl.names(
    "title: название|наименование; period: период; goal: цель; tasks: задачи; "
    "numbering: нумерация; section_numerals: номера разделов; section_row: строка раздела; "
    "split_rows_over: делить строки выше доли страницы|делить строки выше; "
    "section_dot: точка после номера раздела; "
    "activity_dot: точка после номера мероприятия; landscape: альбомная|альбомная ориентация; "
    "indicators_title: заголовок показателей; school_title: заголовок плана школы; "
    "default_responsible: ответственные по умолчанию; "
    "approval: гриф|гриф утверждения; approval_person: утверждает; "
    "approval_date: дата утверждения; approval_kind: утвержден документом; "
    "approval_number: номер документа|номер документа утверждения; "
    "approval_lines: строки грифа; section_styles: стили разделов; "
    "indicator_numbering: нумерация показателей; year_heading: заголовок года; "
    "indicator_section_row: строка группы показателей; "
    "indicator_section_styles: стили групп показателей"
)
#: Fields of the «План» sheet that shape the indicator table (``plan.indicator_table``).
INDICATOR_TABLE_FIELDS: dict[str, KeyPath] = {
    "indicator_numbering": ("plan", "indicator_table", "numbering"),
    "year_heading": ("plan", "indicator_table", "year_heading"),
    "indicator_section_row": ("plan", "indicator_table", "section_row"),
    "indicator_section_styles": ("plan", "indicator_table", "section_styles"),
}
INDICATOR_COLUMN_KEYS: dict[str, tuple[str, ...]] = xl.names(
    "number: номер|№; name: наименование|показатель; unit: единица измерения|единица; "
    "baseline: базовое значение; years: годы"
)
#: Fields of the «План» sheet that are the plan's approval stamp (``approval`` of the data).
APPROVAL_FIELDS: dict[str, KeyPath] = {
    "approval": ("approval", "style"),
    "approval_person": ("approval", "person"),
    "approval_date": ("approval", "date"),
    "approval_kind": ("approval", "kind"),
    "approval_number": ("approval", "number"),
    "approval_lines": ("approval", "lines"),
}
COLUMN_KEYS: dict[str, tuple[str, ...]] = xl.names(
    "number: номер|№; direction: направление; title: мероприятие|наименование; "
    "indicators: показатели|показатель; deadline: сроки|срок; "
    "responsible: ответственные|ответственный; result: результат"
)
COLUMNS = xl.Table(xl.names("key: ключ; heading: заголовок; width: ширина"))
ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = xl.names(
    "number: номер|№|№ п/п; level: уровень; kind: вид; "
    "title: наименование|мероприятие|наименование мероприятия; direction: направление; "
    "indicators: показатель|показатели|indicator; deadline: сроки|срок; "
    "responsible: ответственные|ответственный; result: результат|ожидаемый результат; key: ключ; "
    "schools: для школ|школы"
)
INDICATORS = xl.Table(
    xl.names(
        "number: №|номер; level: уровень; kind: вид; name: наименование|показатель; "
        "unit: единица измерения|ед. изм.|единица; baseline: базовое значение|база; key: ключ"
    ),
    shown=", годы (2024, 2025, …)",
)
SOURCES = xl.Table(
    xl.names(
        "text: текст|как написано; name: название; act: вид акта|акт; date: дата; "
        "number: номер|№; title: заголовок; note: примечание"
    )
)
FOOTNOTES = xl.Table(xl.names("key: ключ; text: текст"))
#: Words a cell accepts for a choice, each with the value of the schema (the first is shown).
CHOICES: dict[str, xl.Choice] = {
    "numbering": xl.Choice.of(
        auto="авто|автоматически",
        given="как в источнике|как есть",
        restart="заново в каждом разделе|заново",
    ),
    "section_numerals": xl.Choice.of(arabic="арабские", roman="римские"),
    "section_row": xl.Choice.of(span="во всю ширину", number_apart="номер отдельно"),
    "yes_no": xl.YES_NO,
    "kind": xl.Choice.of(section="раздел", direction="направление", activity="мероприятие"),
    "place": xl.Choice.of(intro="перед таблицей|до таблицы", outro="после таблицы"),
    "block": xl.Choice.of(paragraph="абзац", heading="заголовок", items="список"),
    "style": xl.Choice.of(dash="тире", number="номера|нумерация", plain="без знака"),
    "approval": xl.Choice.of(
        approve="утверждаю", approved="утвержден|утверждена|утверждено", free="строками"
    ),
    "act": xl.ACT,
    "indicator_numbering": xl.Choice.of(
        auto="авто|все строки", sections="только группы", given="как в источнике"
    ),
    "indicator_kind": xl.Choice.of(section="группа", indicator="показатель"),
    "change": xl.Choice.of(
        roles="роль",
        keep_unfilled_roles="оставить незаполненные роли",
        type="тип школы",
        levels="уровни",
        drop="не проводит|исключить",
        deadlines="срок",
        responsible="ответственные",
        after="добавить после",
        into="добавить в раздел",
    ),
}
AGREED = xl.Table(xl.names("person: кто согласовал|кто; lines: строки|текст; date: дата"))
SCHOOL = xl.Table(
    xl.names(
        "change: изменение; target: номер или роль|номер|роль; value: значение; "
        "title: наименование|мероприятие; indicators: показатели|показатель; deadline: сроки|срок; "
        "responsible: ответственные; result: результат; key: ключ"
    ),
    types={"change": CHOICES["change"].type()},
)
#: The fields of a deadline written in a cell, one per line: «до: 01.10.2024», «с: сентябрь».
DEADLINE_FIELDS: dict[str, str] = {
    "date": "дата",
    "until": "до",
    "month": "месяц",
    "from": "с",
    "to": "по",
    "annually": "ежегодно",
    "during": "в течение",
    "text": "как написано",
}
_DEADLINE_LINE = re.compile(
    r"\s*(" + "|".join(re.escape(w) for w in DEADLINE_FIELDS.values()) + r")\s*:\s*(.*?)\s*"
)
_DATE_TEXT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def deadline_text(deadline: Mapping[str, Any]) -> str:
    """A deadline with fields as a cell writes it: a line per field, «до: 01.10.2024»."""
    lines: list[str] = []
    for key, word in DEADLINE_FIELDS.items():
        value = deadline.get(key)
        if value in (None, "", []):
            continue
        for part in value if isinstance(value, list) else [value]:
            shown = f"{part:%d.%m.%Y}" if isinstance(part, date) else str(part)
            lines.append(f"{word}: {shown}")
    return "\n".join(lines)


def deadline_fields(text: str) -> dict[str, Any] | None:
    """The fields of a deadline written as :func:`deadline_text` writes it; None for a deadline
    written as text («до 01.06.2024», «ежегодно»): every line must be «поле: значение»."""
    lines = [line for line in text.splitlines() if line.strip()]
    words = {word: key for key, word in DEADLINE_FIELDS.items()}
    fields: dict[str, Any] = {}
    for line in lines:
        match = _DEADLINE_LINE.fullmatch(line.lower())
        if match is None:
            return None
        key = words[match.group(1)]
        value: Any = line.split(":", 1)[1].strip()
        day = _DATE_TEXT.fullmatch(value)
        if key in ("date", "until") and day is not None:
            with contextlib.suppress(ValueError):  # the schema names a wrong date
                value = date(int(day.group(3)), int(day.group(2)), int(day.group(1)))
        if key == "annually":
            fields.setdefault(key, []).append(value)
        else:
            fields[key] = value
    return fields or None


TEXTS = xl.Table(
    xl.names(
        "place: где; kind: вид; text: текст; style: оформление; bullet: маркер; "
        "separator: разделитель; end: в конце; case: падеж"
    ),
    types={"place": CHOICES["place"].type(), "kind": CHOICES["block"].type()},
)
#: Lists of the plan a text block may name instead of its own items.
LIST_NAMES = {"tasks": ("задачи", "tasks"), "sources": ("источники", "sources")}
_NUMBER = re.compile(r"(\d+(?:\.\d+)*)\.?")
_DEFAULT_HEADINGS = {"direction": "Направление деятельности", "indicators": "Показатели"}


def choice_words(kind: str) -> list[str]:
    """The words a sheet shows for a choice (its drop-down list), in order."""
    return CHOICES[kind].words


# ------------------------------------------------------------------------ the plan's hierarchy


@dataclass
class _Open:
    """A section or direction that later rows may still fall into."""

    depth: int
    item: dict[str, Any]
    path: KeyPath
    kind: str


class Tree:
    """The body of a plan built row by row: where a row lands comes from its depth.

    Shared by the workbook reader and the DOCX import, which both see a plan as a flat list
    of numbered rows. An item of depth k goes into the nearest open section of depth k − 1;
    an unnumbered activity into the nearest open section or direction; a direction holds only
    activities.
    """

    def __init__(self, root: KeyPath) -> None:
        self.root = root
        self.body: list[dict[str, Any]] = []
        self.stack: list[_Open] = []

    def add(self, kind: str, item: dict[str, Any], depth: int | None) -> KeyPath:
        if kind == "activity":
            if depth is not None:
                self._close(depth)
            return self._append(item)
        if depth is None:
            self._close_directions()
            depth = 1 if kind == "section" or not self.stack else self.stack[-1].depth + 1
        self._close(depth)
        self._close_directions()
        where = self._append(item)
        self.stack.append(_Open(depth, item, where, kind))
        return where

    def _append(self, item: dict[str, Any]) -> KeyPath:
        items, path = self._container()
        items.append(item)
        return (*path, len(items) - 1)

    def open_direction(self) -> dict[str, Any] | None:
        """The direction rows without a number of their own still belong to."""
        if self.stack and self.stack[-1].kind == "direction":
            return self.stack[-1].item
        return None

    def _close(self, depth: int) -> None:
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()

    def _close_directions(self) -> None:
        while self.stack and self.stack[-1].kind == "direction":
            self.stack.pop()

    def _container(self) -> tuple[list[dict[str, Any]], KeyPath]:
        if not self.stack:
            return self.body, self.root
        top = self.stack[-1]
        key = "activities" if top.kind == "direction" else "items"
        items: list[dict[str, Any]] = top.item.setdefault(key, [])
        return items, (*top.path, key)


def number_parts(text: str) -> list[int] | None:
    """[4, 2, 16] for "4.2.16" or "4.2.16."; None for what is not such a number."""
    match = _NUMBER.fullmatch(text.strip())
    return [int(part) for part in match.group(1).split(".")] if match else None


def auto_labels(
    body: list[dict[str, Any]], *, direction_column: bool, section_dot: bool, activity_dot: bool
) -> list[tuple[dict[str, Any], str]]:
    """Every item of a raw body with the number auto numbering gives it ("" for none).

    The rules of :mod:`docgen.plans.table`: 1, 2.1, 4.2.16 by position, a dot as the plan says;
    the activities of a direction shown in its own column have no number.
    """
    labels: list[tuple[dict[str, Any], str]] = []

    def label(parts: tuple[int, ...], dot: bool) -> str:
        return ".".join(str(p) for p in parts) + ("." if dot else "")

    def walk(items: list[dict[str, Any]], prefix: tuple[int, ...]) -> None:
        for index, item in enumerate(items):
            parts = (*prefix, index + 1)
            if "section" in item:
                labels.append((item, label(parts, section_dot)))
                walk(item.get("items") or [], parts)
            elif "direction" in item:
                labels.append((item, label(parts, section_dot)))
                for inner, activity in enumerate(item.get("activities") or []):
                    text = "" if direction_column else label((*parts, inner + 1), activity_dot)
                    labels.append((activity, text))
            else:
                labels.append((item, label(parts, activity_dot)))

    walk(body, ())
    return labels


def settle_numbers(
    plan: dict[str, Any], body: list[dict[str, Any]], *, direction_column: bool
) -> None:
    """Decide auto or given numbering, keeping a number only where auto would not give it.

    ``plan`` may already say ``numbering`` and the dots. Without ``numbering``: when every
    row that auto numbering labels has a number and they all equal the auto labels (for some
    choice of the dots not fixed by ``plan``), the numbering is auto; when they differ, it is
    given as in the source. Partly numbered rows are auto numbered, keeping their own numbers.
    """
    given_dots = (plan.get("section_dot"), plan.get("activity_dot"))
    if plan.get("numbering") in ("given", "restart"):  # numbers kept as typed
        return
    numbering = plan.get("numbering")

    def labels(section_dot: bool, activity_dot: bool) -> list[tuple[dict[str, Any], str]]:
        return [
            (item, text)
            for item, text in auto_labels(
                body,
                direction_column=direction_column,
                section_dot=section_dot,
                activity_dot=activity_dot,
            )
            if text
        ]

    sections = (given_dots[0],) if isinstance(given_dots[0], bool) else (True, False)
    activities = (given_dots[1],) if isinstance(given_dots[1], bool) else (False, True)
    combos = [(s, a) for s in sections for a in activities]
    chosen = combos[0]
    if numbering is None:
        labelled = labels(*chosen)
        if labelled and all(item.get("number") is not None for item, _ in labelled):
            match = next(
                (
                    combo
                    for combo in combos
                    if all(str(item["number"]) == text for item, text in labels(*combo))
                ),
                None,
            )
            if match is None:
                plan["numbering"] = "given"
                return
            chosen = match
        plan["numbering"] = "auto"
        if chosen != (True, False) or given_dots != (None, None):
            plan["section_dot"], plan["activity_dot"] = chosen
    for item, text in labels(*chosen):
        if item.get("number") is not None and str(item["number"]) == text:
            del item["number"]


def count_items(body: Iterable[Any]) -> tuple[int, int, int, int]:
    """Sections, directions, activities, and the rows the activities take in the table.

    An activity takes a row per indicator, and one row when it has none.
    """
    sections = directions = activities = rows = 0

    def get(item: Any, name: str) -> Any:
        return item.get(name) if isinstance(item, dict) else getattr(item, name, None)

    def walk(items: Iterable[Any]) -> None:
        nonlocal sections, directions, activities, rows
        for item in items:
            if get(item, "section") is not None:
                sections += 1
                walk(get(item, "items") or [])
            elif get(item, "direction") is not None:
                directions += 1
                walk(get(item, "activities") or [])
            else:
                activities += 1
                rows += max(1, len(get(item, "indicators") or []))

    walk(body)
    return sections, directions, activities, rows


# -------------------------------------------------------------------------------- table sheets


@dataclass
class _Entry:
    """A row of «Мероприятия» as the first pass understood it."""

    line: xl.Row
    kind: str  # section, direction, activity, pair (a direction with its first activity), more
    number: str | None = None
    parts: list[int] | None = None
    depth: int | None = None


def _year_column(value: Any, cell: str) -> tuple[str, str] | str | None:
    """A header of «Показатели» that is a year (2024) is the column ``year:2024``."""
    year = _year(value)
    if year is not None:
        return f"year:{year}", str(year)
    if re.search(r"\d", str(xl.cell_value(value))):
        return f"заголовок столбца «{xl.cell_value(value)}» не читается: ожидается год (2024)"
    return None


def _year(value: Any) -> int | None:
    """2024 from a header cell that holds a year (a number or its digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, int) and 1900 <= value <= 2199:
        return value
    return None


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text).splitlines() if line.strip()]


class _PlanReader(_ExcelReader):
    """Turns the sheets of a plan workbook into the schema's data, remembering each cell."""

    paths: ClassVar[Mapping[str, KeyPath]] = {
        **_PATHS,
        **APPROVAL_FIELDS,
        **INDICATOR_TABLE_FIELDS,
    }
    dates: ClassVar[frozenset[str]] = frozenset({"date", "approval_date"})
    choices: ClassVar[Mapping[str, xl.Choice]] = {
        **_CHOICES,
        **{
            key: CHOICES[key]
            for key in ("numbering", "section_numerals", "section_row", "approval")
        },
        **dict.fromkeys(("section_dot", "activity_dot", "landscape"), xl.YES_NO),
        "approval_kind": xl.ACT,
        "indicator_numbering": CHOICES["indicator_numbering"],
        "indicator_section_row": CHOICES["section_row"],
    }

    #: The keys of «Люди»: a cell of «ответственные» with a line per key is a list of them.
    people_keys: frozenset[str] | set[str] = frozenset()

    #: Sheets without which there is no plan (a district's workbook has no «Организация»).
    required: tuple[str, ...] = ("organization", "plan")

    def read(self, workbook: Any) -> dict[str, Any]:
        sheets = self.sheets(workbook)
        organization = self.pairs(sheets.get("organization"), "organization", _ORG_FIELDS)
        raw: dict[str, Any] = {"organization": organization}
        if "people" in sheets:
            raw["people"] = self.people(sheets["people"])
            self.people_keys = {str(key) for key in raw["people"]}
        plan = self.plan_fields(sheets.get("plan"))
        raw["plan"] = plan
        if "agreed" in sheets:
            agreed = self.agreed(sheets["agreed"])
            if agreed:
                self.outside.setdefault("approval", {})["agreed"] = agreed
        if self.outside.get("approval"):
            raw["approval"] = self.outside["approval"]
        if "school" in sheets:
            school = self.school(sheets["school"])
            if school:
                raw["school"] = school
        columns = self.columns(sheets["columns"]) if "columns" in sheets else None
        body: list[dict[str, Any]] = []
        if "activities" in sheets:
            body = self.activities(sheets["activities"], plan, columns or [])
            plan["body"] = body
        if columns is None:
            columns = _derived_columns(body)
            if columns != _default_columns():
                plan["columns"] = columns
        else:
            plan["columns"] = columns
        keys = {str(column.get("key")) for column in columns if isinstance(column, dict)}
        settle_numbers(plan, body, direction_column="direction" in keys)
        if "indicators" in sheets:
            indicators = self.indicators(sheets["indicators"])
            if indicators:
                plan["indicators"] = indicators
        if "indicator_columns" in sheets:
            indicator_columns = self.indicator_columns(sheets["indicator_columns"])
            if indicator_columns:
                plan.setdefault("indicator_table", {})["columns"] = indicator_columns
        if "texts" in sheets:
            self.texts(sheets["texts"], plan)
        if "sources" in sheets:
            sources = self.sources(sheets["sources"])
            if sources:
                plan["sources"] = sources
        if "footnotes" in sheets:
            footnotes = self.footnotes(sheets["footnotes"])
            if footnotes:
                plan["footnotes"] = footnotes
        return raw

    def sheets(self, workbook: Any) -> dict[str, Any]:
        self.locator.people_label = f"на листе «{PLAN_SHEETS['people'][0]}»"
        book = xl.Book(PLAN_SHEETS, self.required, "в книге плана docgen читает листы")
        return xl.open_sheets(workbook, book, self.locator)

    def put(
        self,
        result: dict[str, Any],
        root: str,
        key: str,
        value: Any,
        sheet: str,
        cell: str,
        label: str,
    ) -> None:
        """The stamp's lines and the row styles (a line of the cell each) as lists, «{год}» of
        a year's heading as the data's «{year}»; other fields as orders do."""
        if key in ("section_styles", "indicator_section_styles", "year_heading"):
            text = self.plain(value, self.paths.get(key, (root, key)))
            if key == "year_heading" and isinstance(text, str):
                value = text.replace("{год}", "{year}")
            elif isinstance(text, str):
                value = _lines(text)
            super().put(result, root, key, value, sheet, cell, label)
            return
        if key != "approval_lines":
            super().put(result, root, key, value, sheet, cell, label)
            return
        path = self.paths[key]
        lines = _lines(self.plain(value, path) or "")
        approval = self.outside.setdefault("approval", {})
        if not approval:
            self.locator.record(path[:-1], sheet=sheet, cell=cell, label=label)
        approval["lines"] = lines
        for index in range(len(lines)):
            self.locator.record((*path, index), sheet=sheet, cell=cell, label=label)
        self.locator.record(path, sheet=sheet, cell=cell, label=label)

    # -- «Согласовано», «Школа»

    def agreed(self, sheet: Any) -> list[dict[str, Any]]:
        title = str(sheet.title)
        root: KeyPath = ("approval", "agreed")
        self.locator.record(root, sheet=title)
        result: list[dict[str, Any]] = []
        for line in self.rows(sheet, AGREED):
            path: KeyPath = (*root, len(result))
            self.at(path, line, title, "person" if line.cell("person") else "lines")
            agreement: dict[str, Any] = {}
            self.fill(agreement, path, line, title, ("person", "date"))
            if line.value("lines") is not None:
                self.at((*path, "lines"), line, title, "lines")
                agreement["lines"] = _lines(self.text(line, "lines", (*path, "lines")) or "")
            result.append(agreement)
        return result

    def school(self, sheet: Any) -> dict[str, Any]:
        """The rows of «Школа»: each one change a school makes in the plan it takes."""
        title = str(sheet.title)
        root: KeyPath = ("school",)
        self.locator.record(root, sheet=title)
        school: dict[str, Any] = {}
        for line in self.rows(sheet, SCHOOL):
            change = line.get("change")
            if change is None:
                if line.value("change") is None:
                    self.locator.problem_at(
                        "не указано изменение: " + ", ".join(CHOICES["change"].words),
                        sheet=title,
                        cell=line.cell("change"),
                        row=None if line.cell("change") else line.number,
                    )
                continue
            target = line.value("target")
            target = None if target is None else str(xl.cell_value(target)).strip()
            value = line.value("value")
            if change in ("after", "into"):
                additions = school.setdefault("add", [])
                path: KeyPath = (*root, "add", len(additions))
                self.at(path, line, title, "change")
                self.at((*path, change), line, title, "target")
                activity: dict[str, Any] = {}
                apath: KeyPath = (*path, "activity")
                self.at(apath, line, title, "title")
                self.fill(activity, apath, line, title, ("title", "result", "key"))
                self.at((*apath, "deadline"), line, title, "deadline")
                deadline = self.deadline(line, (*apath, "deadline"))
                if deadline is not None:
                    activity["deadline"] = deadline
                if line.value("indicators") is not None:
                    self.at((*apath, "indicators"), line, title, "indicators")
                    text = self.text(line, "indicators", (*apath, "indicators"))
                    activity["indicators"] = _lines(text or "")
                self.at((*apath, "responsible"), line, title, "responsible")
                responsible = self.people_cell(line, "responsible", (*apath, "responsible"))
                if responsible is not None:
                    activity["responsible"] = responsible
                additions.append({change: target, "activity": activity})
                continue
            name = str(change)
            if change in ("type", "keep_unfilled_roles"):
                self.at((*root, name), line, title, "value")
                if change == "keep_unfilled_roles":
                    school[name] = self.pick(xl.YES_NO, value, (*root, name))
                else:
                    school[name] = self.text(line, "value", (*root, name))
            elif change in ("levels", "drop"):
                column = "value" if change == "levels" else "target"
                items = school.setdefault(name, [])
                self.at((*root, name, len(items)), line, title, column)
                items.extend(_lines(self.text(line, column, (*root, name)) or ""))
            else:
                entries = school.setdefault(name, {})
                path = (*root, name, target or "")
                self.at(path, line, title, "value")
                if target is None:
                    self.locator.problem_at(
                        "не указан номер мероприятия"
                        if change != "roles"
                        else "не указана роль: как она написана в столбце «Ответственные»",
                        sheet=title,
                        cell=line.cell("target"),
                        row=None if line.cell("target") else line.number,
                    )
                    continue
                if change == "deadlines":
                    entries[target] = self.deadline(line, path, "value")
                else:
                    entries[target] = self.people_cell(line, "value", path)
        return school

    def deadline(self, line: xl.Row, path: KeyPath, column: str = "deadline") -> Any:
        """A deadline cell: a date, fields line by line («до: 01.10.2024»), or its text."""
        value = line.value(column)
        if isinstance(value, datetime | date):
            return {"date": value.date() if isinstance(value, datetime) else value}
        if value is None:
            return None
        text = self.text(line, column, path)
        if isinstance(text, str):
            fields = deadline_fields(text)
            if fields is not None:
                return fields
        return text

    def people_cell(self, line: xl.Row, column: str, path: KeyPath) -> Any:
        """Who: one line is one person or text, several lines a list of them."""
        text = self.text(line, column, path)
        if text is None:
            return None
        lines = _lines(text)
        return lines if len(lines) > 1 else (lines[0] if lines else None)

    # -- «План»

    def plan_fields(self, sheet: Any) -> dict[str, Any]:
        if sheet is None:
            self.locator.suppressed.add(("plan", "title"))
            return {}
        fields = self.pairs(sheet, "plan", PLAN_FIELDS)
        plan = {key: value for key, value in fields.items() if value is not None}
        if isinstance(plan.get("title"), str):
            plan["title"] = "\n".join(_lines(plan["title"]))
        if "tasks" in plan:
            plan["tasks"] = _lines(plan["tasks"])
            place = self.locator.places[("plan", "tasks")]
            for index in range(len(plan["tasks"])):
                self.locator.record(
                    ("plan", "tasks", index), sheet=place.sheet, cell=place.cell, label=place.field
                )
        return plan

    def rows(self, sheet: Any, table: xl.Table, more: xl.Header | None = None) -> list[xl.Row]:
        return xl.read_table(sheet, table, self.locator, more) or []

    # -- «Столбцы»

    def columns(self, sheet: Any) -> list[dict[str, Any]] | None:
        title = str(sheet.title)
        root: KeyPath = ("plan", "columns")
        self.locator.record(root, sheet=title)
        standard = xl.aliases(COLUMN_KEYS)
        result: list[dict[str, Any]] = []
        for line in self.rows(sheet, COLUMNS):
            path: KeyPath = (*root, len(result))
            self.at(path, line, title, "key")
            for name in ("key", "heading", "width"):
                self.at((*path, name), line, title, name)
            column: dict[str, Any] = {}
            key = line.value("key")
            if key is None:
                self.locator.problem_at(
                    "не указан ключ столбца: номер, мероприятие, сроки, …",
                    sheet=title,
                    cell=line.cell("key") or None,
                    row=None if line.cell("key") else line.number,
                )
                self.locator.suppressed.add((*path, "key"))
            elif xl.norm(key) in standard:
                column["key"] = standard[xl.norm(key)]
            else:
                close = xl.suggest(str(key), COLUMN_KEYS)
                if close or not KEY.fullmatch(str(key)):
                    known = ", ".join(names[0] for names in COLUMN_KEYS.values())
                    self.locator.problem(
                        (*path, "key"),
                        f"неизвестный ключ столбца «{key}»{close}; ключи: {known} "
                        "или своё слово без пробелов для своего столбца",
                    )
                    self.locator.suppressed.add((*path, "key"))
                else:
                    column["key"] = str(key)
            heading = self.text(line, "heading", (*path, "heading"))
            if heading is not None:
                column["heading"] = heading
            width = line.raw.get("width")
            if isinstance(width, str) and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", width):
                width = float(width.replace(",", "."))
            if isinstance(width, int | float) and not isinstance(width, bool):
                column["width"] = float(width)
            elif line.value("width") is not None:
                column["width"] = line.value("width")  # the schema says what is wrong with it
            result.append(column)
        return result or None

    # -- «Мероприятия»

    def activities(
        self, sheet: Any, plan: dict[str, Any], columns: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        title = str(sheet.title)
        root: KeyPath = ("plan", "body")
        self.locator.record(root, sheet=title)
        strict = plan.get("numbering") not in ("given", "restart")
        custom: dict[str, str] = {}
        for declared in columns:
            key = declared.get("key")
            if isinstance(key, str) and key not in COLUMN_KEYS:
                custom[key] = f"cell:{key}"
                if isinstance(declared.get("heading"), str):
                    custom.setdefault(declared["heading"], f"cell:{key}")
        extra = {xl.norm(name): key for name, key in custom.items()}

        def own(value: Any, cell: str) -> tuple[str, str] | None:
            name = xl.cell_value(value)
            key = extra.get(xl.norm(name))
            return None if key is None else (key, str(name))

        activities = xl.Table(ACTIVITY_COLUMNS, types={"kind": CHOICES["kind"].type()})
        # Numbers that restart in every section say nothing of the nesting: «уровень» and «вид» do.
        nested = plan.get("numbering") != "restart"
        entries = [
            self.entry(line, title, strict, nested) for line in self.rows(sheet, activities, own)
        ]
        self.resolve_sections(entries)
        if strict:
            self.check_numbers(entries, title)
        tree = Tree(root)
        activity: dict[str, Any] | None = None
        activity_path: KeyPath = ()
        for entry in entries:
            line = entry.line
            if entry.kind == "more":
                if activity is None:
                    self.locator.problem_at(
                        "показатель без мероприятия: строка, где заполнен только «показатель», "
                        "добавляет показатель мероприятию выше",
                        sheet=title,
                        cell=line.cell("indicators"),
                    )
                    continue
                indicators = activity.setdefault("indicators", [])
                path = (*activity_path, "indicators", len(indicators))
                self.at(path, line, title, "indicators")
                indicators.append(self.text(line, "indicators", path))
                continue
            if entry.kind == "section":
                self.extra_cells(
                    line,
                    title,
                    {"title", "number", "level", "kind"},
                    "у раздела заполнен столбец «{}»: в строке раздела — только "
                    "номер и наименование",
                )
                item: dict[str, Any] = {}
                path = tree.add("section", item, entry.depth)
                self.place(
                    item,
                    path,
                    line,
                    title,
                    entry,
                    "section",
                    "title",
                    "не указано наименование раздела",
                )
                activity = None
                continue
            direction = line.value("direction")
            open_direction = tree.open_direction()
            pair = entry.kind == "pair" and not (
                entry.number is None
                and open_direction is not None
                and xl.norm(direction) == xl.norm(open_direction.get("direction", ""))
            )
            if pair or entry.kind == "direction":
                column = "title" if not pair and line.value("title") is not None else "direction"
                if not pair:
                    self.extra_cells(
                        line,
                        title,
                        {column, "number", "level", "kind"},
                        "у направления заполнен столбец «{}»: мероприятия направления "
                        "пишутся строками ниже",
                    )
                item = {}
                path = tree.add("direction", item, entry.depth)
                missing = "не указано " + ("направление" if pair else "название направления")
                self.place(item, path, line, title, entry, "direction", column, missing)
                self.at((*path, "activities"), line, title, column)
                if not pair:
                    activity = None
                    continue
                entry = _Entry(line, "activity")  # its number was the direction's
            activity = {}
            activity_path = tree.add("activity", activity, entry.depth)
            self.fill_activity(activity, activity_path, line, title, entry)
        return tree.body

    def entry(self, line: xl.Row, sheet: str, strict: bool, nested: bool = True) -> _Entry:
        """What a row is (section, direction, activity, another indicator) and its depth."""
        filled = line.filled()
        if filled == {"indicators"}:
            return _Entry(line, "more")
        kind = line.get("kind")
        if kind is None or kind == "activity":
            if (
                "direction" in filled
                and kind is None
                and filled <= {"number", "level", "direction"}
            ):
                kind = "direction"
            elif "direction" in filled:
                kind = "pair"
            elif kind is None and "title" in filled and filled <= {"number", "level", "title"}:
                kind = "candidate"
            else:
                kind = "activity"
        entry = _Entry(line, kind)
        raw = line.value("number")
        if raw is not None:
            entry.number, entry.parts = self.number(line, sheet, strict)
        level = line.value("level")
        if level is not None:
            if isinstance(level, str) and level.strip().isdigit():
                level = int(level)
            if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 9:
                entry.depth = level
            else:
                self.locator.problem_at(
                    f"неверный уровень «{level}»: ожидается 1, 2 или 3",
                    sheet=sheet,
                    cell=line.cell("level"),
                )
        if entry.depth is None and entry.parts is not None and nested:
            entry.depth = len(entry.parts)
        return entry

    def number(self, line: xl.Row, sheet: str, strict: bool) -> tuple[str, list[int] | None]:
        raw = line.value("number")
        cell = line.cell("number")
        if isinstance(raw, datetime | date):  # "3.1" typed where Excel reads dates
            self.locator.problem_at(
                f"Excel принял номер за дату ({raw:%d.%m}): задайте столбцу «номер» текстовый "
                "формат и введите номер заново",
                sheet=sheet,
                cell=cell,
            )
            return f"{raw.day}.{raw.month}", [raw.day, raw.month]
        text = str(raw).strip()
        parts = number_parts(text)
        if parts is None and strict:
            self.locator.problem_at(
                f"неверный номер «{text}»: пишите 1, 2, 2.1, 4.2.16 (если в источнике иначе, "
                "укажите на листе «План» нумерацию «как в источнике»)",
                sheet=sheet,
                cell=cell,
            )
        return text, parts

    def resolve_sections(self, entries: list[_Entry]) -> None:
        """A row with only a number and a name is a section when the next row is deeper."""
        for index, entry in enumerate(entries):
            if entry.kind != "candidate":
                continue
            following = entries[index + 1] if index + 1 < len(entries) else None
            if entry.depth is None:
                entry.kind = "section"
            elif following is None or following.kind == "more":
                entry.kind = "activity"
            elif following.depth is None or following.depth > entry.depth:
                entry.kind = "section"
            else:
                entry.kind = "activity"

    def check_numbers(self, entries: list[_Entry], sheet: str) -> None:
        """Numbers go 1, 1.1, 1.2, 2 …: a gap or a repeated number is an error in its cell."""
        seen: dict[str, str | None] = {}
        last: list[int] = []
        for entry in entries:
            if entry.parts is None or entry.number is None:
                continue
            label = ".".join(map(str, entry.parts))
            cell = entry.line.cell("number")
            hint = (
                " (Excel хранит номер как число: задайте ячейке текстовый формат)"
                if "number" in entry.line.numeric
                else ""
            )
            tail = "; если так в источнике, укажите на листе «План» нумерацию «как в источнике»"
            if label in seen:
                self.locator.problem_at(
                    f"номер «{entry.number}» повторяется (первый раз — в ячейке {seen[label]})"
                    f"{hint}{tail}",
                    sheet=sheet,
                    cell=cell,
                )
            elif entry.parts not in _next_numbers(last):
                after = _expected(last)
                self.locator.problem_at(
                    f"пропуск в нумерации: номер «{entry.number}», а {after}{hint}{tail}",
                    sheet=sheet,
                    cell=cell,
                )
            seen.setdefault(label, cell)
            last = entry.parts

    def extra_cells(self, line: xl.Row, sheet: str, allowed: set[str], message: str) -> None:
        """Cells a section or direction row does not use: reported, not silently dropped."""
        for column in sorted(line.filled() - allowed):
            name = line.labels.get(column, column)
            self.locator.problem_at(message.format(name), sheet=sheet, cell=line.cell(column))

    def place(
        self,
        item: dict[str, Any],
        path: KeyPath,
        line: xl.Row,
        sheet: str,
        entry: _Entry,
        name: str,
        column: str,
        missing: str,
    ) -> None:
        """A section's or direction's number and name, recorded at their cells."""
        self.at(path, line, sheet, "number" if line.cell("number") else column)
        self.at((*path, "number"), line, sheet, "number")
        self.at((*path, name), line, sheet, column)
        if entry.number is not None:
            item["number"] = entry.number
        value = self.text(line, column, (*path, name))
        if line.value(column) is None:
            self.locator.problem_at(
                missing,
                sheet=sheet,
                cell=line.cell(column),
                row=None if line.cell(column) else line.number,
            )
            self.locator.suppressed.add((*path, name))
        elif value is not None:
            item[name] = value

    def fill_activity(
        self, item: dict[str, Any], path: KeyPath, line: xl.Row, sheet: str, entry: _Entry
    ) -> None:
        self.at(path, line, sheet, "number" if line.cell("number") else "title")
        for name in ("number", "deadline"):
            self.at((*path, name), line, sheet, name)
        if entry.number is not None:
            item["number"] = entry.number
        if line.value("title") is None:
            self.locator.problem_at(
                "не указано наименование мероприятия",
                sheet=sheet,
                cell=line.cell("title"),
                row=None if line.cell("title") else line.number,
            )
            self.locator.suppressed.add((*path, "title"))
        self.fill(item, path, line, sheet, ("title", "responsible", "result", "key", "schools"))
        responsible = item.get("responsible")
        if isinstance(responsible, str) and "\n" in responsible:
            names = _lines(responsible)  # a line per person of «Люди»: the list of them
            if names and all(name in self.people_keys for name in names):
                item["responsible"] = names
        deadline = self.deadline(line, (*path, "deadline"))
        if isinstance(deadline, dict):
            for name in deadline:
                self.at((*path, "deadline", name), line, sheet, "deadline")
        if deadline is not None:
            item["deadline"] = deadline
        if line.value("indicators") is not None:
            self.at((*path, "indicators", 0), line, sheet, "indicators")
            item["indicators"] = [self.text(line, "indicators", (*path, "indicators", 0))]
        for column, value in line.values.items():
            if column.startswith("cell:") and value is not None:
                key = column[len("cell:") :]
                self.at((*path, "cells", key), line, sheet, column)
                item.setdefault("cells", {})[key] = self.plain(value, (*path, "cells", key))

    # -- «Показатели»

    def indicator_columns(self, sheet: Any) -> list[dict[str, Any]]:
        """«Столбцы показателей»: ключ | заголовок | ширина, the indicator table's columns."""
        title = str(sheet.title)
        root: KeyPath = ("plan", "indicator_table", "columns")
        self.locator.record(root, sheet=title)
        standard = xl.aliases(INDICATOR_COLUMN_KEYS)
        result: list[dict[str, Any]] = []
        for line in self.rows(sheet, COLUMNS):
            path: KeyPath = (*root, len(result))
            self.at(path, line, title, "key")
            for name in ("key", "heading", "width"):
                self.at((*path, name), line, title, name)
            column: dict[str, Any] = {}
            key = line.value("key")
            if key is not None and xl.norm(key) in standard:
                column["key"] = standard[xl.norm(key)]
            else:
                known = ", ".join(names[0] for names in INDICATOR_COLUMN_KEYS.values())
                self.locator.problem_at(
                    f"неизвестный ключ столбца «{key or ''}»; ключи: {known}",
                    sheet=title,
                    cell=line.cell("key"),
                    row=None if line.cell("key") else line.number,
                )
                self.locator.suppressed.add((*path, "key"))
            heading = self.text(line, "heading", (*path, "heading"))
            if heading is not None:
                column["heading"] = heading
            width = line.raw.get("width")
            if isinstance(width, int | float) and not isinstance(width, bool):
                column["width"] = float(width)
            elif line.value("width") is not None:
                column["width"] = line.value("width")  # the schema says what is wrong with it
            result.append(column)
        return result

    def indicators(self, sheet: Any) -> list[dict[str, Any]]:
        rows = self.rows(sheet, INDICATORS, _year_column)
        if any("level" in line.cells or "kind" in line.cells for line in rows):
            return self.indicator_levels(sheet, rows)
        title = str(sheet.title)
        root: KeyPath = ("plan", "indicators")
        self.locator.record(root, sheet=title)
        outline = Outline(root, "parts")
        for line in rows:
            raw_number = line.value("number")
            parts = [len(outline.top) + 1]  # a row without a number is the next one at the top
            if raw_number is not None:
                label = str(raw_number).strip()
                parsed = number_parts(label)
                if parsed is None:
                    self.locator.problem_at(
                        f"неверный номер показателя «{label}»: пишите 1, 2, 2.1",
                        sheet=title,
                        cell=line.cell("number"),
                    )
                    continue
                parts = parsed
                if parts not in _next_numbers(outline.numbers):
                    self.locator.problem_at(
                        f"неверный номер показателя «{label}»: {_expected(outline.numbers)}",
                        sheet=title,
                        cell=line.cell("number"),
                    )
            indicator: dict[str, Any] = {}
            path = outline.add(indicator, parts, top=raw_number is None)
            self.at(path, line, title, "number" if line.cell("number") else "name")
            self.fill(indicator, path, line, title, ("name", "unit", "key"))
            self.at((*path, "baseline"), line, title, "baseline")
            baseline = self.number_or_text(line, "baseline", (*path, "baseline"))
            if baseline is not None:
                indicator["baseline"] = baseline
            for column in line.values:
                if not column.startswith("year:"):
                    continue
                year = int(column[len("year:") :])
                self.at((*path, "targets", year), line, title, column)
                value = self.number_or_text(line, column, (*path, "targets", year))
                if value is not None:
                    indicator.setdefault("targets", {})[year] = value
        return outline.top

    def indicator_levels(self, sheet: Any, rows: list[xl.Row]) -> list[dict[str, Any]]:
        """«Показатели» with «вид» and «уровень»: groups (a number and a name across the
        table) and indicators nested by level; the numbers are printed as written."""
        title = str(sheet.title)
        root: KeyPath = ("plan", "indicators")
        self.locator.record(root, sheet=title)
        top: list[dict[str, Any]] = []
        chain: list[tuple[dict[str, Any], KeyPath]] = []  # the open item of each level
        for line in rows:
            kind = "indicator"
            if line.value("kind") is not None:
                found, picked = CHOICES["indicator_kind"].find(line.value("kind"))
                if found:
                    kind = picked
                else:
                    self.locator.problem_at(
                        CHOICES["indicator_kind"].wrong(line.value("kind")),
                        sheet=title,
                        cell=line.cell("kind"),
                    )
            level = line.value("level")
            groups = [index for index, (item, _) in enumerate(chain) if "items" in item]
            # without a level: a group at the top, an indicator in the last group
            depth = 1 if kind == "section" or not groups else groups[-1] + 2
            if level is not None:
                text = str(xl.cell_value(level)).strip()
                if text.isdigit() and 1 <= int(text) <= 9:
                    depth = int(text)
                else:
                    self.locator.problem_at(
                        f"неверный уровень «{level}»: ожидается 1, 2 или 3",
                        sheet=title,
                        cell=line.cell("level"),
                    )
            depth = max(1, min(depth, len(chain) + 1))
            siblings, parent = top, root
            if depth > 1:
                above, above_path = chain[depth - 2]
                inner = "items" if "items" in above else "parts"
                siblings, parent = above.setdefault(inner, []), (*above_path, inner)
            path = (*parent, len(siblings))
            item: dict[str, Any] = {}
            siblings.append(item)
            chain = [*chain[: depth - 1], (item, path)]
            self.at(path, line, title, "name")
            number = line.value("number")
            if number is not None:
                self.at((*path, "number"), line, title, "number")
                item["number"] = str(xl.cell_value(number)).strip()
            if kind == "section":
                self.at((*path, "section"), line, title, "name")
                name = self.text(line, "name", (*path, "section"))
                if name is not None:
                    item["section"] = name
                item.setdefault("items", [])
                continue
            self.fill(item, path, line, title, ("name", "unit", "key"))
            self.values(item, path, line, title)
        return top

    def values(self, indicator: dict[str, Any], path: KeyPath, line: xl.Row, title: str) -> None:
        """An indicator's baseline and its targets by year."""
        self.at((*path, "baseline"), line, title, "baseline")
        baseline = self.number_or_text(line, "baseline", (*path, "baseline"))
        if baseline is not None:
            indicator["baseline"] = baseline
        for column in line.values:
            if not column.startswith("year:"):
                continue
            year = int(column[len("year:") :])
            self.at((*path, "targets", year), line, title, column)
            value = self.number_or_text(line, column, (*path, "targets", year))
            if value is not None:
                indicator.setdefault("targets", {})[year] = value

    def number_or_text(self, line: xl.Row, column: str, path: KeyPath) -> Any:
        """A value as Excel holds it: 33.5 stays a number (not "33.5"), text stays text."""
        raw = line.raw.get(column)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool):
            self.locator.problem(path, "ожидается число или текст, а не да/нет")
            self.locator.suppressed.add(path)
            return None
        if isinstance(raw, float):
            return int(raw) if raw.is_integer() else raw
        if isinstance(raw, int):
            return raw
        return self.plain(xl.cell_value(raw), path)

    # -- «Текст»

    def texts(self, sheet: Any, plan: dict[str, Any]) -> None:
        title = str(sheet.title)
        place = "intro"
        for line in self.rows(sheet, TEXTS):
            place = line.get("place") or place
            blocks = plan.setdefault(place, [])
            path: KeyPath = ("plan", place, len(blocks))
            self.at(path, line, title, "text")
            kind = line.get("kind") or "paragraph"
            block: dict[str, Any] = {}
            self.at((*path, kind), line, title, "text")
            text = self.text(line, "text", (*path, kind))
            if text is None:
                self.locator.problem_at(
                    "не указан текст",
                    sheet=title,
                    cell=line.cell("text"),
                    row=None if line.cell("text") else line.number,
                )
                self.locator.suppressed.add(path)
            elif kind == "items":
                items = _lines(text)
                named = [n for n, words in LIST_NAMES.items() if xl.norm(items[0]) in words]
                block["items"] = named[0] if len(items) == 1 and named else items
                for index in range(len(items)):
                    self.at((*path, "items", index), line, title, "text")
            else:
                block[kind] = text
            for name in ("style", "bullet", "separator", "end", "case"):
                value = line.value(name)
                if value is None:
                    continue
                self.at((*path, name), line, title, name)
                if kind != "items":
                    self.locator.problem_at(
                        f"«{line.labels[name]}» задаётся только для списка (вид «список»)",
                        sheet=title,
                        cell=line.cell(name),
                    )
                elif name == "style":
                    style = self.pick(CHOICES["style"], value, (*path, name))
                    if style is not None:
                        block[name] = style
                else:
                    block[name] = str(value)
            blocks.append(block)

    # -- «Источники», «Сноски»

    def sources(self, sheet: Any) -> list[dict[str, Any]]:
        title = str(sheet.title)
        root: KeyPath = ("plan", "sources")
        self.locator.record(root, sheet=title)
        result: list[dict[str, Any]] = []
        for line in self.rows(sheet, SOURCES):
            path: KeyPath = (*root, len(result))
            self.at(path, line, title, "text" if line.value("text") is not None else "name")
            result.append({})
            self.fill(result[-1], path, line, title, SOURCES.columns)
        return result

    def footnotes(self, sheet: Any) -> dict[str, Any]:
        title = str(sheet.title)
        root: KeyPath = ("plan", "footnotes")
        self.locator.record(root, sheet=title)
        result: dict[str, Any] = {}
        messages = (
            "не указан ключ сноски: слово без пробелов, как в [^ключ]",
            "сноска «{key}» уже есть в ячейке {cell}",
        )
        for key, line in xl.keyed(self.rows(sheet, FOOTNOTES), self.locator, title, messages):
            self.at((*root, key), line, title, "text")
            result[key] = self.text(line, "text", (*root, key))
        return result


def _default_columns() -> list[dict[str, Any]]:
    return [column.model_dump() for column in DEFAULT_COLUMNS]


def _derived_columns(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The default columns, with a direction and an indicators column when the rows have them."""
    columns = _default_columns()
    found: set[str] = set()

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if "section" in item:
                walk(item.get("items") or [])
            elif "direction" in item:
                found.add("direction")
                walk(item.get("activities") or [])
            elif item.get("indicators"):
                found.add("indicators")

    walk(body)
    keys = [column["key"] for column in columns]
    for key, after in (("direction", "number"), ("indicators", "title")):
        if key in found:
            columns.insert(
                keys.index(after) + 1, {"key": key, "heading": _DEFAULT_HEADINGS[key], "width": 0.0}
            )
            keys = [column["key"] for column in columns]
    return columns


def is_plan_workbook(titles: Iterable[str]) -> bool:
    """A workbook with a sheet only plans have, and no sheet of an order, holds a plan."""
    plan = xl.aliases({key: PLAN_SHEETS[key] for key in _PLAN_ONLY})
    order = xl.aliases({key: _SHEETS[key] for key in ("document", "points", "appendices")})
    names = {xl.norm(title) for title in titles}
    return bool(names & plan.keys()) and not names & order.keys()


def read_workbook(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
    """An order or a plan, as the sheets of the workbook tell: «Мероприятия»/«План» → a plan."""
    workbook = open_workbook(data, file)
    if is_plan_workbook(str(sheet.title) for sheet in workbook.worksheets):
        return read_order_workbook(workbook, file, _PlanReader)
    return read_order_workbook(workbook, file)
