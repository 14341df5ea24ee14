"""The data of an order: one schema for YAML, JSON and Excel, checked by pydantic.

The models only describe and check the shape of the data (required fields, types, real dates,
no unknown keys). Cross-references (a point that names an undefined person, a gender that the
grammar needs) are checked in :mod:`docgen.loading`, where the places of the values are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)

from docgen.errors import GrammarError
from docgen.grammar.cases import parse_gender
from docgen.grammar.dates import parse_date
from docgen.journal.registry import pattern_problem


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


_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")


def _to_number(value: Any) -> Any:
    """72.5 and "72,5" (a decimal comma, as typed in Russian) are the same number; 36 stays 36."""
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        number = float(value.strip().replace(",", "."))
        return (
            int(number) if number.is_integer() and "." not in value and "," not in value else number
        )
    return value


Number = Annotated[int | float, BeforeValidator(_to_number)]
Figures = dict[
    Key,
    Annotated[
        Annotated[Number, Tag("@number")] | Annotated[dict[Key, Number], Tag("@mapping")],
        Discriminator(lambda v: "@mapping" if isinstance(v, dict) else "@number"),
    ],
]


def _shape(value: Any) -> str:
    """The tag of a value's shape, so a union reports errors of the one member that applies.

    Tags start with "@": the loader drops them from the key paths it shows.
    """
    if isinstance(value, dict | BaseModel):
        return "@mapping"
    if isinstance(value, list):
        return "@list"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "@number"
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return "@number"
    return "@text"


TextOrList = Annotated[
    Annotated[Text, Tag("@text")] | Annotated[list[Text], Tag("@list")], Discriminator(_shape)
]
Value = Annotated[
    Annotated[Number, Tag("@number")] | Annotated[Text, Tag("@text")], Discriminator(_shape)
]


class FieldError(ValueError):
    """A model's own check that is about one of its fields, not the whole: said at that field's
    place (a person without a first name at the cell «имя», not at the surname)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class _Model(BaseModel):
    """Strict shape: an unknown key is a typo to report, not something to ignore.

    A model's validator is built when it first validates, not on import: a run needs a few of
    these models, and building them all took a tenth of a second of every command's start."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


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


class Typography(StrEnum):
    """How the texts go into the document: set in Russian typography (non-breaking spaces,
    dashes, «ёлочки»: :mod:`docgen.grammar.typography`), or exactly as the data writes them."""

    STANDARD = "standard"
    LITERAL = "literal"


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
    numbering: dict[Kind, Text] = Field(
        default_factory=dict,
        description="шаблоны номеров журнала регистрации по видам: {приказ: «{n}-од»}",
    )

    @field_validator("numbering")
    @classmethod
    def _patterns(cls, value: dict[Kind, str]) -> dict[Kind, str]:
        for pattern in value.values():
            problem = pattern_problem(pattern)
            if problem is not None:
                raise ValueError(problem)
        return value


class Person(_Model):
    """Somebody the document names; the grammar inflects the name and the position."""

    surname: Text
    name: Text | None = None
    patronymic: Text | None = None
    initials: Text | None = Field(
        default=None,
        pattern=r"^[А-ЯЁA-Z]\.\s?([А-ЯЁA-Z]\.)?$",
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
            raise FieldError("укажите имя (name) или инициалы (initials)", "name")
        return self

    @property
    def initials_text(self) -> str:
        """ "И.Г." from the initials given or from the first name and patronymic."""
        if self.initials:
            return self.initials.replace(" ", "")
        assert self.name is not None  # checked by _name_or_initials
        return f"{self.name[0]}." + (f"{self.patronymic[0]}." if self.patronymic else "")


class Point(_Model):
    """A numbered point: its text, then dash items, then numbered sub-points (3.1., 3.1.1.).

    ``deadline`` and ``responsible`` make the point a task for the control of execution
    (``docgen agenda``); the text gets «Ответственный: …; срок: …» written after it.
    """

    text: Text
    bullets: list[Text] = Field(default_factory=list)
    points: list[Point] = Field(default_factory=list)
    deadline: DeadlineValue | None = Field(
        default=None, description="срок исполнения пункта: «до 25.05.2024» или как в плане"
    )
    responsible: TextOrList | None = Field(
        default=None, description="ответственный: ключ человека из people или текст"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Control(_Model):
    """The control clause: who controls the execution, or one's own text."""

    person: Key | None = None
    text: Text | None = None
    self_: bool = Field(default=False, alias="self")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

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
    FREE = "free"  # the lines exactly as given (a plan's stamp copied from the paper)


