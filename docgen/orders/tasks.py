"""The tasks of one document for the control of execution: an order's points with a deadline
or a responsible (and the activities of a plan it approves), a plan's activities."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.grammar.recurrence import recurrences
from docgen.model import OrderData, PlanData
from docgen.orders.context import build_context
from docgen.plans.context import Extras, build_plan_context
from docgen.plans.control import NOBODY, Item, activity_items
from docgen.plans.table import period_of


def document_items(
    data: OrderData | PlanData,
    inflector: Inflector,
    source: str,
    *,
    school: str = "",
    locate: Any = None,
    appendices: bool = True,
    context: dict[str, Any] | None = None,
    late_on: date | None = None,
) -> list[Item]:
    """The tasks of an order (its points with a deadline or a responsible, and the activities
    of a plan it approves unless ``appendices`` is false) or of a plan (its activities), from
    ``context`` when the document's context is built already (its render made it); with
    ``late_on``, a plan's activities not late on that day are left out early (the order's
    points are few: :func:`~docgen.plans.control.overdue` sorts them out)."""
    extras = Extras(locate=locate)
    name = Path(source.split(":")[0]).name if source else ""
    if isinstance(data, PlanData):
        if context is None:
            context = build_plan_context(data, inflector, file=source, extras=extras)
        title = " ".join(context["plan"]["title"].split())
        return activity_items(
            context["plan"]["activities"],
            title,
            name,
            school=school,
            since=data.date,
            period=period_of(data.plan.period),
            late_on=late_on,
        )
    if context is None:
        context = build_context(data, inflector, file=source, extras=extras)
    document = data.document
    title = (
        f"{document.kind.value.capitalize()} № {document.number} от "
        f"{format_date(document.date, 'numeric')} «{' '.join(context['doc']['title'].split())}»"
    )
    items = []
    for assignment in context["doc"]["assignments"]:
        rules = recurrences(assignment.deadline, assignment.span)
        for who in assignment.who or (NOBODY,):
            items.append(
                Item(
                    who=" ".join(who.split()),
                    document=title,
                    source=name,
                    number=f"п. {assignment.number.rstrip('.')}",
                    text=" ".join(assignment.text.split()),
                    deadline=" ".join(assignment.deadline.split()),
                    span=assignment.span,
                    rules=rules,
                    school=school,
                    since=document.date,
                )
            )
    if appendices:
        for appendix, given in zip(context["appendices"], document.appendices, strict=True):
            if appendix["plan"] and given.plan is not None:
                items += activity_items(
                    appendix["plan"]["activities"],
                    f"{title}, приложение «{' '.join(appendix['title'].split())}»",
                    name,
                    school=school,
                    since=document.date,
                    period=period_of(given.plan.period),
                    late_on=late_on,
                )
    return items
