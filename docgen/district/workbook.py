"""A district's workbook: its schools, their people, and which documents each school gets.

Книга района (.xlsx) — листы (названия листов и столбцов — по-русски или по-английски):

* «Район» (district): поле | значение. Название органа управления образованием (name),
  период (period: «2024-2025 учебный год»), план (plan: файл муниципального плана рядом с
  книгой — YAML, JSON или книга плана; пусто — план на листах этой книги), мониторинг
  (monitoring: книга мониторинга для справок школ, не обязательна), дата приказа
  (order_date), номер приказа (order_number: номер по умолчанию; «{n}» — порядковый номер
  школы в списке; «авто» — следующий номер из журнала регистрации школы), шаблон номера
  приказа (order_number_pattern: «{n}-од» для номеров «авто»), заголовок приказа
  (order_title), основание (order_basis), цель (order_purpose), лист ознакомления
  (acquaintance: да — после приказа школы лист ознакомления со всеми людьми школы с листа
  «Люди», кроме директора), лист согласования (visas: роли через «;» — «исполнитель;
  педагоги-психологи»: их люди визируют приказ школы).
* «Школы» (schools): ключ | полное название | краткое название | тип | адрес | телефон |
  email | номер приказа. Ключ (латиница, цифры, «_» или «-») — имя школы в других листах и в
  ``--only``; краткое название — имя папки школы.
* «Люди» (people): школа | роль | фамилия | имя | отчество | пол | должность | телефон.
  Роль — как в столбце «Ответственные» муниципального плана («Руководители ОО»,
  «педагоги-психологи», …), и особые роли: «директор» (подписывает приказ) и «исполнитель»
  (ответственный за план, отметка об исполнителе). Несколько ролей — через «;». Роль группы
  людей («кл. руководители») — строка без фамилии: в план идёт её должность («классные
  руководители 6–11 классов»).
* «Документы» (documents, не обязателен): школа | дорожная карта | приказ | справка (да /
  нет). Без листа (или без строки школы) школа получает дорожную карту и приказ, а если в
  «Районе» указан мониторинг (книга мониторинга, как у ``docgen report``, с теми же ключами
  школ) — и аналитическую справку.
* «Изменения» (changes, не обязателен): школа | действие | номер | значение | сроки |
  ответственные | показатель. Действия: исключить (мероприятие или раздел с номером),
  срок (новый срок мероприятия — «значение»), ответственные (новые ответственные),
  добавить после (своё мероприятие после мероприятия с номером: «значение» — название),
  добавить в раздел (в конец раздела с номером). Номера — как в муниципальном плане.
* Листы муниципального плана («План», «Мероприятия», «Показатели», «Столбцы», «Текст»,
  «Источники», «Сноски» — как в книге плана), если план не в отдельном файле.
* «Пункты приказа» (order points, не обязателен): номер | текст — пункты приказа об
  утверждении дорожной карты вместо пунктов по умолчанию; в текстах доступны
  ``people.director`` и ``people.executor``.

Пустые строки пропускаются; лишние листы, поля и столбцы — ошибки с их ячейкой. Ошибка в
строке школы останавливает только эту школу.

In English: one row per school, one row per person with the roles they fill; the municipal
plan is a file beside the workbook. Each school gets its roadmap (the municipal plan with its
people in the roles and its own changes) and the order approving it, with the roadmap as
appendix 1.
"""

from __future__ import annotations

import io
import json
import pickle
import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from dataclasses import replace as changed
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from docgen.district.jobs import Document, Planned, ReportRequest, SchoolJob
from docgen.district.manifest import cached_file_digest, digest, input_digester
from docgen.errors import DataError, DocgenError, InvalidDataError, Location
from docgen.grammar.dates import format_date, parse_date
from docgen.journal import DEFAULT_NAME, DEFAULT_PATTERN, Journal, Registration, is_auto
from docgen.journal.registry import pattern_problem
from docgen.lint import Dictionary, lint
from docgen.loading import _sheets as xl
from docgen.loading import load_layers, validate
from docgen.loading._common import KEY, KeyPath, Locator
from docgen.loading._layers import merge
from docgen.loading._order_xlsx import POINTS, _ExcelReader, open_workbook
from docgen.loading._read import read_bytes
from docgen.loading._stream import SheetCache
from docgen.model import Approval, ApprovalStyle, OrderData, Plan, PlanData, SchoolChanges
from docgen.office.files import fit_name
from docgen.options import BulkOptions
from docgen.plans import schools
from docgen.plans.table import period_of
from docgen.rendering import file_name, order_file_name

BOOK = xl.Book(
    xl.names(
        "district: Район; schools: Школы; people: Люди; documents: Документы; "
        "changes: Изменения; points: Пункты приказа|order points"
    ),
    ("district", "schools", "people"),
)
SHEETS = BOOK.sheets
DISTRICT_FIELDS: dict[str, tuple[str, ...]] = xl.names(
    "name: название органа|название; period: период; plan: план|муниципальный план; "
    "monitoring: мониторинг; order_date: дата приказа; order_number: номер приказа; "
    "order_title: заголовок приказа; order_basis: основание; order_purpose: цель; "
    "order_number_pattern: шаблон номера приказа|шаблон номера"
)
# a лист ознакомления after each school's order (issue 19): every person of the school but the
# director who signs it; a лист согласования with the people of the roles it names
DISTRICT_FIELDS.update(xl.names("acquaintance: лист ознакомления; visas: лист согласования"))
SCHOOLS = xl.Table(
    xl.names(
        "key: ключ; name: полное название|название; short_name: краткое название; type: тип; "
        "address: адрес; phone: телефон; email: email|e-mail|эл. почта|электронная почта; "
        "order_number: номер приказа"
    ),
    required=("key", "name", "short_name"),
)
PEOPLE = xl.Table(
    xl.names(
        "school: школа; role: роль|роли; surname: фамилия; name: имя; patronymic: отчество; "
        "gender: пол; position: должность; phone: телефон"
    ),
    required=("school", "role"),
)
_YES_NO = xl.Choice(
    ((True, ("да", "yes", "true", "1", "+")), (False, ("нет", "no", "false", "0", "-")))
)
DOCUMENTS = xl.Table(
    xl.names(
        "school: школа; roadmap: дорожная карта|план; order: приказ; "
        "report: справка|отчёт|аналитическая справка"
    ),
    required=("school",),
    types=dict.fromkeys(
        ("roadmap", "order", "report"), _YES_NO.type("«{value}»: ожидается да или нет")
    ),
)
REPORT_NAME = "Аналитическая_справка.docx"
CHANGES = xl.Table(
    xl.names(
        "school: школа; action: действие; number: номер|№; value: значение; "
        "deadline: сроки|срок; responsible: ответственные; indicator: показатель"
    ),
    required=("school", "action"),
)
ORDER_POINTS = changed(POINTS, required=("text",))
ACTIONS = xl.names(
    "drop: исключить|убрать; deadline: срок|сроки; responsible: ответственные; "
    "after: добавить после; into: добавить в раздел"
)
TYPES = (
    "СОШ",
    "ООШ",
    "НОШ",
    "лицей",
    "гимназия",
    "кадетская школа",
    "школа-интернат",
    "центр образования",
)
DIRECTOR, EXECUTOR = "директор", "исполнитель"
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass
class School:
    """A school's row and everything the other sheets say about it, with their places."""

    key: str
    short_name: str
    row: xl.Row
    people: list[tuple[xl.Row, list[str]]] = field(default_factory=list)
    changes: list[xl.Row] = field(default_factory=list)
    roadmap: bool = True
    order: bool = True
    report: bool | None = None  # None: yes when the district names a monitoring workbook
    index: int = 0


@dataclass(frozen=True)
class Traced:
    """Where the tables that name schools («Школы», «Люди», «Документы», «Изменения») came
    from, by sheet: ``before``, the digest of the kept table each was made from (None: read
    whole); ``after``, of the table as kept now (None: not kept); ``touched``, the schools
    named by the rows that changed since (before and after the change), None when that is
    not known: a table read whole, or a school's key or short name changed."""

    before: dict[str, str | None]
    after: dict[str, str | None]
    touched: frozenset[str] | None


