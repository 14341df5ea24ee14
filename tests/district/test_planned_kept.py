"""A rerun works out again only the schools whose rows changed (issue 17, goal 3).

Each school's planned outputs (paths and the digests of their inputs) are kept in the output
folder; a rerun after a few rows of «Школы», «Люди», «Документы» or «Изменения» changed works
out again only the schools those rows name, as they are and as they were, and takes the others
as kept. Whatever the edit, the planned outputs must be those worked out without the file; an
edit the rows cannot follow (a setting, the plan, a school renamed, a row added, a table read by
another run in between) works every school out again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.district import workbook
from docgen.district.bulk import PLANNED_CACHE, SHEETS_CACHE, run_district
from docgen.errors import InvalidDataError
from docgen.options import BulkOptions
from tests.conftest import edit_cell

ALL = ["sosh1", "licey2", "gimn", "kosica", "zharik", "lazar", "nikol"]
ALL += ["duhov", "razdol", "sadov", "tolst", "lermont", "kadet", "pridor"]


@pytest.fixture
def worked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The schools whose outputs ``planned`` worked out (not taken as kept), in order."""
    seen: list[str] = []
    original = workbook._paths

    def spy(district: Any, school: Any, *args: Any) -> Any:
        seen.append(school.key)
        return original(district, school, *args)

    monkeypatch.setattr(workbook, "_paths", spy)
    yield seen


def _planned(district: Path, out: Path, kept: bool = True) -> list[tuple[Any, ...]]:
    """Each school's planned outputs: read as a run reads (with the folder's caches), or
    worked out from the workbook alone (``kept=False``)."""
    options = BulkOptions(output_dir=out)
    if not kept:
        found = workbook.read(district)
        return [(u.key, u.name, u.outputs, u.left_out) for u in workbook.planned(found, options)]
    found = workbook.read(district, out / SHEETS_CACHE)
    units = workbook.planned(found, options, kept=out / PLANNED_CACHE)
    return [(u.key, u.name, u.outputs, u.left_out) for u in units]


def _rerun(district: Path, out: Path, worked: list[str]) -> list[str]:
    """The schools a rerun worked out; its planned outputs checked against a fresh reading."""
    worked.clear()
    again = _planned(district, out)
    done = list(worked)
    assert again == _planned(district, out, kept=False)
    return done


def _first_row(district: Path, sheet: str, school: str) -> int:
    book = openpyxl.load_workbook(district, read_only=True)
    rows = book[sheet].iter_rows(min_row=2, values_only=True)
    return next(n for n, row in enumerate(rows, start=2) if row[0] == school)


#: (sheet, cell, value, the schools worked out again; None: every one)
EDITS: list[tuple[str, str, Any, list[str] | None]] = [
    ("Люди", "H2", "8 (41638) 2-99-98", ["sosh1"]),
    ("Люди", "A3", "licey2", ["sosh1", "licey2"]),  # a person moved to another school
    ("Люди", "A3", "МАОУ «Лицей № 2»", ["sosh1", "licey2"]),  # named by its short name
    ("Люди", "B4", "исполнитель; педагоги-психологи", ["sosh1"]),
    ("Школы", "F2", "8 (41638) 2-99-99", ["sosh1"]),
    ("Школы", "H3", "59-од", ["licey2"]),  # the order's file name changes
    ("Школы", "D7", "СОШ", ["lazar"]),  # its type: what the plan leaves out
    ("Изменения", "C2", "3.2", ["lazar"]),
    ("Изменения", "A5", "gimn", ["licey2", "gimn"]),
    ("Документы", "C2", "да", ["pridor"]),
    ("Школы", "C2", "МАОУ «СОШ № 1»", None),  # a short name: people may name it
    ("Школы", "B2", "МАОУ «Средняя школа № 1 с. Тамбовка»", ["sosh1"]),  # its full name
    ("Район", "B2", "Отдел образования администрации Тамбовского округа", None),
    ("Район", "B7", "{n}-ОД", None),  # the orders' numbers
    ("Мероприятия", "C3", "Утверждение программ исследования", None),  # the plan
]


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "again"), EDITS, ids=[f"{e[0]} {e[1]} {e[2]}" for e in EDITS]
)
def test_a_rerun_works_out_only_the_schools_whose_rows_changed(
    district: Path,
    tmp_path: Path,
    worked: list[str],
    sheet: str,
    cell: str,
    value: Any,
    again: list[str] | None,
) -> None:
    out = tmp_path / "out"
    assert sorted(_rerun(district, out, worked)) == sorted(ALL)  # the first run: every school
    assert _rerun(district, out, worked) == []  # nothing changed: none
    edit_cell(district, sheet, cell, value)
    assert sorted(_rerun(district, out, worked)) == sorted(ALL if again is None else again)
    assert _rerun(district, out, worked) == []


