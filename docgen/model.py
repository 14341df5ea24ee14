"""The data of an order: one schema for YAML, JSON and Excel, checked by pydantic.

The models only describe and check the shape of the data (required fields, types, real dates,
no unknown keys). Cross-references (a point that names an undefined person, a gender that the
grammar needs) are checked in :mod:`docgen.loading`, where the places of the values are known.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from docgen.errors import GrammarError
from docgen.grammar.cases import parse_gender
from docgen.grammar.dates import parse_date


def _to_date(value: Any) -> Any:
    """ISO (2022-07-18) or Russian (18.07.2022) dates; 31.02 is an error, not a guess."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except GrammarError as exc:
            raise ValueError(exc.message) from exc
    raise ValueError("ожидается дата: 2022-07-18 или 18.07.2022")


def _to_text(value: Any) -> Any:
    """Numbers typed into a text field (a phone, a number "953") are kept as their text."""
    if isinstance(value, bool):
        raise ValueError("ожидается текст, а не да/нет")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


Date = Annotated[date, BeforeValidator(_to_date)]
Text = Annotated[str, BeforeValidator(_to_text), Field(min_length=1)]
Key = Annotated[str, BeforeValidator(_to_text), Field(min_length=1, pattern=r"^[\w-]+$")]


class _Model(BaseModel):
    """Strict shape: an unknown key is a typo to report, not something to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Kind(StrEnum):
    """The kind of an administrative document."""

    PRIKAZ = "приказ"
    RASPORYAZHENIE = "распоряжение"


class DateStyle(StrEnum):
    """How the date requisite is written: 18.07.2022, «18» июля 2022 г., 18 июля 2022 г."""

    NUMERIC = "numeric"
    QUOTED = "quoted"
    LONG = "long"


class Command(StrEnum):
    """The command word after the preamble: ПРИКАЗЫВАЮ:, п р и к а з ы в а ю:, or none."""

    PLAIN = "plain"
    SPACED = "spaced"
    NONE = "none"


class Organization(_Model):
    """The author of the document, as its header names it."""

    name: Text
    short_name: Text | None = None
    parent: Text | None = Field(
        default=None, description="под названием, как пишется: «администрации … округа»"
    )
    superior: Text | None = Field(
        default=None, description="вышестоящий орган над названием: «Министерство образования …»"
    )
    header: list[Text] | None = Field(
        default=None, description="строки шапки, если их нужно задать вручную"
    )
    place: Text | None = None
    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    site: Text | None = None


class Person(_Model):
    """Somebody the document names; the grammar inflects the name and the position."""

    surname: Text
    name: Text | None = None
    patronymic: Text | None = None
    initials: Text | None = Field(
        default=None, pattern=r"^[А-ЯЁA-Z]\.\s?([А-ЯЁA-Z]\.)?$",
        description="«И.Г.», когда полное имя неизвестно",
    )
    gender: str | None = None
    position: Text | None = None
    position_short: Text | None = None
    phone: Text | None = None

    @field_validator("gender", mode="before")
    @classmethod
    def _gender(cls, value: Any) -> Any:
        if value is None or value == "":
            return None
        try:
            return parse_gender(str(value))
        except GrammarError as exc:
            raise ValueError(exc.message) from exc

    @model_validator(mode="after")
    def _name_or_initials(self) -> Person:
        if self.name is None and self.initials is None:
            raise ValueError("укажите имя (name) или инициалы (initials)")
        return self

    @property
    def initials_text(self) -> str:
        """"И.Г." from the initials given or from the first name and patronymic."""
        if self.initials:
            return self.initials.replace(" ", "")
        assert self.name is not None  # checked by _name_or_initials
        return f"{self.name[0]}." + (f"{self.patronymic[0]}." if self.patronymic else "")


class Point(_Model):
    """A numbered point: its text, then dash items, then numbered sub-points (3.1., 3.1.1.)."""

    text: Text
    bullets: list[Text] = Field(default_factory=list)
    points: list[Point] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Control(_Model):
    """The control clause: who controls the execution, or one's own text."""

    person: Key | None = None
    text: Text | None = None
    self_: bool = Field(default=False, alias="self")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _from_key(cls, value: Any) -> Any:
        return {"person": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_way(self) -> Control:
        if sum((self.person is not None, self.text is not None, self.self_)) != 1:
            raise ValueError("укажите одно из: person, text или self: true")
        return self


class Signer(_Model):
    """Who signs; the position may be written in lines for the signature block."""

    person: Key
    position: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_key(cls, value: Any) -> Any:
        return {"person": value} if isinstance(value, str) else value


class Executor(_Model):
    """The executor mark at the bottom of the last page: name and phone."""

    person: Key
    phone: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_key(cls, value: Any) -> Any:
        return {"person": value} if isinstance(value, str) else value


class ApprovalStyle(StrEnum):
    """How an appendix shows that the order approves it."""

    MARK = "mark"  # Приложение 1 к приказу … от … № …
    APPROVED = "approved"  # УТВЕРЖДЕН приказом … от … № …
    APPROVE = "approve"  # УТВЕРЖДАЮ, position, signature line, И.О. Фамилия, date


class Appendix(_Model):
    """An appendix: its mark or approval stamp, its title and its text."""

    title: Text
    style: ApprovalStyle = ApprovalStyle.MARK
    approver: Key | None = None
    paragraphs: list[Text] = Field(default_factory=list)


class Document(_Model):
    """The order itself: requisites, text, signature and marks."""

    kind: Kind
    number: Text
    date: Date
    date_style: DateStyle = DateStyle.NUMERIC
    date_prefix: str = ""
    place: Text | None = None
    title: Text
    basis: Text | None = None
    purpose: Text | None = None
    command: Command | None = None
    bullet: str = "–"
    points: list[Point] = Field(min_length=1)
    control: Control | None = None
    signer: Signer
    executor: Executor | None = None
    appendices: list[Appendix] = Field(default_factory=list)
    qr: bool = False


class OrderData(_Model):
    """Everything one order needs: who issues it, who it names, and the document."""

    organization: Organization
    people: dict[Key, Person] = Field(default_factory=dict)
    document: Document
