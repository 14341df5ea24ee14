"""Numbers as official texts write them: in words, with a counted noun, with a decimal comma.

The words are built from small tables rather than from pymorphy3: the set of numeral forms
is closed, the dictionary has gaps and variants (восьмью/восемью, тысячью/тысячей), and a
document must not change wording when a dictionary is upgraded.

Conventions (they matter in official documents, so they are fixed here, not guessed):

* ``ё`` is not written by default (трех, четырем, тремястами), as in the rest of docgen
  (see ``_morph.restore_yo``): official texts of the administrations do not use it.
  ``yo=True`` gives трёх, четырём.
* 1000 and 1 000 000 are written with the explicit "one": «одна тысяча», «один миллион»,
  as in amounts in words on payment and accounting documents («1000 (одна тысяча) рублей»);
  the bare «тысяча» is an everyday-speech form and is ambiguous in a row of amounts.
* Zero is «ноль» (нуль is the older, bookish variant).
* In the instrumental, тысяча gives «тысячей» (the modern norm, not тысячью) and
  восемь gives «восемью» (not восьмью).
* Numbers in digits use the decimal comma; rounding is half up (0,25 -> 0,3), never banker's
  rounding; trailing zeros of the fraction are dropped (44,0 -> 44; 12,50 -> 12,5), since
  official texts write "44 %", not "44,0 %". Integers from 10 000 are grouped by three with
  U+00A0 (12 345); four-digit numbers are not split (1234).
* Negative numbers and ``sign=True`` use the true minus sign U+2212 ("−2,1"): it has the width
  of "+" and of a digit in every document font, where the hyphen-minus is too short and
  reads as a hyphen; an en dash is a typewriter substitute. :data:`MINUS` is the one place to
  change it.
* A percent sign is separated by U+00A0 (33,3 %), per ГОСТ 8.417 and Russian typography.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Final, Literal

from docgen.errors import GrammarError
from docgen.grammar.cases import Case, parse_case

NumGender = Literal["m", "f", "n"]
Number = Literal["sing", "plur"]

NBSP: Final = "\u00a0"
MINUS: Final = "\u2212"

#: Largest number :func:`number_words` writes (999 триллионов 999 … 999).
MAX_NUMBER: Final = 10**15 - 1

_CASE_INDEX: Final[dict[Case, int]] = {
    "nomn": 0,
    "gent": 1,
    "datv": 2,
    "accs": 3,
    "ablt": 4,
    "loct": 5,
}

# Forms in the order nomn, gent, datv, accs (inanimate), ablt, loct.
_ONE: Final[dict[NumGender, tuple[str, ...]]] = {
    "m": ("один", "одного", "одному", "один", "одним", "одном"),
    "f": ("одна", "одной", "одной", "одну", "одной", "одной"),
    "n": ("одно", "одного", "одному", "одно", "одним", "одном"),
}
_TWO_F: Final = ("две", "двух", "двум", "две", "двумя", "двух")

_UNITS: Final[dict[int, tuple[str, ...]]] = {
    2: ("два", "двух", "двум", "два", "двумя", "двух"),
    3: ("три", "трёх", "трём", "три", "тремя", "трёх"),
    4: ("четыре", "четырёх", "четырём", "четыре", "четырьмя", "четырёх"),
    5: ("пять", "пяти", "пяти", "пять", "пятью", "пяти"),
    6: ("шесть", "шести", "шести", "шесть", "шестью", "шести"),
    7: ("семь", "семи", "семи", "семь", "семью", "семи"),
    8: ("восемь", "восьми", "восьми", "восемь", "восемью", "восьми"),
    9: ("девять", "девяти", "девяти", "девять", "девятью", "девяти"),
    10: ("десять", "десяти", "десяти", "десять", "десятью", "десяти"),
    11: ("одиннадцать", "одиннадцати", "одиннадцати", "одиннадцать", "одиннадцатью", "одиннадцати"),
    12: ("двенадцать", "двенадцати", "двенадцати", "двенадцать", "двенадцатью", "двенадцати"),
    13: ("тринадцать", "тринадцати", "тринадцати", "тринадцать", "тринадцатью", "тринадцати"),
    14: (
        "четырнадцать",
        "четырнадцати",
        "четырнадцати",
        "четырнадцать",
        "четырнадцатью",
        "четырнадцати",
    ),
    15: ("пятнадцать", "пятнадцати", "пятнадцати", "пятнадцать", "пятнадцатью", "пятнадцати"),
    16: ("шестнадцать", "шестнадцати", "шестнадцати", "шестнадцать", "шестнадцатью", "шестнадцати"),
    17: ("семнадцать", "семнадцати", "семнадцати", "семнадцать", "семнадцатью", "семнадцати"),
    18: (
        "восемнадцать",
        "восемнадцати",
        "восемнадцати",
        "восемнадцать",
        "восемнадцатью",
        "восемнадцати",
    ),
    19: (
        "девятнадцать",
        "девятнадцати",
        "девятнадцати",
        "девятнадцать",
        "девятнадцатью",
        "девятнадцати",
    ),
}

_TENS: Final[dict[int, tuple[str, ...]]] = {
    20: ("двадцать", "двадцати", "двадцати", "двадцать", "двадцатью", "двадцати"),
    30: ("тридцать", "тридцати", "тридцати", "тридцать", "тридцатью", "тридцати"),
    40: ("сорок", "сорока", "сорока", "сорок", "сорока", "сорока"),
    50: ("пятьдесят", "пятидесяти", "пятидесяти", "пятьдесят", "пятьюдесятью", "пятидесяти"),
    60: ("шестьдесят", "шестидесяти", "шестидесяти", "шестьдесят", "шестьюдесятью", "шестидесяти"),
    70: ("семьдесят", "семидесяти", "семидесяти", "семьдесят", "семьюдесятью", "семидесяти"),
    80: (
        "восемьдесят",
        "восьмидесяти",
        "восьмидесяти",
        "восемьдесят",
        "восемьюдесятью",
        "восьмидесяти",
    ),
    90: ("девяносто", "девяноста", "девяноста", "девяносто", "девяноста", "девяноста"),
}

_HUNDREDS: Final[dict[int, tuple[str, ...]]] = {
    100: ("сто", "ста", "ста", "сто", "ста", "ста"),
    200: ("двести", "двухсот", "двумстам", "двести", "двумястами", "двухстах"),
    300: ("триста", "трёхсот", "трёмстам", "триста", "тремястами", "трёхстах"),
    400: ("четыреста", "четырёхсот", "четырёмстам", "четыреста", "четырьмястами", "четырёхстах"),
    500: ("пятьсот", "пятисот", "пятистам", "пятьсот", "пятьюстами", "пятистах"),
    600: ("шестьсот", "шестисот", "шестистам", "шестьсот", "шестьюстами", "шестистах"),
    700: ("семьсот", "семисот", "семистам", "семьсот", "семьюстами", "семистах"),
    800: ("восемьсот", "восьмисот", "восьмистам", "восемьсот", "восемьюстами", "восьмистах"),
    900: ("девятьсот", "девятисот", "девятистам", "девятьсот", "девятьюстами", "девятистах"),
}

_ZERO: Final = ("ноль", "ноля", "нолю", "ноль", "нолём", "ноле")


@dataclass(frozen=True)
class _Scale:
    """A counted noun that names a power of a thousand, with its gender for the count."""

    gender: NumGender
    sing: tuple[str, ...]
    plur: tuple[str, ...]


# From the largest down; the count in front of each is declined like any other number.
_SCALES: Final[tuple[tuple[int, _Scale], ...]] = (
    (
        10**12,
        _Scale(
            "m",
            ("триллион", "триллиона", "триллиону", "триллион", "триллионом", "триллионе"),
            ("триллионы", "триллионов", "триллионам", "триллионы", "триллионами", "триллионах"),
        ),
    ),
    (
        10**9,
        _Scale(
            "m",
            ("миллиард", "миллиарда", "миллиарду", "миллиард", "миллиардом", "миллиарде"),
            ("миллиарды", "миллиардов", "миллиардам", "миллиарды", "миллиардами", "миллиардах"),
        ),
    ),
    (
        10**6,
        _Scale(
            "m",
            ("миллион", "миллиона", "миллиону", "миллион", "миллионом", "миллионе"),
            ("миллионы", "миллионов", "миллионам", "миллионы", "миллионами", "миллионах"),
        ),
    ),
    (
        10**3,
        _Scale(
            "f",
            ("тысяча", "тысячи", "тысяче", "тысячу", "тысячей", "тысяче"),
            ("тысячи", "тысяч", "тысячам", "тысячи", "тысячами", "тысячах"),
        ),
    ),
)

_NEUTER_ALIASES: Final = frozenset(
    {"n", "neut", "neuter", "ср", "сред", "средний", "ср.р.", "ср. р.", "с"}
)
_GENDER_ALIASES: Final[dict[str, NumGender]] = {
    "m": "m",
    "masc": "m",
    "male": "m",
    "м": "m",
    "муж": "m",
    "мужской": "m",
    "мр": "m",
    "f": "f",
    "femn": "f",
    "female": "f",
    "ж": "f",
    "жен": "f",
    "женский": "f",
    "жр": "f",
}


def _parse_num_gender(value: str) -> NumGender:
    """Accept m/f/n in the spellings ``cases.parse_gender`` knows, plus the neuter ones."""
    key = value.strip().lower()
    if key in _NEUTER_ALIASES:
        return "n"
    gender = _GENDER_ALIASES.get(key)
    if gender is None:
        raise GrammarError(f"неизвестный род числительного «{value}»: ожидается m/f/n или м/ж/ср")
    return gender


def _check_int(n: object, what: str = "число") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise GrammarError(f"{what} «{n}» должно быть целым")
    if n < 0:
        raise GrammarError(f"{what} «{n}» отрицательное: прописью пишутся числа от 0")
    if n > MAX_NUMBER:
        raise GrammarError(f"{what} «{n}» слишком большое: прописью пишутся числа до {MAX_NUMBER}")
    return n


def _below_thousand(n: int, case: Case, gender: NumGender, *, animate: bool) -> list[str]:
    """Words of 1…999; ``animate`` only changes один/одна/одно at the end in the accusative."""
    idx = _CASE_INDEX[case]
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(_HUNDREDS[hundreds * 100][idx])
    if rest >= 20:
        tens, rest = divmod(rest, 10)
        words.append(_TENS[tens * 10][idx])
    if rest == 1:
        forms = _ONE[gender]
        if animate and case == "accs" and gender != "f":
            words.append(forms[_CASE_INDEX["gent"]])
        else:
            words.append(forms[idx])
    elif rest == 2 and gender == "f":
        words.append(_TWO_F[idx])
    elif rest:
        words.append(_UNITS[rest][idx])
    return words


def _scale_word(count: int, scale: _Scale, case: Case) -> str:
    """тысяча/миллион after its count: the count governs it like any counted noun."""
    form = count_form(count, case)
    table = scale.sing if form.number == "sing" else scale.plur
    return table[_CASE_INDEX[form.case]]


def number_words(
    n: int, case: str = "nomn", gender: str = "m", *, animate: bool = False, yo: bool = False
) -> str:
    """Write ``n`` (0 … 999 999 999 999 999) in words in the given case.

    Every part of a compound numeral is declined (двух тысяч пятисот). ``gender`` is the
    gender of the counted noun and changes only один/одна/одно and два/две. ``animate``
    matters only in the accusative: a final один becomes одного (двадцать одного ученика),
    and the whole number 2, 3 or 4 becomes двух/трех/четырех; compound numbers ending in
    2–4 keep the nominative form (двадцать два ученика), as the norm requires.
    """
    value = _check_int(n)
    tag = parse_case(case)
    gend = _parse_num_gender(gender)
    if value == 0:
        words = [_ZERO[_CASE_INDEX[tag]]]
    elif animate and tag == "accs" and value in (2, 3, 4):
        words = _below_thousand(value, "gent", gend, animate=False)
    else:
        words = []
        rest = value
        for size, scale in _SCALES:
            count, rest = divmod(rest, size)
            if count:
                words += _below_thousand(count, tag, scale.gender, animate=False)
                words.append(_scale_word(count, scale, tag))
        if rest:
            words += _below_thousand(rest, tag, gend, animate=animate)
    text = " ".join(words)
    return text if yo else text.replace("ё", "е")


def group_digits(n: int) -> str:
    """Digits of ``abs(n)``, grouped by three with U+00A0 only from 10 000 (1000, 10 000).

    Russian typography does not split four-digit numbers; the non-breaking space keeps
    a number on one line. The sign is the caller's business.
    """
    digits = str(abs(n))
    if len(digits) <= 4:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(groups)


def with_words(
    n: int, case: str = "nomn", gender: str = "m", *, animate: bool = False, yo: bool = False
) -> str:
    """The official "digits (words)" form: 60 (шестьдесят), 60 (шестидесяти)."""
    words = number_words(n, case, gender, animate=animate, yo=yo)
    return f"{group_digits(n)} ({words})"


# --- agreement of a counted noun -------------------------------------------------------------

SING: Final[Number] = "sing"
PLUR: Final[Number] = "plur"


@dataclass(frozen=True)
class CountForm:
    """How a noun phrase stands after a number written in digits.

    ``number``/``case`` are for the noun; ``adj_number`` and ``adj_case_masc`` /
    ``adj_case_femn`` are for adjectives and participles in front of it, which after
    2, 3, 4 (nominative/accusative) go to the plural with a case that depends on the
    gender of the noun: два новых стола, две новые книги. Neuter nouns follow the
    masculine (два новых окна). For feminine nouns the hint is "nomn" in the accusative
    too (купить две новые книги): the inanimate accusative plural is the nominative form,
    and asking pymorphy3 for plural "accs" may give the animate (= genitive) one. In all
    other positions the adjective simply takes the noun's number and case.
    """

    number: Number
    case: Case
    adj_number: Number
    adj_case_masc: Case
    adj_case_femn: Case

    def adjective(self, gender: str) -> tuple[Number, Case]:
        """Number and case of an adjective agreeing with a noun of this gender (m/f/n)."""
        gend = _parse_num_gender(gender)
        return self.adj_number, self.adj_case_femn if gend == "f" else self.adj_case_masc


def _same(number: Number, case: Case) -> CountForm:
    return CountForm(number, case, number, case, case)


#: After a fraction (2,5; 0,5) the noun and its adjectives stand in the genitive singular in
#: every case, because they are governed by the fractional part ("пять десятых часа"):
#: 2,5 часа, о 2,5 часа, с 0,5 ставки, на 0,3 процентного пункта.
FRACTION_FORM: Final = _same(SING, "gent")


def _is_whole(n: int | float | Decimal) -> bool:
    if isinstance(n, int):
        return True
    return n == int(n)


def count_form(n: int | float | Decimal, case: str = "nomn", *, animate: bool = False) -> CountForm:
    """The Russian rule of numeral–noun agreement for a number written in digits.

    ``case`` is the case of the whole phrase. With the last digit 1 (not 11) the noun is
    singular in that case: 1 час, 21 организация, в 31 организации. In the nominative and
    the (inanimate) accusative, last digit 2–4 (not 12–14) gives the genitive singular
    (42 общеобразовательные организации, with the adjective plural: nominative for
    feminine nouns, genitive for masculine and neuter); any other ending gives the genitive
    plural (36 организаций, 0 часов, 11 часов). In the oblique cases the noun is plural in
    the case of the phrase (в 16 организациях, 25 часами). A fraction (2,5; 0,5) takes
    :data:`FRACTION_FORM` in every case. A float or Decimal with a whole value counts as an
    integer, since docgen prints 2.0 as "2". The sign is ignored.

    ``animate`` changes only the accusative of exactly 2, 3 or 4 (вижу двух учеников):
    the noun is then plural accusative (= genitive for animate nouns); compound numbers
    keep the inanimate pattern (двадцать два ученика).
    """
    if isinstance(n, bool) or not isinstance(n, int | float | Decimal):
        raise GrammarError(f"количество «{n}» должно быть числом")
    if (isinstance(n, float) and not math.isfinite(n)) or (
        isinstance(n, Decimal) and not n.is_finite()
    ):
        raise GrammarError(f"количество «{n}» не является конечным числом")
    tag = parse_case(case)
    if not _is_whole(n):
        return FRACTION_FORM
    value = abs(int(n))
    last, last_two = value % 10, value % 100
    if last == 1 and last_two != 11:
        return _same(SING, tag)
    if tag not in ("nomn", "accs"):
        return _same(PLUR, tag)
    if 2 <= last <= 4 and not 12 <= last_two <= 14:
        if animate and tag == "accs" and value in (2, 3, 4):
            return _same(PLUR, "accs")
        return CountForm(SING, "gent", PLUR, "gent", "nomn")
    return _same(PLUR, "gent")


def plural_word(n: int | float | Decimal, one: str, few: str, many: str) -> str:
    """Pick the form after a number in the nominative: 1 час, 2 часа, 5 часов, 2,5 часа.

    ``few`` is the genitive singular, which is also the form after a fraction.
    """
    form = count_form(n, "nomn")
    if form.number == SING:
        return one if form.case == "nomn" else few
    return many


# --- decimal numbers and percentages ---------------------------------------------------------


def _to_decimal(value: int | float | Decimal | str) -> Decimal:
    """Exact decimal of a value; a float goes through its shortest repr, so 0.25 stays 0.25."""
    if isinstance(value, bool):
        raise GrammarError(f"«{value}» не является числом")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(NBSP, "").replace(" ", "").replace(",", ".")
        try:
            result = Decimal(text.replace(MINUS, "-"))
        except InvalidOperation:
            raise GrammarError(f"«{value}» не является числом") from None
    else:
        raise GrammarError(f"«{value}» не является числом")
    if not result.is_finite():
        raise GrammarError(f"«{value}» не является конечным числом")
    return result


def _format(number: Decimal, digits: int, sign: bool) -> str:
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise GrammarError(f"число знаков после запятой «{digits}» должно быть целым от 0")
    with localcontext() as ctx:
        ctx.prec = max(60, number.adjusted() + digits + 2)
        rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = format(abs(rounded), "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    body = group_digits(int(whole)) + ("," + fraction if fraction else "")
    if rounded.is_zero():
        return body
    if rounded < 0:
        return MINUS + body
    return ("+" if sign else "") + body


def decimal(value: int | float | Decimal | str, digits: int = 2, *, sign: bool = False) -> str:
    """A number with the decimal comma, rounded half up: 2.5 -> "2,5", 12345 -> "12 345".

    Strings with a comma or a dot are accepted ("2,5"), as data from spreadsheets comes.
    """
    return _format(_to_decimal(value), digits, sign)


def percent(value: int | float | Decimal | str, digits: int = 1, *, sign: bool = False) -> str:
    """A percentage: 33.333 -> "33,3 %", 44.0 -> "44 %"; ``sign`` gives "+7,5 %" / "−2,1 %"."""
    return decimal(value, digits, sign=sign) + NBSP + "%"


def percent_of(
    part: int | float | Decimal | str,
    whole: int | float | Decimal | str,
    digits: int = 1,
    *,
    sign: bool = False,
) -> str:
    """The share of ``part`` in ``whole`` as a percentage, rounded like :func:`percent`."""
    numerator, denominator = _to_decimal(part), _to_decimal(whole)
    if denominator.is_zero():
        raise GrammarError(f"нельзя вычислить процент от нуля: часть «{part}», целое «{whole}»")
    with localcontext() as ctx:
        ctx.prec = 60
        share = numerator * 100 / denominator
    return _format(share, digits, sign) + NBSP + "%"
