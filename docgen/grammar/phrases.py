"""Inflection of positions, organizations and places: only the head noun phrase changes.

"заместитель начальника управления образования" -> "заместителю начальника управления
образования": the leading adjectives and participles and the head noun take the case;
everything after the head (genitive chains, prepositional phrases, quoted names,
numbers, "имени …", a proper name in apposition) is kept exactly as written. When a
participle or adjective is followed by nothing it could agree with, it is the head
itself ("исполняющий обязанности директора", "заведующая детским садом").

Two dependants do take the case, because Russian agrees them with the head: the name of a
settlement after its generic word, as Розенталь (§ 197) says (города Липецка, г. Твери,
ст. Переясловской), and a second name after a dash, spaced hyphen or em dash (округа – Югры,
заместителю главы администрации – начальнику управления). Either is declined whole or the
phrase is refused: a half-declined name makes a document unusable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from docgen.errors import GrammarError
from docgen.grammar._morph import inflect, match_case, parse, restore_yo
from docgen.grammar.cases import Case

# A word is letters with inner hyphens; quoted names and brackets are single opaque tokens.
_TOKEN = re.compile(
    r"«(?:[^«»]|«[^«»]*»)*»"  # «…» with one level of nesting: «Об утверждении «…»»
    r"|\"[^\"]*\""
    r"|\([^()]*\)"
    r"|[А-Яа-яЁё]{1,4}\.(?:[А-Яа-яЁё]{1,4}\.)+"  # и.о., т.д.
    r"|[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*"
    r"|\S"
)
_ABBREVIATION = re.compile(r"^(?:[А-ЯЁA-Z]{2,}(?:-[А-ЯЁA-Z]+)?|(?:[А-Яа-яЁё]{1,4}\.){2,})$")
_MODIFIER_POS = {"ADJF", "PRTF", "NUMR"}


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Head:
    """The words that take the case: modifiers and the head, with the parses chosen."""

    modifiers: tuple[tuple[_Word, Any], ...]
    head: tuple[_Word, Any]
    substantivized: bool


def _tokens(text: str) -> list[_Word]:
    return [_Word(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_word(token: str) -> bool:
    return token[:1].isalpha()


_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ"}


def _nominative_parses(word: str, pos: set[str] | frozenset[str]) -> list[Any]:
    """The word's readings in the nominative among these parts of speech, most probable first
    (a new list: the caller may sort it)."""
    return list(_nominatives(word, frozenset(pos)))


@lru_cache(maxsize=8192)
def _nominatives(word: str, pos: frozenset[str]) -> tuple[Any, ...]:
    """Kept: the names of a district's schools repeat the same words (Муниципальное бюджетное
    общеобразовательное учреждение), each looked at several times by the head's search."""
    parses = parse(word.lower())
    if parses and parses[0].tag.POS in _FUNCTION_WORDS:
        return ()  # "по", "и": a rare noun reading must not make them a head
    found = []
    for p in parses:
        if p.tag.case == "nomn" and p.tag.POS in pos and not ({"Surn", "Patr"} & p.tag.grammemes):
            if "Abbr" in p.tag and p.tag.POS != "NOUN":
                continue  # "р-н" read as an adjective by its pieces
            found.append(p)
    return tuple(found)


@lru_cache(maxsize=8192)
def _agrees(modifier: Any, noun: Any) -> bool:
    """Whether the modifier's form agrees with the noun's (kept: pymorphy3 works a tag's
    number and gender out at each look, and the head's search asks the same pairs again)."""
    mt, nt = modifier.tag, noun.tag
    if mt.number != nt.number:
        return False
    return nt.number == "plur" or mt.gender == nt.gender or ("ms-f" in nt and mt.gender != "neut")


