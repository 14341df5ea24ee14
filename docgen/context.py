"""From validated data to what a template sees: texts rendered, people inflected, points numbered.

The template gets finished strings (``doc.paragraphs`` already numbered "3.1.", the signer's
"И.О. Фамилия", the appendix marks), so a template only places and formats them. The texts of
the data are small Jinja templates themselves: ``{{ people.ushakova | вн }}`` puts a person in
the accusative, ``{{ people.ushakova.position | вн }}`` the position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import DataError, DocgenError, InvalidDataError, Location
from docgen.grammar import _morph
from docgen.grammar.dates import format_date
from docgen.grammar.filters import install
from docgen.grammar.inflector import Inflector
from docgen.model import (
    Appendix,
    ApprovalStyle,
    Command,
    Kind,
    OrderData,
    Organization,
    Person,
    Point,
)

_COMMANDS: dict[Kind, str] = {Kind.PRIKAZ: "приказываю:", Kind.RASPORYAZHENIE: "обязываю:"}
_STAMP_ENDINGS = {"masc": "", "femn": "А", "neut": "О", "plur": "Ы"}


@dataclass(frozen=True)
class Phrase:
    """A position or an organization name that knows its kind, so filters inflect it right."""

    text: str
    kind: str
    inflector: Inflector = field(repr=False, compare=False)

    def __str__(self) -> str:
        return self.text

    def inflect_to(self, case: str) -> str:
        return self.inflector.inflect(self.text, case, kind=self.kind)


@dataclass(frozen=True)
class Name:
    """A person's name written one way (Ушакова И.Г., И.Г. Ушакова, or in full)."""

    text: str
    gender: str | None
    inflector: Inflector = field(repr=False, compare=False)

    def __str__(self) -> str:
        return self.inflector.inflect(self.text, "nomn", kind="person", gender=self.gender)

    def inflect_to(self, case: str) -> str:
        return self.inflector.inflect(self.text, case, kind="person", gender=self.gender)


@dataclass(frozen=True)
class Joined:
    """Parts inflected together: "Ушакову И.Г., заместителя начальника управления"."""

    parts: tuple[Name | Phrase, ...]
    separator: str

    def __str__(self) -> str:
        return self.separator.join(str(p) for p in self.parts)

    def inflect_to(self, case: str) -> str:
        return self.separator.join(p.inflect_to(case) for p in self.parts)


class PersonView:
    """A person as data texts and templates see it; ``str()`` is "Фамилия И.О."."""

    def __init__(self, key: str, person: Person, inflector: Inflector) -> None:
        self.key = key
        self.surname = person.surname
        self.first_name = person.name or ""
        self.patronymic = person.patronymic or ""
        self.gender = person.gender
        self.phone = person.phone or ""
        initials = self.initials = person.initials_text
        self.short = Name(f"{person.surname} {initials}", person.gender, inflector)
        self.io = Name(f"{initials} {person.surname}", person.gender, inflector)
        if person.name:
            full = " ".join(p for p in (person.surname, person.name, person.patronymic) if p)
            self.fio = Name(full, person.gender, inflector)
        else:
            self.fio = self.short
        position = person.position or ""
        self.position = Phrase(position, "position", inflector)
        self.position_short = Phrase(person.position_short or position, "position", inflector)
        self.with_position = Joined((self.short, self.position), ", ")

    def __str__(self) -> str:
        return str(self.short)

    def inflect_to(self, case: str) -> str:
        return self.short.inflect_to(case)


@dataclass(frozen=True)
class OrgView:
    """The organization for texts: ``org.name | рд`` gives "управления образования"."""

    name: Phrase
    short_name: str
    parent: str
    place: str
    address: str
    phone: str
    email: str
    site: str
    header_lines: tuple[str, ...]
    genitive: str

    def __str__(self) -> str:
        return str(self.name)


def _lower_first_if_common(text: str) -> str:
    """"Управление образования" → "управления …" mid-sentence; "Центральное управление" stays."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first.isalpha() or first.isupper():
        return text
    parses = _morph.parse(first.lower())
    if parses and "NOUN" in parses[0].tag and not {"Name", "Surn", "Geox", "Orgn"} & set(
        str(parses[0].tag).replace(" ", ",").split(",")
    ):
        return text[:1].lower() + text[1:]
    return text


def _org_view(org: Organization, inflector: Inflector) -> OrgView:
    name = Phrase(org.name, "org", inflector)
    if org.header:
        header = tuple(org.header)
    else:
        lines = [org.superior.upper()] if org.superior else []
        lines.append(org.name.upper())
        if org.parent:
            lines.append(org.parent)
        header = tuple(lines)
    genitive = _lower_first_if_common(name.inflect_to("gent"))
    if org.parent:
        genitive = f"{genitive} {org.parent}"
    elif org.superior:
        superior = _lower_first_if_common(inflector.inflect(org.superior, "gent", kind="org"))
        genitive = f"{genitive} {superior}"
    return OrgView(
        name=name,
        short_name=org.short_name or org.name,
        parent=org.parent or "",
        place=org.place or "",
        address=org.address or "",
        phone=org.phone or "",
        email=org.email or "",
        site=org.site or "",
        header_lines=header,
        genitive=genitive,
    )


def text_environment(inflector: Inflector) -> SandboxedEnvironment:
    """The sandbox in which data texts are rendered: grammar filters, undefined is an error."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    install(env, inflector)
    return env