# ------------------------------------------------------------------------- plans and roadmaps


class Deadline(_Model):
    """A deadline with a meaning: written in the official style, sortable, checkable.

    Exactly one of: ``date`` (25.05.2024), ``until`` (до 25.05.2024), ``month`` (Октябрь
    2022 г.), ``from``/``to`` (months or dates: сентябрь – май), ``annually`` (ежегодно до 20
    декабря и 25 мая), ``during`` (в течение учебного года). ``text`` writes it otherwise
    while keeping the meaning for sorting and for reports.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    date: Date | None = None
    until: Date | None = None
    month: Text | None = None
    start: Text | None = Field(default=None, alias="from")
    end: Text | None = Field(default=None, alias="to")
    annually: list[Text] = Field(default_factory=list)
    during: Text | None = None
    text: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        if isinstance(value, date):
            return {"date": value}
        return value

    @model_validator(mode="after")
    def _one_way(self) -> Deadline:
        ways = [
            self.date,
            self.until,
            self.month,
            self.start or self.end,
            self.annually or None,
            self.during,
        ]
        if sum(way is not None for way in ways) != 1:
            raise ValueError(
                "укажите одно из: date, until, month, from/to, annually, during "
                "(или только text: срок как он написан)"
            )
        return self


def _deadline_shape(value: Any) -> str:
    """A deadline is a mapping or a text; a year ("2026", even typed as a number) is a text."""
    return "@mapping" if isinstance(value, dict | BaseModel) else "@text"


def _plain_deadline(value: Any) -> Any:
    """``{text: "2026"}`` alone is the deadline written as it is: the same as "2026"."""
    if isinstance(value, dict) and list(value) == ["text"] and value["text"] is not None:
        return value["text"]
    return value


DeadlineValue = Annotated[
    Annotated[
        Annotated[Text, Tag("@text")] | Annotated[Deadline, Tag("@mapping")],
        Discriminator(_deadline_shape),
    ],
    BeforeValidator(_plain_deadline),
]


def _to_schools(value: Any) -> Any:
    """ "ООО, СОО" as typed in a cell, or a list: which schools an activity applies to."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()]
    return value


#: The schools an activity or an indicator applies to: by type (СОШ, ООШ, НОШ, лицей, гимназия)
#: or by level of education (НОО, ООО, СОО); empty: every school.
Schools = Annotated[list[Text], BeforeValidator(_to_schools)]


class Measured(float):
    """A number as the data wrote it: «15,0» keeps its one decimal place when printed.

    A float to every reader (reports compute with it, ``15.0 == Measured(15.0, 1)``); only the
    indicator table looks at ``places``, the digits after the separator in the source.
    """

    places: int

    def __new__(cls, value: float, places: int = 0) -> Measured:
        made = super().__new__(cls, value)
        made.places = places
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Measured, (float(self), self.places))


