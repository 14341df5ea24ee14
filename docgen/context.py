"""From validated data to what a template sees: texts rendered, people inflected, points numbered.

The template gets finished strings (``doc.paragraphs`` already numbered "3.1.", the signer's
"И.О. Фамилия", the appendix marks), so a template only places and formats them. The texts of
the data are small Jinja templates themselves: ``{{ people.ushakova | вн }}`` puts a person in
the accusative, ``{{ people.ushakova.position | вн }}`` the position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from docgen import schools
from docgen.errors import DataError, DocgenError, InvalidDataError, Location
from docgen.grammar import _morph
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.layout import Inserts, Orientation
from docgen.model import (
    Appendix,
    ApprovalStyle,
    Command,
    Kind,
    OrderData,
    Plan,
    PlanData,
    Point,
    SchoolChanges,
)
from docgen.plans import KeyPath, PlanEnv, build_plan, role_key
from docgen.views import (
    Locate,
    OrgView,
    PersonView,
    TextRenderer,
    org_view,
    text_environment,
)

_COMMANDS: dict[Kind, str] = {Kind.PRIKAZ: "приказываю:", Kind.RASPORYAZHENIE: "обязываю:"}
_STAMP_ENDINGS = {"masc": "", "femn": "А", "neut": "О", "plur": "Ы"}


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


def _numbered(
    points: list[Point],
    texts: TextRenderer,
    bullet: str,
    prefix: str = "",
    path: str = "document.points",
) -> Iterator[Paragraph]:
    for index, point in enumerate(points):
        label = f"{prefix}{index + 1}."
        where = f"{path}[{index}]"
        yield Paragraph(label, texts(point.text, f"{where}.text"), label.count("."), False)
        for b_index, item in enumerate(point.bullets):
            body = texts(item, f"{where}.bullets[{b_index}]")
            yield Paragraph(bullet, body, label.count(".") + 1, True)
        yield from _numbered(point.points, texts, bullet, label, f"{where}.points")


def _stamp_ending(title: str) -> str:
    """УТВЕРЖДЕН / УТВЕРЖДЕНА / УТВЕРЖДЕНО / УТВЕРЖДЕНЫ by the head noun of the title."""
    for word in re.findall(r"[А-Яа-яЁё]+", title):
        parses = _morph.parse(word.lower())
        if not parses or "NOUN" not in parses[0].tag:
            continue
        tag = parses[0].tag
        if tag.number == "plur":
            return _STAMP_ENDINGS["plur"]
        return _STAMP_ENDINGS.get(str(tag.gender), "")
    return ""


@dataclass
class Extras:
    """What a context brings besides text: tables, footnotes, sections; and warnings."""

    inserts: Inserts = field(default_factory=Inserts)
    warnings: list[DocgenError] = field(default_factory=list)
    locate: Locate | None = None


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
    people = {key: PersonView(key, p, inflector) for key, p in data.people.items()}
    org = org_view(data.organization, inflector)
    kind = document.kind.value
    basics = {
        "kind": kind,
        "number": document.number,
        "date": document.date,
        "date_numeric": format_date(document.date, "numeric"),
    }
    texts = TextRenderer(
        text_environment(inflector), {"people": people, "org": org, "doc": basics}, file,
        locate=extras.locate,
    )

    def kind_in(case: str) -> str:
        return inflector.inflect(kind, case, kind="org")

    paragraphs = list(_numbered(document.points, texts, document.bullet))
    control = _control(data, people, texts, kind_in("gent"))
    if control:
        number = f"{len(document.points) + 1}."
        paragraphs.append(Paragraph(number, control, 1, False))

    signer = _person(people, document.signer.person, "document.signer.person")
    signer_position = document.signer.position or str(signer.position)
    signer_position = signer_position[:1].upper() + signer_position[1:]
    executor = ""
    if document.executor is not None:
        person = _person(people, document.executor.person, "document.executor.person")
        phone = document.executor.phone or person.phone
        executor = f"{person.short}, {phone}" if phone else str(person.short)

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
    if texts.problems:
        raise InvalidDataError(texts.problems, file)
    return {
        "org": org,
        "people": people,
        "doc": {
            **basics,
            "kind_title": kind.upper(),
            "date_text": date_text,
            "place": document.place or "",
            "title": title,
            "preamble": preamble,
            "command": command,
            "paragraphs": paragraphs,
        },
        "signer": {"position": signer_position, "name": str(signer.io), "person": signer},
        "executor": executor,
        "appendices": appendices,
        "qr": "",
    }


def build_plan_context(
    data: PlanData,
    inflector: Inflector,
    *,
    file: str | None = None,
    extras: Extras | None = None,
) -> dict[str, Any]:
    """Everything a template of a plan uses: the plan, its approval stamp, the author."""
    extras = extras or Extras()
    locate = extras.locate or (lambda path: Location(file=file))
    people = {key: PersonView(key, p, inflector) for key, p in data.people.items()}
    org = org_view(data.organization, inflector)
    texts = TextRenderer(
        text_environment(inflector), {"people": people, "org": org}, file, locate=extras.locate
    )
    env = PlanEnv(texts, people, inflector, extras.inserts, warnings=extras.warnings)
    view = _school_plan(data.plan, data.school, env, locate, ("plan",), ("school",))
    approval = _approval(data, people, org, inflector) if data.approval else []
    if texts.problems:
        raise InvalidDataError(texts.problems, file)
    return {"org": org, "people": people, "plan": view, "approval": approval, "qr": ""}


def _school_plan(plan: Plan, school: SchoolChanges | None, env: PlanEnv, locate: Locate,
                 path: KeyPath, school_path: KeyPath) -> dict[str, Any]:
    """A plan as is, or a school's plan: its changes applied, its people in the roles."""
    if school is None:
        return build_plan(plan, env, path)
    plan = schools.apply(plan, school, locate, school_path)
    roles = {}
    for name, value in school.roles.items():
        keys = [value] if isinstance(value, str) else value
        names = [str(env.people[k].short) if k in env.people else k for k in keys]
        roles[role_key(name)] = ", ".join(names)
    own = replace(env, roles=roles, keep_unfilled_roles=school.keep_unfilled_roles,
                  unfilled={}, used_roles=set())
    view = build_plan(plan, own, path)
    for name in school.roles:
        if role_key(name) not in own.used_roles:
            env.warnings.append(DocgenError(
                f"роль «{name}» не встречается в столбце ответственных плана (опечатка?)",
                locate((*school_path, "roles", name)),
            ))
    return view


