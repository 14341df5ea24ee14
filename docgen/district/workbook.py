"""A district's workbook: its schools, their people, and which documents each school gets.

Книга района (.xlsx) — листы (названия листов и столбцов — по-русски или по-английски):

* «Район» (district): поле | значение. Название органа управления образованием (name),
  период (period: «2024-2025 учебный год»), план (plan: файл муниципального плана рядом с
  книгой — YAML, JSON или книга плана; пусто — план на листах этой книги), мониторинг
  (monitoring: книга мониторинга для справок школ, не обязательна), дата приказа
  (order_date), номер приказа (order_number: номер по умолчанию; «{n}» — порядковый номер
  школы в списке), заголовок приказа
  (order_title), основание (order_basis), цель (order_purpose).
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

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import replace as changed
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from docgen.district.jobs import Document, Planned, ReportRequest, SchoolJob
from docgen.district.manifest import cached_file_digest, digest, input_digest
from docgen.errors import DataError, DocgenError, InvalidDataError, Location
from docgen.grammar.dates import parse_date
from docgen.loading import _sheets as xl
from docgen.loading import load_layers, validate
from docgen.loading._common import KEY, Locator
from docgen.loading._layers import merge
from docgen.loading._order_xlsx import POINTS, _ExcelReader, open_workbook
from docgen.loading._read import read_bytes
from docgen.model import Approval, ApprovalStyle, OrderData, Plan, PlanData, SchoolChanges
from docgen.office.files import fit_name
from docgen.options import BulkOptions
from docgen.plans import schools
from docgen.plans.table import period_of
from docgen.rendering import file_name, order_file_name

SHEETS: dict[str, tuple[str, ...]] = {
    "district": ("Район", "district"),
    "schools": ("Школы", "schools"),
    "people": ("Люди", "people"),
    "documents": ("Документы", "documents"),
    "changes": ("Изменения", "changes"),
    "points": ("Пункты приказа", "order points", "points"),
}
BOOK = xl.Book(SHEETS, ("district", "schools", "people"))
DISTRICT_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("название органа", "название", "name"),
    "period": ("период", "period"),
    "plan": ("план", "муниципальный план", "plan"),
    "monitoring": ("мониторинг", "monitoring"),
    "order_date": ("дата приказа", "order_date"),
    "order_number": ("номер приказа", "order_number"),
    "order_title": ("заголовок приказа", "order_title"),
    "order_basis": ("основание", "order_basis"),
    "order_purpose": ("цель", "order_purpose"),
}
SCHOOLS = xl.Table(
    {
        "key": ("ключ", "key"),
        "name": ("полное название", "название", "name"),
        "short_name": ("краткое название", "short_name"),
        "type": ("тип", "type"),
        "address": ("адрес", "address"),
        "phone": ("телефон", "phone"),
        "email": ("email", "e-mail", "эл. почта", "электронная почта"),
        "order_number": ("номер приказа", "order_number"),
    },
    required=("key", "name", "short_name"),
)
PEOPLE = xl.Table(
    {
        "school": ("школа", "school"),
        "role": ("роль", "роли", "role"),
        "surname": ("фамилия", "surname"),
        "name": ("имя", "name"),
        "patronymic": ("отчество", "patronymic"),
        "gender": ("пол", "gender"),
        "position": ("должность", "position"),
        "phone": ("телефон", "phone"),
    },
    required=("school", "role"),
)
DOCUMENTS = xl.Table(
    {
        "school": ("школа", "school"),
        "roadmap": ("дорожная карта", "план", "roadmap"),
        "order": ("приказ", "order"),
        "report": ("справка", "отчёт", "аналитическая справка", "report"),
    },
    required=("school",),
)
REPORT_NAME = "Аналитическая_справка.docx"
CHANGES = xl.Table(
    {
        "school": ("школа", "school"),
        "action": ("действие", "action"),
        "number": ("номер", "№", "number"),
        "value": ("значение", "value"),
        "deadline": ("сроки", "срок", "deadline"),
        "responsible": ("ответственные", "responsible"),
        "indicator": ("показатель", "indicator"),
    },
    required=("school", "action"),
)
ORDER_POINTS = changed(POINTS, required=("text",))
ACTIONS = {
    "drop": ("исключить", "убрать", "drop"),
    "deadline": ("срок", "сроки", "deadline"),
    "responsible": ("ответственные", "responsible"),
    "after": ("добавить после", "after"),
    "into": ("добавить в раздел", "into"),
}
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
_YES_NO = xl.Choice(
    ((True, ("да", "yes", "true", "1", "+")), (False, ("нет", "no", "false", "0", "-")))
)
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

    def wants_report(self, school: School) -> bool:
        return self.monitoring is not None and school.report is not False

    @property
    def keys(self) -> list[str]:
        return [school.key for school in self.schools]


def folder_name(short_name: str) -> str:
    """A school's folder: its short name without quotes, №, dots and slashes (МАОУ_СОШ_2)."""
    text = re.sub(r"[№«»\"'.]", " ", short_name)
    return fit_name(_UNSAFE.sub("_", text).strip("_.-") or "школа")


