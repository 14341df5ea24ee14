"""What a methodologist looks for before signing: dates that cannot be, empty cells, a wrong
school year, one deadline written two ways, misspelt words.

Every finding is a warning (a :class:`DocgenError`) placed by the data's key path, so that a
YAML file shows its line and a workbook its sheet and cell; ``--strict`` makes them errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from docgen.errors import DocgenError, GrammarError, Location
from docgen.grammar.dates import format_date
from docgen.grammar.deadlines import Span, parse_deadline, span_of
from docgen.lint.spelling import Dictionary
from docgen.model import Activity, Deadline, Direction, Numbering, Plan, SchoolChanges, Section
from docgen.plans.schools import applies_to, number_key, numbers
from docgen.plans.table import period_of, printed_number

KeyPath = tuple[str | int, ...]
Locate = Callable[[KeyPath], Location]

#: «на 2020-2021 учебный год», «в 2021-22 учебном году», «2024/2025 уч. год»
_SCHOOL_YEAR = re.compile(
    r"(?:\b(?P<prep>на|в|во)\s+)?(?P<first>\d{4})\s*[-–—/]\s*(?P<second>\d{4}|\d{2})\s*"
    r"(?P<what>учебн\w*\s+год\w*|уч\.\s*г(?:од\w*|\.)?)",
    re.IGNORECASE,
)
#: Keys whose values are not prose: names, numbers, keys, settings.
_NOT_PROSE = frozenset(
    {
        "people",
        "organization",
        "number",
        "key",
        "figures",
        "bullet",
        "separator",
        "end",
        "case",
        "style",
        "kind",
        "date_prefix",
        "place",
        "approver",
        "person",
        "signer",
        "executor",
        "approval",
        "date",
        "until",
        "typography",
        "numbering",
        "section_row",
        "drop",
        "after",
        "into",
        "act",
    }
)


@dataclass
class Findings:
    """The warnings found so far, each placed."""

    locate: Locate
    warnings: list[DocgenError] = field(default_factory=list)
    #: only these places (a district's part); a place refused refuses all below it, so the
    #: checks skip whole refused parts unread (a school's job never re-checks the district's plan)
    wanted: Callable[[KeyPath], bool] | None = None

    def add(self, path: KeyPath, message: str) -> None:
        if self.wants(path):
            self.warnings.append(DocgenError(message, self.locate(path)))

    def wants(self, path: KeyPath) -> bool:
        return self.wanted is None or self.wanted(path)


def school_year_of(day: date | None, period: str | None) -> int | None:
    """The first year of the school year a document is for: its plan's period if that is a
    school year, else by its date (from June on, an order prepares the coming year)."""
    span = period_of(period)
    if span is not None and period is not None and "учебн" in period.lower():
        return span[0].year
    if day is None:
        return None
    return day.year if day.month >= 6 else day.year - 1


def texts(
    value: Any, path: KeyPath, wanted: Callable[[KeyPath], bool] | None = None
) -> Iterator[tuple[KeyPath, str]]:
    """Every prose text of dumped data with its key path (under the places ``wanted``)."""
    if wanted is not None and not wanted(path):
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_PROSE:
                yield from texts(item, (*path, key), wanted)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, (*path, index), wanted)


def check_texts(
    found: Findings, dumped: Any, root: KeyPath, year: int | None, dictionary: Dictionary | None
) -> None:
    """School years that are not the document's; words no dictionary knows."""
    for path, text in texts(dumped, root, found.wanted):  # not a district's plan, said once
        if year is not None:
            _school_years(found, path, text, year)
        if dictionary is not None:
            seen: set[str] = set()
            for word, advice in dictionary.unknown(text):
                if word not in seen:
                    seen.add(word)
                    found.add(path, f"«{word}»: {advice}")


def _school_years(found: Findings, path: KeyPath, text: str, year: int) -> None:
    for match in _SCHOOL_YEAR.finditer(text):
        first, second = int(match["first"]), match["second"]
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        prep = (match["prep"] or "").lower()
        wanted = f"{year}-{year + 1}"
        written = " ".join(match.group().split())
        if last != first + 1:
            found.add(
                path,
                f"«{written}»: учебный год — два года подряд ({wanted} учебный год), "
                f"а здесь {first} и {last}",
            )
        elif prep == "на" and first != year:
            found.add(
                path,
                f"«{written}»: документ — на {wanted} учебный год; исправьте год "
                "(или период плана, если ошибся он)",
            )
        elif prep in ("в", "во") and first not in (year, year - 1):
            found.add(path, f"«{written}»: документ — на {wanted} учебный год; исправьте год")


