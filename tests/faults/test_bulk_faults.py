"""Bulk runs under faults: clashing names, edits during a run, hostile manifests, long names."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from docgen.district import bulk
from docgen.district.bulk import Status, run_district
from docgen.district.manifest import NAME
from docgen.office.files import NAME_BYTES
from docgen.options import BulkOptions, Options
from tests.conftest import edit_cell, run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def options(out: Path, **kwargs: Any) -> BulkOptions:
    return BulkOptions(
        output_dir=out, jobs=kwargs.pop("jobs", 1), render=Options(output_dir=out), **kwargs
    )


@pytest.mark.parametrize("second", ['МАОУ "СОШ № 1 с. Тамбовка"', "МАОУ СОШ № 1 с Тамбовка"])
def test_two_schools_in_one_folder_is_an_error_naming_both(
    district: Path, tmp_path: Path, second: str
) -> None:
    edit_cell(district, "Школы", "C3", second)  # licey2 now maps onto sosh1's folder
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out), "-j", "1")
    text = stdout + stderr
    assert code == 1, text
    assert "sosh1" in text and "licey2" in text and "ячейка C3" in text, text
    manifest = json.loads((out / NAME).read_text("utf-8"))["outputs"]
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert made == sorted(manifest)  # every document counted, none written twice
    assert {entry["school"] for entry in manifest.values()} >= {"sosh1"}
    assert all(entry["school"] != "licey2" for entry in manifest.values())


@pytest.mark.parametrize("names", [(".", ".."), ("...", "."), ("Школа", "«Школа»")])
def test_dots_and_quotes_only_names_do_not_share_a_folder(
    district: Path, tmp_path: Path, names: tuple[str, str]
) -> None:
    edit_cell(district, "Школы", "C2", names[0])
    edit_cell(district, "Школы", "C3", names[1])
    out = tmp_path / "out"
    result = run_district(district, options(out))
    paths = [o.path for o in result.outcomes if o.path]
    assert len(paths) == len(set(paths))
    assert any(o.school == "licey2" and o.status is Status.FAILED for o in result.outcomes)
    assert all((out / p).resolve().is_relative_to(out.resolve()) for p in paths)


def test_a_workbook_edited_during_the_run_is_redone_by_the_rerun(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = bulk._render_school
    calls = {"n": 0}

    def editing(job: Any, opts: BulkOptions, *rest: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:  # the secretary saves a correction while the run goes on
            edit_cell(district, "Школы", "B2", "Муниципальное автономное учреждение «СОШ № 1»")
        return real(job, opts, *rest)

    monkeypatch.setattr(bulk, "_render_school", editing)
    first = bulk.bulk(district, options(out))
    assert not first.failed_schools
    monkeypatch.setattr(bulk, "_render_school", real)
    second = bulk.bulk(district, options(out))
    assert second.count(Status.UPDATED) >= 1, [o.path for o in second.outcomes]


def test_prune_never_leaves_the_output_folder(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_district(district, options(out))
    victim = tmp_path / "victim.txt"
    victim.write_text("чужой файл")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.docx").write_bytes(b"x")
    (out / "link").symlink_to(outside)
    raw = json.loads((out / NAME).read_text("utf-8"))
    for path in ("../victim.txt", str(victim), "link/keep.docx", "a/../../victim.txt"):
        raw["outputs"][path] = {"inputs": "x", "output": "y", "school": "gone"}
    (out / NAME).write_text(json.dumps(raw), "utf-8")
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out), "--prune")
    assert code == 0, stdout + stderr
    assert victim.read_text() == "чужой файл"
    assert (outside / "keep.docx").exists()


def test_outputs_honour_the_umask_and_keep_their_mode(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        run_district(district, options(out))
    finally:
        os.umask(old)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in files), [
        oct(p.stat().st_mode) for p in files
    ]
    order = next(out.rglob("Приказ_*.docx"))
    order.chmod(0o664)
    edit_cell(district, "Школы", "F2", "8 (41638) 2-99-99")
    edit_cell(district, "Школы", "F3", "8 (41638) 2-99-98")
    run_district(district, options(out, force=True))
    assert stat.S_IMODE(order.stat().st_mode) == 0o664


def test_a_very_long_short_name_gets_a_cut_folder_and_the_others_are_made(
    district: Path, tmp_path: Path
) -> None:
    edit_cell(district, "Школы", "C2", "Школа " + "Я" * 200)
    edit_cell(district, "Школы", "C3", "Школа " + "Я" * 199 + "Ю")
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out), "-j", "1")
    assert code == 0, stdout + stderr
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 14
    assert all(len(p.name.encode()) <= NAME_BYTES for p in folders)
    manifest = json.loads((out / NAME).read_text("utf-8"))["outputs"]
    assert len(manifest) == 27


def test_a_school_that_cannot_be_written_fails_alone(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "МАОУ_Лицей_2").write_text("a file where the folder should be")
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out), "-j", "1")
    text = stdout + stderr
    assert code == 1 and "Traceback" not in text and "внутренняя ошибка" not in text, text
    assert "МАОУ_Лицей_2" in text
    manifest = json.loads((out / NAME).read_text("utf-8"))["outputs"]
    assert len(manifest) == 25
    assert (out / "Сводка.xlsx").exists()


def test_a_single_render_honours_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o002)
    try:
        code, stdout, stderr = run_cli("render", str(EXAMPLES / "order_953.yaml"), "-o", str(out))
    finally:
        os.umask(old)
    assert code == 0, stdout + stderr
    (made,) = out.glob("*.docx")
    assert stat.S_IMODE(made.stat().st_mode) == 0o664


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_school_folder_that_links_out_of_the_output_folder_is_refused(
    district: Path, tmp_path: Path
) -> None:
    """A school's folder swapped for a link to another place: its documents are refused, with
    the reason, and nothing is written there; the other schools are made."""
    out = tmp_path / "out"
    first = run_district(district, options(out))
    folder = (out / next(o.path for o in first.outcomes if o.path)).parent
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for document in folder.iterdir():
        document.unlink()
    folder.rmdir()
    folder.symlink_to(elsewhere)
    second = run_district(district, options(out, force=True))
    refused = [o for o in second.outcomes if o.status is Status.FAILED]
    assert refused and all(folder.name in o.path for o in refused)
    assert all("выходит за папку результатов" in p.message for o in refused for p in o.problems)
    assert list(elsewhere.iterdir()) == []
    assert any(o.status is Status.UPDATED or o.status is Status.UNCHANGED for o in second.outcomes)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_document_that_links_out_of_the_output_folder_is_refused(
    district: Path, tmp_path: Path
) -> None:
    """A document replaced by a link to a file elsewhere: that document is refused, with the
    reason, and the file the link points to is left as it was; the school's other document
    is made."""
    out = tmp_path / "out"
    first = run_district(district, options(out))
    document = out / next(o.path for o in first.outcomes if o.path)
    victim = tmp_path / "victim.docx"
    victim.write_bytes(b"not docgen's")
    document.unlink()
    document.symlink_to(victim)
    second = run_district(district, options(out, force=True))
    assert victim.read_bytes() == b"not docgen's"
    refused = [o for o in second.outcomes if o.status is Status.FAILED]
    assert [o.path for o in refused] == [document.relative_to(out).as_posix()]
    assert "выходит за папку результатов" in refused[0].problems[0].message
    sibling = [o for o in second.outcomes if o.path.startswith(document.parent.name + "/")]
    assert any(o.status is not Status.FAILED for o in sibling)
