"""From validated data to what a template sees: texts rendered, people inflected, points numbered.

The template gets finished strings (``doc.paragraphs`` already numbered "3.1.", the signer's
"И.О. Фамилия", the appendix marks), so a template only places and formats them. The texts of
the data are small Jinja templates themselves: ``{{ people.ushakova | вн }}`` puts a person in
the accusative, ``{{ people.ushakova.position | вн }}`` the position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docgen.errors import DocgenError, GrammarError, InvalidDataError
from docgen.grammar.dates import format_date
from docgen.grammar.deadlines import Span, format_deadline, parse_deadline, span_of
from docgen.grammar.inflector import Inflector
from docgen.grammar.typography import phone_text
from docgen.model import (
    Appendix,
    ApprovalStyle,
    Command,
    DateStyle,
    Kind,
    OrderData,
    Point,
)
from docgen.office.layout import Orientation
from docgen.orders.sheets import NamedPeople, SheetBuilder
from docgen.plans.context import Extras, person_of, school_plan, stamp_ending
from docgen.plans.table import KeyPath, PlanEnv
from docgen.views import (
    OrgView,
    PersonView,
    TextRenderer,
    org_view,
    people_views,
    text_environment,
)

_COMMANDS: dict[Kind, str] = {Kind.PRIKAZ: "приказываю:", Kind.RASPORYAZHENIE: "обязываю:"}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the order's text with its label: "3.1." or the dash of an item."""

    label: str
    body: str
    level: int
    bullet: bool

    @property
    def text(self) -> str:
        return f"{self.label} {self.body}" if self.label else self.body


@dataclass(frozen=True)
class Assignment:
    """A point of an order that is a task: who answers for it and by when (the control of
    execution reads these; the point's text shows them)."""

    number: str
    text: str
    deadline: str
    span: Span | None
    responsible: tuple[str, ...]
    who: tuple[str, ...] = ()  # the same people by name alone («Петров И.С.»), for grouping


def _numbered(
    points: list[Point],
    texts: TextRenderer,
    bullet: str,
    prefix: str = "",
    path: str = "document.points",
    task: Any = None,
    at: KeyPath = ("document", "points"),
) -> Iterator[Paragraph]:
    for index, point in enumerate(points):
        label = f"{prefix}{index + 1}."
        where = f"{path}[{index}]"
        body = texts(point.text, f"{where}.text")
        if task is not None and (point.deadline is not None or point.responsible is not None):
            body = task(label, body, point, (*at, index))
        yield Paragraph(label, body, label.count("."), False)
        for b_index, item in enumerate(point.bullets):
            body = texts(item, f"{where}.bullets[{b_index}]")
            yield Paragraph(bullet, body, label.count(".") + 1, True)
        yield from _numbered(
            point.points, texts, bullet, label, f"{where}.points", task, (*at, index, "points")
        )


class _Tasks:
    """Writes «Ответственный: …; срок: …» after a point's text and keeps the assignment."""

    def __init__(self, people: dict[str, PersonView], texts: TextRenderer) -> None:
        self.people = people
        self.texts = texts
        self.found: list[Assignment] = []

    def __call__(self, label: str, body: str, point: Point, where: KeyPath) -> str:
        pairs = self.responsible(point.responsible, (*where, "responsible"))
        names = [name for name, _ in pairs]
        deadline, span = self.deadline(point, where)
        marks = []
        if names:
            word = "Ответственный" if len(names) == 1 else "Ответственные"
            marks.append(f"{word}: {', '.join(names)}")
        if deadline:
            marks.append(f"срок: {deadline}" if marks else f"Срок: {deadline}")
        who = tuple(name for _, name in pairs)
        self.found.append(Assignment(label, body, deadline, span, tuple(names), who))
        end = ";" if body.rstrip().endswith(";") else "."
        stem = body.rstrip().rstrip(".;")
        return f"{stem}. {'; '.join(marks)}{end}"

    def responsible(self, value: str | list[str] | None, where: KeyPath) -> list[tuple[str, str]]:
        """A key of people is the person with the position first, as orders name them
        («заместитель директора по УВР Петров И.С.»); any other text is written as it is."""
        if value is None:
            return []
        values = [value] if isinstance(value, str) else value
        names: list[tuple[str, str]] = []
        for index, item in enumerate(values):
            person = self.people.get(item.strip())
            if person is None:
                at = where if isinstance(value, str) else (*where, index)
                text = self.texts(item, at)
                names.append((text, text))
                continue
            position = str(person.position_short)
            short = str(person.short)
            names.append((f"{position} {short}" if position else short, short))
        return names

    def deadline(self, point: Point, where: KeyPath) -> tuple[str, Span | None]:
        value = point.deadline
        if value is None:
            return "", None
        if isinstance(value, str):
            text = self.texts(value, (*where, "deadline"))
            return text, parse_deadline(text)
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
            span = span_of(**fields)
            text = format_deadline(**fields, capitalize=False)
        except GrammarError as exc:
            place = self.texts.place((*where, "deadline"))
            self.texts.problems.append(
                exc.at(**{k: v for k, v in vars(place).items() if v is not None})
            )
            return "", None
        if value.text is not None:
            text = self.texts(value.text, (*where, "deadline", "text"))
        return text, span