def test_a_row_added_works_out_every_school(
    district: Path, tmp_path: Path, worked: list[str]
) -> None:
    out = tmp_path / "out"
    _rerun(district, out, worked)
    book = openpyxl.load_workbook(district)
    book["Люди"].append(["kosica", "педагоги-психологи", "Орлова", "Анна", "Ивановна", "ж"])
    book.save(district)
    assert sorted(_rerun(district, out, worked)) == sorted(ALL)


def test_an_order_numbered_auto_is_worked_out_every_time(
    district: Path, tmp_path: Path, worked: list[str]
) -> None:
    """Its file name is the number the journal gives, which another run may have taken."""
    out = tmp_path / "out"
    edit_cell(district, "Школы", "H2", "авто")
    _rerun(district, out, worked)
    assert _rerun(district, out, worked) == ["sosh1"]
    edit_cell(district, "Люди", f"H{_first_row(district, 'Люди', 'licey2')}", "8 (41638) 2-00")
    assert _rerun(district, out, worked) == ["sosh1", "licey2"]


def test_tables_read_by_another_run_in_between_work_out_every_school(
    district: Path, tmp_path: Path, worked: list[str]
) -> None:
    """The kept outputs hold for the tables they were worked out from: a reading that kept the
    tables but not the outputs (``bulk --check``, a run whose data failed) leaves them behind,
    and the next change is not one the file can follow."""
    out = tmp_path / "out"
    _rerun(district, out, worked)
    edit_cell(district, "Люди", "H2", "8 (41638) 2-99-98")
    workbook.read(district, out / SHEETS_CACHE)  # the tables kept again, the outputs not
    edit_cell(district, "Люди", "H9", "8 (41638) 2-99-97")
    assert sorted(_rerun(district, out, worked)) == sorted(ALL)