def _find_head(words: list[_Word], animate: bool | None) -> _Head | None:
    """Scan leading modifiers up to the first noun they all agree with."""
    modifiers: list[tuple[_Word, list[Any]]] = []
    for index, word in enumerate(words):
        inner = _bracketed_adjective(word) if modifiers else None
        if inner is not None:
            modifiers.append(inner)
            continue
        if not _is_word(word.text) or _ABBREVIATION.match(word.text):
            break
        nouns = _nominative_parses(word.text, {"NOUN"})
        if animate is not None:
            # Positions are people, organizations are not: специалист-эксперт has both parses.
            nouns.sort(key=lambda p: ("anim" in p.tag) != animate)
        adjectives = _nominative_parses(word.text, _MODIFIER_POS)
        if nouns and (not adjectives or _noun_first(nouns, adjectives, words, index)):
            chosen = _agreeing_noun(nouns, modifiers)
            if chosen is not None:
                return _Head(
                    tuple((w, _agreeing_modifier(ps, chosen)) for w, ps in modifiers),
                    (word, chosen),
                    substantivized=False,
                )
        if adjectives:
            modifiers.append((word, adjectives))
            continue
        if not modifiers and any(p.tag.POS == "ADVB" for p in parse(word.text.lower())):
            continue  # "временно исполняющий обязанности"
        break
    if modifiers:
        # The last modifier stands alone: a substantivized participle or adjective.
        *leading, (last_word, last_parses) = modifiers
        head_parse = last_parses[0]
        return _Head(
            tuple((w, _agreeing_modifier(ps, head_parse)) for w, ps in leading),
            (last_word, head_parse),
            substantivized=True,
        )
    return None


def _bracketed_adjective(word: _Word) -> tuple[_Word, list[Any]] | None:
    """ "(Приволжский)" between two adjectives is one more modifier: Казанского (Приволжского)
    федерального университета. Its word alone is replaced, the brackets stay."""
    text = word.text
    if not (text.startswith("(") and text.endswith(")")) or " " in text:
        return None
    inner = _Word(word.start + 1, word.end - 1, text[1:-1])
    if not _is_word(inner.text):
        return None
    adjectives = _nominative_parses(inner.text, {"ADJF"})
    return (inner, adjectives) if adjectives else None


def _noun_first(nouns: list[Any], adjectives: list[Any], words: list[_Word], index: int) -> bool:
    """A word that is both (ведущий, учёный): a noun only if no agreeing noun follows."""
    following = words[index + 1] if index + 1 < len(words) else None
    if following is None or not _is_word(following.text):
        return True
    next_nouns = _nominative_parses(following.text, {"NOUN"})
    next_adjs = _nominative_parses(following.text, _MODIFIER_POS)
    return not any(_agrees(a, n) for a in adjectives for n in next_nouns + next_adjs)


def _agreeing_noun(nouns: list[Any], modifiers: list[tuple[_Word, list[Any]]]) -> Any | None:
    for noun in nouns:
        if all(any(_agrees(m, noun) for m in parses) for _, parses in modifiers):
            return noun
    return None


def _agreeing_modifier(parses: list[Any], head: Any) -> Any:
    for p in parses:
        if _agrees(p, head):
            return p
    return parses[0]


# After a number "человек" keeps its own plural (пять человек, двум человекам), not "люди";
# with an adjective it does not: пять молодых людей.
_COUNTED_PLURALS = {
    "человек": {
        "gent": "человек",
        "accs": "человек",
        "datv": "человекам",
        "ablt": "человеками",
        "loct": "человеках",
    },
}


def _inflect_word(analysis: Any, grammemes: set[str], original: str, counted: bool = False) -> str:
    special = _COUNTED_PLURALS.get(analysis.normal_form) if counted else None
    if special and "plur" in grammemes:
        case = next((c for c in special if c in grammemes), None)
        if case is not None:
            return match_case(special[case], original)
    inflected = inflect(analysis, grammemes)
    if inflected is None:
        raise GrammarError(f"не удалось поставить слово «{original}» в форму {sorted(grammemes)}")
    return match_case(restore_yo(inflected.word, original), original)


def _targets(
    head: Any, case: Case, count: int | float | Decimal | None, animate: bool
) -> tuple[set[str], set[str]]:
    """Grammemes for the head noun and for its modifiers (case, number, animacy)."""
    number = head.tag.number or "sing"
    if count is None:
        noun = {case, number}
        modifier = {case, number}
    else:
        from docgen.grammar.numerals import count_form

        form = count_form(count, case, animate=animate)
        noun = {form.case, form.number}
        gender = "f" if head.tag.gender == "femn" else "m"
        adj_number, adj_case = form.adjective(gender)
        modifier = {adj_case, adj_number}
    if "accs" in modifier and ("plur" in modifier or head.tag.gender not in ("femn", "neut")):
        # Only the masculine singular and the plural of adjectives tell animacy apart.
        modifier.add("anim" if animate else "inan")
    return noun, modifier