@dataclass
class District:
    """What the workbook says, read and checked; schools' own problems are kept per school."""

    file: str
    name: str
    settings: dict[str, tuple[Any, str]]
    schools: list[School]
    plan: tuple[dict[str, Any], Locator] | None
    points: list[xl.Row]
    problems: list[DocgenError]
    plan_digest: str = ""
    monitoring: Path | None = None
    plan_model: Plan | None = None
    plan_approval: Approval | None = None  # the act that approved the municipal plan
    plan_author: str = ""
    # what keeps reports, and only reports, from being made: a missing or unreadable monitoring
    # workbook or plan, a school the monitoring does not know (each said once, where it is)
    warnings: list[DocgenError] = field(default_factory=list)
    monitored: frozenset[str] = frozenset()  # the schools the monitoring workbook has
    journal: Path | None = None  # where orders numbered «авто» take their numbers (a run sets it)
    # where the schools' tables came from (see Traced): what a rerun's planned outputs reuse
    traced: Traced | None = None
    _dated: Plan | None = field(default=None, init=False, repr=False, compare=False)
    _base: tuple[dict[str, Any], Locator] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def dated_plan(self) -> Plan:
        """The municipal plan with the district's period, one object for every school: the
        schools' roadmaps that change it alike share the change and the table's rows."""
        assert self.plan_model is not None
        if self._dated is None:
            period = str(self.settings["period"][0])
            self._dated = self.plan_model.model_copy(update={"period": period})
        return self._dated

    def plan_base(self) -> tuple[dict[str, Any], Locator]:
        """What a school's data is laid over: the plan file's organization and people, with
        the places of that file, made once. The places of the plan and of a school's changes
        are left out: every school's data has its own ``plan`` (the validated one) and
        ``school``, which win over them whole, so merging never kept them (the plan's 400
        places were filtered out again for every school)."""
        assert self.plan is not None
        if self._base is None:
            raw, locator = self.plan
            base = {key: value for key, value in raw.items() if key in ("organization", "people")}
            places = {
                path: place
                for path, place in locator.places.items()
                if path[:1] not in (("plan",), ("school",))
            }
            self._base = base, replace(locator, places=places)
        return self._base

    def wants_report(self, school: School) -> bool:
        return (
            self.monitoring is not None
            and school.report is not False
            and school.key in self.monitored
        )

    @property
    def reports_skipped(self) -> bool:
        """A report that should have been made was not: the run is not complete."""
        return bool(self.warnings)

    @property
    def keys(self) -> list[str]:
        return [school.key for school in self.schools]


def _named(row: xl.Row, by_key: Mapping[str, School], by_name: Mapping[str, str]) -> set[str]:
    """The school a row of another sheet names, as :meth:`_Reader.school_of` finds it."""
    value = row.value("school")
    if value is None:
        return set()
    if str(value) in by_key:
        return {str(value)}
    found = by_name.get(xl.norm(value))
    return set() if found is None else {found}


def folder_name(short_name: str) -> str:
    """A school's folder: its short name without quotes, №, dots and slashes (МАОУ_СОШ_2)."""
    text = short_name.translate(_SPACED)
    return fit_name(_UNSAFE.sub("_", text).strip("_.-") or "школа")


_SPACED = str.maketrans(dict.fromkeys("№«»\"'.", " "))  # what a folder's name has not


def read(path: Path, cache: Path | None = None) -> District:
    """The district's workbook; a problem that concerns every school stops here. ``cache``:
    the file where the sheets read are kept, so that a rerun parses only the sheets that
    changed (a run's is a file in its output folder)."""
    locator = Locator(str(path), key_paths=False)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise DataError("книга района — файл Excel .xlsx", Location(file=str(path)))
    # values and places only: a third of openpyxl's time for a large district, less memory
    sheets = SheetCache(cache) if cache is not None else None
    # Python's cycle collector paused while the workbook is read (resumed as it was): the
    # reading makes a hundred thousand rows, dictionaries and cells, none of them in a cycle
    # that outlives it (``close`` breaks the sheets' one), and a full pass of the collector
    # over the process's objects cost a tenth of a rerun's reading
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        workbook = open_workbook(read_bytes(path), str(path), lean=True, cache=sheets)
        try:
            reader = _Reader(locator, path)
            district = reader.read(workbook)
        finally:
            workbook.close()
    finally:
        if collecting:
            gc.enable()
    if district.problems:
        problems = locator.explained(district.problems)
        raise InvalidDataError(sorted(problems, key=locator.sort_key), str(path))
    if sheets is not None:
        sheets.save()  # a district that does not read leaves nothing in the output folder
    assert district.plan is not None
    district.plan_digest = digest(json.dumps(district.plan[0], ensure_ascii=False, default=str))
    # the municipal plan is checked once here, with its file's places; schools reuse it
    municipal = validate(*district.plan, PlanData)
    district.plan_model, district.plan_approval = municipal.plan, municipal.approval
    district.plan_author = municipal.organization.name
    _check_monitoring(district)
    return district


def _check_monitoring(district: District) -> None:
    """The monitoring workbook is optional input: its absence or its faults (or those of the
    plan it names) stop the schools' reports only, with a warning each, never the roadmaps and
    orders; a school it does not know gets its other documents and a warning."""
    wanted = [school for school in district.schools if school.report is not False]
    setting = district.settings.get("monitoring")
    if district.monitoring is None:
        if setting is not None and wanted:
            path = (Path(district.file).parent / str(setting[0])).resolve()
            district.warnings.append(
                DataError(
                    f"файл мониторинга «{setting[0]}» не найден (ищу {path}): справки школ не "
                    "сделаны, дорожные карты и приказы сделаны",
                    Location(file=district.file, sheet=SHEETS["district"][0], cell=setting[1]),
                )
            )
        return
    from docgen.reports.monitoring import load_monitoring  # only a district with reports

    try:
        monitoring = load_monitoring(district.monitoring)
    except InvalidDataError as exc:
        problems: list[DocgenError] = list(exc.problems)
    except DocgenError as exc:
        problems = [exc]
    else:
        problems = []
        district.monitored = frozenset(
            school.key for school in wanted if monitoring.school(school.key) is not None
        )
    if problems:
        district.monitoring = None
        district.warnings += [
            DataError(f"{p.message} (справки школ не сделаны, остальное сделано)", p.location)
            for p in problems
        ]
        return
    for school in wanted:
        if school.key not in district.monitored:
            district.warnings.append(
                DataError(
                    f"в книге мониторинга {district.monitoring.name} нет школы «{school.key}»: "
                    "справка этой школы не сделана, дорожная карта и приказ сделаны (добавьте "
                    "школу на лист «Школы» книги мониторинга с тем же ключом или уберите справку "
                    "на листе «Документы»)",
                    Location(
                        file=district.file,
                        sheet=SHEETS["schools"][0],
                        cell=school.row.cell("key"),
                    ),
                )
            )


def _field(path: Path, sheets: Sequence[str], fields: Sequence[str]) -> str | None:
    """A «поле | значение» sheet's value, read without checking the rest of the workbook."""
    book = open_workbook(read_bytes(path), str(path))
    try:
        titles = {xl.norm(name) for name in sheets}
        wanted = {xl.norm(name) for name in fields}
        for sheet in book.worksheets:
            if xl.norm(sheet.title) not in titles:
                continue
            for row in sheet.iter_rows(values_only=True):
                if len(row) > 1 and row[0] is not None and xl.norm(row[0]) in wanted:
                    return str(row[1]).strip() if row[1] not in (None, "") else None
    finally:
        book.close()
    return None


def named_files(path: Path) -> dict[str, str]:
    """The files the district workbook needs beside it, by what they are: its plan
    («план»), its monitoring workbook («мониторинг») and that workbook's plan (field «план» of
    its sheet «Отчёт», when the monitoring workbook is there). The web application accepts an
    upload only under one of these names."""
    from docgen.reports.monitoring import _REPORT_FIELDS, _SHEETS

    found: dict[str, str] = {}
    for what, key in (("plan", "plan"), ("monitoring", "monitoring")):
        value = _field(path, ("district", *SHEETS["district"]), (key, *DISTRICT_FIELDS[key]))
        if value:
            found[what] = value
    monitoring = path.parent / found["monitoring"] if "monitoring" in found else None
    if monitoring is not None and monitoring.is_file() and monitoring.suffix.lower() == ".xlsx":
        value = _field(
            monitoring, ("report", *_SHEETS["report"]), ("plan", *_REPORT_FIELDS["plan"])
        )
        if value:
            found["monitoring_plan"] = value
    return found