def read(path: Path) -> District:
    """The district's workbook; a problem that concerns every school stops here."""
    locator = Locator(str(path), key_paths=False)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise DataError("книга района — файл Excel .xlsx", Location(file=str(path)))
    workbook = open_workbook(read_bytes(path), str(path))
    try:
        reader = _Reader(locator, path)
        district = reader.read(workbook)
    finally:
        workbook.close()
    if district.problems:
        raise InvalidDataError(sorted(district.problems, key=locator.sort_key), str(path))
    assert district.plan is not None
    district.plan_digest = digest(json.dumps(district.plan[0], ensure_ascii=False, default=str))
    # the municipal plan is checked once here, with its file's places; schools reuse it
    district.plan_model = validate(*district.plan, PlanData).plan
    return district


class _Reader(_ExcelReader):
    def __init__(self, locator: Locator, path: Path) -> None:
        super().__init__(locator)
        self.path = path
        self.plan_sheets: list[Any] = []

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
            rows = self.table(sheets["changes"], CHANGES)
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
        )

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
        value, cell = settings["monitoring"]
        path = (self.path.parent / str(value)).resolve()
        if not path.is_file():
            self.locator.problem_at(
                f"файл мониторинга «{value}» не найден (ищу {path})",
                sheet=SHEETS["district"][0],
                cell=cell,
            )
            return None
        return path

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
        rows = self.table(sheet, SCHOOLS) or []
        schools: list[School] = []
        seen: dict[str, str] = {}
        folders: dict[str, str] = {}
        for row in rows:
            key = row.value("key")
            cell = row.cell("key")
            if key is None:
                self.locator.problem_at("у школы нет ключа", sheet=title, cell=cell)
                continue
            key = str(key)
            if not KEY.fullmatch(key):
                self.locator.problem_at(
                    f"ключ «{key}»: допустимы только буквы, цифры, «_» и «-», без пробелов",
                    sheet=title,
                    cell=cell,
                )
                continue
            if key in seen:
                self.locator.problem_at(
                    f"ключ «{key}» уже есть в ячейке {seen[key]}", sheet=title, cell=cell
                )
                continue
            seen[key] = cell or ""
            short = str(row.value("short_name") or row.value("name") or key)
            folder = folder_name(short)
            if folder in folders:  # two schools whose short names differ only in quotes
                folder = f"{folder}_{key}"
            folders[folder] = key
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
        rows = self.table(sheet, PEOPLE) or []
        for row in rows:
            school = self.school_of(row, by_key, str(sheet.title))
            if school is None:
                continue
            roles = [r.strip() for r in str(row.value("role") or "").split(";") if r.strip()]
            school.people.append((row, roles))

    def documents(self, sheet: Any, by_key: Mapping[str, School]) -> None:
        title = str(sheet.title)
        for row in self.table(sheet, DOCUMENTS) or []:
            school = self.school_of(row, by_key, title)
            if school is None:
                continue
            for kind in ("roadmap", "order", "report"):
                value = row.value(kind)
                if value is None:
                    continue
                found, chosen = _YES_NO.find(value)
                if found:
                    setattr(school, kind, chosen)
                else:
                    self.locator.problem_at(
                        f"«{value}»: ожидается да или нет", sheet=title, cell=row.cell(kind)
                    )

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
        plan_path = (self.path.parent / str(value)).resolve()
        if not plan_path.is_file():
            self.locator.problem_at(
                f"файл плана «{value}» не найден (ищу {plan_path})",
                sheet=SHEETS["district"][0],
                cell=cell,
            )
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


def jobs(district: District, only: Sequence[str] = ()) -> list[SchoolJob]:
    """One job per school (the ones ``only`` names, by key or short name), validated."""
    return [_job(district, school) for school in _chosen(district, only)]


def planned(district: District, options: BulkOptions, only: Sequence[str] = ()) -> list[Planned]:
    """Each school's outputs and the digests of their inputs, before any validation: the
    school's rows of every sheet, the district's settings, the plan, the templates."""
    from docgen.rendering import templates_dir

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
    for school in _chosen(district, only):
        own = digest(
            shared,
            json.dumps(
                [
                    _row_values(school.row),
                    [(_row_values(r), roles) for r, roles in school.people],
                    [_row_values(r) for r in school.changes],
                    school.roadmap,
                    school.order,
                    school.index,
                ],
                ensure_ascii=False,
                default=str,
            ),
        )
        outputs = []
        for path, template in _paths(district, school, root):
            inputs = own
            if path.endswith(REPORT_NAME) and district.monitoring is not None:
                inputs = digest(own, *_monitoring_digests(district.monitoring))
            outputs.append((path, input_digest(options, path, inputs, template)))
        units.append(
            Planned(school.key, school.short_name, tuple(outputs), partial(_job, district, school))
        )
    return units


