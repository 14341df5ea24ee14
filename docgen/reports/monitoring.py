"""Monitoring data of a plan: what the schools reported, read with the place of every cell.

Книга Excel (.xlsx) — листы (названия листов, полей и столбцов — по-русски или по-английски;
регистр, «ё» и лишние пробелы не важны):

* «Отчёт» (report): столбец A — поле, B — значение; строка «поле | значение» не обязательна.
  Поля: заголовок (title) — тема справки («Об итогах мониторинга …»); организация
  (organization) — кто пишет справку («Управление образования»); подчинённость (parent) —
  строка под названием («администрации … района»); вышестоящий орган (superior); место
  (place); номер (number); дата (date: дата Excel или ДД.ММ.ГГГГ — дата справки, от неё
  считаются просроченные мероприятия); период (period) — отчётный период; предыдущий период
  (previous_period) — с ним сравниваются значения; периоды (periods) — все периоды для
  графика динамики, по одному в строке или через запятую (по умолчанию — предыдущий и
  отчётный); год целей (target_year) — год целевых значений плана (по умолчанию — год, в
  котором кончается отчётный период: для 2023-2024 учебного года — 2024); введение (intro) —
  первый абзац справки; должность подписывающего (signer_position; перенос строки в ячейке
  — перенос строки в подписи); подписывает (signer: «И.О. Фамилия»); исполнитель
  (executor: «Фамилия И.О.»); телефон исполнителя (executor_phone); план (plan) — путь к файлу
  плана (YAML, относительно книги), показатели которого (``plan.indicators`` с ``key``)
  задают наименования, единицы и целевые значения. Обязательны: заголовок, организация,
  дата, период, должность подписывающего, подписывает.
  Период — учебный год («2023-2024 учебный год», «2023-2024», «2023/24») или календарный
  год («2023 год», «2023»).
* «Школы» (schools): ключ | полное название | краткое название | тип (СОШ, лицей, гимназия,
  ООШ, …). Ключ — короткое имя без пробелов; на листах «Значения» и «Мероприятия» школу
  называют ключом или кратким названием.
* «Показатели» (indicators): ключ | наименование | единица (%, чел., ед.) | цель | лучше
  (больше / меньше; по умолчанию больше). Лист не нужен, если показатели дает план; если
  есть и план, и лист, заполненные ячейки листа дополняют и заменяют данные плана
  (например, «лучше: меньше» или другая цель).
* «Значения» (values): школа | период | по столбцу на показатель (заголовок — ключ или
  наименование показателя). Одна строка — одна школа за один период. Нет данных — пустая
  ячейка или «нет данных» (никогда не ноль). Проценты — числом от 0 до 100 (72,5) или
  ячейкой в процентном формате Excel (72,5 %).
* «Мероприятия» (activities, не обязателен): № | мероприятие | ответственный | срок |
  статус (выполнено / выполняется / не выполнено) | дата выполнения | школа (не обязательно).
  Срок — дата или текст, как в планах («до 01.03.2024», «Март – май 2024 г.», «Ежегодно до
  25 мая»); мероприятие просрочено, если срок прошел до даты справки, а оно не выполнено.
* «Рекомендации» (rules, не обязателен): показатель (ключ или наименование) | порог | текст.
  Рекомендация адресуется школе, у которой значение ниже порога (для показателей «меньше» —
  выше); пустой порог — целевое значение. Текст — шаблон Jinja с фильтрами грамматики:
  ``school`` (``school.name | рд``, ``school.short``), ``value``, ``target``, ``indicator``
  (``indicator.name``, ``indicator.unit``): «{{ school.short }}: довести долю … до
  {{ target | percent }}».

Пустые строки пропускаются; лишние листы, поля и столбцы — ошибки с их ячейкой; все ошибки
книги сообщаются сразу.

In English: one workbook per monitoring round. Every value is checked where it stands, and
every problem names its sheet and cell (:class:`~docgen.errors.InvalidDataError`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import DataError, DocgenError, GrammarError, InvalidDataError, Location
from docgen.grammar.dates import academic_year, parse_date
from docgen.grammar.deadlines import Span, parse_deadline
from docgen.loading import _sheets as xl
from docgen.loading._common import Locator
from docgen.office.containers import check_zip


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _table(columns: Mapping[str, tuple[str, ...]], *required: str, **types: Any) -> xl.Table:
    """A table of this workbook: numbers as Excel holds them, other columns not read."""
    return xl.Table(columns, required, strict=False, clean=_clean, types=types)


_SHEETS: Final[dict[str, tuple[str, ...]]] = xl.names(
    "report: Отчёт|отчет|report|справка; schools: Школы|schools|организации|ОО; "
    "indicators: Показатели; values: Значения; activities: Мероприятия; "
    "rules: Рекомендации|rules|recommendations"
)
_BOOK: Final = xl.Book(_SHEETS, ("report", "schools", "values"))
_REPORT_FIELDS: Final[dict[str, tuple[str, ...]]] = xl.names(
    "title: заголовок|тема; organization: организация; parent: подчинённость; "
    "superior: вышестоящий орган; place: место; number: номер; date: дата|дата справки; "
    "period: период|отчётный период; "
    "previous_period: предыдущий период|previous_period|previous; periods: периоды; "
    "target_year: год целей; intro: введение; signer_position: должность подписывающего; "
    "signer: подписывает; executor: исполнитель; executor_phone: телефон исполнителя; plan: план"
)
_REQUIRED_FIELDS: Final = ("title", "organization", "date", "period", "signer_position", "signer")
_SCHOOLS: Final = _table(
    xl.names(
        "key: ключ; name: полное название|наименование|название; "
        "short: краткое название|short_name; kind: тип|type"
    ),
    "key",
    "name",
    "short",
)
_INDICATORS: Final = _table(
    xl.names(
        "key: ключ; name: наименование|показатель; unit: единица|единица измерения|ед. изм.; "
        "target: цель|целевое значение; better: лучше"
    ),
    "key",
    target=lambda *cell: _number(*cell),
    better=lambda *cell: _BETTER.type()(*cell),
)
_ACTIVITIES: Final = _table(
    xl.names(
        "number: №|номер; title: мероприятие|наименование; "
        "responsible: ответственный|ответственные; deadline: срок|сроки; status: статус; "
        "done: дата выполнения|выполнено; school: школа|оо"
    ),
    "title",
    "status",
    done=lambda *cell: _day(*cell),
    status=lambda *cell: _STATUS.type("недопустимый статус «{value}»" + _STATUSES)(*cell),
)
_STATUSES: Final = "; допустимые значения: выполнено, выполняется, не выполнено"
_RULES: Final = _table(
    xl.names("indicator: показатель; threshold: порог; text: текст|рекомендация"),
    "indicator",
    "text",
    threshold=lambda *cell: _number(*cell),
)
_VALUES: Final = _table(
    xl.names("school: школа|оо; period: период"),
    "school",
    "period",
)
_MISSING: Final = frozenset({"нет данных", "н/д", "нд", "-", "–", "—", "нет"})
_NUMBER: Final = re.compile(r"^[-+−]?\d+(?:[.,]\d+)?\s*%?$")
_ACADEMIC: Final = re.compile(
    r"(\d{4})\s*[-–—/]\s*(\d{4}|\d{2})(?:\s*(?:уч\.?|учебный)\s*(?:год|г\.?)?)?"
)
_CALENDAR: Final = re.compile(r"(\d{4})(?:\s*(?:год|г\.?))?")
_PERCENT_UNITS: Final = frozenset({"%", "процент", "проценты", "процентов", "доля, %"})
_COUNT_UNITS: Final = frozenset({"чел.", "чел", "человек", "ед.", "ед", "единиц", "шт.", "шт"})
_YEAR_FORMS: Final = {
    "nomn": "год",
    "gent": "года",
    "datv": "году",
    "accs": "год",
    "ablt": "годом",
    "loct": "году",
}
_INITIALS: Final = re.compile(r"^((?:[А-ЯЁA-Z]\.\s?){1,2})\s*(\S.*)$")


def _text(value: Any, row: xl.Row, column: str) -> str:
    if isinstance(value, datetime | date):
        raise DataError(
            f"Excel принял значение за дату ({value:%d.%m.%Y}): задайте ячейке текстовый формат"
        )
    return str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()


def _day(value: Any, row: xl.Row, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else parse_date(str(value))


def _number(value: Any, row: xl.Row, column: str) -> Fraction:
    """A number of a cell: 72.5, "72,5", "72,5 %", a cell in Excel's percent format."""
    if isinstance(value, bool | datetime | date):
        raise DataError(f"ожидается число, а не {'да/нет' if isinstance(value, bool) else 'дата'}")
    if isinstance(value, int | float):
        number = Fraction(Decimal(format(value, ".15g")))
        return number * 100 if column in row.percent else number
    text = str(value).strip()
    if _NUMBER.match(text):
        return Fraction(Decimal(text.rstrip("%").strip().replace(",", ".").replace("−", "-")))
    raise DataError(
        f"«{text}» — не число; если данных нет, оставьте ячейку пустой или напишите «нет данных»"
    )