class _Reader(_ExcelReader):
    def __init__(self, locator: Locator, path: Path) -> None:
        super().__init__(locator)
        self.path = path
        self.plan_sheets: list[Any] = []
        self.origins: dict[str, xl.Origin] = {}  # the schools' tables' (see Traced)
        self.read_rows: dict[str, list[xl.Row] | None] = {}

    def traced(self, sheet: Any, table: xl.Table, name: str) -> list[xl.Row] | None:
        """:meth:`table`, keeping where the rows came from (see :meth:`trace`)."""
        rows, self.origins[name] = xl.traced_table(sheet, table, self.locator)
        self.read_rows[name] = rows
        return rows

    def sheet_map(self, workbook: Any) -> dict[str, Any]:
        from docgen.loading._plan_xlsx import _PLAN_ONLY, PLAN_SHEETS

        plan_names = xl.aliases({key: PLAN_SHEETS[key] for key in _PLAN_ONLY})

        def plan_sheet(title: str) -> bool:  # the municipal plan kept in this workbook
            return xl.norm(title) in plan_names

        sheets = xl.open_sheets(workbook, BOOK, self.locator, plan_sheet)
        self.plan_sheets = [sheet for sheet in workbook.worksheets if plan_sheet(sheet.title)]
        return sheets

    def read(self, workbook: Any) -> District:  # type: ignore[override]
        sheets = self.sheet_map(workbook)
        settings = self.settings(sheets.get("district"))
        schools = self.schools(sheets.get("schools"))
        by_key = {school.key: school for school in schools}
        if "schools" not in sheets:  # already reported; every row naming a school would repeat it
            sheets = {
                k: v for k, v in sheets.items() if k not in ("people", "documents", "changes")
            }
        if "people" in sheets:
            self.people_rows(sheets["people"], by_key)
        if "documents" in sheets:
            self.documents(sheets["documents"], by_key)
        if "changes" in sheets:
            rows = self.traced(sheets["changes"], CHANGES, "changes")
            for row in rows or []:
                school = self.school_of(row, by_key, SHEETS["changes"][0])
                if school is not None:
                    school.changes.append(row)
        points = []
        if "points" in sheets:
            points = self.table(sheets["points"], ORDER_POINTS) or []
        plan = self.plan(settings)
        monitoring = self.monitoring(settings, schools)
        name = str(settings.get("name", ("", ""))[0] or "")
        return District(
            str(self.path),
            name,
            settings,
            schools,
            plan,
            points,
            list(self.locator.problems),
            monitoring=monitoring,
            traced=self.trace(schools, by_key),
        )

    def trace(self, schools: list[School], by_key: Mapping[str, School]) -> Traced:
        """:class:`Traced` of the tables read: the schools their changed rows name, as they
        are and as they were (a school named by its short name found as reading finds it; a
        row of «Школы» names its own). A school renamed, added or gone changes the list of
        schools, which the kept outputs are compared with as a whole."""
        origins = self.origins
        before = {name: origin.before for name, origin in origins.items()}
        after = {name: origin.kept for name, origin in origins.items()}
        if any(origin.before is None for origin in origins.values()):
            return Traced(before, after, None)  # (the kept outputs are of other tables too)
        by_name: dict[str, str] = {}
        touched: set[str] = set()
        for name, origin in origins.items():
            if not origin.changed:
                continue
            if not by_name:
                by_name = {xl.norm(school.short_name): school.key for school in schools}
            new = [row for row in self.read_rows.get(name) or [] if row.number in origin.changed]
            for row in (*origin.old, *new):
                if name == "schools":
                    touched.add(str(row.value("key")))
                else:
                    touched.update(_named(row, by_key, by_name))
        return Traced(before, after, frozenset(touched))

    def plan_here(self, settings: Mapping[str, tuple[Any, str]]) -> tuple[dict[str, Any], Locator]:
        """The municipal plan from this workbook's own plan sheets; the district is its author."""
        from docgen.loading._plan_xlsx import _PlanReader

        locator = Locator(str(self.path), key_paths=False)
        reader = _PlanReader(locator)
        reader.required = ("plan",)
        raw = reader.read(_Sheets(self.plan_sheets))
        raw["organization"] = {"name": str(settings.get("name", ("", ""))[0] or "")}
        self.locator.problems.extend(locator.problems)
        return raw, locator

    def monitoring(
        self, settings: Mapping[str, tuple[Any, str]], schools: list[School]
    ) -> Path | None:
        """The monitoring workbook the schools' reports are made from, if the district has one."""
        if "monitoring" not in settings:
            for school in schools:
                if school.report:
                    self.locator.problem_at(
                        f"для справки школы нужен файл мониторинга в поле "
                        f"«{DISTRICT_FIELDS['monitoring'][0]}»",
                        sheet=SHEETS["documents"][0],
                    )
                    break
            return None
        path = (self.path.parent / str(settings["monitoring"][0])).resolve()
        return path if path.is_file() else None  # a missing one is a warning (_check_monitoring)

    def beside(self, setting: tuple[Any, str], what: str) -> Path | None:
        """The file a field of «Район» names, found beside the workbook; else reported."""
        path = (self.path.parent / str(setting[0])).resolve()
        if path.is_file():
            return path
        message = f"{what} «{setting[0]}» не найден (ищу {path})"
        self.locator.problem_at(message, sheet=SHEETS["district"][0], cell=setting[1])
        return None

    def settings(self, sheet: Any) -> dict[str, tuple[Any, str]]:
        """«Район»: field → (value, cell)."""
        if sheet is None:
            return {}
        title = str(sheet.title)

        def report(message: str, sheet_title: str, cell: str | None) -> None:
            self.locator.problem_at(message, sheet=sheet_title, cell=cell)

        found = {
            key: (value, cell)
            for key, (value, cell) in xl.read_fields(sheet, DISTRICT_FIELDS, report).items()
            if value is not None
        }
        if "acquaintance" in found:
            value, cell = found["acquaintance"]
            known, wanted = _YES_NO.find(value)
            if not known:
                self.locator.problem_at(f"«{value}»: ожидается да или нет", sheet=title, cell=cell)
            found["acquaintance"] = (wanted is True, cell)
        for required in ("name", "period"):
            if required not in found:
                self.locator.problem_at(
                    f"не заполнено поле «{DISTRICT_FIELDS[required][0]}»", sheet=title
                )
        return found

    def schools(self, sheet: Any) -> list[School]:
        if sheet is None:
            return []
        title = str(sheet.title)
        schools: list[School] = []
        messages = ("у школы нет ключа", "ключ «{key}» уже есть в ячейке {cell}")

        def check(key: str) -> str | None:
            if KEY.fullmatch(key):
                return None
            return f"ключ «{key}»: допустимы только буквы, цифры, «_» и «-», без пробелов"

        rows = self.traced(sheet, SCHOOLS, "schools")
        for key, row in xl.keyed(rows, self.locator, title, messages, check):
            short = str(row.value("short_name") or row.value("name") or key)
            schools.append(School(key, short, row, index=len(schools) + 1))
        return schools

    def school_of(self, row: xl.Row, by_key: Mapping[str, School], sheet: str) -> School | None:
        key = row.value("school")
        if key is None:
            self.locator.problem_at("не указана школа", sheet=sheet, cell=row.cell("school"))
            return None
        school = by_key.get(str(key))
        if school is None:
            by_name = {xl.norm(s.short_name): s for s in by_key.values()}
            school = by_name.get(xl.norm(key))
        if school is None:
            known = ", ".join(by_key) or "их нет"
            self.locator.problem_at(
                f"нет школы «{key}» на листе «{SHEETS['schools'][0]}» (ключи: {known})",
                sheet=sheet,
                cell=row.cell("school"),
            )
        return school

    def people_rows(self, sheet: Any, by_key: Mapping[str, School]) -> None:
        rows = self.traced(sheet, PEOPLE, "people") or []
        title = str(sheet.title)
        # the roles of each text of «роль»: a district repeats them
        known: dict[Any, list[str]] = {}
        for row in rows:
            key = row.values.get("school")
            school = by_key.get(key) if key.__class__ is str else None
            if school is None:  # a school named otherwise (by its short name), or none
                school = self.school_of(row, by_key, title)
                if school is None:
                    continue
            text = row.values.get("role")
            roles = known.get(text) if text.__class__ is str else None
            if roles is None:
                roles = [r.strip() for r in str(text or "").split(";") if r.strip()]
                if text.__class__ is str:
                    known[text] = roles
            school.people.append((row, list(roles)))

    def documents(self, sheet: Any, by_key: Mapping[str, School]) -> None:
        title = str(sheet.title)
        for row in self.traced(sheet, DOCUMENTS, "documents") or []:
            school = self.school_of(row, by_key, title)
            if school is None:
                continue
            for kind in ("roadmap", "order", "report"):
                if row.get(kind) is not None:
                    setattr(school, kind, row.get(kind))

    def plan(
        self, settings: Mapping[str, tuple[Any, str]]
    ) -> tuple[dict[str, Any], Locator] | None:
        if "plan" not in settings:
            if self.plan_sheets:
                return self.plan_here(settings)
            self.locator.problem_at(
                f"не заполнено поле «{DISTRICT_FIELDS['plan'][0]}»: файл муниципального плана "
                "или листы плана («План», «Мероприятия», …) в этой книге",
                sheet=SHEETS["district"][0],
            )
            return None
        value, cell = settings["plan"]
        plan_path = self.beside(settings["plan"], "файл плана")
        if plan_path is None:
            return None
        try:
            raw, locator = load_layers(plan_path)
        except DocgenError as exc:
            self.locator.problems.append(exc)
            return None
        if not isinstance(raw.get("plan"), dict):
            self.locator.problem_at(
                f"в файле «{value}» нет плана (раздела plan)",
                sheet=SHEETS["district"][0],
                cell=cell,
            )
            return None
        self.locator.problems.extend(locator.problems)
        return raw, locator


