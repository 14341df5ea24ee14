"""The examples reproduce the real documents of ../shared/seeds, text for text.

The seeds are plain-text extractions of the real DOCX files. Where the extraction scrambled a
table row that crossed a page break, ``tests/seed_repairs/<seed>.yaml`` lists the fragment and
what the real row says; each repair must match exactly once. The extraction has no appendix
marks and approval stamps (the block at the top right), so they are left out of our text too.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
import yaml

from docgen.grammar.typography import phone_text, typeset
from docgen.options import Options
from docgen.rendering import render
from tests.docx_text import normalized, seed_text, text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
REPAIRS = Path(__file__).resolve().parent / "seed_repairs"

CASES = [
    ("order_953.yaml", "001_ec8d607b2a6c2320"),
    ("rasporyazhenie_408.yaml", "004_b6fe2c92ed9e63f8"),
    ("municipal_plan_tambov.yaml", "002_3f678b302f529427"),
    ("plan_tutaev.yaml", "000_9554c6ab96b363b1"),
]

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and not os.environ.get("DOCGEN_REQUIRE_SEEDS"),
    reason="../shared/seeds is not beside the checkout (CI has it and sets DOCGEN_REQUIRE_SEEDS)",
)


def first_difference(ours: str, theirs: str) -> str:
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return (
                f"{tag} at {i1}: ours …{ours[max(0, i1 - 80) : i2 + 80]!r}… "
                f"seed …{theirs[max(0, j1 - 80) : j2 + 80]!r}…"
            )
    return "equal"


@needs_seeds
@pytest.mark.parametrize(("data", "seed"), CASES)
def test_example_reproduces_its_seed(tmp_path: Path, data: str, seed: str) -> None:
    repairs = yaml.safe_load((REPAIRS / f"{seed}.yaml").read_text("utf-8")) or []
    theirs = seed_text((SEEDS / f"{seed}.txt").read_text("utf-8"), repairs)
    ours = text(render(EXAMPLES / data, Options(output_dir=tmp_path)).docx, marks=False)
    raw = yaml.safe_load((EXAMPLES / data).read_text("utf-8"))
    for person in raw.get("people", {}).values():  # the executor's phone as ГОСТ writes it
        phone = person.get("phone")
        if phone and phone in theirs:
            theirs = theirs.replace(phone, normalized(phone_text(phone)))
    place = raw["organization"].get("place")
    if place and "document" in raw:
        # the real orders leave out the place of issue, which docgen prints from the
        # organization's place (ГОСТ Р 7.0.97-2025): the one allowance, right after the number
        shown = normalized(typeset(place))
        assert re.search(rf"№ \S+ {re.escape(shown)} ", ours), f"no place of issue {shown!r}"
        ours = re.sub(rf"(№ \S+) {re.escape(shown)} ", r"\1 ", ours, count=1)
    assert ours == theirs, first_difference(ours, theirs)


@needs_seeds
def test_a_changed_word_is_caught(tmp_path: Path) -> None:
    """The comparison is not vacuous: one word changed in the data shows as a difference."""
    source = (EXAMPLES / "municipal_plan_tambov.yaml").read_text("utf-8")
    changed = tmp_path / "changed.yaml"
    changed.write_text(source.replace("Ежегодно до 25 мая", "Ежегодно до 26 мая", 1), "utf-8")
    theirs = seed_text((SEEDS / "002_3f678b302f529427.txt").read_text("utf-8"), [])
    ours = text(render(changed, Options(output_dir=tmp_path)).docx, marks=False)
    assert ours != theirs
    assert "26 мая" in first_difference(ours, theirs)
