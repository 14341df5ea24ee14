"""The people and the organization of the data as texts and templates see them.

``people.ushakova | вн`` gives "Ушакову И.Г." because a person knows its gender and a position
knows it is a position: the views carry what the grammar needs. Data texts are small Jinja
templates themselves, rendered in a sandbox by :class:`TextRenderer`, which collects every
error with its place instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import DataError, DocgenError, Location
from docgen.grammar import _morph
from docgen.grammar.cases import Gender
from docgen.grammar.filters import install
from docgen.grammar.inflector import Inflector
from docgen.grammar.names import gender_of_first_name, gender_of_patronymic, gender_of_surname
from docgen.model import Organization, Person
from docgen.office.sandbox import RENDER_FAULTS, BoundedSandbox, bounded, fault_text


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


def gender_of(person: Person) -> Gender | None:
    """The gender given, or the one the name settles: patronymic, first name, then surname."""
    if person.gender in ("m", "f"):
        return "m" if person.gender == "m" else "f"
    if person.patronymic and (found := gender_of_patronymic(person.patronymic)):
        return found
    if person.name and (found := gender_of_first_name(person.name)):
        return found
    return gender_of_surname(person.surname)


class PersonView:
    """A person as data texts and templates see it; ``str()`` is "Фамилия И.О."."""

    def __init__(self, key: str, person: Person, inflector: Inflector) -> None:
        self.key = key
        self.surname = person.surname
        self.first_name = person.name or ""
        self.patronymic = person.patronymic or ""
        # the short forms lose the first name and patronymic, so they take the gender those settle
        gender = self.gender = gender_of(person)
        self.phone = person.phone or ""
        initials = self.initials = person.initials_text
        self.short = Name(f"{person.surname} {initials}", gender, inflector)
        self.io = Name(f"{initials} {person.surname}", gender, inflector)
        if person.name:
            full = " ".join(p for p in (person.surname, person.name, person.patronymic) if p)
            self.fio = Name(full, gender, inflector)
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


_PEOPLE: dict[tuple[Any, ...], tuple[Inflector, PersonView]] = {}


def person_view(key: str, person: Person, inflector: Inflector) -> PersonView:
    """The view of a person, made once for the documents that name the same person the same
    way (a school's roadmap and its order, each with its own validated copy of the people):
    by the person's values, not identity. Nothing changes a view once made."""
    try:
        content = (key, id(inflector), *person.__dict__.items())
        found = _PEOPLE.get(content)
    except TypeError:  # a value that cannot be a key
        return PersonView(key, person, inflector)
    if found is not None and found[0] is inflector:
        return found[1]
    if len(_PEOPLE) >= 64:  # the oldest goes: the people of the school in hand stay
        _forget_oldest(_PEOPLE)
    view = PersonView(key, person, inflector)
    _PEOPLE[content] = (inflector, view)
    return view


def _forget_oldest(store: dict[Any, Any]) -> None:
    """The entry kept longest goes (a dict keeps the order of insertion); the whole store when
    another thread (the web application's) changed it meanwhile."""
    try:
        del store[next(iter(store))]
    except (KeyError, RuntimeError, StopIteration):
        store.clear()


def people_views(people: dict[str, Person], inflector: Inflector) -> dict[str, PersonView]:
    """Each person of the data by its key, as texts and templates see them."""
    return {key: person_view(key, person, inflector) for key, person in people.items()}


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
    reference: str = ""

    def __str__(self) -> str:
        return str(self.name)


def lower_first_if_common(text: str) -> str:
    """ "Управление образования" → "управления …" mid-sentence; "Центральное управление" stays."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first.isalpha() or first.isupper():
        return text
    parses = _morph.parse(first.lower())
    if (
        parses
        and "NOUN" in parses[0].tag
        and not {"Name", "Surn", "Geox", "Orgn"}
        & set(str(parses[0].tag).replace(" ", ",").split(","))
    ):
        return text[:1].lower() + text[1:]
    return text


_ORGS: dict[tuple[Any, ...], tuple[Inflector, OrgView]] = {}


def org_view(org: Organization, inflector: Inflector) -> OrgView:
    """The organization for texts, made once for the documents of one author (a school's
    roadmap and its order): by the values it is made of."""
    key = (
        id(inflector),
        org.name,
        org.short_name,
        org.parent,
        org.superior,
        tuple(org.header) if org.header is not None else None,
        org.place,
        org.address,
        org.phone,
        org.email,
        org.site,
    )
    found = _ORGS.get(key)
    if found is not None and found[0] is inflector:
        return found[1]
    view = _org_view(org, inflector)
    if len(_ORGS) >= 16:
        _forget_oldest(_ORGS)
    _ORGS[key] = (inflector, view)
    return view


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
    genitive = lower_first_if_common(name.inflect_to("gent"))
    if org.parent:
        genitive = f"{genitive} {org.parent}"
    elif org.superior:
        superior = lower_first_if_common(inflector.inflect(org.superior, "gent", kind="org"))
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
        # "к приказу МАОУ «Лицей № 2»": marks name the author briefly when it has a short name
        reference=org.short_name or genitive,
    )


_ENVIRONMENTS: dict[int, tuple[Inflector, SandboxedEnvironment]] = {}


def text_environment(inflector: Inflector) -> SandboxedEnvironment:
    """The sandbox in which data texts are rendered: grammar filters, undefined is an error.

    One per inflector, so each text is compiled once however many documents quote it.
    """
    found = _ENVIRONMENTS.get(id(inflector))
    if found is None or found[0] is not inflector:
        env = BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=False)
        install(env, inflector)
        found = _ENVIRONMENTS[id(inflector)] = (inflector, env)
    return found[1]


def compiled_text(env: SandboxedEnvironment, text: str) -> jinja2.Template:
    """A data text compiled once per environment."""
    cache: dict[str, jinja2.Template] = env.__dict__.setdefault("_docgen_texts", {})
    template = cache.get(text)
    if template is None:
        if len(cache) > 4096:
            cache.clear()
        template = cache[text] = env.from_string(text)
    return template


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
            with bounded():
                return _tidy(compiled_text(self.env, text).render(self.context))
        except jinja2.TemplateSyntaxError as exc:
            problem: DocgenError = DataError(f"ошибка в шаблоне текста: {exc.message}")
        except jinja2.UndefinedError as exc:
            problem = DataError(f"неизвестное имя в тексте: {_undefined_message(exc)}")
        except DocgenError as exc:
            problem = exc
        except jinja2.TemplateError as exc:
            problem = DataError(f"ошибка в тексте: {exc}")
        except RENDER_FAULTS as exc:
            problem = DataError(f"ошибка в тексте: {fault_text(exc)}")
        where = self.place(key_path)
        self.problems.append(problem.at(**{k: getattr(where, k) for k in _PLACE_FIELDS}))
        return ""


_PLACE_FIELDS = ("file", "sheet", "cell", "row", "key_path", "field")


def _format_path(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_DOUBLE_STOP = re.compile(
    r"(\b(?:[А-ЯЁA-Z]|гг?|п\.\s?п|чел|ед|тыс|млн|руб|т\.\s?[дп]|др|пр)\.)\.(?!\.)"
)


def _tidy(text: str) -> str:
    """No second full stop after an initial or an abbreviation that ends a sentence: "Ушакову
    И.Г.", "выросла на 7 п.п.", "в 2023 г."."""
    return _DOUBLE_STOP.sub(r"\1", text) if ".." in text else text


def _undefined_message(exc: jinja2.UndefinedError) -> str:
    """Jinja's English "'x' is undefined" in Russian, naming the variable or attribute."""
    message = str(exc.message or exc)
    if m := re.match(r"'(.+)' is undefined", message):
        return f"«{m.group(1)}» не определено"
    if m := re.match(r"'(.+)' has no attribute '(.+)'", message):
        return f"нет поля «{m.group(2)}» (в {m.group(1)})"
    return message