def _paths(district: District, school: School, templates: Path) -> list[tuple[str, Path]]:
    """Where the school's documents go (the same names the built data give)."""
    folder = folder_name(school.short_name)
    paths = []
    if school.roadmap:
        paths.append((f"{folder}/{_roadmap_name(district)}", templates / "plans" / "plan.docx"))
    if school.order:
        number, day = _order_number(district, school)[0], _order_date(district)
        name = order_file_name("приказ", number, day) if day else "Приказ.docx"
        paths.append((f"{folder}/{name}", templates / "orders" / "prikaz.docx"))
    if district.wants_report(school):
        paths.append((f"{folder}/{REPORT_NAME}", templates / "reports" / "report.docx"))
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


def _row_values(row: xl.Row) -> list[Any]:
    return [row.values[key] for key in sorted(row.values)]


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


def _job(district: District, school: School) -> SchoolJob:
    file = district.file
    locator = Locator(file, key_paths=False)
    sheet = SHEETS["schools"][0]
    raw: dict[str, Any] = {"organization": _organization(school, locator, sheet)}
    people, roles, special = _people(school, locator)
    raw["people"] = people
    changes = _changes(school, roles, locator)
    problems: list[DocgenError] = list(locator.problems)
    documents: list[Document] = []
    folder = folder_name(school.short_name)
    assert district.plan is not None
    plan_raw, plan_locator = district.plan
    period = district.settings["period"][0]
    assert district.plan_model is not None
    base = {key: value for key, value in plan_raw.items() if key in ("organization", "people")}
    top = {
        **raw,
        "plan": district.plan_model.model_copy(update={"period": str(period)}),
        "school": changes,
    }
    data, errors = _validated(base, plan_locator, top, locator, PlanData)
    problems += errors
    if data is not None and data.school is not None:
        # the school's plan, made once for both documents; the roles are filled at rendering
        try:
            own = schools.apply(data.plan, data.school, locator.locate)
        except InvalidDataError as exc:
            problems += exc.problems
            data = None
        else:
            only_roles = SchoolChanges(
                roles=data.school.roles, keep_unfilled_roles=data.school.keep_unfilled_roles
            )
            data = data.model_copy(update={"plan": own, "school": only_roles})
    order = None
    if data is not None and school.order:
        order, errors = _order(district, school, raw, special, data, locator)
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
        documents.append(Document(f"{folder}/{_roadmap_name(district)}", roadmap))
    if order is not None:
        documents.append(Document(f"{folder}/{file_name(order)}", order))
    if district.wants_report(school):
        assert district.monitoring is not None
        report, errors = _report(district.monitoring, school)
        problems += errors
        if report is not None:
            documents.append(Document(f"{folder}/{REPORT_NAME}", report))
    if problems:
        return SchoolJob(school.key, school.short_name, (), tuple(_unique(problems)), file)
    return SchoolJob(school.key, school.short_name, tuple(documents), source=file)


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
    org: dict[str, Any] = {}
    for key in ("name", "short_name", "address", "phone", "email"):
        value = school.row.value(key)
        if value is not None:
            org[key] = str(value) if not isinstance(value, str) else value
            locator.record(
                ("organization", key),
                sheet=sheet,
                cell=school.row.cell(key),
                label=SCHOOLS.columns[key][0],
            )
    return org


def _people(
    school: School, locator: Locator
) -> tuple[dict[str, Any], dict[str, list[str]], dict[str, str]]:
    """The school's people by key, the plan's roles → keys, and the director and executor."""
    sheet = SHEETS["people"][0]
    people: dict[str, Any] = {}
    roles: dict[str, list[str]] = {}
    special: dict[str, str] = {}
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
        person: dict[str, Any] = {}
        for column in ("surname", "name", "patronymic", "gender", "position", "phone"):
            value = row.value(column)
            if value is not None:
                person[column] = value if isinstance(value, str) else str(value)
                locator.record(
                    ("people", key, column),
                    sheet=sheet,
                    cell=row.cell(column),
                    label=PEOPLE.columns[column][0],
                )
        locator.record(("people", key), sheet=sheet, cell=row.cell("surname"))
        people[key] = person
        for role in names:
            if xl.norm(role) in (DIRECTOR, EXECUTOR):
                special.setdefault(xl.norm(role), key)
            else:
                roles.setdefault(role, []).append(key)
    for role, alias in ((DIRECTOR, "director"), (EXECUTOR, "executor")):
        if role in special:
            people[alias] = people[special[role]]
            locator.places[("people", alias)] = locator.locate(("people", special[role]))
    return people, roles, special


