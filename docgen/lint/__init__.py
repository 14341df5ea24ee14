"""A methodologist's reading of an order or a plan before it is signed (``docgen check``).

Sits above orders and plans (it reads both) and below rendering, which runs it on every
document so that ``render``, ``check`` and ``bulk`` warn alike; ``--strict`` makes the warnings
errors. The checks are in :mod:`docgen.lint.checks`, the dictionary in
:mod:`docgen.lint.spelling`.

May import: errors, grammar, model, loading (key paths), plans. Not orders, rendering,
reports, district.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import BaseModel

from docgen.errors import DocgenError, Location
from docgen.lint.checks import (
    Findings,
    KeyPath,
    Locate,
    PlanPlace,
    check_plan,
    check_texts,
    school_year_of,
)
from docgen.lint.spelling import Dictionary, user_words
from docgen.loading._common import format_path
from docgen.model import OrderData, PlanData

__all__ = ["Dictionary", "lint", "user_words"]


def lint(
    data: OrderData | PlanData,
    *,
    locate: Locate | None = None,
    file: str | None = None,
    dictionary: Dictionary | None = None,
    spelling: bool = True,
    wanted: Callable[[KeyPath], bool] | None = None,
    approved_on: date | None = None,
) -> list[DocgenError]:
    """Every warning about ``data``, each placed by ``locate`` (a YAML line, a cell);
    ``wanted`` keeps those of some places only (a district reports its plan's once), and a
    place it refuses refuses everything under it;
    ``approved_on``: the date of the order that will approve a plan that does not say."""
    found = Findings(locate or _plain(file), wanted=wanted)
    words = (dictionary or Dictionary()) if spelling else None
    if isinstance(data, PlanData):
        approved = data.approval.date if data.approval else approved_on
        year = school_year_of(approved, data.plan.period)
        check_plan(found, PlanPlace(data.plan, ("plan",), data.school, ("school",), approved))
        if found.wants(("plan",)):
            check_texts(found, _dump(data.plan), ("plan",), year, words)
        if data.school is not None:
            check_texts(found, _dump(data.school), ("school",), year, words)
        return found.warnings
    document = data.document
    periods = [a.plan.period for a in document.appendices if a.plan and a.plan.period]
    year = school_year_of(document.date, periods[0] if periods else None)
    for index, appendix in enumerate(document.appendices):
        if appendix.plan is not None:
            at: KeyPath = ("document", "appendices", index)
            kind = document.kind.value
            check_plan(
                found,
                PlanPlace(
                    appendix.plan,
                    (*at, "plan"),
                    appendix.school,
                    (*at, "school"),
                    document.date,
                    "распоряжения, которое" if kind == "распоряжение" else "приказа, который",
                ),
            )
    executor = document.executor
    person = data.people.get(executor.person) if executor is not None else None
    if executor is not None and person is not None and not (executor.phone or person.phone):
        found.add(
            ("document", "executor"),
            "у исполнителя нет телефона: отметка об исполнителе (ГОСТ Р 7.0.97-2025) — "
            "инициалы, фамилия и номер телефона; впишите телефон исполнителя (в книге — столбец "
            "«телефон» листа «Люди», в YAML — phone у человека или у executor)",
        )
    # the appendices' plans unread when their places are not wanted (a school's order)
    skip = None if found.wants(("document", "appendices")) else {"appendices"}
    check_texts(found, _dump(document, skip), ("document",), year, words)
    return found.warnings


def _dump(model: object, exclude: set[str] | None = None) -> object:
    assert isinstance(model, BaseModel)
    return model.model_dump(by_alias=True, exclude_defaults=True, exclude=exclude)


def _plain(file: str | None) -> Locate:
    def locate(path: KeyPath) -> Location:
        return Location(file=file, key_path=format_path(path) if path else None)

    return locate