@dataclass
class _Sheets:
    """Some sheets of a workbook, as a workbook for a reader that wants only those."""

    worksheets: list[Any]

    def close(self) -> None:
        pass


# ------------------------------------------------------------------ each school's documents


def inputs(district: District, options: BulkOptions) -> list[Path]:
    """Every file the district's documents are made from besides the workbook and templates."""
    files: list[Path] = []
    if district.plan is not None:
        files += [Path(place.file) for place in district.plan[1].places.values() if place.file]
    if district.monitoring is not None:
        from docgen.reports.monitoring import load_monitoring

        files.append(district.monitoring)
        plan = load_monitoring(district.monitoring).header.plan
        if plan is not None:
            files.append(plan)
    return [f for f in dict.fromkeys(files) if f.is_file()]


@dataclass(frozen=True)
class Checked:
    """What ``docgen bulk --check`` found: the district's warnings and the schools' own."""

    warnings: list[DocgenError]
    failed: list[SchoolJob]
    sound: int  # schools without errors
    documents: int  # the documents a run would make for them


def check_district(path: Path, options: BulkOptions) -> Checked:
    """Validate the district as a run would (each school's data, the plan, the monitoring,
    the methodologist's lint) without rendering or writing anything."""
    return check_read(read(path), options)


def check_read(found: District, options: BulkOptions) -> Checked:
    """:func:`check_district` of a district already read (the web page shows its schools)."""
    from docgen.rendering import dictionary_for

    dictionary = dictionary_for(options.render)
    warnings = [*found.warnings, *lint_plan(found, options)]
    failed: list[SchoolJob] = []
    sound = documents = 0
    for school in _chosen(found, options.only):
        job = _job(found, school, dictionary)
        if job.problems:
            failed.append(job)
            continue
        sound += 1
        documents += len(job.documents)
        for document in job.documents:
            warnings += document.warnings
    return Checked(warnings, failed, sound, documents)


def jobs(district: District, only: Sequence[str] = ()) -> list[SchoolJob]:
    """One job per school (the ones ``only`` names, by key or short name), validated."""
    dictionary = Dictionary()  # one for every school: it remembers the texts they share
    return [_job(district, school, dictionary) for school in _chosen(district, only)]


def planned(
    district: District,
    options: BulkOptions,
    only: Sequence[str] = (),
    kept: Path | None = None,
) -> list[Planned]:
    """Each school's outputs and the digests of their inputs, before any validation: the
    school's rows of every sheet, the district's settings, the plan, the templates.

    ``kept``: the file where they are kept for the next run (a run's is in its output
    folder): a rerun after a few rows changed works out again only the schools those rows
    name (:class:`Traced`), and takes the others' as they were, when everything the schools
    share is what it was and their tables are those the file was made from."""
    from docgen.district.manifest import digester
    from docgen.rendering import dictionary_for, templates_dir

    root = templates_dir(options.render)
    shared = json.dumps(
        [
            _values(district.settings),
            [_row_values(r) for r in district.points],
            district.plan_digest,
        ],
        ensure_ascii=False,
        default=str,
    )
    units = []
    left_out: dict[str | None, tuple[str, ...]] = {}  # by the school's type: the same for its kind
    input_digest = input_digester(options)
    journal = journal_path(district, options)
    names = _names(district, root)
    dictionary = dictionary_for(options.render)
    own_digest = digester(shared)  # what every school shares, hashed once
    memo = _Memo(kept, _memo_key(district, shared, names, journal, input_digest))
    earlier = memo.earlier(district) if kept is not None and not only else None
    made: list[list[Any]] = []
    redone: list[int] = []  # the schools worked out again, by index
    for index, school in enumerate(_chosen(district, only)):
        job = partial(_job, district, school, dictionary)
        entry = earlier[index] if earlier is not None else None
        if entry is not None:  # its rows and all it shares are as they were
            outputs = tuple((path, inputs) for path, inputs in entry[2])
            units.append(Planned(school.key, school.short_name, outputs, job, tuple(entry[3])))
            made.append(entry)
            continue
        value = school.row.value("type")
        kind = None if value is None else str(value)
        if kind not in left_out:
            left_out[kind] = _left_out(district, school)
        own = own_digest(
            _pickled(
                [
                    _row_values(school.row),
                    [(_row_values(r), roles) for r, roles in school.people],
                    [_row_values(r) for r in school.changes],
                    school.roadmap,
                    school.order,
                    school.index,
                ]
            )
        )
        outputs_made = []
        for path, template in _paths(district, school, root, journal, names):
            inputs = own
            if path.endswith(REPORT_NAME) and district.monitoring is not None:
                inputs = digest(own, *_monitoring_digests(district.monitoring))
            outputs_made.append((path, input_digest(path, inputs, template)))
        units.append(
            Planned(school.key, school.short_name, tuple(outputs_made), job, left_out[kind])
        )
        auto = bool(school.order and is_auto(_order_number(district, school)[0]))
        redone.append(index)
        kept_outputs = [list(pair) for pair in outputs_made]
        made.append([school.key, school.short_name, kept_outputs, list(left_out[kind]), auto])
    if kept is not None and not only:
        memo.save(district, made, redone)
    return units


#: The form of the file of planned outputs (``_Memo``).
_MEMO_FORM = "docgen planned 1"


def _memo_key(
    district: District,
    shared: str,
    names: _Names,
    journal: Path,
    input_digest: Callable[[str, str, Path], str],
) -> str:
    """What every school's outputs depend on besides its own rows: the district's settings,
    points and plan (``shared``), docgen, the templates and the exceptions (each template's
    part of ``input_digest``), the names and the journal's place, the monitoring."""
    parts = [_MEMO_FORM, shared, repr(tuple(names)), str(journal)]
    for template in (names.plan, names.order, names.report):
        try:
            parts.append(input_digest("", "", template))
        except OSError:
            parts.append("-")
    if district.monitoring is not None:
        parts += [str(district.monitoring), *_monitoring_digests(district.monitoring)]
    parts += sorted(district.monitored)
    return digest(*parts)


@dataclass
class _Memo:
    """The planned outputs of every school as a run worked them out (``planned``'s ``kept``):
    ``{"form", "key", "tables", "schools": [[key, short name, [[path, inputs], …], [left
    out, …], numbered «авто»], …]}``, ``key`` of what the schools share (:func:`_memo_key`),
    ``tables`` the digests of the schools' tables they were made from (:class:`Traced`).

    Only a cache, in a folder docgen does not own alone: anything not of this form is read
    past (every school worked out), and a failure to write it is ignored."""

    path: Path | None
    key: str
    loaded: Any = None
    taken: bool = False  # the entries of ``loaded`` were taken (it is of the form written)

    def earlier(self, district: District) -> list[list[Any] | None] | None:
        """Each school's entry to take as it is (None: work it out), by the schools' order;
        None when none can be taken."""
        traced = district.traced
        if self.path is None or traced is None or traced.touched is None:
            return None
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        self.loaded = data
        try:
            if data["form"] != _MEMO_FORM or data["key"] != self.key:
                return None
            if data["tables"] != traced.before:
                return None
            entries = data["schools"]
            if [entry[:2] for entry in entries] != [
                [school.key, school.short_name] for school in district.schools
            ]:
                return None
            taken: list[list[Any] | None] = []
            for entry in entries:
                _, _, outputs, left, auto = entry
                if not _memo_entry(outputs, left, auto):
                    return None
                taken.append(None if auto or entry[0] in traced.touched else entry)
        except (KeyError, TypeError, ValueError):
            return None
        self.taken = True
        return taken

    def save(self, district: District, entries: list[list[Any]], redone: list[int]) -> None:
        """Keep the entries (those of ``redone`` worked out now, the others taken from the
        file), unless the file holds them already."""
        traced = district.traced
        if self.path is None or traced is None or None in traced.after.values():
            return
        kept = self.loaded["schools"] if self.taken else None
        if (
            kept is not None
            and self.loaded["tables"] == traced.after
            and all(entries[index] == kept[index] for index in redone)
        ):
            return  # the file says it all already
        data = {"form": _MEMO_FORM, "key": self.key, "tables": traced.after, "schools": entries}
        from docgen.office.files import atomic_write_bytes

        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with suppress(OSError, DocgenError):  # only a cache: the next run works them out
            atomic_write_bytes(self.path, text.encode("utf-8"), durable=False)