@dataclass(frozen=True)
class PlanPlace:
    """A plan in the data: where it is, where its school's changes are, what approves it."""

    plan: Plan
    path: KeyPath
    school: SchoolChanges | None = None
    school_path: KeyPath = ("school",)
    approved_on: date | None = None
    approved_by: str = "приказа, который"


def check_plan(found: Findings, place: PlanPlace) -> None:
    """Deadlines outside the plan's time, empty cells, one deadline written two ways.

    When the plan's own places are not wanted (a school's job: the district's lint said them
    once), only what the school writes is looked at: its additions, and its changed deadlines,
    which are read against the whole plan's (the same deadline written two ways)."""
    plan, school = place.plan, place.school
    period = period_of(plan.period)
    columns = {column.key for column in plan.columns}
    whole = found.wants(place.path)
    spellings: dict[str, list[tuple[str, KeyPath]]] = {}
    if whole or (school is not None and school.deadlines):
        spellings = _check_activities(found, place, period, columns, whole)
    if school is not None:
        for index, addition in enumerate(school.add):
            where = (*place.school_path, "add", index, "activity")
            what = f"добавленное мероприятие «{_short(addition.activity.title)}»"
            if addition.activity.deadline is not None:
                _deadline(
                    found, addition.activity.deadline, (*where, "deadline"), what, period, place
                )
            elif "deadline" in columns:
                found.add((*where, "deadline"), f"{what}: не указан срок")
            if (
                addition.activity.responsible is None
                and "responsible" in columns
                and not plan.default_responsible
            ):
                found.add((*where, "responsible"), f"{what}: не указаны ответственные")
    for variants in spellings.values():
        forms = sorted({text for text, _ in variants}, key=lambda t: t)
        if len(forms) < 2:
            continue
        counts = {f: sum(1 for text, _ in variants if text == f) for f in forms}
        usual = max(forms, key=lambda f: (counts[f], f))
        first = next(path for text, path in variants if text == usual)
        for text, path in variants:
            if text != usual:
                found.add(
                    path,
                    f"срок «{text}» написан иначе, чем тот же срок в других строках "
                    f"(«{usual}», {_where(found, first, path)}): напишите одинаково",
                )


def _check_activities(
    found: Findings,
    place: PlanPlace,
    period: tuple[date, date] | None,
    columns: set[str],
    whole: bool,
) -> dict[str, list[tuple[str, KeyPath]]]:
    """The plan's activities as the school has them: their deadlines checked where wanted (the
    plan's own only when it is ``whole``), and every deadline's spellings, lower-cased → (as
    written, where), for :func:`check_plan` to compare."""
    plan, school = place.plan, place.school
    changed = _changes(plan, school, place.school_path)
    spellings: dict[str, list[tuple[str, KeyPath]]] = {}
    for label, activity, where, name in activities(plan, place.path):
        key = number_key(label) if label else ""
        deadline: Any = activity.deadline
        deadline_path = (*where, "deadline")
        if key in changed["deadlines"]:
            deadline, deadline_path = changed["deadlines"][key]
        if key in changed["dropped"] or not applies_to(activity, school):
            continue
        if deadline is None and "deadline" in columns:
            if whole:
                found.add(
                    (*where, "deadline"),
                    f"{name} «{_short(activity.title)}»: не указан срок; впишите его в столбец "
                    "сроков (deadline)",
                )
        elif deadline is not None:
            if found.wants(deadline_path):  # parsing a deadline is the costly part
                what = f"{name} «{_short(activity.title)}»"
                _deadline(found, deadline, deadline_path, what, period, place)
            if isinstance(deadline, str):
                spellings.setdefault(deadline.lower(), []).append((deadline, deadline_path))
        if not whole:
            continue  # the responsible of the plan's rows: the plan's own places
        has_responsible = activity.responsible is not None or key in changed["responsible"]
        if not has_responsible and "responsible" in columns and not plan.default_responsible:
            found.add(
                (*where, "responsible"),
                f"{name} «{_short(activity.title)}»: не указаны ответственные; впишите их "
                "(responsible) или задайте ответственных по умолчанию для плана "
                "(plan.default_responsible)",
            )
    return spellings


