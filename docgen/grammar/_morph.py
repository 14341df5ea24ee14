"""The shared morphological analyzer, created once per process and only when first needed."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

_lock = threading.Lock()
_analyzer: Any = None


def _dictionary_path(variable: str) -> str | None:
    """The folder of the Russian dictionary package, named directly: left to find it itself,
    pymorphy3 reads the entry points of every installed package (importlib.metadata), a third
    of the analyzer's loading time. The variable pymorphy3 reads for another folder
    (``variable``) still wins: None lets pymorphy3 look for itself."""
    if variable in os.environ:
        return None
    try:
        import pymorphy3_dicts_ru
    except ImportError:
        return None
    return str(pymorphy3_dicts_ru.get_path())


def analyzer() -> Any:
    """Return the process-wide ``pymorphy3.MorphAnalyzer`` (loading it costs ~0.2 s and 15 MB)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer(
                    path=_dictionary_path(pymorphy3.MorphAnalyzer.DICT_PATH_ENV_VARIABLE),
                    lang="ru",
                )
    return _analyzer


@cache
def parse(word: str) -> tuple[Any, ...]:
    """All parses of a word, most probable first (cached: documents repeat words a lot).

    A word with a letter Unicode gives no name (pymorphy3 looks the name up to tell Latin from
    Cyrillic, and raises) has no parse: the grammar then refuses it like any unknown word.
    """
    try:
        return tuple(analyzer().parse(word))
    except ValueError:
        return ()


def inflect(analysis: Any, grammemes: Iterable[str]) -> Any:
    """``analysis.inflect(grammemes)``, kept: pymorphy3 builds the word's whole paradigm for
    each form asked, and a district's documents ask the same words in the same cases again
    («Муниципальное бюджетное общеобразовательное учреждение» of every school)."""
    wanted = frozenset(grammemes)
    try:
        return _inflected(analysis, wanted)
    except TypeError:  # an analysis that cannot be a key (none of pymorphy3's so far)
        return analysis.inflect(wanted)


@lru_cache(maxsize=8192)
def _inflected(analysis: Any, grammemes: frozenset[str]) -> Any:
    """A parse is a named tuple (word, tag, normal form, score, the analyzers' steps): equal
    parses are one lexeme's same form, so one inflected form each."""
    return analysis.inflect(grammemes)


def match_case(form: str, model: str) -> str:
    """Write ``form`` with the letter case of ``model``: ИВАНОВ -> ИВАНОВУ, Иванов -> Иванову.

    Hyphenated parts keep their own capitals (Римская-Корсакова, педагог-психолог).
    """
    if "-" in model and "-" in form:
        mparts, fparts = model.split("-"), form.split("-")
        if len(mparts) == len(fparts):
            return "-".join(match_case(f, m) for f, m in zip(fparts, mparts, strict=True))
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:].lower() if not _has_inner_capitals(model) else form
    return form.lower() if model.islower() else form


def _has_inner_capitals(word: str) -> bool:
    return any(ch.isupper() for ch in word[1:])


def restore_yo(form: str, original: str) -> str:
    """pymorphy3 writes ё even when the input did not; official texts usually do not."""
    if "ё" in original.lower():
        return form
    return form.replace("ё", "е").replace("Ё", "Е")