def _memo_entry(outputs: Any, left: Any, auto: Any) -> bool:
    """Whether a school's kept outputs are of the form written, each a file in a folder of
    the output folder («школа/Приказ.docx», as ``manifest.inside`` allows)."""
    return (
        auto.__class__ is bool
        and left.__class__ is list
        and all(item.__class__ is str for item in left)
        and outputs.__class__ is list
        and all(
            pair.__class__ is list
            and len(pair) == 2
            and pair[0].__class__ is str
            and pair[1].__class__ is str
            and _IN_A_FOLDER.fullmatch(pair[0]) is not None
            for pair in outputs
        )
    )


#: A school's output: a file in a folder of the output folder, neither of them «.» or «..»,
#: without a drive («C:»), a backslash or a NUL.
_IN_A_FOLDER = re.compile(r"(?!\.\.?/)[^/\\\x00:]+/(?!\.\.?$)[^/\\\x00]+")


def _pickled(value: Any) -> bytes:
    """The bytes a school's rows are digested from: pickle's, in its fast mode (no memo, so
    that equal values give equal bytes, whichever objects hold them), at a fixed protocol.
    Only written, never read back; twice as fast as JSON for a school's forty texts, and it
    tells a date from its text."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=4)
    pickler.fast = True  # no memo: the bytes depend on the values only
    pickler.dump(value)
    return buffer.getvalue()


def journal_path(district: District, options: BulkOptions) -> Path:
    """The registration journal of the schools' orders numbered «авто»: the option's, else
    журнал.sqlite beside the workbook (one file; each school numbers in its own sequence).
    Remembered on the district, so that the schools' jobs name their orders the same way."""
    district.journal = options.journal or Path(district.file).parent / DEFAULT_NAME
    return district.journal


def journal_source(district: District, school: School) -> str:
    """How the journal knows a school's order: the workbook's name and the school's key."""
    return f"{Path(district.file).name}#{school.key}"


def _auto_number(district: District, school: School, journal: Path, day: date) -> str:
    """The number the school's order has in the journal, or the one it will take."""
    name = str(school.row.value("name") or "").strip()
    pattern = _setting(district.settings, "order_number_pattern", DEFAULT_PATTERN)
    if pattern_problem(pattern) is not None:
        return "авто"  # reported with its cell when the order is validated
    registration = Registration(name, "приказ", day, journal_source(district, school), pattern)
    return Journal(journal).peek(registration)


class _Names(NamedTuple):
    """What every school's paths share, worked out once for a district: the roadmap's file
    name, the order's date and the three templates."""

    roadmap: str
    day: date | None
    plan: Path
    order: Path
    report: Path


def _names(district: District, templates: Path) -> _Names:
    return _Names(
        _roadmap_name(district),
        _order_date(district),
        templates / "plans" / "plan.docx",
        templates / "orders" / "prikaz.docx",
        templates / "reports" / "report.docx",
    )


def _paths(
    district: District,
    school: School,
    templates: Path,
    journal: Path | None = None,
    names: _Names | None = None,
) -> list[tuple[str, Path]]:
    """Where the school's documents go (the same names the built data give)."""
    shared = names or _names(district, templates)
    folder = folder_name(school.short_name)
    paths = []
    if school.roadmap:
        paths.append((f"{folder}/{shared.roadmap}", shared.plan))
    if school.order:
        number, day = _order_number(district, school)[0], shared.day
        if is_auto(number) and day and journal is not None:
            number = _auto_number(district, school, journal, day)
        name = order_file_name("приказ", number, day) if day else "Приказ.docx"
        paths.append((f"{folder}/{name}", shared.order))
    if district.wants_report(school):
        paths.append((f"{folder}/{REPORT_NAME}", shared.report))
    return paths


def _roadmap_name(district: District) -> str:
    years = period_of(str(district.settings.get("period", ("", ""))[0]))
    return f"Дорожная_карта{f'_{years[0].year}-{years[1].year}' if years else ''}.docx"


def _order_number(district: District, school: School) -> tuple[str, str | None, str]:
    """The order's number, its cell and its sheet: the school's own or the district's pattern."""
    value, cell = school.row.value("order_number"), school.row.cell("order_number")
    if value is not None:
        return str(value), cell, SHEETS["schools"][0]
    pattern, cell = district.settings.get("order_number", ("{n}", None))
    return str(pattern).replace("{n}", str(school.index)), cell, SHEETS["district"][0]


def _left_out(district: District, school: School) -> tuple[str, ...]:
    """The municipal plan's activities the school's type leaves out of its roadmap."""
    kind = school.row.value("type")
    if district.plan_model is None or kind is None:
        return ()
    return tuple(schools.left_out(district.plan_model, SchoolChanges(type=str(kind))))


def _invented_number(district: District, school: School) -> tuple[DocgenError, ...]:
    """A number made from the school's place in the list («{n}-од») is not the one its
    register gives: a warning, unless the school's row gives its own."""
    if school.row.value("order_number") is not None:
        return ()
    pattern, _ = district.settings.get("order_number", ("{n}", None))
    if "{n}" not in str(pattern):
        return ()
    number = str(pattern).replace("{n}", str(school.index))
    column = SCHOOLS.columns["order_number"][0]
    return (
        DocgenError(
            f"номер приказа «{number}» придуман по порядку школы в списке (шаблон «{pattern}»): "
            f"впишите номер из журнала регистрации приказов школы в столбец «{column}» листа "
            f"«{SHEETS['schools'][0]}»",
            Location(
                file=district.file,
                sheet=SHEETS["schools"][0],
                cell=school.row.cell("order_number"),
                row=None if school.row.cell("order_number") else school.row.number,
            ),
        ),
    )


def _order_date(district: District) -> date | None:
    value = district.settings.get("order_date", (None, ""))[0]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value)) if value is not None else None
    except DocgenError:
        return None


def _values(settings: Mapping[str, tuple[Any, str]]) -> dict[str, Any]:
    return {key: value for key, (value, _) in sorted(settings.items())}


def _row_values(row: xl.Row) -> tuple[Any, ...]:
    """The row's values in the order of their columns' keys (a column moved on its sheet
    changes nothing): one getter for the rows of a table, which share their keys."""
    keys = tuple(row.values)
    getter = _GETTERS.get(keys)
    if getter is None:
        getter = _GETTERS[keys] = _getter(sorted(keys))
    values: tuple[Any, ...] = getter(row.values)
    return values


_GETTERS: dict[tuple[str, ...], Any] = {}  # a getter of the values in order, by the keys


def _getter(keys: list[str]) -> Any:
    from operator import itemgetter

    if len(keys) > 1:
        return itemgetter(*keys)
    return lambda values: tuple(values[key] for key in keys)


def _chosen(district: District, only: Sequence[str]) -> list[School]:
    if not only:
        return district.schools
    wanted = {xl.norm(name) for name in only}
    chosen = [
        s for s in district.schools if xl.norm(s.key) in wanted or xl.norm(s.short_name) in wanted
    ]
    found = {xl.norm(s.key) for s in chosen} | {xl.norm(s.short_name) for s in chosen}
    unknown = [name for name in only if xl.norm(name) not in found]
    if unknown:
        known = ", ".join(district.keys)
        raise DataError(
            f"нет таких школ: {', '.join(unknown)}; ключи школ: {known}",
            Location(file=district.file),
        )
    return chosen