# Nouns whose second locative is the standard form after «в/на» in official texts. The
# dictionary has a second locative for many more (дому, краю, штабу), mostly archaic.
_LOC2_NOUNS = frozenset({"сад", "год", "порт", "аэропорт", "лес", "мост", "угол", "шкаф", "полк"})


def _locative(analysis: Any, target: set[str]) -> set[str]:
    """ "в детском саду", "в 2023 году": the second locative for the nouns that take it."""
    if analysis.normal_form not in _LOC2_NOUNS:
        return target
    with_loc2 = (target - {"loct"}) | {"loc2"}
    inflected = inflect(analysis, with_loc2)
    plain = inflect(analysis, target)
    if inflected is not None and plain is not None and inflected.word != plain.word:
        return with_loc2
    return target


def _dash_apposition(
    text: str,
    words: list[_Word],
    head: _Word,
    case: Case,
    count: int | float | Decimal | None,
    animate: bool,
    override: Callable[[str, Case], str | None] | None,
) -> list[tuple[_Word, str]]:
    """After a dash, a second name in the nominative declines too: округа – Югры, заместителю
    главы администрации – начальнику управления образования.

    A word after the dash that cannot be a nominative (округа – Югры in a genitive tail) belongs
    to the dependent part, which never changes.
    """
    index = words.index(head)
    if count is not None:
        return []
    after = words[index + 1].text if index + 1 < len(words) else ""
    if after[:1].isupper() and _nominative_parses(after, {"NOUN", "ADJF"}):
        return []  # Республики Северная Осетия – Алания: the dash is inside the kept name
    dash = next((i for i in range(index + 1, len(words)) if words[i].text in _DASHES), None)
    if dash is None or dash + 1 >= len(words):
        return []
    rest = words[dash + 1 :]
    first = rest[0].text
    if not _is_word(first) or not (
        _ABBREVIATION.match(first) or _nominative_parses(first, {"NOUN", *_MODIFIER_POS})
    ):
        return []
    offset = rest[0].start
    tail = text[offset:]
    try:
        inflected = inflect_phrase(tail, case, animate=animate, override=override)
    except GrammarError as exc:
        # Half a double name in the case and half not would make the document unusable.
        raise GrammarError(
            f"не удалось просклонять часть после тире в «{text}» ({exc.message}); "
            "укажите формы в файле исключений"
        ) from exc
    last = rest[-1]
    return [(_Word(offset, last.end, tail), inflected)]


# A spaced hyphen is how many documents type the dash of a double name: «округ - Югра».
_DASHES = frozenset({"-", "–", "—"})

# Generic words of settlements, with their gender, and their abbreviations as documents write
# them. «ст.» in addresses of the south of Russia is «станица»; a railway «станция» is written out
# and its name never agrees (на станции Дно), so it is not here.
_SETTLEMENT_GENDER: dict[str, str] = {
    "город": "masc",
    "село": "neut",
    "деревня": "femn",
    "посёлок": "masc",
    "поселок": "masc",
    "станица": "femn",
    "хутор": "masc",
}
_SETTLEMENT_ABBREVIATIONS: dict[str, str] = {
    "г": "город",
    "с": "село",
    "д": "деревня",
    "п": "посёлок",
    "пос": "посёлок",
    "пгт": "посёлок",
    "рп": "посёлок",
    "ст": "станица",
    "ст-ца": "станица",
    "х": "хутор",
}
# Slavic names in -ово, -ево, -ино, -ыно after a generic word stay as they are (Розенталь,
# «Справочник по правописанию и литературной правке», § 197: в городе Иваново, из посёлка Пушкино).
_NEUTER_O = re.compile(r"(?:ов|ев|ёв|ин|ын)о$", re.IGNORECASE)


