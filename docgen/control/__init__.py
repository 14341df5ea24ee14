"""The control of execution per person: ``docgen agenda`` writes, for every responsible person,
an Excel list of upcoming and overdue tasks and an iCalendar file (.ics) with one event each.

Holds the reading of orders, plans, roadmaps and district workbooks into tasks (``collect``)
and the writing of the lists and calendars (``writing``).
May import: every package below it (the district's workbook, rendering's contexts, plans,
orders, grammar, office). Nothing above: only the public API and the CLI use it.
"""

from __future__ import annotations

from docgen.control.collect import collect
from docgen.control.writing import AgendaResult, agenda

__all__ = ["AgendaResult", "agenda", "collect"]
