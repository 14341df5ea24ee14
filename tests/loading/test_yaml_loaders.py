"""YAML is composed by libyaml's loader when PyYAML has it (issue 17: a district's plan is read on
every run): the same data and the same line of every value as the pure-Python loader, and a
syntax error said in the same words at the same place (the text it refuses goes to the
pure-Python loader)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.errors import DataError
from docgen.loading import _read
from docgen.loading._common import Locator
from docgen.loading._read import _YamlBuilder, compose, read_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "data").rglob("*.yaml"))

needs_libyaml = pytest.mark.skipif(
    getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML without libyaml"
)


def _built(text: str, fast: bool) -> tuple[Any, list[tuple[Any, int | None]]]:
    locator = Locator("plan.yaml")
    raw = _YamlBuilder(locator).build(compose(text, fast), ())
    return raw, sorted((path, place.row) for path, place in locator.places.items())


@needs_libyaml
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_both_loaders_give_the_same_data_and_lines(path: Path) -> None:
    text = path.read_text("utf-8-sig")
    fast, slow = _built(text, True), _built(text, False)
    assert fast == slow
    assert fast[1]  # every example has values with their lines


BROKEN = [
    ("title: План: мероприятий\n", 1),
    ("plan:\n  title: x\n   period: y\n", 3),
    ("plan:\n\ttitle: x\n", 2),
    ("plan:\n  title: Выявление\tинтересов\n", 2),  # libyaml would take the tab
    ("plan: [1, 2\n", 2),
    ("plan: 'не закрыта\n", 2),
    ("a: *нет\n", 1),
    ("a: 1\n---\nb: 2\n", 2),
    ("a: 1\x07\n", 1),
]


@pytest.mark.parametrize(("text", "line"), BROKEN, ids=[repr(t[:20]) for t, _ in BROKEN])
def test_a_syntax_error_is_said_as_before_at_its_line(
    text: str, line: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DataError) as fast:
        read_yaml(text.encode(), "plan.yaml")
    monkeypatch.setattr(_read, "_FAST_LOADER", None)  # PyYAML without libyaml
    with pytest.raises(DataError) as slow:
        read_yaml(text.encode(), "plan.yaml")
    assert fast.value.message == slow.value.message
    assert fast.value.location == slow.value.location
    assert fast.value.location.row == line


@needs_libyaml
def test_the_fast_loader_is_the_one_used(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[Any] = []
    real = yaml.compose

    def spy(text: str, Loader: Any) -> Any:
        used.append(Loader)
        return real(text, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", spy)
    read_yaml("plan:\n  title: План\n".encode(), "plan.yaml")
    assert used == [yaml.CSafeLoader]