def settlement_generic(words: list[_Word]) -> tuple[str, int, bool] | None:
    """The generic word a phrase starts with («город», «г.», «пгт»…), where its name starts and
    whether the generic word is abbreviated (then it stays as written)."""
    if not words or not _is_word(words[0].text):
        return None
    first = words[0].text.lower()
    if len(words) >= 3 and words[1].text == "." and first in _SETTLEMENT_ABBREVIATIONS:
        return _SETTLEMENT_ABBREVIATIONS[first], 2, True
    if first in ("пгт", "рп", "ст-ца") and len(words) >= 2:
        return _SETTLEMENT_ABBREVIATIONS[first], 1, True
    if first in _SETTLEMENT_GENDER and len(words) >= 2:
        return first, 1, False
    return None


def _settlement_name(
    words: list[_Word],
    start: int,
    generic: str,
    case: Case,
    override: Callable[[str, Case], str | None] | None = None,
) -> list[tuple[_Word, str]] | None:
    """Forms of the settlement's name after its generic word, or None when it keeps its form.

    The norm (Розенталь, § 197): a name of one declinable word agrees with «город» (города
    Липецка, г. Твери); after «село», «деревня», «посёлок», «станица», «хутор» only a name of the
    generic word's gender does (станицы Переясловской; села Покровка, посёлка Пятницкое). A
    compound name agrees only when it has the generic word's gender (города Нового Уренгоя; села
    Красный Яр); plural names (города Великие Луки) and names in -ово/-ино (города Иваново) do not.
    Raises :class:`GrammarError` when the name cannot be read: half a place in the case is worse
    than none.
    """
    gender = _SETTLEMENT_GENDER[generic]
    name: list[tuple[_Word, Any]] = []
    rest = words[start:]
    if override is not None:
        # The exceptions file wins: «Новый Уренгой: неизменяемое» for a city that writes
        # «города Новый Уренгой» in its own documents.
        run = 0
        while run < len(rest) and _is_capitalised_word(rest[run]):
            run += 1
        for end in range(run, 0, -1):
            text = " ".join(w.text for w in rest[:end])
            form = override(text, case)
            if form is not None:
                return [(_Word(rest[0].start, rest[end - 1].end, text), form)]
    if rest and _is_capitalised_word(rest[0]) and "-" in rest[0].text:
        pieces = _hyphenated_place(rest[0].text)
        if pieces is not None:
            own = pieces[0][1].tag.gender
            if _NEUTER_O.search(rest[0].text) or (
                own != gender and not (generic == "город" and own == "femn")
            ):
                return None
            if case == "accs" and own != "femn":
                return None
            declined = [
                _inflect_word(analysis, _place_target(case, own), piece)
                if analysis is not None
                else piece
                for piece, analysis in pieces
            ]
            return [(rest[0], "-".join(declined))]
    for index, word in enumerate(rest):
        if not _is_capitalised_word(word):
            break
        nouns = [p for p in _nominative_parses(word.text, {"NOUN"}) if "plur" not in p.tag]
        adjectives = [
            p
            for p in _nominative_parses(word.text, {"ADJF"}) or _adjectival_surnames(word.text)
            if "plur" not in p.tag
        ]
        plural = any("plur" in p.tag for p in _nominative_parses(word.text, {"NOUN", "ADJF"}))
        more = index + 1 < len(rest) and _is_capitalised_word(rest[index + 1])
        if adjectives and (more or not nouns or not any("Geox" in p.tag for p in nouns)):
            # Красный Яр, Новый Уренгой; Афипский, which the dictionary also has as a noun
            name.append((word, adjectives))
            continue
        if nouns:
            name.append((word, next((p for p in nouns if "Geox" in p.tag), nouns[0])))
            break
        if plural:
            return None
        break
    if not name:
        if rest and _is_capitalised_word(rest[0]):
            raise GrammarError(
                f"не удалось прочитать название «{rest[0].text}» после «{generic}»: "
                "укажите формы в файле исключений"
            )
        return None
    last_word, last = name[-1]
    if isinstance(last, list):
        # An adjective alone is the name (Переясловская, Михайловское): take the generic's
        # gender if it can, otherwise its own.
        last = next((p for p in last if p.tag.gender == gender), last[0])
        name[-1] = (last_word, last)
    if "plur" in last.tag or "Fixd" in last.tag or _NEUTER_O.search(last_word.text):
        return None
    own = last.tag.gender
    single = len(name) == 1
    if own != gender and not (single and generic == "город" and own == "femn"):
        return None
    if case == "accs" and own != "femn":
        return None  # an inanimate masculine or neuter accusative is the nominative
    forms: list[tuple[_Word, str]] = []
    for word, analysis in name[:-1]:
        chosen = next((p for p in analysis if p.tag.gender == own), None)
        if chosen is None:
            return None
        forms.append((word, _inflect_word(chosen, _place_target(case, own), word.text)))
    forms.append((last_word, _inflect_word(last, _place_target(case, own), last_word.text)))
    return forms