def lint_plan(district: District, options: BulkOptions) -> list[DocgenError]:
    """The lint on the municipal plan, once for the district, with the district's period and
    the plan's own places (sheet and cell, or file and line); schools' roadmaps then only
    report what is their own."""
    from docgen.rendering import dictionary_for

    if district.plan is None or district.plan_model is None:
        return []
    period = str(district.settings["period"][0])
    data = PlanData(
        organization={"name": district.plan_author or district.name or "—"},  # type: ignore[arg-type]
        plan=district.plan_model.model_copy(update={"period": period}),
    )
    return lint(
        data,
        locate=district.plan[1].locate,
        dictionary=dictionary_for(options.render),
        approved_on=_order_date(district),  # the schools' orders approve it on that day
    )


def _own(path: KeyPath) -> bool:
    """A school's own places: its changes, and its order's texts (not the plan it appends)."""
    return path[:1] == ("school",) or (
        path[:1] == ("document",) and path[:2] != ("document", "appendices")
    )


def _job(district: District, school: School, dictionary: Dictionary | None = None) -> SchoolJob:
    file = district.file
    locator = Locator(file, key_paths=False)
    sheet = SHEETS["schools"][0]
    raw: dict[str, Any] = {"organization": _organization(school, locator, sheet)}
    people, roles, special = _people(school, locator)
    raw["people"] = people
    numbers = Locator(file, key_paths=False)
    changes = _changes(school, roles, locator, numbers)
    type_warnings: tuple[DocgenError, ...] = ()
    if school.row.value("type") is not None:
        # the school's type decides which of the plan's activities are for it (ЕГЭ: СОО)
        changes["type"] = str(school.row.value("type"))
        locator.record(("school", "type"), sheet=sheet, cell=school.row.cell("type"))
        if xl.norm(changes["type"]) not in schools.TYPE_LEVELS:
            type_warnings = (
                DocgenError(
                    f"тип школы «{changes['type']}» docgen не знает (знает: {', '.join(TYPES)}): "
                    "мероприятия для уровней образования (НОО, ООО, СОО) войдут в её план все, "
                    "как у СОШ; выберите тип из списка",
                    Location(file=file, sheet=sheet, cell=school.row.cell("type")),
                ),
            )
    problems: list[DocgenError] = list(locator.problems)
    documents: list[Document] = []
    folder = folder_name(school.short_name)
    assert district.plan is not None
    plan_locator = district.plan[1]
    assert district.plan_model is not None
    base, base_locator = district.plan_base()
    top = {
        **raw,
        "plan": district.dated_plan(),
        "school": changes,
    }
    data, errors = _validated(base, base_locator, top, locator, PlanData)
    problems += errors
    own_warnings: tuple[DocgenError, ...] = type_warnings
    origins: schools.Origins = {(): ("plan", "body")}
    if data is not None:
        own_warnings += tuple(
            lint(
                data,
                # the school's places in the workbook; the plan's (a row a change of the
                # school is compared with) where the plan is written
                locate=partial(_locate, ("plan",), {(): ("plan", "body")}, plan_locator, locator),
                dictionary=dictionary,
                wanted=_own,
                approved_on=_order_date(district) if school.order else None,
            )
        )
    if data is not None and data.school is not None:
        # the school's plan, made once for both documents; the roles are filled at rendering
        try:
            # a number the plan lacks is said at its cell in «номер», the rest where they are
            own, origins = schools.apply_with_origins(
                data.plan, data.school, partial(_number_first, numbers, locator)
            )
        except InvalidDataError as exc:
            problems += exc.problems
            data = None
        else:
            unfilled = _unfilled_roles(own, data.school)
            if unfilled:
                own_warnings += (_unfilled_warning(district, school, unfilled),)
            only_roles = SchoolChanges(
                roles=data.school.roles,
                # said above at the sheet the roles are filled on, not by the plan's key path
                keep_unfilled_roles=data.school.keep_unfilled_roles or bool(unfilled),
            )
            data = data.model_copy(update={"plan": own, "school": only_roles})
    order = None
    if data is not None and school.order:
        order, errors = _order(district, school, raw, special, data, locator, roles)
        problems += errors
    if data is not None and school.roadmap:
        # the roadmap on its own carries the stamp of the order that approves it
        stamp = (
            Approval(
                style=ApprovalStyle.APPROVED,
                kind=order.document.kind,
                date=order.document.date,
                number=order.document.number,
            )
            if order is not None
            else None
        )
        roadmap = data.model_copy(update={"approval": stamp})
        documents.append(
            Document(
                f"{folder}/{_roadmap_name(district)}",
                roadmap,
                warnings=own_warnings,
                locate=partial(_locate, ("plan",), origins, plan_locator, locator),
            )
        )
    if order is not None:
        warnings = _invented_number(district, school) + tuple(
            lint(order, locate=locator.locate, dictionary=dictionary, wanted=_own)
        )
        if not school.roadmap:
            warnings += own_warnings
        name = file_name(order)
        if is_auto(order.document.number):
            journal = district.journal or Path(district.file).parent / DEFAULT_NAME
            number = _auto_number(district, school, journal, order.document.date)
            name = order_file_name("приказ", number, order.document.date)
        appendix = ("document", "appendices", 0, "plan")
        documents.append(
            Document(
                f"{folder}/{name}",
                order,
                warnings=warnings,
                locate=partial(_locate, appendix, origins, plan_locator, locator),
            )
        )
    if district.wants_report(school):
        assert district.monitoring is not None
        report, errors = _report(district.monitoring, school)
        problems += errors
        if report is not None:
            documents.append(Document(f"{folder}/{REPORT_NAME}", report))
    if problems:
        return SchoolJob(school.key, school.short_name, (), tuple(_unique(problems)), file)
    return SchoolJob(school.key, school.short_name, tuple(documents), source=file)


def _locate(
    root: KeyPath,
    origins: schools.Origins,
    plan: Locator,
    school: Locator,
    path: KeyPath,
) -> Location:
    """Where a key path of a school's document was written: an item of its plan (at ``root``)
    where its origin is — the municipal plan's cell or line, or the school's own «Изменения»
    row —, anything else (its people, its order's texts) in the workbook."""
    if path[: len(root)] != root:
        return school.locate(path)
    origin = schools.origin_of(origins, root, path)
    if origin[: len(root)] == root:  # the municipal plan's own
        return plan.locate(("plan", *origin[len(root) :]))
    return school.locate(origin)


def _number_first(numbers: Locator, locator: Locator, path: KeyPath) -> Location:
    """The place of a changed activity's number where the change recorded one, else of
    ``path`` itself."""
    return numbers.places.get(path) or locator.locate(path)


def _unfilled_roles(plan: Plan, changes: SchoolChanges) -> list[str]:
    """The plan's roles no person of the school fills (as the renderer would find them)."""
    from docgen.plans.table import role_key, roles_of

    if not changes.roles or changes.keep_unfilled_roles:
        return []
    filled = {role_key(role) for role in changes.roles}
    found = _ROLES.get(id(plan))
    if found is None or found[0] is not plan:
        if len(_ROLES) > 32:
            _ROLES.clear()
        found = _ROLES[id(plan)] = (plan, tuple((role, role_key(role)) for role in roles_of(plan)))
    return [role for role, key in found[1] if key not in filled]


#: The roles of a plan, by the plan (kept alive, so that its id is not another's): the
#: schools that change the municipal plan alike have one plan object (``schools.apply``).
_ROLES: dict[int, tuple[Plan, tuple[tuple[str, str], ...]]] = {}


def _unfilled_warning(district: District, school: School, roles: list[str]) -> DocgenError:
    """The roles left as words, said where a user fills them: the «Люди» sheet."""
    names = ", ".join(f"«{role}»" for role in roles)
    return DataError(
        f"у школы {school.key} нет людей с ролями {names}: в дорожной карте они остались "
        "словами; чтобы вписать людей, добавьте их строки с этими ролями (столбец «роль»)",
        Location(file=district.file, sheet=SHEETS["people"][0]),
    )


def _report(workbook: Path, school: School) -> tuple[ReportRequest | None, list[DocgenError]]:
    """The school's report, if the monitoring workbook is sound and knows the school."""
    from docgen.reports.monitoring import load_monitoring

    try:
        monitoring = load_monitoring(workbook)
    except InvalidDataError as exc:
        return None, list(exc.problems)
    except DocgenError as exc:
        return None, [exc]
    if monitoring.school(school.key) is None:
        return None, [
            DataError(
                f"в книге мониторинга нет школы «{school.key}»: добавьте её на лист «Школы» с тем "
                "же ключом или уберите справку на листе «Документы»",
                Location(file=str(workbook)),
            )
        ]
    return ReportRequest(str(workbook), school.key), []