def _measured(value: Any, row: xl.Row, column: str) -> Fraction | None:
    """A school's value: a number, or no data («нет данных», a dash)."""
    if isinstance(value, str) and xl.norm(value) in _MISSING:
        return None
    return _number(value, row, column)


def _period(value: Any, row: xl.Row, column: str) -> Period:
    return parse_period(value)


def _periods(value: Any, row: xl.Row, column: str) -> list[Period]:
    """ "2022-2023, 2023-2024" or one a line; each period that is not one is reported."""
    periods = []
    for part in re.split(r"[\n,;]+", str(value)):
        if part.strip():
            try:
                periods.append(parse_period(part.strip()))
            except GrammarError as exc:
                row.report(exc.message, row.cell(column))
    return periods


def _year(value: Any, row: xl.Row, column: str) -> int:
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"\d{4}", text):
        raise DataError(f"год целей «{value}» должен быть годом (2024)")
    return int(text)


_REPORT_TYPES: Final[dict[str, xl.Convert]] = {
    **{key: _text for key in _REPORT_FIELDS},
    **{"date": _day, "period": _period, "previous_period": _period},
    **{"periods": _periods, "target_year": _year},
}


class Better(StrEnum):
    """Which way an indicator improves: most are "more is better", some (dropouts) "less"."""

    MORE = "больше"
    LESS = "меньше"