_PREPOSITIONS = frozenset({"на", "над", "под", "при", "у", "в"})


def _hyphenated_place(text: str) -> list[tuple[str, Any]] | None:
    """The pieces of a hyphenated name that decline apart, with their parses (None: kept).

    Ростов-на-Дону, Камень-на-Оби: the first piece declines, the rest stays. Каменск-Уральский,
    Гусь-Хрустальный: the noun and its adjective both decline (Гуся-Хрустального; the dictionary
    has Гусь-Хрустального). Other hyphenated names (Ханты-Мансийск, Йошкар-Ола) are one word:
    None.
    """
    pieces = text.split("-")
    first = [p for p in _nominative_parses(pieces[0], {"NOUN"}) if "plur" not in p.tag]
    if not first:
        return None
    noun = next((p for p in first if "Geox" in p.tag), first[0])
    if len(pieces) >= 3 and pieces[1] in _PREPOSITIONS:
        return [(pieces[0], noun), *((piece, None) for piece in pieces[1:])]
    if len(pieces) == 2:
        adjectives = [
            p
            for p in _nominative_parses(pieces[1], {"ADJF"})
            if p.tag.number == "sing" and p.tag.gender == noun.tag.gender
        ]
        if adjectives:
            return [(pieces[0], noun), (pieces[1], adjectives[0])]
    return None


def _is_capitalised_word(word: _Word) -> bool:
    return _is_word(word.text) and word.text[:1].isupper()


def _adjectival_surnames(word: str) -> list[Any]:
    """Пойковский is in the dictionary only as a surname; it declines like the adjective."""
    if not _ADJECTIVE_ENDING.search(word):
        return []
    return [
        p
        for p in parse(word.lower())
        if "Surn" in p.tag and p.tag.case == "nomn" and p.tag.number == "sing"
    ]


_ADJECTIVE_ENDING = re.compile(r"(?:ий|ый|ой|ая|яя|ое|ее)$", re.IGNORECASE)


def _place_target(case: Case, gender: str) -> set[str]:
    return {case, "sing", gender}


# Head nouns that make a phrase a place rather than an organization (for the kind guess only:
# both decline the same way).
_PLACE_HEADS = frozenset(
    {
        "район",
        "округ",
        "область",
        "край",
        "республика",
        "федерация",
        "поселение",
        "образование",
        "регион",
        "страна",
        *_SETTLEMENT_GENDER,
    }
)


# Abbreviated place nouns after their adjective: Тверская обл., Красноярский кр.
_PLACE_ABBREVIATIONS = frozenset({"обл", "кр", "респ", "окр"})


