"""A school's roadmap from the municipal plan: its own deadlines, additions and omissions.

The municipality keeps one plan; a school's file ``extends`` it and says, under ``school:``,
which activities it drops, which deadlines and responsible it changes, which activities it
adds, and which of its people fill the plan's roles. Activities are named by their numbers
in the municipal plan (as printed there), so a school writes what it sees on paper. The
school's plan is then numbered afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from docgen.errors import DataError, DocgenError, Location
from docgen.model import (
    Activity,
    Direction,
    Indicator,
    IndicatorSection,
    Numbering,
    Plan,
    SchoolChanges,
    Section,
    all_indicators,
)

KeyPath = tuple[str | int, ...]
Locate = Callable[[KeyPath], Location]


def number_key(number: str) -> str:
    """ "1.6." and "1.6" are the same activity; spaces do not count."""
    return "".join(number.split()).rstrip(".")


def numbers(plan: Plan) -> dict[str, KeyPath]:
    """Each printed number of the plan → the path of its item inside ``plan.body``."""
    found: dict[str, KeyPath] = {}

    def walk(items: list[Any], parts: tuple[int, ...], path: KeyPath) -> None:
        for index, item in enumerate(items):
            number = (*parts, index + 1)
            where = (*path, index)
            given = item.number
            if plan.numbering is Numbering.GIVEN or given is not None:
                label = given or ""
            else:
                label = ".".join(str(p) for p in number)
            if label:
                found.setdefault(number_key(label), where)
            if isinstance(item, Section):
                walk(item.items, number, (*where, "items"))
            elif isinstance(item, Direction):
                walk(item.activities, number, (*where, "activities"))

    walk(plan.body, (), ())
    return found


#: Where each item of a school's plan came from: its path in the school's plan body → the key
#: path of its origin (``("plan", "body", …)`` of the municipal plan, or the school's own
#: addition ``(…, "add", i, "activity")``, or a changed field ``(…, "deadlines", "1.2")``).
Origins = dict[KeyPath, KeyPath]


def apply(
    plan: Plan, changes: SchoolChanges, locate: Locate, prefix: KeyPath = ("school",)
) -> Plan:
    """The plan with the school's changes; every unknown number is reported with its place.

    ``prefix`` is where the changes are in the data (``school`` of a plan file, or of an
    appendix of an order).
    """
    return apply_with_origins(plan, changes, locate, prefix)[0]


def apply_with_origins(
    plan: Plan, changes: SchoolChanges, locate: Locate, prefix: KeyPath = ("school",)
) -> tuple[Plan, Origins]:
    """:func:`apply`, and where each item of the school's plan came from, so that a problem
    found when the school's plan is rendered is placed where its text was written."""
    if not (
        changes.drop
        or changes.deadlines
        or changes.responsible
        or changes.add
        or plan.school_title
        or (_levels(changes) is not None and _tagged(plan))
    ):
        return plan, {(): ("plan", "body")}  # roles only (or made already): the plan as it is
    key = (id(plan), changes.model_dump_json(exclude={"roles", "keep_unfilled_roles"}), prefix)
    found = _MADE.get(key)
    if found is not None and found[0] is plan:
        return found[1]  # most schools of a district change the same plan in the same way
    made = _apply(plan, changes, locate, prefix)
    if len(_MADE) > 32:
        _MADE.clear()
    _MADE[key] = (plan, made)
    return made


def origin_of(origins: Origins, root: KeyPath, path: KeyPath) -> KeyPath:
    """The key path a ``path`` of the school's plan (at ``root`` in the data) came from: the
    same place in the plan as written (``root`` + its path there) or the school's own change;
    a path outside the plan's body is itself."""
    body = (*root, "body")
    if path[: len(body)] != body:
        return path
    inside = path[len(body) :]
    for end in range(len(inside), -1, -1):
        origin = origins.get(inside[:end])
        if origin is not None:
            target = (*origin, *inside[end:])
            return (*root, *target[1:]) if target[:1] == ("plan",) else target
    return path


_MADE: dict[tuple[int, str, KeyPath], tuple[Plan, tuple[Plan, Origins]]] = {}
_ORIGIN = "__origin__"  # a node's origin while the body is changed as plain data


def _mark(items: list[dict[str, Any]], path: KeyPath) -> None:
    for index, item in enumerate(items):
        item[_ORIGIN] = {(): ("plan", "body", *path, index)}
        for key in ("items", "activities"):
            _mark(item.get(key, []), (*path, index, key))


def _origins(items: list[dict[str, Any]], path: KeyPath, found: Origins) -> None:
    """Each node's origin by its new path; the marks are taken out."""
    for index, item in enumerate(items):
        for inside, origin in item.pop(_ORIGIN, {}).items():
            found[(*path, index, *inside)] = origin
        for key in ("items", "activities"):
            _origins(item.get(key, []), (*path, index, key), found)


