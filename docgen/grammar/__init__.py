"""Russian grammar for documents: names, positions, organizations, places, numbers, dates.

The lowest engine: every family uses it, through the functions here, the :class:`Inflector`
made for a run's exception files (:func:`inflector_for`), and the template filters.
May import: :mod:`docgen.errors` only.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from docgen.grammar.inflector import Exceptions, Inflector

_default: Inflector | None = None


def default_inflector() -> Inflector:
    """The process-wide inflector with the project's default exceptions (made on first use)."""
    global _default
    if _default is None:
        _default = Inflector.with_exceptions()
    return _default


_INFLECTORS: dict[tuple[tuple[str, int, int], ...], Inflector] = {}


def inflector_for(files: tuple[Path, ...] = ()) -> Inflector:
    """One inflector per set of user exception files (while they are unchanged): its cache of
    inflected phrases then serves every document of a run."""
    if not files:
        return default_inflector()
    key = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    found = _INFLECTORS.get(key)
    if found is None:
        found = _INFLECTORS[key] = Inflector.with_exceptions(files)
    return found


def inflect(text: str, case: str, *, kind: str | None = None, gender: str | None = None) -> str:
    """Put a person, position, organization or place into a grammatical case.

    ``case``: nomn/gent/datv/accs/ablt/loct, им/рд/дт/вн/тв/пр or the full Russian names.
    ``kind``: person, surname, name, patronymic, position, org, place, or None to guess.
    ``gender``: m/f (м/ж); for a person it is inferred from the patronymic or first name.
    Raises :class:`~docgen.errors.GrammarError` (or ``UnknownGenderError``) rather than guess.
    """
    return default_inflector().inflect(text, case, kind=kind, gender=gender)


def agree(
    count: int | float | Decimal, phrase: str, case: str = "nomn", *, number: bool = True
) -> str:
    """ "36 общеобразовательных организаций", "в 16 общеобразовательных организациях"."""
    return default_inflector().agree(count, phrase, case, number=number)


__all__ = ["Exceptions", "Inflector", "agree", "default_inflector", "inflect", "inflector_for"]