def phrase_kind(text: str) -> str:
    """Whether a phrase that is not a person's name is a position, an organization or a place.

    Read from its head noun: a person (директор, заведующая) is a position, a place noun or a
    geographical name a place, anything else an organization. Raises :class:`GrammarError`
    naming the phrase when no head noun is found, so that nothing is declined by half.
    """
    words = _tokens(text)
    if words and settlement_generic(words) is not None:
        return "place"
    first = words[0].text if words else ""
    if _ABBREVIATION.match(first) or first.startswith("«"):
        return "org"
    found = _find_head(words, None) if words else None
    if found is None:
        raise GrammarError(
            f"не удалось определить главное слово в «{text}»: укажите вид текста "
            "(kind: person, position, org или place) или формы в файле исключений"
        )
    head_word, head = found.head
    index = words.index(head_word)
    if (
        found.substantivized
        and index + 2 < len(words)
        and words[index + 1].text.lower() in _PLACE_ABBREVIATIONS
        and words[index + 2].text == "."
    ):
        return "place"  # Тверская обл., Красноярский кр.
    readings = _nominative_parses(head_word.text, {"NOUN"})
    if found.substantivized or any("anim" in p.tag for p in [head, *readings]):
        # тьютор, специалист-эксперт: the dictionary also has an inanimate reading; no
        # organization or place noun has an animate one.
        return "position"
    if head.normal_form in _PLACE_HEADS or "Geox" in head.tag:
        return "place"
    return "org"


def inflect_phrase(
    text: str,
    case: Case,
    *,
    count: int | float | Decimal | None = None,
    animate: bool | None = None,
    override: Callable[[str, Case], str | None] | None = None,
) -> str:
    """Put the head noun phrase of a position, organization or place into ``case``.

    With ``count`` the phrase also agrees with that number ("42 общеобразовательные
    организации"); the number itself is not written.
    """
    words = _tokens(text)
    if not words:
        raise GrammarError("пустая строка вместо наименования")
    generic = settlement_generic(words) if count is None else None
    if generic is not None and generic[2]:
        # «г. Тверь», «ст. Переясловская»: the abbreviation stays, the name takes the case.
        if case == "nomn":
            return text
        forms = _settlement_name(words, generic[1], generic[0], case, override)
        return _replace(text, forms or [])
    first = words[0].text
    if _ABBREVIATION.match(first) or first.startswith("«"):
        return text  # МАОУ «СОШ № 2», ГБУ ДПО СО «…»: abbreviations do not decline
    found = _find_head(words, animate)
    if found is None:
        raise GrammarError(
            f"не найдено главное слово в «{text}»: ожидается должность, организация или "
            "место, начинающиеся с существительного или прилагательного в именительном падеже"
        )
    head_word, head_parse = found.head
    following = words[words.index(head_word) + 1] if head_word is not words[-1] else None
    if (
        "Abbr" in head_parse.tag
        and following is not None
        and _is_capitalised_word(following)
        and _nominative_parses(following.text, {"NOUN", "ADJF"})
    ):
        # «р-н Советский»: the name would agree with a word the abbreviation hides.
        raise GrammarError(
            f"не удалось просклонять «{text}»: название после сокращения «{head_word.text}»; "
            "напишите родовое слово полностью или укажите формы в файле исключений"
        )
    is_animate = (
        animate if animate is not None else ("anim" in head_parse.tag or found.substantivized)
    )
    if case == "nomn" and count is None:
        return text
    noun_target, modifier_target = _targets(head_parse, case, count, is_animate)
    if "sing" in modifier_target:
        # Adjectives take the head's gender: главный специалист, главная специалистка.
        gender = head_parse.tag.gender
        modifier_target.add(gender if gender in ("femn", "neut") else "masc")
    if found.substantivized:
        noun_target = modifier_target
    replacements: list[tuple[_Word, str]] = []
    for word, analysis in (*found.modifiers, found.head):
        target = noun_target if word == head_word else modifier_target
        if word == head_word and "loct" in target and not found.substantivized:
            target = _locative(analysis, target)
        form = override(word.text, case) if override is not None and count is None else None
        counted = count is not None and word == head_word and not found.modifiers
        replacements.append((word, form or _inflect_word(analysis, target, word.text, counted)))
    if generic is not None and head_word is words[0]:
        replacements.extend(_settlement_name(words, generic[1], generic[0], case, override) or [])
    replacements.extend(_dash_apposition(text, words, head_word, case, count, is_animate, override))
    return _replace(text, replacements)


def _replace(text: str, replacements: list[tuple[_Word, str]]) -> str:
    out, pos = [], 0
    for word, form in replacements:
        out.append(text[pos : word.start])
        out.append(form)
        pos = word.end
    out.append(text[pos:])
    return "".join(out)