class Status(StrEnum):
    """The state of an activity of the plan as the responsible reported it."""

    DONE = "выполнено"
    IN_PROGRESS = "выполняется"
    NOT_DONE = "не выполнено"


_BETTER: Final[xl.Choice] = xl.Choice(
    ((Better.MORE, ("больше", "more", "выше")), (Better.LESS, ("меньше", "less", "ниже")))
)
_STATUS: Final[xl.Choice] = xl.Choice(
    (
        (Status.DONE, ("выполнено", "выполнен", "выполнена", "done", "да")),
        (Status.IN_PROGRESS, ("выполняется", "в работе", "в процессе", "in progress")),
        (Status.NOT_DONE, ("не выполнено", "не выполнен", "нет", "not done")),
    )
)


@dataclass(frozen=True, order=True)
class Period:
    """An academic year (2023-2024 учебный год) or a calendar year (2023 год)."""

    first: int
    academic: bool

    @property
    def key(self) -> str:
        """ "2023-2024" or "2023": how the period is named in tables and file names."""
        return f"{self.first}-{self.first + 1}" if self.academic else str(self.first)

    def text(self, case: str = "nomn") -> str:
        """ "2023-2024 учебный год", "2022-2023 учебным годом", "2023 году"."""
        if self.academic:
            return academic_year(self.first, case)
        from docgen.grammar.cases import parse_case

        return f"{self.first} {_YEAR_FORMS[parse_case(case)]}"

    @property
    def dates(self) -> tuple[date, date]:
        if self.academic:
            return date(self.first, 9, 1), date(self.first + 1, 8, 31)
        return date(self.first, 1, 1), date(self.first, 12, 31)

    @property
    def end_year(self) -> int:
        return self.first + 1 if self.academic else self.first