def _damaged(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = json.loads(path.read_text("utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    return damage


def _set_first(index: int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["schools"][0][index] = value

    return change


DAMAGES: dict[str, Callable[[Path], None]] = {
    "not JSON": lambda path: path.write_bytes(b'{"form": "docgen planned 1", "sch'),
    "a list": lambda path: path.write_text("[]", "utf-8"),
    "another form": _damaged(lambda data: data.update(form="docgen planned 0")),
    "another key": _damaged(lambda data: data.update(key="0" * 64)),
    "other tables": _damaged(lambda data: data["tables"].update(people="0" * 32)),
    "a school less": _damaged(lambda data: data["schools"].pop()),
    "a school's key": _damaged(_set_first(0, "другая")),
    "a path out of the folder": _damaged(_set_first(2, [["../Приказ.docx", "0" * 64]])),
    "an absolute path": _damaged(_set_first(2, [["/tmp/Приказ.docx", "0" * 64]])),
    "a path with a drive": _damaged(_set_first(2, [["C:/Приказ.docx", "0" * 64]])),
    "a digest not a text": _damaged(_set_first(2, [["МАОУ_СОШ_1/Приказ.docx", 1]])),
    "what is left out not a list": _damaged(_set_first(3, "3.1")),
    "«авто» not a yes or no": _damaged(_set_first(4, 0)),
    "an entry too short": _damaged(_set_first(4, None)),
}


@pytest.mark.parametrize("damage", list(DAMAGES.values()), ids=list(DAMAGES))
def test_a_damaged_file_is_read_past_and_written_anew(
    district: Path, tmp_path: Path, worked: list[str], damage: Callable[[Path], None]
) -> None:
    out = tmp_path / "out"
    _rerun(district, out, worked)
    kept = (out / PLANNED_CACHE).read_bytes()
    damage(out / PLANNED_CACHE)
    edit_cell(district, "Люди", "H2", "8 (41638) 2-99-98")
    assert sorted(_rerun(district, out, worked)) == sorted(ALL)
    assert (out / PLANNED_CACHE).read_bytes() != kept  # written anew, of its form
    assert _rerun(district, out, worked) == []


def test_a_file_that_cannot_be_written_is_left_alone(
    district: Path, tmp_path: Path, worked: list[str]
) -> None:
    out = tmp_path / "out"
    (out / PLANNED_CACHE).mkdir(parents=True)  # a folder where the file would go
    assert sorted(_rerun(district, out, worked)) == sorted(ALL)
    assert sorted(_rerun(district, out, worked)) == sorted(ALL)
    assert (out / PLANNED_CACHE).is_dir()


def test_a_run_keeps_the_file_and_a_rerun_after_one_change_makes_what_a_fresh_run_makes(
    district: Path, tmp_path: Path, worked: list[str]
) -> None:
    """Through ``run_district``: the second run works out one school, and its folder holds the
    same documents, manifest records and kept outputs as a run into an empty folder."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_district(district, BulkOptions(output_dir=out))
    edit_cell(district, "Люди", "H2", "8 (41638) 2-99-98")
    worked.clear()
    result = run_district(district, BulkOptions(output_dir=out))
    assert worked == ["sosh1"] and not result.failed_schools
    run_district(district, BulkOptions(output_dir=fresh))
    for name in (PLANNED_CACHE, SHEETS_CACHE):
        assert (out / name).read_bytes() == (fresh / name).read_bytes()
    documents = sorted(p.relative_to(out) for p in out.rglob("*.docx"))
    assert documents == sorted(p.relative_to(fresh) for p in fresh.rglob("*.docx"))
    assert all((out / p).read_bytes() == (fresh / p).read_bytes() for p in documents)

    def inputs(folder: Path) -> dict[str, str]:
        outputs = json.loads((folder / ".docgen-manifest.json").read_text("utf-8"))["outputs"]
        return {path: entry["inputs"] for path, entry in outputs.items()}

    assert inputs(out) == inputs(fresh)


def test_a_run_of_some_schools_neither_takes_nor_keeps_the_file(
    district: Path, tmp_path: Path, worked: list[str]
) -> None:
    out = tmp_path / "out"
    run_district(district, BulkOptions(output_dir=out), only=["sosh1", "licey2"])
    assert not (out / PLANNED_CACHE).exists()
    run_district(district, BulkOptions(output_dir=out))
    worked.clear()
    run_district(district, BulkOptions(output_dir=out), only=["sosh1"])
    assert worked == ["sosh1"]


_CELLS = {
    "Люди": (["A", "B", "C", "D", "G", "H"], 85),
    "Школы": (["B", "E", "F", "H"], 15),
    "Изменения": (["A", "C", "D", "E"], 8),
    "Документы": (["A", "B", "C"], 2),
}
_VALUES = st.one_of(
    st.sampled_from(ALL),
    st.sampled_from(["МАОУ «Лицей № 2»", "МБОУ «Гимназия»", "да", "нет", "3.1", "4"]),
    st.text(alphabet="абв xyz№«»-;", min_size=1, max_size=8),
    st.integers(1, 99),
)
_EDIT = st.sampled_from(sorted(_CELLS)).flatmap(
    lambda sheet: st.tuples(
        st.just(sheet),
        st.sampled_from(_CELLS[sheet][0]),
        st.integers(2, _CELLS[sheet][1]),
        _VALUES,
    )
)


@given(runs=st.lists(st.lists(_EDIT, min_size=1, max_size=3), min_size=1, max_size=3))
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_few_edits_give_the_planned_outputs_of_a_fresh_reading(
    tmp_path_factory: pytest.TempPathFactory,
    district: Path,
    worked: list[str],
    runs: list[list[tuple[str, str, int, Any]]],
) -> None:
    folder = tmp_path_factory.mktemp("edits")
    book_path = folder / "district.xlsx"
    for source in district.parent.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    out = folder / "out"
    _rerun(book_path, out, worked)
    for edits in runs:
        book = openpyxl.load_workbook(book_path)
        for sheet, column, row, value in edits:
            book[sheet][f"{column}{row}"] = value
        book.save(book_path)
        try:
            _rerun(book_path, out, worked)
        except InvalidDataError:
            continue  # an edit the reading refuses (an unknown school): nothing to compare