def _monitoring_digests(workbook: Path) -> list[str]:
    """The monitoring workbook and the plan it names: what a school's report is made from."""
    from docgen.reports.monitoring import load_monitoring

    digests = [cached_file_digest(workbook)]
    try:
        plan = load_monitoring(workbook).header.plan
    except DocgenError:
        return digests
    if plan is not None and plan.is_file():
        digests.append(cached_file_digest(plan))
    return digests


def _unique(problems: list[DocgenError]) -> list[DocgenError]:
    seen, out = set(), []
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            out.append(problem)
    return out


def _validated(
    base: dict[str, Any],
    base_locator: Locator,
    top: dict[str, Any],
    top_locator: Locator,
    model: Any,
) -> tuple[Any, list[DocgenError]]:
    raw, locator = merge(
        base, replace(base_locator, problems=[]), top, replace(top_locator, problems=[])
    )
    try:
        return validate(raw, locator, model), []
    except InvalidDataError as exc:
        return None, list(exc.problems)
    except DocgenError as exc:
        return None, [exc]


def _organization(school: School, locator: Locator, sheet: str) -> dict[str, Any]:
    columns = ("name", "short_name", "address", "phone", "email")
    return _texts(school.row, columns, locator, sheet, "organization")


def _texts(
    row: xl.Row, columns: Sequence[str], locator: Locator, sheet: str, *path: str
) -> dict[str, Any]:
    """The filled ``columns`` of a row as texts, each recorded at its cell as ``path + (column,)``;
    an empty one too, so that a missing value is reported at the cell where it goes."""
    result: dict[str, Any] = {}
    for column in columns:
        if row.value(column) is not None:
            result[column] = str(row.value(column))
        if row.value(column) is not None or row.cell(column) is not None:
            locator.record(
                (*path, column), sheet=sheet, cell=row.cell(column), label=row.labels[column]
            )
    return result


def _people(
    school: School, locator: Locator
) -> tuple[dict[str, Any], dict[str, list[str]], dict[str, str]]:
    """The school's people by key, the plan's roles → keys, and the director and executor."""
    sheet = SHEETS["people"][0]
    people: dict[str, Any] = {}
    roles: dict[str, list[str]] = {}
    special: dict[str, str] = {}
    rows: dict[str, xl.Row] = {}
    for index, (row, names) in enumerate(school.people, start=1):
        if row.value("surname") is None:  # a role filled by words: «классные руководители»
            words = row.value("position")
            if words is None:
                locator.problem_at(
                    "укажите фамилию человека или, для группы людей, должность "
                    "(«классные руководители 6–11 классов»)",
                    sheet=sheet,
                    cell=row.cell("surname"),
                )
            for role in names:
                roles.setdefault(role, []).append(str(words or role))
            continue
        key = f"person{index}"
        columns = ("surname", "name", "patronymic", "gender", "position", "phone")
        person = _texts(row, columns, locator, sheet, "people", key)
        locator.record(("people", key), sheet=sheet, cell=row.cell("surname"))
        people[key], rows[key] = person, row
        for role in names:
            if xl.norm(role) in (DIRECTOR, EXECUTOR):
                special.setdefault(xl.norm(role), key)
            else:
                roles.setdefault(role, []).append(key)
    for role, alias in ((DIRECTOR, "director"), (EXECUTOR, "executor")):
        if role in special:
            people[alias] = people[special[role]]
            # the alias is the same row: a problem of one of its fields is that field's cell,
            # and the two reports of one cell are one (see _unique)
            for path in (
                ("people", special[role]),
                *(("people", special[role], c) for c in columns),
            ):
                locator.places[("people", alias, *path[2:])] = locator.locate(path)
    if EXECUTOR in special:
        # the order's executor mark takes its phone from this row: a mark without a phone is
        # said at the phone's cell, where it is filled
        cell = rows[special[EXECUTOR]].cell("phone")
        locator.record(("document", "executor"), sheet=sheet, cell=cell)
    return people, roles, special


#: The columns of «Изменения» an action reads besides «номер» and «значение»: an added
#: activity's deadline, responsible and indicator; a new deadline or responsible written in its
#: own column when «значение» is empty.
_CHANGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "drop": (),
    "deadline": ("deadline",),
    "responsible": ("responsible",),
    "after": ("deadline", "responsible", "indicator"),
    "into": ("deadline", "responsible", "indicator"),
}


def _changes(
    school: School, roles: dict[str, list[str]], locator: Locator, numbers: Locator
) -> dict[str, Any]:
    """The school's roles and changes in the shape of ``school:`` of a plan file.

    Every value is recorded at its own cell, so that a problem of an added activity's deadline
    names column «сроки», not «значение»; ``numbers`` records where each changed activity's
    number is (column «номер»), for «нет мероприятия с номером» of a new deadline or
    responsible, whose key path is the value's too.
    """
    sheet = SHEETS["changes"][0]
    result: dict[str, Any] = {"roles": roles}
    action_names = xl.aliases(ACTIONS)
    shown = ", ".join(n[0] for n in ACTIONS.values())
    for row in school.changes:
        action = action_names.get(xl.norm(row.value("action") or ""))
        number, value = row.value("number"), row.value("value")
        number = None if number is None else str(number)
        add = action not in ("drop", "deadline", "responsible")
        value_column = "value"
        if action in ("deadline", "responsible") and value is None:
            # the new deadline written under «сроки» (responsible under «ответственные»)
            value, value_column = row.value(action), action
        problem, column = None, value_column
        stray = [
            c
            for c in ("deadline", "responsible", "indicator")
            if action is not None and c not in _CHANGE_COLUMNS[action] and row.value(c) is not None
        ]
        if action is None:
            problem, column = (
                f"неизвестное действие «{row.value('action')}»; действия: {shown}",
                "action",
            )
        elif number is None:
            problem, column = "не указан номер мероприятия (как в муниципальном плане)", "number"
        elif value is None and action != "drop":
            problem = "не заполнено «значение»" + (": название мероприятия" if add else "")
            column = "value"
        elif stray:
            column = stray[0]
            problem = (
                f"у действия «{ACTIONS[action][0]}» столбец «{row.labels[column]}» не читается: "
                "очистите ячейку"
            )
            if action != "drop":
                problem += " или перенесите значение в столбец «значение»"
        if problem is not None or action is None or number is None:
            locator.problem_at(problem or "", sheet=sheet, cell=row.cell(column))
            continue
        if action == "drop":
            index = len(result.setdefault("drop", []))
            result["drop"].append(number)
            locator.record(("school", "drop", index), sheet=sheet, cell=row.cell("number"))
        elif not add:
            key = "deadlines" if action == "deadline" else "responsible"
            result.setdefault(key, {})[number] = _text(value)
            locator.record((*("school", key), number), sheet=sheet, cell=row.cell(value_column))
            numbers.record(("school", key, number), sheet=sheet, cell=row.cell("number"))
        else:
            index = len(result.setdefault("add", []))
            activity: dict[str, Any] = {"title": _text(value)}
            for column in ("deadline", "responsible"):
                if row.value(column) is not None:
                    activity[column] = _text(row.value(column))
            if row.value("indicator") is not None:
                activity["indicators"] = [_text(row.value("indicator"))]
            result["add"].append({action: number, "activity": activity})
            path: KeyPath = ("school", "add", index)
            locator.record(path, sheet=sheet, cell=row.cell("value"))
            locator.record((*path, action), sheet=sheet, cell=row.cell("number"))
            # each of the activity's fields at its own column, an empty one too: «не указан
            # срок» names the cell where the deadline goes
            for field_name, column in (
                ("title", "value"),
                ("deadline", "deadline"),
                ("responsible", "responsible"),
                ("indicators", "indicator"),
            ):
                if row.cell(column) is not None:
                    locator.record(
                        (*path, "activity", field_name),
                        sheet=sheet,
                        cell=row.cell(column),
                        label=row.labels[column],
                    )
    return result


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _order(
    district: District,
    school: School,
    raw: dict[str, Any],
    special: dict[str, str],
    roadmap: PlanData,
    locator: Locator,
    roles: Mapping[str, list[str]] | None = None,
) -> tuple[Any, list[DocgenError]]:
    """The order approving the school's roadmap, with the roadmap as appendix 1."""
    settings = district.settings
    sheet = SHEETS["district"][0]
    problems: list[DocgenError] = []
    for role in (DIRECTOR, EXECUTOR):
        if role not in special:
            problems.append(_missing_role(district, school, role))
    if "order_date" not in settings:
        problems.append(
            DataError(
                f"не заполнено поле «{DISTRICT_FIELDS['order_date'][0]}»",
                Location(file=district.file, sheet=sheet),
            )
        )
    visas = _visas(district, raw["people"], roles or {}, special, problems)
    if problems:
        return None, problems
    period = str(settings["period"][0])
    number_value, number_cell, number_sheet = _order_number(district, school)
    date_value, date_cell = settings["order_date"]
    document: dict[str, Any] = {
        "kind": "приказ",
        "number": str(number_value),
        "date": date_value.date() if isinstance(date_value, datetime) else date_value,
        "title": _setting(
            settings,
            "order_title",
            f"Об утверждении плана мероприятий (дорожной карты) {_subject(district)}на {period}",
        ),
        "points": _points(district, period, locator),
        "control": {"self": True},
        "signer": "director",
        "executor": "executor",
        # the school's plan as validated for its roadmap: not read again
        "appendices": [{"style": "approved", "plan": roadmap.plan, "school": roadmap.school}],
    }
    if settings.get("acquaintance", (False, ""))[0]:
        aliases = {"director", "executor", special[DIRECTOR]}
        document["acquaintance"] = {
            "named": False,
            "people": [key for key in raw["people"] if key not in aliases],
        }
        locator.record(("document", "acquaintance"), sheet=sheet, cell=settings["acquaintance"][1])
    if visas:
        document["visas"] = visas
        locator.record(("document", "visas"), sheet=sheet, cell=settings["visas"][1])
    basis = _basis(district)
    if basis and "order_basis" not in settings:
        document["basis"] = basis
    for key in ("basis", "purpose"):
        if f"order_{key}" in settings:
            document[key] = str(settings[f"order_{key}"][0])
            locator.record(("document", key), sheet=sheet, cell=settings[f"order_{key}"][1])
    locator.record(("document", "number"), sheet=number_sheet, cell=number_cell)
    locator.record(("document", "date"), sheet=sheet, cell=date_cell)
    if is_auto(str(number_value)):
        pattern = _setting(settings, "order_number_pattern", DEFAULT_PATTERN)
        raw = {**raw, "organization": {**raw["organization"], "numbering": {"приказ": pattern}}}
        if "order_number_pattern" in settings:
            locator.record(
                ("organization", "numbering", "приказ"),
                sheet=sheet,
                cell=settings["order_number_pattern"][1],
            )
    order_locator = replace(locator, problems=[])
    try:
        return validate({**raw, "document": document}, order_locator, OrderData), []
    except InvalidDataError as exc:
        return None, list(exc.problems)
    except DocgenError as exc:
        return None, [exc]