def parse_period(value: Any) -> Period:
    """ "2023-2024 учебный год", "2023-2024", "2023/24", "2023 год", 2023; else GrammarError."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = " ".join(str(value).replace("\u00a0", " ").lower().split()) if value else ""
    if m := _ACADEMIC.fullmatch(text):
        first, end = int(m[1]), m[2]
        expected = first + 1 if len(end) == 4 else (first + 1) % 100
        if int(end) == expected:
            return Period(first, True)
        raise GrammarError(f"период «{value}»: год окончания должен быть на 1 больше года начала")
    if m := _CALENDAR.fullmatch(text):
        return Period(int(m[1]), False)
    raise GrammarError(
        f"нераспознанный период «{value}»: ожидается учебный год (2023-2024 учебный год, "
        "2023-2024, 2023/24) или год (2023 год, 2023)"
    )


@dataclass(frozen=True)
class School:
    """A school as the report names it: full name for texts, short name for tables."""

    key: str
    name: str
    short: str
    kind: str = ""

    def __str__(self) -> str:
        return self.short


@dataclass(frozen=True)
class Indicator:
    """An indicator of the plan with its target for the reporting period."""

    key: str
    name: str
    unit: str
    target: Fraction
    better: Better = Better.MORE

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Activity:
    """An activity of the plan with its reported status; ``span`` is its deadline understood."""

    number: str
    title: str
    responsible: str
    deadline: str
    span: Span | None
    status: Status
    done: date | None
    school: str | None
    where: Location
    deadline_where: Location | None = None


@dataclass(frozen=True)
class Rule:
    """An addressed recommendation: for each school past ``threshold``, ``text`` about it."""

    indicator: str
    threshold: Fraction
    text: str
    template: jinja2.Template
    where: Location


@dataclass(frozen=True)
class Header:
    """The requisites of the report: who writes it, about what, when, who signs."""

    title: str
    organization: str
    parent: str | None
    superior: str | None
    place: str | None
    number: str | None
    date: date
    period: Period
    previous: Period | None
    periods: tuple[Period, ...]
    target_year: int
    intro: str | None
    signer_position: str
    signer: str
    executor: str | None
    executor_phone: str | None
    plan: Path | None


@dataclass(frozen=True)
class Monitoring:
    """Everything the workbook says, checked; values are exact fractions, None is no data."""

    file: str
    header: Header
    schools: tuple[School, ...]
    indicators: tuple[Indicator, ...]
    values: Mapping[tuple[str, Period, str], Fraction]
    activities: tuple[Activity, ...]
    rules: tuple[Rule, ...]

    def value(self, school: str, period: Period, indicator: str) -> Fraction | None:
        return self.values.get((school, period, indicator))

    def school(self, name: str) -> School | None:
        """A school by its key or short name (as the sheets and the command line name it)."""
        return self._index.get(xl.norm(name))

    @cached_property
    def _index(self) -> dict[str, School]:
        return _index(self.schools)


def rule_environment() -> SandboxedEnvironment:
    """Recommendation texts: the data texts' sandbox, with the filters of changes too."""
    from docgen.grammar import default_inflector, trends
    from docgen.views import text_environment

    env = text_environment(default_inflector())
    trends.install(env)
    return env


# ----------------------------------------------------------------------------------- reading


_LOADED: dict[str, tuple[tuple[object, ...], Monitoring]] = {}


def _stamp(path: Path | None) -> tuple[object, ...]:
    if path is None:
        return ()
    try:
        stat = path.stat()
    except OSError:
        return (str(path),)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def load_monitoring(path: Path) -> Monitoring:
    """Read and check the workbook at ``path``; :class:`InvalidDataError` lists every flaw.

    A district's run makes every school's report from one workbook: it is read once while it
    and the plan it names are unchanged.
    """
    found = _LOADED.get(str(path.resolve()))
    if found is not None and found[0] == (*_stamp(path), *_stamp(found[1].header.plan)):
        return found[1]
    monitoring = _load_monitoring(path)
    _LOADED[str(path.resolve())] = ((*_stamp(path), *_stamp(monitoring.header.plan)), monitoring)
    return monitoring


def _load_monitoring(path: Path) -> Monitoring:
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError("файл не найден", Location(file=file)) from None
    except OSError as exc:
        raise DataError(f"не удалось прочитать файл: {exc.strerror}", Location(file=file)) from None
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise DataError("данные мониторинга читаются из книги Excel (.xlsx)", Location(file=file))
    check_zip(data, file, DataError)  # no part of the workbook unpacks beyond bounds
    book = xl.open_book(
        data, file, "не удалось открыть книгу Excel (файл поврежден или это не .xlsx)"
    )
    try:
        return _Reader(path, file).read(book)
    finally:
        book.close()