def build_context(
    data: OrderData,
    inflector: Inflector,
    *,
    file: str | None = None,
    extras: Extras | None = None,
) -> dict[str, Any]:
    """Everything a template of an order uses; raises InvalidDataError listing every problem."""
    extras = extras or Extras()
    document = data.document
    # the people texts name are noted: the лист ознакомления lists them
    people = NamedPeople(people_views(data.people, inflector))
    org = org_view(data.organization, inflector)
    kind = document.kind.value
    basics = {
        "kind": kind,
        "number": document.number,
        "date": document.date,
        "date_numeric": format_date(document.date, "numeric"),
    }
    texts = TextRenderer(
        text_environment(inflector),
        {"people": people, "org": org, "doc": basics},
        file,
        locate=extras.locate,
    )

    def kind_in(case: str) -> str:
        return inflector.inflect(kind, case, kind="org")

    tasks = _Tasks(people, texts)
    paragraphs = list(_numbered(document.points, texts, document.bullet, task=tasks))
    if len(document.appendices) == 1:
        extras.warnings.extend(_numbered_single_appendix(document.points, texts))
    control = _control(data, people, texts, kind_in("gent"))
    if control:
        number = f"{len(document.points) + 1}."
        paragraphs.append(Paragraph(number, control, 1, False))
    named = list(people.named)  # by the points and the control clause, in their order

    signer = person_of(people, document.signer.person, "document.signer.person")
    signer_position = document.signer.position or str(signer.position)
    signer_position = signer_position[:1].upper() + signer_position[1:]
    executor = ""
    if document.executor is not None:
        person = person_of(people, document.executor.person, "document.executor.person")
        phone = document.executor.phone or person.phone
        executor = f"{person.short}, {phone_text(phone)}" if phone else str(person.short)

    date_text = format_date(document.date, document.date_style.value)
    if document.date_prefix:
        date_text = f"{document.date_prefix} {date_text}"
    basis = texts(document.basis, "document.basis")
    purpose = texts(document.purpose, "document.purpose")
    preamble = ", ".join(t for t in (basis, purpose) if t)
    preamble = preamble[:1].upper() + preamble[1:]
    command = _command(document.kind, document.command)
    if preamble and not command and not preamble.endswith(":"):
        preamble += ":"

    title = texts(document.title, "document.title")
    env = PlanEnv(texts, people, inflector, extras.inserts, warnings=extras.warnings)
    appendices = []
    orientation = Orientation.PORTRAIT
    for index, appendix in enumerate(document.appendices):
        view = _appendix(index, appendix, data, people, org, kind_in, texts, env)
        wanted = view["plan"]["orientation"] if view["plan"] else Orientation.PORTRAIT
        view["section"] = extras.inserts.section(wanted) if wanted != orientation else ""
        orientation = wanted
        appendices.append(view)
    sheets = _sheets(data, people, named, kind_in, title, extras, texts, orientation)
    if texts.problems:
        raise InvalidDataError(texts.problems, file)
    return {
        "org": org,
        "people": people,
        "doc": {
            **basics,
            "kind_title": kind.upper(),
            "date_text": date_text,
            "place": document.place or data.organization.place or "",
            "title": title,
            "preamble": preamble,
            "command": command,
            "paragraphs": paragraphs,
            "assignments": tasks.found,
        },
        "signer": {"position": signer_position, "name": str(signer.io), "person": signer},
        "executor": executor,
        "appendices": appendices,
        "sheets": sheets,
        "qr": "",
    }