#: What each role the order needs does in it, and whose row on «Люди» is likely to be its.
_ROLE_DUTY = {
    DIRECTOR: ("подписывает приказ", "директор"),
    EXECUTOR: ("исполнитель приказа и ответственный за план", "заместитель"),
}


def _missing_role(district: District, school: School, role: str) -> DataError:
    """A role the order needs that no person of the school has, said where it is written: the
    «роль» cell of the row that looks like that person's (a «директор» by position), else of
    the school's first row on «Люди», else the school's row on «Школы»."""
    duty, position = _ROLE_DUTY[role]
    people = SHEETS["people"][0]
    column = PEOPLE.columns["role"][0]
    rows = [row for row, _ in school.people if row.value("surname") is not None]
    likely = [row for row in rows if xl.norm(row.value("position") or "").startswith(position)]
    candidates = likely or rows or [row for row, _ in school.people]
    row = candidates[0] if candidates else None
    advice = (
        f"впишите «{role}» в столбец «{column}» строки этого человека (несколько ролей — через "
        "«;»: «директор; Руководители ОО»)"
    )
    if row is None:
        return DataError(
            f"у школы {school.key} нет ни одной строки на листе «{people}», а в приказе нужен "
            f"человек с ролью «{role}» ({duty}): добавьте строку школы на лист «{people}» и "
            + advice,
            Location(file=district.file, sheet=SHEETS["schools"][0], cell=school.row.cell("key")),
        )
    return DataError(
        f"у школы нет человека с ролью «{role}» ({duty}): {advice}",
        Location(file=district.file, sheet=people, cell=row.cell("role")),
    )


def _visas(
    district: District,
    people: Mapping[str, Any],
    roles: Mapping[str, list[str]],
    special: Mapping[str, str],
    problems: list[DocgenError],
) -> list[str]:
    """The keys of the people whose roles «лист согласования» names («исполнитель;
    педагоги-психологи»), in that order, once each; a role the school does not fill with a
    person is a problem of this school at the field's cell."""
    if "visas" not in district.settings:
        return []
    value, cell = district.settings["visas"]
    where = Location(file=district.file, sheet=SHEETS["district"][0], cell=cell)
    by_role = {xl.norm(role): keys for role, keys in roles.items()}
    keys: list[str] = []
    for role in (r.strip() for r in re.split(r"[;,\n]", str(value)) if r.strip()):
        found = [special[xl.norm(role)]] if xl.norm(role) in special else by_role.get(xl.norm(role))
        persons = [key for key in found or [] if key in people]
        if not persons:
            problems.append(
                DataError(
                    f"в листе согласования роль «{role}», а у школы нет человека с этой ролью "
                    f"(с фамилией) на листе «{SHEETS['people'][0]}»",
                    where,
                )
            )
        keys += [key for key in persons if key not in keys]
    return keys


def _setting(settings: Mapping[str, tuple[Any, str]], key: str, default: str) -> str:
    return str(settings[key][0]) if key in settings else default


#: «План мероприятий по самоопределению и профориентации обучающихся …»: what a plan is about,
#: from «по» to where the title names whose plan it is or its period.
_SUBJECT = re.compile(
    r"\b(по\s.+?)(?=\s+(?:обще)?образовательн\w+\s+(?:организаци|учрежден)|\s+на\s+\d{4}"
    r"|\s+в\s+\d{4}|\s+муниципальн|\s+\S+\s+района\b|\s*\{|\s*$)",
    re.S,
)
#: Organizations named by a common noun: «приказом отдела образования …» mid-sentence.
_COMMON = ("отдел ", "управление ", "комитет ", "департамент ")


def _subject(district: District) -> str:
    """ "по самоопределению и профориентации обучающихся " from the plan's (school) title, so
    that the order says which plan it approves; empty when the title does not say."""
    plan = district.plan_model
    if plan is None:
        return ""
    for title in (plan.school_title or "", plan.title):
        found = _SUBJECT.search(" ".join(title.split("\n")[0].split()))
        if found:
            return found.group(1).strip() + " "
    return ""


def _basis(district: District) -> str:
    """The preamble citing the act that approved the municipal plan, with its date and number:
    «В соответствии с муниципальным планом …, утвержденным приказом отдела образования … от
    20.08.2024 № 125»; empty when the plan does not say who approved it."""
    approval, plan = district.plan_approval, district.plan_model
    if approval is None or approval.number is None or approval.date is None or plan is None:
        return ""
    author = district.plan_author or district.name
    if author.lower().startswith(_COMMON):
        author = author[:1].lower() + author[1:]
    title = " ".join(plan.title.split())
    title = title[:1].lower() + title[1:]
    act = approval.kind.value
    return (
        f"В соответствии с {{{{ {json.dumps(title, ensure_ascii=False)} | тв }}}}, "
        f"утвержденным {{{{ {json.dumps(act, ensure_ascii=False)} | тв }}}} "
        f"{{{{ {json.dumps(author, ensure_ascii=False)} | рд(kind='org') }}}} "
        f"от {format_date(approval.date, 'numeric')} № {approval.number}"
    )


def _points(district: District, period: str, locator: Locator) -> list[Any]:
    """The order's points: the district's own («Пункты приказа», each at its cell) or the
    default two."""
    if district.points:
        sheet = SHEETS["points"][0]
        rows = [row for row in district.points if row.value("text")]
        for index, row in enumerate(rows):
            locator.record(
                ("document", "points", index),
                sheet=sheet,
                cell=row.cell("text"),
                label=row.labels["text"],
            )
        return [str(row.value("text")) for row in rows]
    return [
        f"Утвердить план мероприятий (дорожную карту) {_subject(district)}на {period} "
        "(приложение).",  # the roadmap is the order's only appendix: no number
        "Возложить ответственность за реализацию плана мероприятий на "
        "{{ people.executor.position | вн }} {{ people.executor | вн }}.",
    ]
