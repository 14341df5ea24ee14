"""From a validated plan to what a template sees: text blocks, and the table with its merges.

The table is built here, not in the template, because its shape comes from the data: the
columns the plan chose, sections across the whole width, a direction's cells spanning the
rows of its activities, an activity spanning the rows of its indicators. The numbers are
computed from the hierarchy (1, 2.1, 4.2.16) or taken as the source gives them.

School roadmaps (:mod:`docgen.plans.schools`) come here too: the roles of the municipal plan's
"responsible" column are replaced by the people the school named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import meta

from docgen.errors import DataError, DocgenError, GrammarError, Location
from docgen.grammar.dates import format_date
from docgen.grammar.deadlines import Span, format_deadline, parse_deadline, span_of
from docgen.grammar.inflector import Inflector
from docgen.model import (
    INDICATOR_HEADINGS,
    Activity,
    Block,
    Column,
    Deadline,
    Direction,
    Indicator,
    IndicatorColumn,
    IndicatorColumnKey,
    IndicatorNumbering,
    IndicatorSection,
    ListStyle,
    Measured,
    Numbering,
    Plan,
    RowAlign,
    RowStyle,
    Section,
    SectionNumerals,
    SectionRow,
    Source,
    all_indicators,
    row_style,
)
from docgen.office.layout import Align, Cell, Inserts, Orientation, Row, Table
from docgen.views import PersonView, TextRenderer

KeyPath = tuple[str | int, ...]
Locate = Callable[[KeyPath], Location]

_WIDTHS = {
    "number": 0.7,
    "direction": 2.4,
    "title": 4.0,
    "indicators": 3.0,
    "deadline": 1.7,
    "responsible": 2.2,
    "result": 2.8,
}
_FOOTNOTE = re.compile(r"\[\^([\w-]+)\]")
_NUMBER_KEY = re.compile(r"\s|\.$")


@dataclass(frozen=True)
class BlockView:
    """A paragraph of the plan's text as the template places it: heading, paragraph or item."""

    kind: str
    text: str


@dataclass(frozen=True)
class ActivityView:
    """An activity with its finished texts and its deadline's meaning, for reports; ``path`` is
    its place in its plan (``("body", 0, "items", 1)``), the same in a school's roadmap and in
    the appendix of its order (where the plan is ``document.appendices[0].plan``)."""

    number: str
    title: str
    deadline: str
    span: Span | None
    responsible: str
    result: str
    indicators: tuple[str, ...]
    section: str
    path: KeyPath

    def with_responsible(self, responsible: str) -> ActivityView:
        """The same activity with another school's people: a copy of its fields (a frozen
        dataclass sets each field through ``object.__setattr__``, and a district's roadmaps
        make sixty of these a school)."""
        copy = object.__new__(ActivityView)
        fields = copy.__dict__
        fields.update(self.__dict__)
        fields["responsible"] = responsible
        return copy


@dataclass
class PlanEnv:
    """What building a plan needs from around it: texts, people, grammar, markers, places."""

    texts: TextRenderer
    people: dict[str, PersonView]
    inflector: Inflector
    inserts: Inserts
    roles: dict[str, str] = field(default_factory=dict)
    keep_unfilled_roles: bool = True
    warnings: list[DocgenError] = field(default_factory=list)
    unfilled: dict[str, KeyPath] = field(default_factory=dict)
    used_roles: set[str] = field(default_factory=set)