def _measured(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """ "15,0", "15.0" (YAML reads unquoted 15.0 as its text) keep the places they were written
    with, and so does a float of JSON or of the library (15.0: one place, by its shortest
    repr); a number typed without a separator stays an int, a text stays a text."""
    result = handler(value)
    if isinstance(value, Measured):  # a plan validated again (a school's copy) keeps them
        return Measured(result, value.places) if isinstance(result, float) else result
    if isinstance(result, float) and not isinstance(result, Measured):
        text = value.strip().replace(",", ".") if isinstance(value, str) else repr(value)
        try:
            exponent = Decimal(text).as_tuple().exponent
        except InvalidOperation:
            exponent = 0
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return Measured(result, places)
    return result


#: A baseline or a target value: a number (its written precision kept) or a text («нет»).
IndicatorValue = Annotated[Value, WrapValidator(_measured)]


class Indicator(_Model):
    """An indicator of the plan: name, unit, baseline and target values by year."""

    key: Key | None = None
    number: Text | None = Field(
        default=None, description="номер как в источнике (при indicator_table.numbering: given)"
    )
    name: Text
    schools: Schools = Field(default_factory=list)
    unit: Text | None = None
    baseline: IndicatorValue | None = None
    targets: dict[int, IndicatorValue] = Field(default_factory=dict)
    parts: list[Indicator] = Field(default_factory=list)


class IndicatorSection(_Model):
    """A group of indicators («1. Показатели качества образования»): a row of its own, with
    its number in the № column and its name across the rest, then its indicators."""

    number: Text | None = None
    section: Text
    items: list[IndicatorItem] = Field(default_factory=list)


def _indicator_tag(value: Any) -> str:
    """A mapping with ``section`` is a group of indicators, anything else an indicator."""
    if isinstance(value, IndicatorSection) or (isinstance(value, dict) and "section" in value):
        return "@section"
    return "@indicator"


IndicatorItem = Annotated[
    Annotated[IndicatorSection, Tag("@section")] | Annotated[Indicator, Tag("@indicator")],
    Discriminator(_indicator_tag),
]


def all_indicators(items: Sequence[IndicatorItem]) -> Iterator[Indicator]:
    """Every indicator of a plan, in its groups and with its parts, in the table's order."""
    for item in items:
        if isinstance(item, IndicatorSection):
            yield from all_indicators(item.items)
        else:
            yield item
            yield from all_indicators(item.parts)


class Activity(_Model):
    """One row (or several, with several indicators) of the plan's table."""

    number: Text | None = None
    title: Text
    deadline: DeadlineValue | None = None
    responsible: TextOrList | None = None
    result: Text | None = None
    indicators: list[Text] = Field(default_factory=list)
    cells: dict[Key, Text] = Field(default_factory=dict)
    key: Key | None = None
    schools: Schools = Field(
        default_factory=list,
        description="для каких школ: типы (СОШ, ООШ, лицей, гимназия, НОШ) или уровни (НОО, "
        "ООО, СОО); пусто — для всех",
    )


class Direction(_Model):
    """A direction (seed 004): its number and title span the rows of its activities."""

    number: Text | None = None
    direction: Text
    activities: list[Activity] = Field(min_length=1)


class Section(_Model):
    """A stage, track, level or section: a row across the table, then what it holds."""

    number: Text | None = None
    section: Text
    items: list[Item] = Field(default_factory=list)


def _item_tag(value: Any) -> str:
    """A mapping with ``section`` is a section, with ``direction`` a direction, else an activity."""
    if isinstance(value, dict):
        if "section" in value:
            return "@section"
        if "direction" in value:
            return "@direction"
    if isinstance(value, Section):
        return "@section"
    if isinstance(value, Direction):
        return "@direction"
    return "@activity"


Item = Annotated[
    Annotated[Section, Tag("@section")]
    | Annotated[Direction, Tag("@direction")]
    | Annotated[Activity, Tag("@activity")],
    Discriminator(_item_tag),
]


class ColumnKey(StrEnum):
    """What a column of the plan's table shows."""

    NUMBER = "number"
    DIRECTION = "direction"
    TITLE = "title"
    INDICATORS = "indicators"
    DEADLINE = "deadline"
    RESPONSIBLE = "responsible"
    RESULT = "result"


class Column(_Model):
    """A column of the table: what it shows, its heading, its relative width."""

    key: Text
    heading: Text
    width: float = Field(default=0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _short(cls, value: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1 and "key" not in value:
            ((key, heading),) = value.items()
            return {"key": key, "heading": heading}
        return value


DEFAULT_COLUMNS = (
    Column(key="number", heading="№ п/п", width=0.6),
    Column(key="title", heading="Наименование мероприятия", width=4),
    Column(key="deadline", heading="Сроки", width=1.6),
    Column(key="responsible", heading="Ответственные", width=2),
    Column(key="result", heading="Ожидаемый результат", width=2.6),
)


def _to_share(value: Any) -> Any:
    """A share of a page: 0.3 or "0,3"; yes/no is no share."""
    if isinstance(value, bool):
        raise ValueError("ожидается доля страницы, например 0.3, а не да/нет")
    return _to_number(value)


class Numbering(StrEnum):
    """Numbers computed from the hierarchy (1, 2.1, 4.2.16), or as the source gives them."""

    AUTO = "auto"
    GIVEN = "given"
    RESTART = "restart"  # 1, 2, 3 afresh in every section: stage I: 1-4, stage II: 1


class SectionNumerals(StrEnum):
    """How the top-level sections (stages, tracks) of a restart-numbered plan are numbered."""

    ARABIC = "arabic"  # 1, 2, 3
    ROMAN = "roman"  # I, II, III


class SectionRow(StrEnum):
    """A section row: its text across the whole width, or its number in the № column."""

    SPAN = "span"
    NUMBER_APART = "number_apart"


class RowAlign(StrEnum):
    """Where a row's text stands in its cell."""

    LEFT = "left"
    CENTER = "center"


#: The words of a row style's short form ("bold caps"), English or Russian, and what they set.
STYLE_WORDS: dict[str, tuple[str, Any]] = {
    "bold": ("bold", True),
    "полужирный": ("bold", True),
    "жирный": ("bold", True),
    "italic": ("italic", True),
    "курсив": ("italic", True),
    "caps": ("caps", True),
    "прописные": ("caps", True),
    "center": ("align", "center"),
    "по центру": ("align", "center"),
    "plain": ("bold", False),
    "обычный": ("bold", False),
}


class RowStyle(_Model):
    """How a block row (a stage, a track, a level, a group of indicators) is set: bold, italic,
    in capitals, centred. ``"bold caps"`` is the short form of ``{bold: true, caps: true}``."""

    bold: bool = False
    italic: bool = False
    caps: bool = Field(default=False, description="прописными буквами (текст в данных не меняется)")
    align: RowAlign = RowAlign.LEFT

    @model_validator(mode="before")
    @classmethod
    def _words(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = " ".join(value.lower().replace(",", " ").split())
        for phrase in ("по центру",):
            text = text.replace(phrase, phrase.replace(" ", "_"))
        fields: dict[str, Any] = {}
        for word in text.split():
            word = word.replace("_", " ")
            if word not in STYLE_WORDS:
                known = ", ".join(STYLE_WORDS)
                raise ValueError(f"«{word}» — не стиль строки; допустимы: {known}")
            name, setting = STYLE_WORDS[word]
            fields[name] = setting
        return fields


def _one_or_more(value: Any) -> Any:
    """``section_styles: italic`` is one style for every level: a list of one."""
    return [value] if isinstance(value, str | dict) else value


#: The styles of block rows by depth; a single style serves every level.
RowStyles = Annotated[list[RowStyle], BeforeValidator(_one_or_more)]

#: A block row as it always was: bold, at the left.
BOLD = RowStyle(bold=True)


def row_style(styles: Sequence[RowStyle], depth: int) -> RowStyle:
    """The style of a block row at ``depth`` (0: a stage): the last given serves deeper ones."""
    if not styles:
        return BOLD
    return styles[min(depth, len(styles) - 1)]


class IndicatorColumnKey(StrEnum):
    """What a column of the indicator table shows; ``years`` is one column per year."""

    NUMBER = "number"
    NAME = "name"
    UNIT = "unit"
    BASELINE = "baseline"
    YEARS = "years"


#: The headings and widths of the indicator table's columns when the plan does not give them.
INDICATOR_HEADINGS: dict[IndicatorColumnKey, tuple[str | None, float]] = {
    IndicatorColumnKey.NUMBER: ("№ п/п", 0.7),
    IndicatorColumnKey.NAME: ("Наименование показателя", 5.0),
    IndicatorColumnKey.UNIT: ("Единица измерения", 1.5),
    IndicatorColumnKey.BASELINE: ("Базовое значение", 1.5),
    IndicatorColumnKey.YEARS: (None, 1.3),  # no group header over the years; width of each year
}


class IndicatorColumn(_Model):
    """A column of the indicator table: its heading (over the years: a group header such as
    «Плановые значения»; none: no such row) and its relative width (of each year)."""

    key: IndicatorColumnKey
    heading: Text | None = None
    width: float = Field(default=0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _short(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"key": value}
        if isinstance(value, dict) and len(value) == 1 and "key" not in value:
            ((key, heading),) = value.items()
            return {"key": key, "heading": heading}
        return value


class IndicatorNumbering(StrEnum):
    """Which rows of the indicator table carry a number."""

    AUTO = "auto"  # every row: 1., 1.1., 1.1.1. (groups and indicators alike)
    SECTIONS = "sections"  # only the groups: 1., 2.; indicators have none
    GIVEN = "given"  # as the data gives them (number: of a group or an indicator)


class IndicatorTable(_Model):
    """The shape of the indicator table: columns, numbering, headings, group rows."""

    columns: list[IndicatorColumn] = Field(
        default_factory=lambda: [IndicatorColumn(key=key) for key in INDICATOR_HEADINGS],
        description="столбцы по порядку: number, name, unit, baseline, years; лишние не указывайте",
    )
    numbering: IndicatorNumbering = IndicatorNumbering.AUTO
    year_heading: Text = Field(
        default="{year} год", description="заголовок столбца года; {year} — сам год"
    )
    section_row: SectionRow = Field(
        default=SectionRow.NUMBER_APART,
        description="строка группы: номер в столбце «№», название во всю остальную ширину "
        "(number_apart) или всё во всю ширину (span)",
    )
    section_styles: RowStyles = Field(
        default_factory=list, description="стили строк групп по уровням; по умолчанию полужирный"
    )

    @model_validator(mode="after")
    def _columns(self) -> IndicatorTable:
        keys = [column.key for column in self.columns]
        twice = sorted({key.value for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"столбец указан дважды: {', '.join(twice)}")
        if IndicatorColumnKey.NAME not in keys:
            raise ValueError("в таблице показателей нужен столбец name (наименование)")
        if "{year}" not in self.year_heading:
            raise ValueError("в year_heading нужно место для года: {year}, например «{year} год»")
        return self


class Source(_Model):
    """A normative document a plan is based on: «Концепция …» (приказ … от … № … «…»)."""

    text: Text | None = None
    name: Text | None = None
    act: Text | None = Field(
        default=None, description="«Приказ ДО ЯО», «Письмо Минпросвещения России»"
    )
    date: Date | None = None
    number: Text | None = None
    title: Text | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _text_or_name(self) -> Source:
        if (self.text is None) == (self.name is None):
            raise ValueError("укажите либо text (как написано), либо name (и реквизиты)")
        return self


class ListStyle(StrEnum):
    """How a list block marks its items."""

    DASH = "dash"
    NUMBER = "number"
    PLAIN = "plain"


class Block(_Model):
    """Text before or after the table: a paragraph, a heading, or a list.

    A plain string is a paragraph. ``items`` is a list of texts, or the name of a list of
    the plan: ``tasks`` or ``sources`` (then ``case`` puts their names in that case).
    """

    paragraph: Text | None = None
    heading: Text | None = None
    items: TextOrList | None = None
    style: ListStyle = ListStyle.DASH
    bullet: str = "–"
    case: Text | None = None
    separator: str = ""
    end: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"paragraph": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        if sum(x is not None for x in (self.paragraph, self.heading, self.items)) != 1:
            raise ValueError("укажите одно из: paragraph (или просто текст), heading, items")
        return self


class SchoolChanges(_Model):
    """What a school changes in the municipal plan to make its own roadmap."""

    roles: dict[Text, TextOrList] = Field(default_factory=dict)
    keep_unfilled_roles: bool = False
    drop: list[Text] = Field(default_factory=list)
    deadlines: dict[Text, DeadlineValue] = Field(default_factory=dict)
    responsible: dict[Text, TextOrList] = Field(default_factory=dict)
    add: list[Addition] = Field(default_factory=list)
    type: Text | None = Field(
        default=None, description="тип школы (СОШ, ООШ, НОШ, лицей, гимназия): какие мероприятия"
    )
    levels: list[Text] = Field(
        default_factory=list,
        description="уровни образования школы (НОО, ООО, СОО), если не по типу",
    )


class Addition(_Model):
    """A school's own activity: after an activity, or at the end of a section (by number)."""

    after: Text | None = None
    into: Text | None = None
    activity: Activity

    @model_validator(mode="after")
    def _one_place(self) -> Addition:
        if (self.after is None) == (self.into is None):
            raise ValueError("укажите одно из: after (номер мероприятия) или into (номер раздела)")
        return self


class Plan(_Model):
    """A plan of activities or a roadmap: title, text blocks, the table, the indicators."""

    title: Text
    period: Text | None = None
    goal: Text | None = None
    tasks: list[Text] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    footnotes: dict[Key, Text] = Field(default_factory=dict)
    intro: list[Block] = Field(default_factory=list)
    columns: list[Column] = Field(default_factory=lambda: list(DEFAULT_COLUMNS))
    numbering: Numbering = Numbering.AUTO
    section_numerals: SectionNumerals = Field(
        default=SectionNumerals.ARABIC,
        description="номера разделов верхнего уровня при numbering: restart: arabic (1, 2) "
        "или roman (I, II)",
    )
    section_row: SectionRow = SectionRow.SPAN
    section_styles: RowStyles = Field(
        default_factory=list,
        description="стили строк разделов по уровням вложенности: первый — этапы, второй — "
        "треки, третий — уровни; последний служит и более глубоким; по умолчанию все полужирные",
    )
    split_rows_over: Annotated[float, BeforeValidator(_to_share), Field(gt=0, le=1)] = Field(
        default=0.5,
        description="строка таблицы выше этой доли страницы может переходить на следующую "
        "страницу; строки ниже не разрываются",
    )
    section_dot: bool = True
    activity_dot: bool = False
    landscape: bool | None = Field(
        default=None, description="альбомная ориентация; по умолчанию — если есть таблица"
    )
    body: list[Item] = Field(default_factory=list)
    default_responsible: TextOrList | None = Field(
        default=None,
        description="ответственные мероприятия, у которого они не указаны: «Руководители ОО»",
    )
    indicators: list[IndicatorItem] = Field(default_factory=list)
    indicators_title: Text | None = None
    indicator_table: IndicatorTable = Field(
        default_factory=IndicatorTable,
        description="вид таблицы показателей: столбцы, нумерация, заголовки, строки групп",
    )
    outro: list[Block] = Field(default_factory=list)
    school_title: Text | None = None
    figures: Figures = Field(
        default_factory=dict,
        description="числа для текстов: {{ figures.schools | agree('общеобразовательная "
        "организация') }}; вложенные наборы — по периодам: {{ figures.prev.schools }}",
    )

    @model_validator(mode="after")
    def _roman_only_when_restarting(self) -> Plan:
        if (
            self.section_numerals is SectionNumerals.ROMAN
            and self.numbering is not Numbering.RESTART
        ):
            raise ValueError(
                "римские номера разделов (section_numerals: roman) — только при нумерации "
                "заново в каждом разделе (numbering: restart)"
            )
        return self


class Appendix(_Model):
    """An appendix: its mark or approval stamp, its title and its text, or a whole plan."""

    title: Text | None = None
    style: ApprovalStyle = ApprovalStyle.MARK
    approver: Key | None = None
    paragraphs: list[Text] = Field(default_factory=list)
    plan: Plan | None = None
    school: SchoolChanges | None = Field(
        default=None, description="план школы из муниципального: роли, изменения (как в PlanData)"
    )

    @model_validator(mode="after")
    def _title_or_plan(self) -> Appendix:
        if self.title is None and self.plan is None:
            raise ValueError("укажите заголовок приложения (title) или план (plan)")
        return self


# ------------------------------------------------------ листы ознакомления и согласования
# (issue 19) kept together here: the order's fields for them are the last two of Document.


class Acquaintance(_Model):
    """A лист ознакомления after the order: who signs that they have read it.

    ``named``: everyone the order's points and control clause name (not the signer);
    ``people``: others, by key. ``true`` alone is ``named: true``; a list is ``people``.
    """

    named: bool = True
    people: list[Key] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _short(cls, value: Any) -> Any:
        if value is True:
            return {}
        if isinstance(value, list):
            return {"people": value}
        return value

    @model_validator(mode="after")
    def _someone(self) -> Acquaintance:
        if not self.named and not self.people:
            raise ValueError(
                "в листе ознакомления никого нет: укажите people (кого ознакомить) "
                "или named: true (всех, кого называет приказ)"
            )
        return self


class Visa(_Model):
    """One line of the лист согласования: who puts a visa, and optionally when and with what
    remarks (filled in by hand when left empty)."""

    person: Key
    position: Text | None = Field(
        default=None, description="должность в листе согласования, если не та, что в people"
    )
    date: Date | None = None
    remarks: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_key(cls, value: Any) -> Any:
        return {"person": value} if isinstance(value, str) else value


def _no_sheet(value: Any) -> Any:
    """``acquaintance: false`` (or «нет») is no sheet at all; «да» is ``true``."""
    if isinstance(value, str) and value.strip().lower() in ("да", "нет"):
        value = value.strip().lower() == "да"
    return None if value is False else value


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
    # листы ознакомления и согласования (issue 19): after the appendices, each from a new page
    acquaintance: Annotated[Acquaintance | None, BeforeValidator(_no_sheet)] = Field(
        default=None, description="лист ознакомления: true, список ключей или named/people"
    )
    visas: list[Visa] = Field(
        default_factory=list, description="лист согласования: кто визирует (ключи или person)"
    )


class OrderData(_Model):
    """Everything one order needs: who issues it, who it names, and the document."""

    organization: Organization
    people: dict[Key, Person] = Field(default_factory=dict)
    document: Document
    typography: Typography = Typography.STANDARD


class Agreement(_Model):
    """A гриф согласования: СОГЛАСОВАНО, then who agreed (a person's position, signature line
    and name, and the date) or free lines («Протокол педагогического совета от … № …»)."""

    person: Key | None = None
    lines: list[Text] = Field(default_factory=list)
    date: Date | None = None

    @model_validator(mode="after")
    def _someone(self) -> Agreement:
        if self.person is None and not self.lines:
            raise ValueError("для «СОГЛАСОВАНО» укажите person (кто согласовал) или lines")
        return self


class Approval(_Model):
    """The approval stamp of a plan: "УТВЕРЖДАЮ" with a signature, "УТВЕРЖДЕН приказом …", or
    free lines; and the грифы согласования (``agreed``)."""

    style: ApprovalStyle = ApprovalStyle.APPROVE
    person: Key | None = None
    date: Date | None = None
    kind: Kind = Kind.PRIKAZ
    number: Text | None = None
    lines: list[Text] = Field(default_factory=list)
    agreed: list[Agreement] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _free(cls, value: Any) -> Any:
        # lines are the stamp as written, whatever style a plan it extends had
        if isinstance(value, dict) and value.get("lines"):
            return {**value, "style": ApprovalStyle.FREE.value}
        return value

    @model_validator(mode="after")
    def _complete(self) -> Approval:
        if self.style is ApprovalStyle.FREE and not self.lines:
            raise ValueError("для грифа, написанного строками, укажите lines")
        if self.style is ApprovalStyle.APPROVE and self.person is None:
            raise ValueError("для «УТВЕРЖДАЮ» укажите person: кто утверждает")
        if self.style is ApprovalStyle.APPROVED and (self.number is None or self.date is None):
            raise ValueError("для «УТВЕРЖДЕН приказом …» укажите number и date приказа")
        if self.style is ApprovalStyle.MARK:
            raise ValueError("у плана нет отметки «Приложение»: style — approve или approved")
        return self


class PlanData(_Model):
    """A plan on its own (a school's plan, a municipal plan), or a school's roadmap."""

    organization: Organization
    people: dict[Key, Person] = Field(default_factory=dict)
    plan: Plan
    school: SchoolChanges | None = None
    approval: Approval | None = None
    typography: Typography = Typography.STANDARD
    signer: Signer | None = Field(
        default=None,
        description="кто подписывает документ (пояснительная записка): подпись после текста",
    )
    date: Date | None = Field(default=None, description="дата под подписью")
    executor: Executor | None = None


#: The models a data model holds that are also used on their own (a plan's and an order's
#: texts are read back for the lint and the plan's table): made before it, each is made once;
#: made inside it first, each is made again when used on its own (``defer_build``).
_HELD: dict[type[BaseModel], tuple[type[BaseModel], ...]] = {
    PlanData: (Plan, SchoolChanges, Approval),
    OrderData: (Plan, Document),
}


def prepare(model: type[BaseModel]) -> None:
    """Make ``model``'s validator, and first those of the models it holds that are used on
    their own: for an order with its appendix's plan 0.035 s instead of 0.06 s."""
    if not model.__pydantic_complete__:
        for held in _HELD.get(model, ()):
            held.model_rebuild()
        model.model_rebuild()
