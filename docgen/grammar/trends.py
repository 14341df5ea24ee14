"""The change of a figure in words: "значение выросло на 7 п.п.", "доля снизилась на 2,5 п.п.".

Analytical reports state how a figure moved since the previous period. The verb agrees with
the subject: выросло (значение), выросла (доля), вырос (охват), выросли (показатели); the
gender and number come from the head noun of the subject (the same analysis that puts
phrases into cases, :mod:`docgen.grammar.phrases`). A subject without a recognisable head
(an abbreviation: «ОГЭ») is an error asking for ``gender=``, never a guess.

Conventions:

* Percentages change in percentage points: a unit "%" is written "п.п." (ГОСТ 8.417 has no
  symbol for them; "п.п." is the usage of official reports).
* The direction is that of the number as written: a change that rounds to zero at the
  digits shown is "не изменилось", so a text never says "выросло на 0 п.п.".
* An abbreviated unit (п.п., чел., ед.) stays as written; a unit that is a word
  agrees with the number in the accusative: "на 3 человека", "на 5 мероприятий".
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Final, Literal

import jinja2

from docgen.errors import GrammarError
from docgen.grammar.numerals import NBSP, decimal

Direction = Literal["up", "down", "same"]
_Form = Literal["masc", "femn", "neut", "plur"]

#: Past-tense forms of the verbs of change, by the gender or number of the subject.
VERBS: Final[dict[Direction, dict[_Form, str]]] = {
    "up": {"masc": "вырос", "femn": "выросла", "neut": "выросло", "plur": "выросли"},
    "down": {"masc": "снизился", "femn": "снизилась", "neut": "снизилось", "plur": "снизились"},
    "same": {
        "masc": "не изменился",
        "femn": "не изменилась",
        "neut": "не изменилось",
        "plur": "не изменились",
    },
}
_GENDERS: Final[dict[str, _Form]] = {
    "m": "masc",
    "м": "masc",
    "masc": "masc",
    "муж": "masc",
    "f": "femn",
    "ж": "femn",
    "femn": "femn",
    "жен": "femn",
    "n": "neut",
    "с": "neut",
    "ср": "neut",
    "neut": "neut",
    "plur": "plur",
    "мн": "plur",
    "pl": "plur",
}
_DIRECTIONS: Final[dict[str, Direction]] = {
    "up": "up",
    "рост": "up",
    "down": "down",
    "снижение": "down",
    "same": "same",
    "без изменений": "same",
}
PERCENT_POINTS: Final = "п.п."

Number = int | float | Decimal | Fraction


def subject_form(subject: str, gender: str | None = None) -> _Form:
    """The gender (or plural) a verb takes after ``subject``: доля → femn, показатели → plur."""
    if gender is not None:
        form = _GENDERS.get(gender.strip().lower())
        if form is None:
            raise GrammarError(f"неизвестный род «{gender}»: ожидается m, f, n или plur")
        return form
    from docgen.grammar.phrases import _find_head, _tokens

    head = _find_head(_tokens(" ".join(str(subject).split())), None)
    if head is None:
        raise GrammarError(
            f"не найдено главное слово в «{subject}»: не ясно, как согласовать глагол "
            "(выросло, выросла, выросли); укажите gender"
        )
    tag = head.head[1].tag
    if tag.number == "plur":
        return "plur"
    return {"femn": "femn", "neut": "neut"}.get(str(tag.gender), "masc")  # type: ignore[return-value]


def change_verb(subject: str, direction: str, *, gender: str | None = None) -> str:
    """The verb of change agreeing with ``subject``: ("доля", "up") → "выросла"."""
    key = _DIRECTIONS.get(str(direction).strip().lower())
    if key is None:
        raise GrammarError(f"неизвестное направление «{direction}»: ожидается up, down или same")
    return VERBS[key][subject_form(subject, gender)]


def _exact(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise GrammarError(f"«{value}» не является числом")
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = 60
            return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    raise GrammarError(f"«{value}» не является числом")


def rounded(value: Number, digits: int = 1) -> Decimal:
    """``value`` rounded half up to ``digits`` places, as :mod:`numerals` writes numbers."""
    with localcontext() as ctx:
        ctx.prec = 80
        return _exact(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def direction_of(delta: Number, digits: int = 1) -> Direction:
    """Up, down or same, by the change as written with ``digits`` places."""
    shown = rounded(delta, digits)
    return "same" if shown.is_zero() else ("up" if shown > 0 else "down")


def amount(delta: Number, unit: str = "", digits: int = 1) -> str:
    """ "7 п.п.", "2,5 п.п.", "3 чел.", "5 мероприятий": the size of a change, unsigned."""
    value = abs(rounded(delta, digits))
    unit = unit.strip()
    if unit == "%":
        unit = PERCENT_POINTS
    number = decimal(value, digits)
    if not unit:
        return number
    if unit.endswith(".") or not unit[:1].isalpha():
        return f"{number}{NBSP}{unit}"
    from docgen.grammar import agree

    whole = value == value.to_integral_value()
    return agree(int(value) if whole else value, unit, "accs")


def trend(
    delta: Number, subject: str, unit: str = "", digits: int = 1, *, gender: str | None = None
) -> str:
    """ "значение выросло на 7 п.п.", "доля снизилась на 2,5 п.п.", "показатель не изменился"."""
    direction = direction_of(delta, digits)
    verb = change_verb(subject, direction, gender=gender)
    if direction == "same":
        return f"{subject} {verb}"
    return f"{subject} {verb} на {amount(delta, unit, digits)}"


def trend_filter(
    delta: Number, subject: str, unit: str = "", digits: int = 1, *, gender: str | None = None
) -> str:
    """``{{ delta | trend('значение', '%') }}`` → "значение выросло на 7 п.п."."""
    return trend(delta, subject, unit, digits, gender=gender)


def verb_filter(subject: str, direction: str | Number, *, gender: str | None = None) -> str:
    """``{{ 'доля' | change_verb(delta) }}`` → "выросла"; a number gives its direction."""
    if not isinstance(direction, str):
        direction = direction_of(direction)
    return change_verb(subject, direction, gender=gender)


#: The filters of this module under their English and Russian names.
FILTERS: Final[dict[str, Callable[..., str]]] = {
    "trend": trend_filter,
    "динамика": trend_filter,
    "change_verb": verb_filter,
    "глагол_изменения": verb_filter,
}


def install(env: jinja2.Environment) -> None:
    """Register the filters of changes on ``env``, next to :func:`filters.install`'s."""
    env.filters.update(FILTERS)
