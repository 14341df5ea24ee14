"""The public API: what `docgen.__all__` lists exists, is documented, and the README's example
of it runs as written."""

from __future__ import annotations

import inspect
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

import docgen

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(set(docgen.__all__) - {"__version__"}))
def test_every_public_name_is_there_and_documented(name: str) -> None:
    value = getattr(docgen, name)
    assert not name.startswith("_")
    assert inspect.getdoc(value), f"docgen.{name} has no docstring"


def test_the_commands_functions_import_from_the_top() -> None:
    from docgen import agree, bulk, check, inflect, render, report

    assert [f.__module__ for f in (render, check, bulk, report, inflect, agree)] == [
        "docgen.rendering",
        "docgen.rendering",
        "docgen.district.bulk",
        "docgen.reports.report",
        "docgen.grammar",
        "docgen.grammar",
    ]
    assert re.fullmatch(r"\d+\.\d+\.\d+", docgen.__version__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'rendr'"):
        docgen.rendr  # noqa: B018


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Using docgen from Python") :]
    code = section[section.index("```python\n") + 10 : section.index("```\n", 10)]
    shutil.copytree(ROOT / "data", tmp_path / "data")
    book = openpyxl.load_workbook(tmp_path / "data" / "examples" / "district.xlsx")
    for row in book["Район"].iter_rows(min_row=2):  # no school reports: they take 30 s here
        if row[0].value == "мониторинг":
            row[1].value = None
    book.save(tmp_path / "data" / "examples" / "district.xlsx")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(ROOT / "docgen" / "templates"))
    printed: list[str] = []
    namespace = {"print": lambda *args: printed.append(" ".join(map(str, args)))}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["result"].docx == Path("output/Приказ_953_2022-07-18.docx")
    assert (tmp_path / "output" / "Приказ_953_2022-07-18.docx").is_file()
    run = namespace["run"]
    assert len(run.outcomes) == 27 and not run.failed_schools
    made = namespace["made"]
    assert made.docx.is_file() and made.xlsx.is_file()
    assert printed and "broken.yaml" in printed[0]  # the error names the file