Locate = Callable[[tuple[str | int, ...]], Location]


@dataclass
class TextRenderer:
    """Renders the texts of the data, collecting every error with its place.

    A place is a key path: a tuple, placed by ``locate`` (file, line, key path) when the
    loader's locator is at hand, or a string shown as it is.
    """

    env: SandboxedEnvironment
    context: dict[str, Any]
    file: str | None
    problems: list[DocgenError] = field(default_factory=list)
    locate: Locate | None = None

    def place(self, key_path: str | tuple[str | int, ...]) -> Location:
        if isinstance(key_path, tuple):
            if self.locate is not None:
                return self.locate(key_path)
            return Location(file=self.file, key_path=_format_path(key_path))
        return Location(file=self.file, key_path=key_path)

    def __call__(self, text: str | None, key_path: str | tuple[str | int, ...]) -> str:
        if not text:
            return ""
        if "{" not in text:
            return _tidy(text)
        try:
            return _tidy(self.env.from_string(text).render(self.context))
        except jinja2.TemplateSyntaxError as exc:
            problem: DocgenError = DataError(f"ошибка в шаблоне текста: {exc.message}")
        except jinja2.UndefinedError as exc:
            problem = DataError(f"неизвестное имя в тексте: {_undefined_message(exc)}")
        except DocgenError as exc:
            problem = exc
        except (jinja2.TemplateError, TypeError, ValueError) as exc:
            problem = DataError(f"ошибка в тексте: {exc}")
        where = self.place(key_path)
        self.problems.append(problem.at(**{k: getattr(where, k) for k in _PLACE_FIELDS}))
        return ""


_PLACE_FIELDS = ("file", "sheet", "cell", "row", "key_path", "field")


def _format_path(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_DOUBLE_STOP = re.compile(r"(\b[А-ЯЁA-Z]\.|\bгг?\.)\.(?!\.)")


def _tidy(text: str) -> str:
    """No second full stop after an initial or "г." that ends a sentence: "Ушакову И.Г."."""
    return _DOUBLE_STOP.sub(r"\1", text)


def _undefined_message(exc: jinja2.UndefinedError) -> str:
    """Jinja's English "'x' is undefined" in Russian, naming the variable or attribute."""
    message = str(exc.message or exc)
    if m := re.match(r"'(.+)' is undefined", message):
        return f"«{m.group(1)}» не определено"
    if m := re.match(r"'(.+)' has no attribute '(.+)'", message):
        return f"нет поля «{m.group(2)}» (в {m.group(1)})"
    return message


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


def build_context(
    data: OrderData, inflector: Inflector, *, file: str | None = None
) -> dict[str, Any]:
    """Everything a template of an order uses; raises InvalidDataError listing every problem."""
    document = data.document
    people = {key: PersonView(key, p, inflector) for key, p in data.people.items()}
    org = _org_view(data.organization, inflector)
    kind = document.kind.value
    basics = {
        "kind": kind,
        "number": document.number,
        "date": document.date,
        "date_numeric": format_date(document.date, "numeric"),
    }
    texts = TextRenderer(
        text_environment(inflector), {"people": people, "org": org, "doc": basics}, file
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
    appendices = [
        _appendix(i, a, data, people, org, kind_in, texts)
        for i, a in enumerate(document.appendices)
    ]
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
) -> dict[str, Any]:
    where = f"document.appendices[{index}]"
    document = data.document
    number = index + 1
    reference = f"от {format_date(document.date, 'numeric')} № {document.number}"
    title = texts(appendix.title, f"{where}.title")
    label = f"Приложение {number}"
    if appendix.style is ApprovalStyle.MARK:
        lines = [label, f"к {kind_in('datv')} {org.genitive}", reference]
    elif appendix.style is ApprovalStyle.APPROVED:
        ending = _stamp_ending(title)
        lines = [label, "", f"УТВЕРЖДЕН{ending}", f"{kind_in('ablt')} {org.genitive}", reference]
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
    }
