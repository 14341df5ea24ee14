"""Typography sees a line break or a tab inside a paragraph as the break it is.

Found by ``tests/test_seed_nbsp.py``: a heading written on several lines (``heading: |-``) was
typeset as one run-on text, so a straight quote opening a line closed instead («»Точки роста»»),
and a short word opening a line lost its no-break space (a title's «в Старооскольском …»).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from docgen.grammar.typography import NBSP
from docgen.options import Options
from docgen.rendering import render
from tests.test_seed_nbsp import exact_text

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def test_a_heading_on_several_lines_is_typeset_line_by_line(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "plan_tutaev.yaml").read_text("utf-8"))
    heading = 'План работы\n"Точки роста" на 2024 год\nв школе - по плану'
    data["plan"]["intro"] = [{"heading": heading}, *(data["plan"].get("intro") or [])]
    source = tmp_path / "plan.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    document = exact_text(render(source, Options(output_dir=tmp_path)).docx)
    assert (
        f"План работы\n«Точки роста» на{NBSP}2024 год\nв{NBSP}школе{NBSP}– по{NBSP}плану"
        in document
    )


def test_the_order_titles_keep_their_short_words_after_a_break(tmp_path: Path) -> None:
    document = exact_text(render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path)).docx)
    assert f"обучающихся\nв{NBSP}Старооскольском городском округе" in document
    assert "\nв Старооскольском" not in document
    assert "\nна 2022-2023" not in document