def _apply(
    plan: Plan, changes: SchoolChanges, locate: Locate, prefix: KeyPath
) -> tuple[Plan, Origins]:
    where = numbers(plan)
    body = plan.model_dump(by_alias=True, exclude_unset=True).get("body", [])
    _mark(body, ())
    problems: list[DocgenError] = []

    def find(number: str, place: KeyPath, kinds: tuple[type, ...]) -> KeyPath | None:
        path = where.get(number_key(number))
        item = _item(plan, path) if path is not None else None
        if path is None or not isinstance(item, kinds):
            what = "мероприятия" if kinds == (Activity,) else "мероприятия или раздела"
            close = ", ".join(list(where)[:12])
            problems.append(
                DataError(
                    f"в муниципальном плане нет {what} с номером «{number}» (есть: {close}…)",
                    locate(place),
                )
            )
            return None
        return path

    for number, deadline in changes.deadlines.items():
        path = find(number, (*prefix, "deadlines", number), (Activity,))
        if path is not None:
            _node(body, path)["deadline"] = _dump(deadline)
            _node(body, path)[_ORIGIN][("deadline",)] = (*prefix, "deadlines", number)
    for number, responsible in changes.responsible.items():
        path = find(number, (*prefix, "responsible", number), (Activity,))
        if path is not None:
            _node(body, path)["responsible"] = responsible
            _node(body, path)[_ORIGIN][("responsible",)] = (*prefix, "responsible", number)
    inserts: list[tuple[KeyPath, dict[str, Any], bool]] = []
    for index, addition in enumerate(changes.add):
        activity = addition.activity.model_dump(by_alias=True, exclude_unset=True)
        activity.pop("number", None)
        activity[_ORIGIN] = {(): (*prefix, "add", index, "activity")}
        if addition.after is not None:
            path = find(addition.after, (*prefix, "add", index, "after"), (Activity,))
            if path is not None:
                inserts.append((path, activity, True))
        else:
            assert addition.into is not None
            path = find(addition.into, (*prefix, "add", index, "into"), (Section, Direction))
            if path is not None:
                inserts.append((path, activity, False))
    drops: list[KeyPath] = [path for _, _, path in _not_for(plan, changes, locate, problems)]
    for index, number in enumerate(changes.drop):
        path = find(number, (*prefix, "drop", index), (Activity, Section, Direction))
        if path is not None:
            drops.append(path)
    if problems:
        from docgen.errors import InvalidDataError

        raise InvalidDataError(problems, problems[0].location.file)

    marks = {path: object() for path in drops}
    for path, mark in marks.items():
        _node(body, path)["__drop__"] = mark
    for path, activity, after in reversed(inserts):
        if after:
            parent, index = _parent(body, path)
            parent.insert(index + 1, activity)
        else:
            node = _node(body, path)
            node.setdefault("items" if "section" in node else "activities", []).append(activity)
    body = list(_without_dropped(body))
    origins: Origins = {}
    _origins(body, (), origins)
    data = plan.model_dump(by_alias=True, exclude_unset=True)
    data["body"] = body
    levels = _levels(changes)
    if levels is not None and "indicators" in data:
        data["indicators"] = _school_indicators(
            data["indicators"], plan.indicators, changes.type, levels
        )
    if plan.numbering is not Numbering.RESTART:
        data["numbering"] = Numbering.AUTO.value  # the school's plan is numbered afresh
    if plan.school_title:
        data["title"] = plan.school_title
        data.pop("school_title")
    return Plan.model_validate(_renumbered(data)), origins


#: The levels of education (НОО: grades 1-4, ООО: 5-9, СОО: 10-11) a school of a type teaches.
LEVELS = ("НОО", "ООО", "СОО")
TYPE_LEVELS: dict[str, tuple[str, ...]] = {
    "сош": LEVELS,
    "оош": ("НОО", "ООО"),
    "нош": ("НОО",),
    "лицей": LEVELS,
    "гимназия": LEVELS,
    "кадетская школа": ("ООО", "СОО"),
    "школа-интернат": LEVELS,
    "центр образования": LEVELS,
}


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _levels(changes: SchoolChanges) -> frozenset[str] | None:
    """The school's levels: as it says, else by its type; None when it says neither."""
    if changes.levels:
        return frozenset(_norm(level) for level in changes.levels)
    if changes.type is not None:
        return frozenset(_norm(level) for level in TYPE_LEVELS.get(_norm(changes.type), LEVELS))
    return None