@lru_cache(maxsize=256)
def period_of(text: str | None) -> tuple[date, date] | None:
    """The dates a period covers: "2023-2024 учебный год" is 01.09.2023–31.08.2024.

    "2022-2023 годы" and "2022" are calendar years; anything else is unknown (None).
    """
    if not text:
        return None
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    short = re.search(r"(?<!\d)(\d{4})\s*[-–/]\s*(\d{2})(?!\d)", text)
    if short and len(years) == 1:
        years.append(years[0] // 100 * 100 + int(short.group(2)))
    if not years:
        return None
    first, last = min(years), max(years)
    if "учебн" in text.lower():
        return date(first, 9, 1), date(max(last, first + 1), 8, 31)
    return date(first, 1, 1), date(last, 12, 31)


def build_plan(plan: Plan, env: PlanEnv, path: KeyPath) -> dict[str, Any]:
    """Everything a template of a plan uses; text errors go to ``env.texts.problems``.

    A school's roadmap and the appendix of its order are the same view: the second is the
    first's (:class:`_View`) when everything the view depends on is the same.
    """
    key = _view_key(plan, env)
    if key is not None:
        found = _VIEWS.get(key)
        if found is not None:
            return found.again(env, path)
    problems = len(env.texts.problems)
    made = _build_plan(plan, env, path)
    if key is not None and len(env.texts.problems) == problems:
        if len(_VIEWS) >= 8:
            _VIEWS.clear()
        _VIEWS[key] = made
    return made.placed


def _build_plan(plan: Plan, env: PlanEnv, path: KeyPath) -> _View:
    period = period_of(plan.period)
    plan_texts: dict[str, Any] = {"period": plan.period or "", "figures": plan.figures}
    env.texts.context = {**env.texts.context, "plan": plan_texts, "figures": plan.figures}
    plan_texts["goal"] = env.texts(plan.goal, (*path, "goal"))
    plan_texts["tasks"] = [env.texts(t, (*path, "tasks", i)) for i, t in enumerate(plan.tasks)]
    title = plan_texts["title"] = env.texts(plan.title, (*path, "title"))
    footnotes = _Footnotes(plan, env, path)
    rows, activities = _body_rows(plan, env, path, period, footnotes)
    body = None
    table = ""
    if rows:
        header = _header(plan, env, path, footnotes)
        widths = tuple(c.width or _WIDTHS.get(c.key, 2.0) for c in plan.columns)
        body = Table(widths, (header, *rows), split_rows_over=plan.split_rows_over)
        table = env.inserts.table(body)
    figures = indicator_table(plan, env, path) if plan.indicators else None
    indicators = env.inserts.table(figures) if figures is not None else ""
    landscape = plan.landscape if plan.landscape is not None else bool(rows)
    _report_roles(env, path)
    view = {
        **plan_texts,
        "title_lines": title.split("\n"),
        "intro": list(_blocks(plan, plan.intro, env, (*path, "intro"), footnotes)),
        "outro": list(_blocks(plan, plan.outro, env, (*path, "outro"), footnotes)),
        "table": table,
        "indicators_title": env.texts(plan.indicators_title, (*path, "indicators_title")),
        "indicators_table": indicators,
        "activities": activities,
        "landscape": landscape,
        "orientation": Orientation.LANDSCAPE if landscape else Orientation.PORTRAIT,
    }
    kept = (plan, env.texts.env, env.inflector, tuple(env.people.values()))
    return _View(
        view, kept, path, plan_texts, body, figures, dict(env.unfilled), set(env.used_roles)
    )


@dataclass(frozen=True)
class _View:
    """A plan's view as one document got it, and what another document with the same plan,
    people, roles and texts' context gets again from it (:meth:`again`): its tables put in that
    document; the warnings of given numbers and of roles, at that document's own places."""

    placed: dict[str, Any]  # the view with the first document's markers of its tables
    kept: tuple[Any, ...]  # the objects the key names by identity, kept alive with it
    path: KeyPath  # where the plan is in the first document's data
    plan_texts: dict[str, Any]
    table: Table | None
    indicators: Table | None
    unfilled: dict[str, KeyPath]
    used_roles: set[str]

    def again(self, env: PlanEnv, path: KeyPath) -> dict[str, Any]:
        """The view for another document, with what building it would have done there."""
        plan = self.kept[0]
        env.texts.context = {
            **env.texts.context,
            "plan": dict(self.plan_texts),
            "figures": plan.figures,
        }
        _replayed(plan, env, path, self.path, self.unfilled, self.used_roles)
        table = env.inserts.table(self.table) if self.table is not None else ""
        indicators = env.inserts.table(self.indicators) if self.indicators is not None else ""
        _report_roles(env, path)
        return {**self.placed, "table": table, "indicators_table": indicators}


#: The views made last, by :func:`_view_key`; a school's two documents follow each other.
_VIEWS: dict[tuple[Any, ...], _View] = {}
#: The names of the texts' context a plan's view may depend on and still be made once.
_VIEW_NAMES = frozenset({"plan", "figures", "org", "people"})


def _view_key(plan: Plan, env: PlanEnv) -> tuple[Any, ...] | None:
    """What a plan's view depends on, or None when it cannot be made once for two documents:
    the plan has footnotes (their marks are one document's) or a text that names anything but
    the plan, the organization (compared by value) and the people (the same view objects,
    :func:`docgen.views.person_view`); with the texts' environment, the inflector, the people
    and the roles the school filled."""
    names = _names_used(plan, env.texts.env)
    if names is None or not names <= _VIEW_NAMES:
        return None
    context = env.texts.context
    if "people" in names and context.get("people") is not env.people:
        return None
    org = context.get("org") if "org" in names else None
    try:
        hash(org)
    except TypeError:
        return None
    return (
        id(plan),
        id(env.texts.env),
        id(env.inflector),
        tuple((key, id(person)) for key, person in env.people.items()),
        tuple(sorted(env.roles.items())),
        env.keep_unfilled_roles,
        org,
    )


_NAMES: dict[tuple[int, int], tuple[Plan, Any, frozenset[str] | None]] = {}


def _names_used(plan: Plan, environment: Any) -> frozenset[str] | None:
    """The names the plan's texts take from their context (Jinja's own globals aside), or
    None when the plan has footnotes or a text Jinja cannot read."""
    found = _NAMES.get((id(plan), id(environment)))
    if found is not None and found[0] is plan and found[1] is environment:
        return found[2]
    names: frozenset[str] | None = None
    if not plan.footnotes:
        try:
            used: set[str] = set()
            for text in _texts_of(plan.model_dump()):
                used |= _text_names(environment, text)
            names = frozenset(used - set(environment.globals))
        except jinja2.TemplateError:
            names = None
    if len(_NAMES) >= 64:
        _NAMES.clear()
    _NAMES[(id(plan), id(environment))] = (plan, environment, names)
    return names


def _text_names(environment: Any, text: str) -> frozenset[str]:
    """The names one text takes from its context, parsed once per environment (a district's
    plans for each type of school share the title naming the school)."""
    found: dict[str, frozenset[str]] = environment.__dict__.setdefault("_docgen_names", {})
    names = found.get(text)
    if names is None:
        if len(found) > 1024:
            found.clear()
        names = found[text] = frozenset(meta.find_undeclared_variables(environment.parse(text)))
    return names


def _texts_of(value: Any) -> Iterator[str]:
    """The plan's strings that Jinja renders (those with a brace)."""
    if isinstance(value, str):
        if "{" in value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts_of(item)


def _header(plan: Plan, env: PlanEnv, path: KeyPath, footnotes: _Footnotes) -> Row:
    """The table's header row: the columns' headings (the same for every school of a plan
    made once, :func:`_made`)."""
    made = _made(plan, env, path)
    if made is not None and made.header is not None:
        return made.header
    before = len(env.texts.problems)
    header = Row(
        tuple(
            Cell(
                footnotes(
                    env.texts(c.heading, (*path, "columns", i, "heading")),
                    (*path, "columns", i),
                ),
                bold=True,
                align=Align.CENTER,
            )
            for i, c in enumerate(plan.columns)
        ),
        header=True,
    )
    if made is not None and len(env.texts.problems) == before:
        made.header = header
    return header


_ROWS: dict[
    tuple[Any, ...],
    tuple[Plan, KeyPath, list[Row], list[ActivityView], dict[str, KeyPath], set[str]],
] = {}


def _moved(where: KeyPath, start: KeyPath, path: KeyPath) -> KeyPath:
    """A place under the plan made at ``start`` as it is under the same plan at ``path`` (a
    roadmap's ``plan`` is its order's ``document.appendices[0].plan``)."""
    return (*path, *where[len(start) :]) if where[: len(start)] == start else where


def _replayed(
    plan: Plan,
    env: PlanEnv,
    path: KeyPath,
    start: KeyPath,
    unfilled: dict[str, KeyPath],
    used: set[str],
) -> None:
    """What a document gets besides the rows made for another (at ``start``): the given
    numbers' warnings and the roles left unfilled at its own places, and the roles used."""
    _Rows(plan, env, path, None, _Footnotes(plan, env, path)).check()
    for part, where in unfilled.items():
        env.unfilled.setdefault(part, _moved(where, start, path))
    env.used_roles.update(used)


def _body_rows(
    plan: Plan, env: PlanEnv, path: KeyPath, period: tuple[date, date] | None, footnotes: _Footnotes
) -> tuple[list[Row], list[ActivityView]]:
    """The table's rows; a school's roadmap and its order's appendix build the same ones.

    Reused only when nothing in them can differ between documents: the same plan object, the
    same people and roles, no footnotes (their marks belong to one document) and no Jinja in
    the table's texts (a text may quote the document it is in). Another school of the same
    plan gets the rows of the plan made once (:class:`_Plan`) with its own people put in.
    """
    reusable = not plan.footnotes and not _has_jinja(plan)
    key = (
        id(plan),
        tuple(sorted(env.roles.items())),
        env.keep_unfilled_roles,
        tuple((k, str(v.short)) for k, v in env.people.items()),
    )
    found = _ROWS.get(key) if reusable else None
    if found is not None and found[0] is plan:
        _, start, rows, activities, unfilled, used = found
        _replayed(plan, env, path, start, unfilled, used)
        return rows, activities
    builder = _Rows(plan, env, path, period, footnotes)
    made = _made(plan, env, path) if reusable else None
    if made is not None:
        rows = builder.again(made.pieces)
    else:
        pieces: list[Row | _Line] = []
        rows = []
        for piece in builder.body(pieces):
            if isinstance(piece, Row):
                rows.append(piece)
            else:
                rows.extend(piece.rows())
        if reusable and not env.texts.problems:
            _remember(plan, env, path, pieces)
    if reusable and not env.texts.problems:
        if len(_ROWS) > 8:
            _ROWS.clear()
        _ROWS[key] = (
            plan,
            path,
            rows,
            builder.activities,
            dict(env.unfilled),
            set(env.used_roles),
        )
    return rows, builder.activities


@dataclass(frozen=True)
class _Line:
    """An activity's rows as the plan makes them for every school: each cell but the
    responsible one is the same; the responsible values are filled per document
    (:meth:`_Rows.again`: a person's key by that person, a role by the school's people)."""

    view: ActivityView
    #: the first row's cells; the responsible cell (at ``at``, -1 without that column) is the
    #: document's the line was made for
    cells: tuple[Cell, ...]
    at: int
    keep: bool  # the first row keeps with the rows of its other indicators
    rest: tuple[Row, ...]
    #: each value of the activity's «responsible» (or the plan's default) with its place
    responsible: tuple[tuple[str, KeyPath], ...]
    values: tuple[str, ...]  # the values alone

    def rows(self) -> Iterator[Row]:
        yield _row(self.cells, self.keep)
        yield from self.rest


@dataclass
class _Made:
    """A plan's table as it is for every school: made once when it has no footnotes, no Jinja
    in its table and no problem (:func:`_body_rows`)."""

    plan: Plan
    environment: Any  # the texts' environment it was made in
    pieces: tuple[Row | _Line, ...]
    header: Row | None = None


#: The plans' tables made once, by the plan's identity (the entry keeps the plan alive, so the
#: id is not another's), where its table is in the data and the texts' environment.
_MADE_ROWS: dict[tuple[int, KeyPath, int], _Made] = {}


def _made(plan: Plan, env: PlanEnv, path: KeyPath) -> _Made | None:
    found = _MADE_ROWS.get((id(plan), path, id(env.texts.env)))
    if found is None or found.plan is not plan or found.environment is not env.texts.env:
        return None
    return found


def _remember(plan: Plan, env: PlanEnv, path: KeyPath, pieces: list[Row | _Line]) -> None:
    if len(_MADE_ROWS) >= 8:
        _MADE_ROWS.clear()
    _MADE_ROWS[(id(plan), path, id(env.texts.env))] = _Made(plan, env.texts.env, tuple(pieces))


_JINJA: dict[int, tuple[Plan, bool]] = {}


def _has_jinja(plan: Plan) -> bool:
    found = _JINJA.get(id(plan))
    if found is None or found[0] is not plan:
        text = plan.model_dump_json(include={"body", "columns"})
        found = _JINJA[id(plan)] = (plan, "{{" in text or "{%" in text)
        if len(_JINJA) > 64:
            _JINJA.clear()
    return found[1]


class _Footnotes:
    """``[^key]`` in a text becomes a marker of a real footnote with the plan's text for it."""

    def __init__(self, plan: Plan, env: PlanEnv, path: KeyPath) -> None:
        self.plan, self.env, self.path = plan, env, path
        self.texts: dict[str, str] = {}

    def __call__(self, text: str, where: KeyPath) -> str:
        if "[^" not in text:
            return text

        def marker(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in self.texts:
                source = next((v for k, v in self.plan.footnotes.items() if str(k) == key), None)
                if source is None:
                    known = ", ".join(str(k) for k in self.plan.footnotes) or "сносок нет"
                    self.env.texts.problems.append(
                        DataError(
                            f"сноска [^{key}] не описана в plan.footnotes ({known})",
                            self.env.texts.place(where),
                        )
                    )
                    return ""
                self.texts[key] = self.env.texts(source, (*self.path, "footnotes", key))
            return self.env.inserts.footnote(self.texts[key])

        return _FOOTNOTE.sub(marker, text)


def _blocks(
    plan: Plan, blocks: Sequence[Block], env: PlanEnv, path: KeyPath, footnotes: _Footnotes
) -> Iterator[BlockView]:
    for index, block in enumerate(blocks):
        where = (*path, index)
        if block.heading is not None:
            yield BlockView(
                "heading", footnotes(env.texts(block.heading, (*where, "heading")), where)
            )
        elif block.paragraph is not None:
            text = env.texts(block.paragraph, (*where, "paragraph"))
            yield BlockView("paragraph", footnotes(text, where))
        else:
            items = list(_items(plan, block, env, where))
            for number, text in enumerate(items, start=1):
                text += block.separator if number < len(items) else block.end
                if block.style is ListStyle.NUMBER:
                    text = f"{number}. {text}"
                elif block.style is ListStyle.DASH:
                    text = f"{block.bullet} {text}"
                yield BlockView("item", footnotes(text, where))


def _items(plan: Plan, block: Block, env: PlanEnv, where: KeyPath) -> Iterator[str]:
    items = block.items
    if isinstance(items, list):
        for i, item in enumerate(items):
            yield env.texts(item, (*where, "items", i))
    elif items == "tasks":
        for i, task in enumerate(plan.tasks):
            yield env.texts(task, (*(where[:-2]), "tasks", i))
    elif items == "sources":
        for i, source in enumerate(plan.sources):
            yield _source(source, block.case, env, (*(where[:-2]), "sources", i))
    else:
        env.texts.problems.append(
            DataError(
                f"items: «{items}» — это не список; допустимы список текстов, tasks или sources",
                env.texts.place((*where, "items")),
            )
        )


def _source(source: Source, case: str | None, env: PlanEnv, where: KeyPath) -> str:
    """«Концепции развития … (Приказ ДО ЯО от 22.02.2023 № 101/01-03 «О …»)» in the case."""
    if source.text is not None:
        return env.texts(source.text, (*where, "text"))
    name = env.texts(source.name, (*where, "name"))
    if case and name:
        try:
            name = env.inflector.inflect(name, case, kind="org")
        except GrammarError as exc:
            env.texts.problems.append(exc.at(**_fields(env.texts.place((*where, "name")))))
    if source.note:
        return f"{name} ({env.texts(source.note, (*where, 'note'))})"
    act = env.texts(source.act, (*where, "act"))
    details = ""
    if source.date is not None:
        details += f" от {format_date(source.date, 'numeric')}"
    if source.number:
        details += f" № {source.number}"
    if source.title:
        details += f" «{env.texts(source.title, (*where, 'title'))}»"
    if act:  # the act that carries the document, in brackets: (приказ ДО ЯО от … № …)
        return f"{name} ({act}{details})"
    return f"{name}{details}"  # the document itself: Федерального закона от … № … «…»


def _fields(where: Location) -> dict[str, Any]:
    return {k: getattr(where, k) for k in ("file", "sheet", "cell", "row", "key_path", "field")}


class _Rows:
    """The body of the table: numbered rows, merged cells, and the activities for reports."""

    def __init__(
        self,
        plan: Plan,
        env: PlanEnv,
        path: KeyPath,
        period: tuple[date, date] | None,
        footnotes: _Footnotes,
    ) -> None:
        self.plan, self.env, self.path, self.period = plan, env, path, period
        self.footnotes = footnotes
        self.keys = [c.key for c in plan.columns]
        self.activities: list[ActivityView] = []
        self.resolved: dict[tuple[str, ...], str] = {}  # responsible values → their text

    def body(self, pieces: list[Row | _Line]) -> Iterator[Row | _Line]:
        """The rows (and activities' lines, each kept in ``pieces`` too) in the table's order."""
        for piece in self.items(self.plan.body, (), (*self.path, "body"), ""):
            pieces.append(piece)
            yield piece
        self.check()

    def again(self, pieces: tuple[Row | _Line, ...]) -> list[Row]:
        """The rows of the lines made for another document, with this document's people.

        The same values give the same people in one document (the texts of a plan made once
        are plain): worked out at their first activity, which is also where an unfilled role
        is placed, as when the rows are made afresh. One loop: a district makes sixty of these
        lines for each school."""
        rows: list[Row] = []
        resolved = self.resolved
        for piece in pieces:
            if isinstance(piece, Row):
                rows.append(piece)
                continue
            responsible = resolved.get(piece.values)
            if responsible is None:
                responsible = resolved[piece.values] = self.responsible_of(piece.responsible)
            self.activities.append(piece.view.with_responsible(responsible))
            at = piece.at
            if at < 0:
                rows.append(_row(piece.cells, piece.keep))
            else:
                cells = piece.cells
                cell = _cell(responsible, len(piece.rest) + 1)
                rows.append(_row((*cells[:at], cell, *cells[at + 1 :]), piece.keep))
            rows.extend(piece.rest)
        self.check()
        return rows

    def check(self) -> None:
        if self.plan.numbering is Numbering.GIVEN:
            self.check_numbers(self.plan.body, (*self.path, "body"), {})

    def check_numbers(
        self,
        items: Sequence[Section | Direction | Activity],
        path: KeyPath,
        seen: dict[str, KeyPath],
    ) -> None:
        """Given numbers that repeat or skip one: warnings, since real plans have them."""
        previous: tuple[str, list[int]] | None = None
        for index, item in enumerate(items):
            where = (*path, index)
            number = (item.number or "").strip()
            parts = [int(p) for p in re.findall(r"\d+", number)]
            if number:
                key = ".".join(str(p) for p in parts) or number
                repeated = key in seen
                if repeated:
                    first = self.env.texts.place((*seen[key], "number"))
                    at = f"строка {first.row}" if first.row else _shown(seen[key])
                    self.warn(f"номер «{number}» повторяется (впервые — {at})", (*where, "number"))
                else:
                    seen[key] = where
                if (
                    not repeated
                    and previous
                    and parts
                    and previous[1][:-1] == parts[:-1]
                    and parts[-1] not in (previous[1][-1], previous[1][-1] + 1)
                ):
                    self.warn(
                        f"после «{previous[0]}» идёт «{number}»: пропуск в нумерации",
                        (*where, "number"),
                    )
                previous = (number, parts) if parts else previous
            if isinstance(item, Section):
                self.check_numbers(item.items, (*where, "items"), seen)
            elif isinstance(item, Direction):
                self.check_numbers(item.activities, (*where, "activities"), seen)

    def warn(self, message: str, where: KeyPath) -> None:
        self.env.warnings.append(DocgenError(message, self.env.texts.place(where)))

    def label(self, item: Section | Direction | Activity, parts: tuple[int, ...]) -> str:
        return printed_number(self.plan, item, parts)

    def items(
        self,
        items: Sequence[Section | Direction | Activity],
        parts: tuple[int, ...],
        path: KeyPath,
        section: str,
    ) -> Iterator[Row | _Line]:
        for index, item in enumerate(items):
            number = (*parts, index + 1)
            where = (*path, index)
            label = self.label(item, number)
            if isinstance(item, Section):
                title = self.text(item.section, (*where, "section"))
                yield self.section_row(label, title, len(parts))
                yield from self.items(item.items, number, (*where, "items"), title)
            elif isinstance(item, Direction):
                yield from self.direction(item, label, number, where, section)
            else:
                yield from self.activity(item, label, where, section, {})

    def section_row(self, label: str, title: str, depth: int) -> Row:
        """A stage, track or level across the table, in the style of its depth (0: a stage)."""
        return block_row(
            label,
            title,
            len(self.keys),
            apart=self.plan.section_row is SectionRow.NUMBER_APART and self.keys[0] == "number",
            style=row_style(self.plan.section_styles, depth),
        )

    def direction(
        self, item: Direction, label: str, parts: tuple[int, ...], where: KeyPath, section: str
    ) -> Iterator[Row | _Line]:
        title = self.text(item.direction, (*where, "direction"))
        if "direction" not in self.keys:  # no column for it: a row across, like a section
            yield self.section_row(label, title, len(parts) - 1)
            for index, activity in enumerate(item.activities):
                number = self.label(activity, (*parts, index + 1))
                yield from self.activity(activity, number, (*where, "activities", index), title, {})
            return
        total = sum(max(1, len(a.indicators)) for a in item.activities)
        for index, activity in enumerate(item.activities):
            shared = {"number": label, "direction": title} if index == 0 else {}
            merged = {"number", "direction"} if index > 0 else set()
            yield from self.activity(
                activity,
                "",
                (*where, "activities", index),
                title,
                shared,
                span=total if index == 0 else 1,
                merged=merged,
            )

    def activity(
        self,
        item: Activity,
        label: str,
        where: KeyPath,
        section: str,
        shared: dict[str, str],
        *,
        span: int = 1,
        merged: set[str] | None = None,
    ) -> Iterator[_Line]:
        merged = merged or set()
        deadline, deadline_span = self.deadline(item, where)
        values_of = self.values_of(item, where)
        responsible = self.responsible_of(values_of)
        indicators = [
            self.text(t, (*where, "indicators", i)) for i, t in enumerate(item.indicators)
        ]
        values = {
            "number": label,
            "title": self.text(item.title, (*where, "title")),
            "deadline": deadline,
            "responsible": responsible,
            "result": self.text(item.result, (*where, "result")),
            **{k: self.text(v, (*where, "cells", k)) for k, v in item.cells.items()},
            **shared,
        }
        view = ActivityView(
            number=label or shared.get("number", ""),
            title=values["title"],
            deadline=deadline,
            span=deadline_span,
            responsible=responsible,
            result=values["result"],
            indicators=tuple(indicators),
            section=section,
            path=where[len(self.path) :],
        )
        self.activities.append(view)
        height = max(1, len(indicators))
        rows: list[tuple[Cell, ...]] = []
        for row in range(height):
            cells: list[Cell] = []
            for key in self.keys:
                if key in merged:
                    cells.append(_MERGED)
                elif key == "indicators":
                    cells.append(_cell(indicators[row] if row < len(indicators) else ""))
                elif row > 0:
                    cells.append(_MERGED)
                else:
                    rows_ = span if key in shared else height
                    align = Align.CENTER if key == "number" else Align.LEFT
                    cells.append(_cell(values.get(key, ""), rows_, align))
            rows.append(tuple(cells))
        # the cell a document's people go in (none when a cell of the data says otherwise)
        at = self.keys.index("responsible") if "responsible" in self.keys else -1
        if "responsible" in merged or "responsible" in shared or "responsible" in item.cells:
            at = -1
        yield _Line(
            view,
            rows[0],
            at,
            height > 1,
            tuple(_row(cells, row < height - 1) for row, cells in enumerate(rows) if row > 0),
            values_of,
            tuple(text for text, _ in values_of),
        )

    def text(self, text: str | None, where: KeyPath) -> str:
        return self.footnotes(self.env.texts(text, where), where)

    def deadline(self, item: Activity, where: KeyPath) -> tuple[str, Span | None]:
        value = item.deadline
        if value is None:
            return "", None
        if isinstance(value, str):
            text = self.text(value, (*where, "deadline"))
            return text, _parsed_deadline(text, self.period)
        return _structured(value, self.env, (*where, "deadline"), self.period)

    def values_of(self, item: Activity, where: KeyPath) -> tuple[tuple[str, KeyPath], ...]:
        """The activity's responsible values with their places (the plan's default role when
        it names none)."""
        value = item.responsible
        at = (*where, "responsible")
        if value is None and self.plan.default_responsible is not None:
            # the plan's default role («Руководители ОО»), filled by the school's people
            value = self.plan.default_responsible
            at = (*self.path, "default_responsible")
        if value is None:
            return ()
        if isinstance(value, str):
            return ((value, at),)
        return tuple((text, (*at, index)) for index, text in enumerate(value))

    def responsible_of(self, values: tuple[tuple[str, KeyPath], ...]) -> str:
        """A key of people is that person; any other text its roles, each filled by the
        school's people (:func:`_fill_role`)."""
        parts: list[str] = []
        for text, place in values:
            if text in self.env.people:
                parts.append(str(self.env.people[text].short))
                continue
            for part in _split_list(self.text(text, place)):
                parts.append(_fill_role(part, self.env, place))
        return ", ".join(p for p in parts if p)


_MERGED = Cell(merged=True)
#: The cells and rows of activities, shared by every school that prints them alike: a district's
#: roadmaps differ in a few cells (the people responsible), and a row made of the same cell
#: objects is the same row object, whose XML the renderer finds by identity.
_CELLS: dict[tuple[str, int, Align], Cell] = {}
_ROW_OF: dict[tuple[tuple[int, ...], bool], Row] = {}


def _cell(text: str, rows: int = 1, align: Align = Align.LEFT) -> Cell:
    key = (text, rows, align)
    found = _CELLS.get(key)
    if found is None:
        if len(_CELLS) >= 4096:
            _CELLS.clear()
        found = _CELLS[key] = Cell(text, rows=rows, align=align)
    return found


def _row(cells: tuple[Cell, ...], keep_with_next: bool) -> Row:
    """The row of these cells; keyed by the cells' identities, which the row kept here keeps
    alive (an id is never reused while its row is in the table)."""
    key = (tuple(map(id, cells)), keep_with_next)
    found = _ROW_OF.get(key)
    if found is None:
        if len(_ROW_OF) >= 1024:
            _ROW_OF.clear()
        found = _ROW_OF[key] = Row(cells, keep_with_next=keep_with_next)
    return found


def block_row(
    label: str,
    title: str,
    width: int,
    *,
    apart: bool,
    style: RowStyle,
    number_align: Align = Align.LEFT,
) -> Row:
    """A block's row: its number in the № column and its name across the rest (``apart``),
    or both across the whole width; kept on the page of the row after it."""
    align = Align.CENTER if style.align is RowAlign.CENTER else Align.LEFT
    bold, italic, caps = style.bold, style.italic, style.caps
    if apart:
        number = Cell(label, bold=bold, italic=italic, caps=caps, align=number_align)
        cells: tuple[Cell, ...] = (number,)
        if width > 1:
            cells += (
                Cell(title, span=width - 1, bold=bold, align=align, italic=italic, caps=caps),
            )
        return Row(cells, keep_with_next=True)
    text = f"{label} {title}" if label else title
    cell = Cell(text, span=width, bold=bold, align=align, italic=italic, caps=caps)
    return Row((cell,), keep_with_next=True)


def printed_number(plan: Plan, item: Section | Direction | Activity, parts: tuple[int, ...]) -> str:
    """The number the table prints for ``item`` at ``parts`` (its place: 2, 1 is the first item
    of the second block) in the plan's numbering: «1.2.», «II.», «1.», or the given one."""
    if plan.numbering is Numbering.GIVEN:
        return item.number or ""
    if item.number is not None:  # a number given in auto mode is kept: "1.6." as printed
        return item.number
    dot = plan.activity_dot if isinstance(item, Activity) else plan.section_dot
    if plan.numbering is Numbering.RESTART:
        own = parts[-1]
        roman = plan.section_numerals is SectionNumerals.ROMAN
        if roman and len(parts) == 1 and not isinstance(item, Activity):
            return _roman(own) + ("." if dot else "")
        return str(own) + ("." if dot else "")
    return ".".join(str(p) for p in parts) + ("." if dot else "")


def _roman(number: int) -> str:
    """4 → IV, 19 → XIX: the numbers of a plan's stages."""
    text = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        text += letters * count
    return text


@lru_cache(maxsize=8192)
def _parsed_deadline(text: str, period: tuple[date, date] | None) -> Span | None:
    """A district's plans repeat the same few dozen deadlines in every school's copy."""
    return parse_deadline(text, period=period)


def _shown(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _structured(
    value: Deadline, env: PlanEnv, where: KeyPath, period: tuple[date, date] | None
) -> tuple[str, Span | None]:
    fields: dict[str, Any] = {
        "date": value.date,
        "until": value.until,
        "month": value.month,
        "start": value.start,
        "end": value.end,
        "annually": tuple(value.annually),
        "during": value.during,
    }
    try:
        span = span_of(**fields, period=period)
        text = format_deadline(**fields, period=period)
    except GrammarError as exc:
        env.texts.problems.append(exc.at(**_fields(env.texts.place(where))))
        return "", None
    if value.text is not None:
        text = env.texts(value.text, (*where, "text"))
    return text, span


@lru_cache(maxsize=4096)
def _split_list(text: str) -> tuple[str, ...]:
    """ "Руководители ОО, ГБУ ДПО СО «Центр, …», педагоги" by the commas outside quotes."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"«": 1, "»": -1}.get(char, 0)
        if char == "," and depth <= 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return tuple(p for p in parts if p)


def roles_of(plan: Plan) -> list[str]:
    """The distinct parts of the plan's "responsible" texts: the roles a school fills."""
    found: dict[str, str] = {}

    def walk(items: Sequence[Section | Direction | Activity]) -> None:
        for item in items:
            if isinstance(item, Section):
                walk(item.items)
            elif isinstance(item, Direction):
                walk(item.activities)
            elif item.responsible:
                values = (
                    [item.responsible] if isinstance(item.responsible, str) else item.responsible
                )
                for value in values:
                    for part in _split_list(value):
                        found.setdefault(role_key(part), part)

    walk(plan.body)
    return list(found.values())


@lru_cache(maxsize=8192)
def role_key(text: str) -> str:
    """Roles match ignoring letter case, ё, spaces and a final full stop (kept: every school of
    a district asks for the same plan's roles)."""
    return " ".join(text.lower().replace("ё", "е").replace(".", ". ").split()).rstrip(". ")


def _fill_role(part: str, env: PlanEnv, where: KeyPath) -> str:
    if not env.roles:
        return part
    key = role_key(part)
    if key in env.roles:
        env.used_roles.add(key)
        return env.roles[key]
    env.unfilled.setdefault(part, where)
    return part


def _report_roles(env: PlanEnv, path: KeyPath) -> None:
    """Roles of the plan that no person of the school fills: one warning listing them."""
    if not env.roles or not env.unfilled or env.keep_unfilled_roles:
        return
    names = ", ".join(f"«{name}»" for name in env.unfilled)
    first = next(iter(env.unfilled.values()))
    env.warnings.append(
        DocgenError(
            f"роли без исполнителя (остались как есть): {names}; назовите людей в school.roles "
            "или оставьте роли словами: school.keep_unfilled_roles: true",
            env.texts.place(first),
        )
    )


def indicator_table(plan: Plan, env: PlanEnv, path: KeyPath) -> Table:
    """The indicators by year in the shape the plan chose (``plan.indicator_table``): its
    columns (№ | Наименование показателя | Единица измерения | Базовое значение | a column per
    year by default), a group header over the years, rows of groups, numbers of every row or
    of the groups only."""
    shape = plan.indicator_table
    at = (*path, "indicator_table")
    years = sorted({year for ind in all_indicators(plan.indicators) for year in ind.targets})
    columns = [c for c in shape.columns if c.key is not IndicatorColumnKey.YEARS or years]
    keys = [c.key for c in columns]

    def heading(index: int, column: IndicatorColumn) -> str:
        if column.heading is None:
            return INDICATOR_HEADINGS[column.key][0] or ""
        return env.texts(column.heading, (*at, "columns", index, "heading"))

    def year_heading(year: int) -> str:
        return env.texts(shape.year_heading, (*at, "year_heading")).replace("{year}", str(year))

    group = next((c for c in columns if c.key is IndicatorColumnKey.YEARS and c.heading), None)
    top: list[Cell] = []
    for index, column in enumerate(shape.columns):
        if column not in columns:
            continue
        if column.key is IndicatorColumnKey.YEARS:
            if group is not None:
                top.append(Cell(heading(index, column), span=len(years), bold=True, align=CENTER))
            else:
                top.extend(Cell(year_heading(y), bold=True, align=CENTER) for y in years)
        else:
            top.append(
                Cell(heading(index, column), rows=2 if group else 1, bold=True, align=CENTER)
            )
    rows = [Row(tuple(top), header=True)]
    if group is not None:  # the years under «Плановые значения»; the other headings span both
        second = [
            Cell(year_heading(y), bold=True, align=CENTER)
            if key is IndicatorColumnKey.YEARS
            else Cell(merged=True)
            for key in keys
            for y in (years if key is IndicatorColumnKey.YEARS else [0])
        ]
        rows.append(Row(tuple(second), header=True))
    width = sum(len(years) if k is IndicatorColumnKey.YEARS else 1 for k in keys)
    apart = bool(keys) and keys[0] is IndicatorColumnKey.NUMBER
    apart = apart and shape.section_row is SectionRow.NUMBER_APART

    def label(item: Indicator | IndicatorSection, number: str) -> str:
        if shape.numbering is IndicatorNumbering.GIVEN:
            return item.number or ""
        if item.number is not None:  # a number given is printed as given
            return item.number
        if shape.numbering is IndicatorNumbering.SECTIONS and isinstance(item, Indicator):
            return ""
        return number

    def add(items: Sequence[Indicator | IndicatorSection], prefix: str, where: KeyPath) -> None:
        count = 0
        for index, item in enumerate(items):
            place = (*where, index)
            if isinstance(item, IndicatorSection):
                count += 1
                number = f"{prefix}{count}."
                title = env.texts(item.section, (*place, "section"))
                style = row_style(shape.section_styles, len(prefix.split(".")) - 1)
                row = block_row(
                    label(item, number), title, width, apart=apart, style=style, number_align=CENTER
                )
                rows.append(row)  # the group's number centred, as the indicators' numbers
                add(item.items, number, (*place, "items"))
                continue
            if shape.numbering is not IndicatorNumbering.SECTIONS:
                count += 1
            number = f"{prefix}{count}."
            values = {
                IndicatorColumnKey.NUMBER: label(item, number),
                IndicatorColumnKey.NAME: env.texts(item.name, (*place, "name")),
                IndicatorColumnKey.UNIT: env.texts(item.unit, (*place, "unit")),
                IndicatorColumnKey.BASELINE: _value(item.baseline),
            }
            cells: list[Cell] = []
            for key in keys:
                if key is IndicatorColumnKey.YEARS:
                    cells.extend(Cell(_value(item.targets.get(y)), align=CENTER) for y in years)
                else:
                    align = Align.LEFT if key is IndicatorColumnKey.NAME else CENTER
                    cells.append(Cell(values[key], align=align))
            rows.append(Row(tuple(cells)))
            add(item.parts, number, (*place, "parts"))

    add(plan.indicators, "", (*path, "indicators"))
    widths: list[float] = []
    for column in columns:
        each = column.width or INDICATOR_HEADINGS[column.key][1]
        widths.extend([each] * (len(years) if column.key is IndicatorColumnKey.YEARS else 1))
    return Table(tuple(widths), tuple(rows))


CENTER = Align.CENTER


def _value(value: float | str | None) -> str:
    """Numbers with a decimal comma as the data wrote them: 12, 33,5, 15,0 (not 15)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    from docgen.grammar.numerals import decimal

    if isinstance(value, Measured) and value.places:
        text = decimal(value, value.places)
        whole, _, fraction = text.partition(",")
        return f"{whole},{fraction.ljust(value.places, '0')}"
    return decimal(value, 2)


__all__ = [
    "ActivityView",
    "BlockView",
    "Column",
    "PlanEnv",
    "build_plan",
    "period_of",
    "role_key",
]