def _sheets(
    data: OrderData,
    people: dict[str, PersonView],
    named: list[str],
    kind_in: Any,
    title: str,
    extras: Extras,
    texts: TextRenderer,
    orientation: Orientation,
) -> list[dict[str, Any]]:
    """The лист согласования, then the лист ознакомления, each from a new page (portrait again
    after a landscape plan); problems go with the texts' ones."""
    document = data.document
    builder = SheetBuilder(
        document, people, dict(data.people), kind_in, title, extras.inserts, texts.place
    )
    sheets = []
    if document.visas:
        sheets.append({"kind": "visas", **builder.visas(document.visas)})
    if document.acquaintance is not None:
        sheets.append(
            {"kind": "acquaintance", **builder.acquaintance(document.acquaintance, named)}
        )
    for sheet in sheets:
        sheet["section"] = ""
    if sheets and orientation is not Orientation.PORTRAIT:
        sheets[0]["section"] = extras.inserts.section(Orientation.PORTRAIT)
    texts.problems.extend(builder.problems)
    return sheets


def _command(kind: Kind, command: Command | None) -> str:
    if command is None:
        command = Command.PLAIN if kind is Kind.PRIKAZ else Command.NONE
    word = _COMMANDS[kind]
    if command is Command.PLAIN:
        return word.upper()
    if command is Command.SPACED:
        return " ".join(word[:-1]) + ":"
    return ""


_APPENDIX_ONE = re.compile(r"\(\s*приложени[еяи]\s*(?:№\s*)?1\s*\)", re.IGNORECASE)


def _numbered_single_appendix(
    points: list[Point], texts: TextRenderer, path: KeyPath = ("document", "points")
) -> Iterator[DocgenError]:
    """A single appendix has no number (ГОСТ Р 7.0.97-2025): «(приложение)», not «(приложение 1)»."""
    for index, point in enumerate(points):
        where = (*path, index)
        if _APPENDIX_ONE.search(point.text):
            yield DocgenError(
                "приложение у документа одно, и номера у него нет: напишите «(приложение)» "
                "вместо «(приложение 1)»",
                texts.place((*where, "text")),
            )
        yield from _numbered_single_appendix(point.points, texts, (*where, "points"))


def _control(
    data: OrderData, people: dict[str, PersonView], texts: TextRenderer, kind_gent: str
) -> str:
    control = data.document.control
    if control is None:
        return ""
    if control.text is not None:
        return texts(control.text, "document.control.text")
    if control.self_:
        return f"Контроль за исполнением настоящего {kind_gent} оставляю за собой."
    person = person_of(people, control.person or "", "document.control.person")
    return (
        f"Контроль за исполнением настоящего {kind_gent} возложить на "
        f"{person.position_short.inflect_to('accs')} {person.io.inflect_to('accs')}."
    )


def _appendix(
    index: int,
    appendix: Appendix,
    data: OrderData,
    people: dict[str, PersonView],
    org: OrgView,
    kind_in: Any,
    texts: TextRenderer,
    env: PlanEnv,
) -> dict[str, Any]:
    where = f"document.appendices[{index}]"
    document = data.document
    number = index + 1
    reference = f"от {format_date(document.date, 'numeric')} № {document.number}"
    alone = len(document.appendices) == 1
    plan = None
    if appendix.plan is not None:
        at: KeyPath = ("document", "appendices", index)
        locate = texts.locate or texts.place
        plan = school_plan(
            appendix.plan, appendix.school, env, locate, (*at, "plan"), (*at, "school")
        )
    title = texts(appendix.title, f"{where}.title") if appendix.title else ""
    title = title or (plan["title"] if plan else "")
    label = "Приложение" if alone else f"Приложение {number}"  # one appendix has no number
    if appendix.style is ApprovalStyle.MARK:
        lines = [label, f"к {kind_in('datv')} {org.reference}", reference]
    elif appendix.style is ApprovalStyle.APPROVED:
        ending = stamp_ending(title)
        lines = [label, "", f"УТВЕРЖДЕН{ending}", f"{kind_in('ablt')} {org.reference}", reference]
    else:
        approver = person_of(
            people, appendix.approver or document.signer.person, f"{where}.approver"
        )
        position = str(approver.position)
        lines = [
            "УТВЕРЖДАЮ",
            position[:1].upper() + position[1:],
            f"________________ {approver.io}",
            format_date(
                document.date, "quoted" if document.date_style is DateStyle.QUOTED else "long"
            ),
        ]
    return {
        "number": number,
        "heading_lines": lines,
        "title": title,
        "paragraphs": [
            texts(t, f"{where}.paragraphs[{i}]") for i, t in enumerate(appendix.paragraphs)
        ],
        "plan": plan,
    }