def _changes(school: School, roles: dict[str, list[str]], locator: Locator) -> dict[str, Any]:
    """The school's roles and changes in the shape of ``school:`` of a plan file."""
    sheet = SHEETS["changes"][0]
    result: dict[str, Any] = {"roles": roles}
    action_names = xl.aliases(ACTIONS)
    for row in school.changes:
        action = action_names.get(xl.norm(row.value("action") or ""))
        number = row.value("number")
        number = None if number is None else str(number)
        if action is None:
            shown = ", ".join(n[0] for n in ACTIONS.values())
            locator.problem_at(
                f"неизвестное действие «{row.value('action')}»; действия: {shown}",
                sheet=sheet,
                cell=row.cell("action"),
            )
            continue
        if number is None:
            locator.problem_at(
                "не указан номер мероприятия (как в муниципальном плане)",
                sheet=sheet,
                cell=row.cell("number"),
            )
            continue
        value = row.value("value")
        if action == "drop":
            index = len(result.setdefault("drop", []))
            result["drop"].append(number)
            locator.record(("school", "drop", index), sheet=sheet, cell=row.cell("number"))
        elif action in ("deadline", "responsible"):
            if value is None:
                locator.problem_at("не заполнено «значение»", sheet=sheet, cell=row.cell("value"))
                continue
            key = "deadlines" if action == "deadline" else "responsible"
            result.setdefault(key, {})[number] = _text(value)
            locator.record(("school", key, number), sheet=sheet, cell=row.cell("value"))
        else:
            if value is None:
                locator.problem_at(
                    "не заполнено «значение»: название мероприятия",
                    sheet=sheet,
                    cell=row.cell("value"),
                )
                continue
            index = len(result.setdefault("add", []))
            activity: dict[str, Any] = {"title": _text(value)}
            for column, name in (("deadline", "deadline"), ("responsible", "responsible")):
                if row.value(column) is not None:
                    activity[name] = _text(row.value(column))
            if row.value("indicator") is not None:
                activity["indicators"] = [_text(row.value("indicator"))]
            result["add"].append({action: number, "activity": activity})
            locator.record(("school", "add", index), sheet=sheet, cell=row.cell("value"))
            locator.record(("school", "add", index, action), sheet=sheet, cell=row.cell("number"))
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
) -> tuple[Any, list[DocgenError]]:
    """The order approving the school's roadmap, with the roadmap as appendix 1."""
    settings = district.settings
    sheet = SHEETS["district"][0]
    problems: list[DocgenError] = []
    for role in (DIRECTOR, EXECUTOR):
        if role not in special:
            problems.append(
                DataError(
                    f"у школы нет человека с ролью «{role}» на листе «{SHEETS['people'][0]}»: "
                    "он нужен для приказа",
                    Location(file=district.file, sheet=SHEETS["people"][0]),
                )
            )
    if "order_date" not in settings:
        problems.append(
            DataError(
                f"не заполнено поле «{DISTRICT_FIELDS['order_date'][0]}»",
                Location(file=district.file, sheet=sheet),
            )
        )
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
            f"Об утверждении плана мероприятий (дорожной карты) на {period}",
        ),
        "points": _points(district, period),
        "control": {"self": True},
        "signer": "director",
        "executor": "executor",
        # the school's plan as validated for its roadmap: not read again
        "appendices": [{"style": "approved", "plan": roadmap.plan, "school": roadmap.school}],
    }
    for key in ("basis", "purpose"):
        if f"order_{key}" in settings:
            document[key] = str(settings[f"order_{key}"][0])
            locator.record(("document", key), sheet=sheet, cell=settings[f"order_{key}"][1])
    locator.record(("document", "number"), sheet=number_sheet, cell=number_cell)
    locator.record(("document", "date"), sheet=sheet, cell=date_cell)
    order_locator = replace(locator, problems=[])
    try:
        return validate({**raw, "document": document}, order_locator, OrderData), []
    except InvalidDataError as exc:
        return None, list(exc.problems)
    except DocgenError as exc:
        return None, [exc]


def _setting(settings: Mapping[str, tuple[Any, str]], key: str, default: str) -> str:
    return str(settings[key][0]) if key in settings else default


def _points(district: District, period: str) -> list[Any]:
    if district.points:
        return [str(row.value("text")) for row in district.points if row.value("text")]
    return [
        f"Утвердить план мероприятий (дорожную карту) на {period} (приложение 1).",
        "Возложить ответственность за реализацию плана мероприятий на "
        "{{ people.executor.position | вн }} {{ people.executor | вн }}.",
    ]
