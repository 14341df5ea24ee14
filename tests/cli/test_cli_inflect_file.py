"""``docgen inflect --file`` on the example phrases (``data/examples/phrases.tsv``): one output
line per phrase, tab-separated with ``--all``, written to ``-o``, no-break spaces kept."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES, run_cli

NBSP = "\u00a0"
PHRASES = EXAMPLES / "phrases.tsv"


def _phrases() -> list[str]:
    rows = PHRASES.read_text("utf-8").splitlines()
    return [r.split("\t")[0] for r in rows if r.strip() and not r.startswith("#")]


def test_every_example_phrase_in_the_genitive() -> None:
    code, stdout, stderr = run_cli("inflect", "--file", str(PHRASES), "--case", "рд")
    assert code == 0, stderr
    out = stdout.splitlines()
    assert len(out) == len(_phrases()) == 20
    assert out[0] == f"Ушаковой{NBSP}И.Г."
    assert out[3] == f"Н.Е.{NBSP}Деречи"


def test_all_cases_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "forms.tsv"
    code, stdout, stderr = run_cli("inflect", "--file", str(PHRASES), "--all", "-o", str(target))
    assert code == 0, stderr
    assert stdout.strip() == str(target)
    rows = [line.split("\t") for line in target.read_text("utf-8").splitlines()]
    assert [row[0].replace(NBSP, " ") for row in rows] == _phrases()  # the nominative as typed
    assert all(len(row) == 6 for row in rows)
    assert rows[0] == [
        f"Ушакова{NBSP}И.Г.",
        f"Ушаковой{NBSP}И.Г.",
        f"Ушаковой{NBSP}И.Г.",
        f"Ушакову{NBSP}И.Г.",
        f"Ушаковой{NBSP}И.Г.",
        f"Ушаковой{NBSP}И.Г.",
    ]


def test_a_missing_phrases_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.tsv"
    code, stdout, stderr = run_cli("inflect", "--file", str(missing), "--case", "рд")
    assert code == 1 and stdout == ""
    assert stderr.startswith(f"ошибка: {missing}: ")