def activities(plan: Plan, root: KeyPath) -> Iterator[tuple[str, Activity, KeyPath, str]]:
    """Each activity with its number in the municipal sense (as :func:`numbers` keys it, for
    the school's changes), its key path, and how a warning names it: as the document numbers
    it, with its blocks where the number alone does not say which («раздел II, мероприятие 1»
    when the numbering restarts in every block)."""
    found: list[tuple[str, Activity, KeyPath, str, tuple[str, ...]]] = []

    def walk(
        items: list[Any], parts: tuple[int, ...], path: KeyPath, blocks: tuple[str, ...]
    ) -> None:
        for index, item in enumerate(items):
            number = (*parts, index + 1)
            where = (*path, index)
            if plan.numbering is Numbering.GIVEN or item.number is not None:
                label = item.number or ""
            else:
                label = ".".join(str(p) for p in number)
            printed = printed_number(plan, item, number).rstrip(".")
            if isinstance(item, Section):
                block = ("подраздел " if blocks else "раздел ") + printed if printed else ""
                walk(item.items, number, (*where, "items"), (*blocks, block))
            elif isinstance(item, Direction):
                block = f"направление {printed}" if printed else ""
                walk(item.activities, number, (*where, "activities"), (*blocks, block))
            else:
                found.append((label.rstrip("."), item, where, printed, blocks))

    walk(plan.body, (), (*root, "body"), ())
    shown = [printed for *_, printed, _ in found]
    for label, item, where, printed, blocks in found:
        own = f"мероприятие {printed}" if printed else "мероприятие"
        if printed and shown.count(printed) == 1 and plan.numbering is not Numbering.RESTART:
            yield label, item, where, own  # «1.2»: the number says its block
        else:
            yield label, item, where, ", ".join((*(b for b in blocks if b), own))


def _changes(plan: Plan, school: SchoolChanges | None, at: KeyPath) -> dict[str, Any]:
    """What the school changes, its deadlines with their places (under ``at``: a plan's
    ``school``, or an order's appendix's)."""
    if school is None:
        return {"deadlines": {}, "responsible": set(), "dropped": set()}
    where = numbers(plan) if school.drop else {}  # walking the plan is for dropped blocks only
    dropped: set[str] = set()
    for number in school.drop:
        path = where.get(number_key(number))
        if path is None:
            continue
        dropped |= {k for k, p in where.items() if p[: len(path)] == path}
    return {
        "deadlines": {
            number_key(n): (v, (*at, "deadlines", n)) for n, v in school.deadlines.items()
        },
        "responsible": {number_key(n) for n in school.responsible},
        "dropped": dropped,
    }


def _deadline(
    found: Findings,
    value: str | Deadline,
    path: KeyPath,
    what: str,
    period: tuple[date, date] | None,
    place: PlanPlace,
) -> None:
    span = _span(value, period)
    if span is None or span.end is None or span.annually:
        return
    written = value if isinstance(value, str) else _written(value)
    if period is not None and span.end < period[0]:
        found.add(
            path,
            f"{what}: срок «{written}» кончается раньше, чем начинается период плана "
            f"({format_date(period[0], 'numeric')}): исправьте год",
        )
    elif place.approved_on is not None and span.end < place.approved_on:
        found.add(
            path,
            f"{what}: срок «{written}» кончается раньше даты {place.approved_by} "
            f"утверждает план ({format_date(place.approved_on, 'numeric')}): "
            "исправьте год",
        )


def _span(value: str | Deadline, period: tuple[date, date] | None) -> Span | None:
    if isinstance(value, str):
        return parse_deadline(value, period=period)
    try:
        return span_of(
            date=value.date,
            until=value.until,
            month=value.month,
            start=value.start,
            end=value.end,
            annually=value.annually,
            during=value.during,
            period=period,
        )
    except GrammarError:
        return None


def _written(value: Deadline) -> str:
    if value.text:
        return value.text
    day = value.date or value.until
    if day is not None:
        return ("до " if value.until else "") + format_date(day, "numeric")
    return value.month or value.end or value.start or ""


def _short(title: str) -> str:
    words = title.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


def _where(found: Findings, path: KeyPath, at: KeyPath) -> str:
    """Where ``path`` is, said to the reader of a warning at ``at``: its row or cell, with its
    sheet and file when they are not the warning's (a school's change on «Изменения» and the
    plan's row on «Мероприятия» or in the plan's own file)."""
    place, here = found.locate(path), found.locate(at)
    short = f"строка {place.row}" if place.row else (place.cell or place.key_path or "")
    if not short or (place.file, place.sheet) == (here.file, here.sheet):
        return short
    parts = [PurePath(place.file).name] if place.file and place.file != here.file else []
    if place.sheet and not place.row:
        short = f"лист «{place.sheet}», ячейка {short}" if place.cell else short
    return ", ".join([*parts, short])