def _approval(
    data: PlanData, people: dict[str, PersonView], org: OrgView, inflector: Inflector
) -> list[str]:
    """"УТВЕРЖДАЮ / Директор … / ________ И.О. Фамилия / «__» ____ 20__ г." or "УТВЕРЖДЕН …"."""
    approval = data.approval
    assert approval is not None
    if approval.style is ApprovalStyle.APPROVED:
        assert approval.date is not None
        kind = inflector.inflect(approval.kind.value, "ablt", kind="org")
        ending = _stamp_ending(data.plan.title)
        reference = f"от {format_date(approval.date, 'numeric')} № {approval.number}"
        return [f"УТВЕРЖДЕН{ending}", f"{kind} {org.reference}", reference]
    approver = _person(people, approval.person or "", "approval.person")
    position = str(approver.position)
    when = format_date(approval.date, "quoted") if approval.date else "«___» ____________ 20___ г."
    return [
        "УТВЕРЖДАЮ",
        position[:1].upper() + position[1:],
        f"________________ {approver.io}",
        when,
    ]


def _person(people: dict[str, PersonView], key: str, key_path: str) -> PersonView:
    """Loading checks references; this keeps the library safe when called with other data."""
    try:
        return people[key]
    except KeyError:
        known = ", ".join(people) or "никого"
        raise DataError(
            f"нет такого человека «{key}» в people; есть: {known}", Location(key_path=key_path)
        ) from None


def _command(kind: Kind, command: Command | None) -> str:
    if command is None:
        command = Command.PLAIN if kind is Kind.PRIKAZ else Command.NONE
    word = _COMMANDS[kind]
    if command is Command.PLAIN:
        return word.upper()
    if command is Command.SPACED:
        return " ".join(word[:-1]) + ":"
    return ""


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
    person = _person(people, control.person or "", "document.control.person")
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
    plan = None
    if appendix.plan is not None:
        at: KeyPath = ("document", "appendices", index)
        locate = texts.locate or texts.place
        plan = _school_plan(appendix.plan, appendix.school, env, locate, (*at, "plan"),
                            (*at, "school"))
    title = texts(appendix.title, f"{where}.title") if appendix.title else ""
    title = title or (plan["title"] if plan else "")
    label = f"Приложение {number}"
    if appendix.style is ApprovalStyle.MARK:
        lines = [label, f"к {kind_in('datv')} {org.reference}", reference]
    elif appendix.style is ApprovalStyle.APPROVED:
        ending = _stamp_ending(title)
        lines = [label, "", f"УТВЕРЖДЕН{ending}", f"{kind_in('ablt')} {org.reference}", reference]
    else:
        approver = _person(
            people, appendix.approver or document.signer.person, f"{where}.approver"
        )
        position = str(approver.position)
        lines = [
            "УТВЕРЖДАЮ",
            position[:1].upper() + position[1:],
            f"________________ {approver.io}",
            format_date(document.date, "quoted"),
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