@dataclass
class _Reader:
    path: Path
    file: str
    locator: Locator = field(init=False)

    def __post_init__(self) -> None:
        self.locator = Locator(self.file, key_paths=False)

    @property
    def problems(self) -> list[DocgenError]:
        return self.locator.problems

    def problem(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.locator.problem_at(message, sheet=sheet, cell=cell)

    def read(self, book: Any) -> Monitoring:
        sheets = self.sheets(book)
        header = self.header(sheets.get("report"))
        schools = self.schools(sheets.get("schools"))
        plan_indicators = self.plan_indicators(header) if header and header.plan else {}
        indicators = self.indicators(sheets.get("indicators"), plan_indicators, header)
        values: dict[tuple[str, Period, str], Fraction] = {}
        if header is not None and "values" in sheets:
            values = self.values(sheets["values"], header, schools, indicators)
        activities: list[Activity] = []
        if header is not None and "activities" in sheets:
            activities = self.activities(sheets["activities"], header, schools)
        rules = self.rules(sheets["rules"], indicators) if "rules" in sheets else []
        if self.problems or header is None:
            problems = sorted(self.locator.explained(self.problems), key=self.sort_key)
            raise InvalidDataError(problems, self.file)
        return Monitoring(
            self.file,
            header,
            tuple(schools.values()),
            tuple(indicators.values()),
            values,
            tuple(activities),
            tuple(rules),
        )

    def sort_key(self, error: DocgenError) -> tuple[int, int, int]:
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        where = error.location
        sheet = self.locator.sheet_order.get(where.sheet, -1) if where.sheet else -1
        row = column = 0
        if where.cell:
            letters, row = coordinate_from_string(where.cell)
            column = column_index_from_string(letters)
        return sheet, row, column

    def sheets(self, book: Any) -> dict[str, Any]:
        return xl.open_sheets(book, _BOOK, self.locator)

    # -- «Отчёт»

    def header(self, sheet: Any) -> Header | None:
        if sheet is None:
            return None
        title = str(sheet.title)
        row = xl.field_row(sheet, _REPORT_FIELDS, self.locator, _REPORT_TYPES, _clean)
        missing = [row.labels[k] for k in _REQUIRED_FIELDS if row.value(k) is None]
        for label in missing:
            self.problem(f"не заполнено обязательное поле «{label}»", title)
        text = row.get
        day, current, previous = row.get("date"), row.get("period"), row.get("previous_period")
        periods: list[Period] = list(row.get("periods") or [])
        if current is not None and previous is not None and previous >= current:
            self.problem(
                f"предыдущий период ({previous.text()}) должен быть раньше отчетного "
                f"({current.text()})",
                title,
                row.cell("previous_period"),
            )
        for extra in (previous, current):
            if extra is not None and extra not in periods:
                periods.append(extra)
        target_year = row.get("target_year") or (current.end_year if current else 0)
        plan = None
        plan_text = text("plan")
        if plan_text:
            plan = (self.path.parent / plan_text).resolve()
            if not plan.is_file():
                self.problem(
                    f"файл плана «{plan_text}» не найден (путь считается от папки книги)",
                    title,
                    row.cell("plan"),
                )
                plan = None
        signer = text("signer")
        position = text("signer_position")
        organization = text("organization")
        title_text = text("title")
        if (
            missing
            or day is None
            or current is None
            or signer is None
            or position is None
            or organization is None
            or title_text is None
        ):
            return None
        return Header(
            title=title_text,
            organization=organization,
            parent=text("parent"),
            superior=text("superior"),
            place=text("place"),
            number=text("number"),
            date=day,
            period=current,
            previous=previous,
            periods=tuple(sorted(periods)),
            target_year=target_year,
            intro=text("intro"),
            signer_position=position,
            signer=_signature_name(signer),
            executor=text("executor"),
            executor_phone=text("executor_phone"),
            plan=plan,
        )

    # -- tables

    def table(
        self, sheet: Any, table: xl.Table, more: xl.Header | None = None
    ) -> list[xl.Row] | None:
        return xl.read_table(sheet, table, self.locator, more)

    def key(self, row: xl.Row, what: str) -> str | None:
        """The row's key; a missing one or one with spaces is reported (``what``: «школы (sosh5)»)."""
        key, (whose, example) = row.value("key"), what.split(" ")
        if key is not None and re.fullmatch(r"[\w-]+", str(key)):
            return str(key)
        message = f"ключ {whose} — короткое имя без пробелов {example}"
        self.problem(
            message if key is not None else f"не указан ключ {whose}", row.sheet, row.cell("key")
        )
        return None

    def schools(self, sheet: Any) -> dict[str, School]:
        if sheet is None:
            return {}
        title = str(sheet.title)
        rows = self.table(sheet, _SCHOOLS)
        schools: dict[str, School] = {}
        seen: dict[str, str] = {}
        for row in rows or []:
            key, name, short = self.key(row, "школы (sosh5)"), row.value("name"), row.value("short")
            if key is None:
                continue
            for column, value in (("name", name), ("short", short)):
                if value is None:
                    self.problem(
                        f"не указано {_SCHOOLS.columns[column][0]} школы «{key}»",
                        title,
                        row.cell(column),
                    )
            if name is None or short is None:
                continue
            for label in (key, str(short)):
                if xl.norm(label) in seen:
                    self.problem(
                        f"«{label}» уже названа школа в ячейке {seen[xl.norm(label)]}",
                        title,
                        row.cell("key" if label == key else "short"),
                    )
                    break
            else:
                seen[xl.norm(key)] = row.cell("key") or ""
                seen[xl.norm(str(short))] = row.cell("short") or ""
                kind = row.value("kind")
                schools[key] = School(key, str(name), str(short), str(kind or ""))
        if rows is not None and not schools and not self.problems:
            self.problem("нет ни одной школы", title)
        return schools

    def plan_indicators(self, header: Header) -> dict[str, dict[str, Any]]:
        """Indicators of the plan file that have a key, with the target of the target year."""
        from docgen.loading import load_located
        from docgen.model import IndicatorSection, PlanData

        assert header.plan is not None
        try:
            data, locator = load_located(header.plan)
        except InvalidDataError as exc:
            self.problems.extend(exc.problems)
            return {}
        except DataError as exc:
            self.problems.append(exc)
            return {}
        if not isinstance(data, PlanData):
            self.problems.append(
                DataError(
                    "это не план (нет раздела plan), а в поле «план» нужен план с показателями",
                    Location(file=str(header.plan)),
                )
            )
            return {}
        found: dict[str, dict[str, Any]] = {}

        def walk(indicators: Sequence[Any], path: tuple[str | int, ...]) -> None:
            for index, indicator in enumerate(indicators):
                where = (*path, index)
                if isinstance(indicator, IndicatorSection):  # a group: its indicators count
                    walk(indicator.items, (*where, "items"))
                    continue
                if indicator.key:
                    target = indicator.targets.get(header.target_year)
                    entry: dict[str, Any] = {"name": indicator.name, "unit": indicator.unit}
                    if isinstance(target, str):
                        self.problems.append(
                            DataError(
                                f"цель на {header.target_year} год «{target}» — не число",
                                locator.locate((*where, "targets", header.target_year)),
                            )
                        )
                    elif target is not None:
                        entry["target"] = Fraction(Decimal(repr(target)))
                    entry["where"] = locator.locate(where)
                    found[str(indicator.key)] = entry
                walk(indicator.parts, (*where, "parts"))

        walk(data.plan.indicators, ("plan", "indicators"))
        if not found:
            self.problems.append(
                DataError(
                    "в плане нет показателей с ключом (plan.indicators[].key)",
                    Location(file=str(header.plan)),
                )
            )
        return found

    def indicators(
        self, sheet: Any, planned: dict[str, dict[str, Any]], header: Header | None
    ) -> dict[str, Indicator]:
        entries: dict[str, dict[str, Any]] = {key: dict(value) for key, value in planned.items()}
        title = str(sheet.title) if sheet is not None else _SHEETS["indicators"][0]
        if sheet is None and not planned:
            if header is not None and header.plan is None:
                self.problem(f"нет листа «{title}», и в поле «план» не указан план с показателями")
            return {}
        for row in (self.table(sheet, _INDICATORS) or []) if sheet else []:
            key = self.key(row, "показателя (proforientation)")
            if key is None:
                continue
            entry = entries.setdefault(key, {})
            if entry.get("sheet_row"):
                self.problem(
                    f"показатель «{key}» уже описан в строке {entry['sheet_row']}",
                    title,
                    row.cell("key"),
                )
                continue
            entry["sheet_row"] = row.number
            entry["where"] = Location(file=self.file, sheet=title, cell=row.cell("key"))
            for column in ("name", "unit"):
                if row.value(column) is not None:
                    entry[column] = str(row.value(column))
            if row.get("target") is not None:
                entry["target"], entry["target_cell"] = row.get("target"), row.cell("target")
            if row.get("better") is not None:
                entry["better"] = row.get("better")
        result: dict[str, Indicator] = {}
        for key, entry in entries.items():
            where: Location = entry.get("where") or Location(file=self.file)
            if not entry.get("name"):
                self.problems.append(DataError(f"у показателя «{key}» нет наименования", where))
                continue
            unit = _unit(entry.get("unit") or "")
            if "target" not in entry:
                year = f" на {header.target_year} год" if header else ""
                self.problems.append(
                    DataError(f"у показателя «{key}» нет целевого значения{year}", where)
                )
                continue
            target: Fraction = entry["target"]
            if problem := _out_of_range(target, unit):
                cell = entry.get("target_cell")
                self.problems.append(
                    DataError(
                        f"цель показателя «{key}»: {problem}",
                        Location(file=self.file, sheet=title, cell=cell) if cell else where,
                    )
                )
                continue
            result[key] = Indicator(
                key,
                " ".join(str(entry["name"]).split()),
                unit,
                target,
                entry.get("better", Better.MORE),
            )
        return result

    def values(
        self,
        sheet: Any,
        header: Header,
        schools: dict[str, School],
        indicators: dict[str, Indicator],
    ) -> dict[tuple[str, Period, str], Fraction]:
        title = str(sheet.title)
        by_label = _labels(indicators)
        columns: dict[str, str] = {}  # "@B1" → indicator key
        seen_columns: dict[str, str] = {}

        def indicator_column(value: Any, coordinate: str) -> tuple[str, str] | str:
            name = str(_clean(value))
            key = by_label.get(xl.norm(name))
            if key is None:
                close = xl.suggest(name, {k: (k, indicators[k].name) for k in indicators})
                known = ", ".join(indicators) or "их нет"
                return f"неизвестный показатель «{name}»{close}; показатели: {known}"
            if key in seen_columns:
                return f"столбец показателя «{key}» уже есть ({seen_columns[key]})"
            seen_columns[key] = coordinate
            columns[f"@{coordinate}"] = key
            return f"@{coordinate}", name

        rows = self.table(sheet, _VALUES, indicator_column)
        measured = {"period": _period, **dict.fromkeys(columns, _measured)}
        values: dict[tuple[str, Period, str], Fraction] = {}
        seen: dict[tuple[str, Period], int] = {}
        known_schools = ", ".join(s.short for s in schools.values())
        known_periods = ", ".join(p.text() for p in header.periods)
        index = _index(schools.values())
        for row in rows or []:
            name, raw_period = row.value("school"), row.value("period")
            school = None
            if name is None:
                self.problem("не указана школа", title, row.cell("school"))
            else:
                school = index.get(xl.norm(name))
                if school is None:
                    self.problem(
                        f"неизвестная школа «{name}»; на листе «Школы»: {known_schools}",
                        title,
                        row.cell("school"),
                    )
            row.types, period = measured, None
            if raw_period is None:
                self.problem("не указан период", title, row.cell("period"))
            elif (period := row.get("period")) is not None and period not in header.periods:
                self.problem(
                    f"неизвестный период «{raw_period}»; периоды справки: "
                    f"{known_periods} (лист «Отчёт»)",
                    title,
                    row.cell("period"),
                )
                period = None
            if school is not None and period is not None:
                if (school.key, period) in seen:
                    self.problem(
                        f"строка школы «{school.short}» за {period.text()} уже есть "
                        f"(строка {seen[(school.key, period)]})",
                        title,
                        row.cell("school"),
                    )
                    continue
                seen[(school.key, period)] = row.number
            for column, key in columns.items():
                number = row.get(column)
                if number is None:
                    continue
                if problem := _out_of_range(number, indicators[key].unit):
                    self.problem(f"{indicators[key].key}: {problem}", title, row.cell(column))
                    continue
                if school is not None and period is not None:
                    values[(school.key, period, key)] = number
        return values

    def activities(self, sheet: Any, header: Header, schools: dict[str, School]) -> list[Activity]:
        title = str(sheet.title)
        rows = self.table(sheet, _ACTIVITIES)
        result: list[Activity] = []
        index = _index(schools.values())
        for row in rows or []:
            activity_title = row.value("title")
            if activity_title is None:
                self.problem("не указано мероприятие", title, row.cell("title"))
                continue
            status = row.get("status")
            if status is None:
                if row.value("status") is None:
                    self.problem("не указан статус" + _STATUSES, title, row.cell("status"))
                continue
            done = row.get("done")
            if done is not None and status is not Status.DONE:
                self.problem(
                    f"дата выполнения указана, а статус — «{status.value}»", title, row.cell("done")
                )
            if done is not None and done > header.date:
                self.problem(
                    f"дата выполнения {done:%d.%m.%Y} позже даты справки {header.date:%d.%m.%Y}",
                    title,
                    row.cell("done"),
                )
            school_key = None
            if row.value("school") is not None:
                school = index.get(xl.norm(row.value("school")))
                if school is None:
                    self.problem(
                        f"неизвестная школа «{row.value('school')}»", title, row.cell("school")
                    )
                else:
                    school_key = school.key
            deadline, span = self.deadline(row, header, title)
            number = row.value("number")
            if isinstance(number, float) and number.is_integer():
                number = int(number)
            result.append(
                Activity(
                    number=str(number).strip() if number is not None else str(len(result) + 1),
                    title=str(activity_title),
                    responsible=str(row.value("responsible") or ""),
                    deadline=deadline,
                    span=span,
                    status=status,
                    done=done,
                    school=school_key,
                    where=Location(file=self.file, sheet=title, cell=row.cell("title")),
                    deadline_where=Location(file=self.file, sheet=title, cell=row.cell("deadline")),
                )
            )
        return result

    def deadline(self, row: xl.Row, header: Header, sheet: str) -> tuple[str, Span | None]:
        value = row.value("deadline")
        if value is None:
            return "", None
        if isinstance(value, datetime | date):
            day = value.date() if isinstance(value, datetime) else value
            return f"до {day:%d.%m.%Y}", Span(None, day)
        text = str(value)
        return text, parse_deadline(text, period=header.period.dates)

    def rules(self, sheet: Any, indicators: dict[str, Indicator]) -> list[Rule]:
        title = str(sheet.title)
        rows = self.table(sheet, _RULES)
        by_label = _labels(indicators)
        env = rule_environment()
        result: list[Rule] = []
        for row in rows or []:
            label, text = row.value("indicator"), row.value("text")
            key = by_label.get(xl.norm(label)) if label is not None else None
            if key is None:
                self.problem(
                    f"неизвестный показатель «{label}»; показатели: "
                    f"{', '.join(indicators) or 'их нет'}"
                    if label is not None
                    else "не указан показатель",
                    title,
                    row.cell("indicator"),
                )
            if text is None:
                self.problem("нет текста рекомендации", title, row.cell("text"))
                continue
            try:
                template = env.from_string(str(text))
            except jinja2.TemplateSyntaxError as exc:
                self.problem(f"ошибка в шаблоне текста: {exc.message}", title, row.cell("text"))
                continue
            if key is None:
                continue
            indicator = indicators[key]
            threshold = indicator.target
            if row.value("threshold") is not None:
                number = row.get("threshold")
                if number is None:
                    continue
                if problem := _out_of_range(number, indicator.unit):
                    self.problem(f"порог: {problem}", title, row.cell("threshold"))
                    continue
                threshold = number
            result.append(
                Rule(
                    key,
                    threshold,
                    str(text),
                    template,
                    Location(file=self.file, sheet=title, cell=row.cell("text")),
                )
            )
        return result


def _index(schools: Iterable[School]) -> dict[str, School]:
    """Schools by their keys and short names (as the sheets and the command line name them),
    the first school to bear a name winning: one look-up per row, not a pass over 2,000."""
    found: dict[str, School] = {}
    for school in schools:
        for label in (school.key, school.short):
            found.setdefault(xl.norm(label), school)
    return found


def _labels(indicators: Mapping[str, Indicator]) -> dict[str, str]:
    """An indicator's key by its key or name, as a column or a rule names it."""
    names = {xl.norm(ind.name): key for key, ind in indicators.items()}
    return {**{xl.norm(key): key for key in indicators}, **names}


def _unit(text: str) -> str:
    """ "%", "процентов" → "%"; "чел", "человек" → "чел."; others as written."""
    plain = " ".join(text.split())
    lower = plain.lower()
    if lower in _PERCENT_UNITS:
        return "%"
    if lower in ("чел", "человек", "чел."):
        return "чел."
    if lower in ("ед", "единиц", "ед."):
        return "ед."
    return plain


def _out_of_range(value: Fraction, unit: str) -> str | None:
    if unit == "%" and not 0 <= value <= 100:
        return f"процент должен быть от 0 до 100, а не {_shown(value)}"
    if (unit == "%" or unit.lower() in _COUNT_UNITS) and value < 0:
        return f"значение не может быть отрицательным ({_shown(value)})"
    if unit == "чел." and value.denominator != 1:
        return f"число человек должно быть целым, а не {_shown(value)}"
    return None


def _shown(value: Fraction) -> str:
    from docgen.grammar.numerals import decimal

    return decimal(Decimal(value.numerator) / Decimal(value.denominator), 4)


def _signature_name(text: str) -> str:
    """ "И.О. Фамилия" with a no-break space, as ГОСТ Р 7.0.97 joins initials and surname."""
    if m := _INITIALS.match(text.strip()):
        return f"{m[1].replace(' ', '')}\u00a0{m[2]}"
    return text.strip()