def _school_indicators(
    data: list[dict[str, Any]],
    models: Sequence[Indicator | IndicatorSection],
    school_type: str | None,
    levels: frozenset[str],
) -> list[dict[str, Any]]:
    """The indicators for the school; a group of indicators none of which is for it goes."""
    kept = []
    for item, model in zip(data, models, strict=True):
        if isinstance(model, IndicatorSection):
            items = _school_indicators(item.get("items", []), model.items, school_type, levels)
            if items or not model.items:
                kept.append({**item, "items": items})
        elif _applies(model.schools, school_type, levels):
            kept.append(item)
    return kept


def _tagged(plan: Plan) -> bool:
    return any(i.schools for i in all_indicators(plan.indicators)) or any(
        a.schools for _, a, _ in _activities(plan)
    )


def applies_to(activity: Activity, changes: SchoolChanges | None) -> bool:
    """Whether the activity is for the school (by its type or levels; yes when it says neither)."""
    if changes is None:
        return True
    levels = _levels(changes)
    return levels is None or _applies(activity.schools, changes.type, levels)


def _applies(tags: list[str], school_type: str | None, levels: frozenset[str]) -> bool:
    """An activity for «СОО» is for a school with grades 10-11; for «ООШ» for that type."""
    if not tags:
        return True
    wanted = {_norm(tag) for tag in tags}
    return bool(wanted & levels) or (school_type is not None and _norm(school_type) in wanted)


def _activities(plan: Plan) -> Iterator[tuple[str, Activity, KeyPath]]:
    where = {path: number for number, path in numbers(plan).items()}

    def walk(items: list[Any], path: KeyPath) -> Iterator[tuple[str, Activity, KeyPath]]:
        for index, item in enumerate(items):
            here = (*path, index)
            if isinstance(item, Section):
                yield from walk(item.items, (*here, "items"))
            elif isinstance(item, Direction):
                yield from walk(item.activities, (*here, "activities"))
            else:
                yield where.get(here, ""), item, here

    yield from walk(plan.body, ())


def _not_for(
    plan: Plan, changes: SchoolChanges, locate: Locate, problems: list[DocgenError]
) -> list[tuple[str, str, KeyPath]]:
    """The activities that are not for this school (its type, its levels), with their places;
    a tag that is neither a type nor a level is a problem."""
    levels = _levels(changes)
    known = {_norm(t) for t in TYPE_LEVELS} | {_norm(level) for level in LEVELS}
    found: list[tuple[str, str, KeyPath]] = []
    for number, activity, path in _activities(plan):
        for index, tag in enumerate(activity.schools):
            if _norm(tag) not in known:
                shown = ", ".join([*LEVELS, "СОШ", "ООШ", "НОШ", "лицей", "гимназия"])
                problems.append(
                    DataError(
                        f"«{tag}» — не тип школы и не уровень образования (есть: {shown})",
                        locate(("plan", "body", *path, "schools", index)),
                    )
                )
        if levels is not None and not _applies(activity.schools, changes.type, levels):
            found.append((number, activity.title, path))
    return found


def left_out(plan: Plan, changes: SchoolChanges) -> list[str]:
    """ "3.1 Учет обучающихся, выбравших ЕГЭ …" for each activity of the municipal plan that is
    not for this school: what a district's summary lists beside the school's roadmap."""
    found = _not_for(plan, changes, lambda path: Location(), [])
    return [f"{number} {' '.join(title.split())}".strip() for number, title, _ in found]


def _renumbered(data: dict[str, Any]) -> dict[str, Any]:
    def clear(items: list[dict[str, Any]]) -> None:
        for item in items:
            item.pop("number", None)
            clear(item.get("items", []))
            clear(item.get("activities", []))

    clear(data["body"])
    return data


def _item(plan: Plan, path: KeyPath) -> Any:
    node: Any = plan.body
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, str(part))
    return node


def _node(body: list[Any], path: KeyPath) -> dict[str, Any]:
    node: Any = body
    for part in path:
        node = node[part]
    assert isinstance(node, dict)
    return node


def _parent(body: list[Any], path: KeyPath) -> tuple[list[Any], int]:
    node: Any = body
    for part in path[:-1]:
        node = node[part]
    assert isinstance(node, list) and isinstance(path[-1], int)
    return node, path[-1]


def _without_dropped(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        if "__drop__" in item:
            continue
        had = bool(item.get("items"))
        for key in ("items", "activities"):
            if key in item:
                item[key] = list(_without_dropped(item[key]))
        if "activities" in item and not item["activities"]:
            continue  # a direction whose every activity was dropped is gone too
        if had and not item["items"]:
            continue  # and so is a section (ЕГЭ in a school without grades 10-11)
        yield item


def _dump(value: Any) -> Any:
    return (
        value.model_dump(by_alias=True, exclude_unset=True)
        if hasattr(value, "model_dump")
        else value
    )
