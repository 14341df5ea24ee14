"""A rerun after docgen itself changed (its code, its grammar exceptions, a template) redoes
what the change affects, and says why; a rerun after nothing changed still redoes nothing."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import docgen.grammar as grammar
from docgen import fingerprint
from docgen.cli import main
from docgen.district.manifest import NAME
from docgen.grammar import inflector as inflector_module
from tests.district.test_bulk import DOCUMENTS
from tests.docx_text import lines

ORDER = "МАОУ_Лицей_2/Приказ_58-од_2024-09-02.docx"
ORDERS = 13  # every school but Придорожненская ООШ gets one
SCHOOLS_LINE = "с ошибками (школ): 0"


def bulk(workbook: Path, out: Path) -> Result:
    result = CliRunner().invoke(main, ["bulk", str(workbook), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result


def inputs_of(out: Path) -> dict[str, str]:
    manifest = json.loads((out / NAME).read_text("utf-8"))
    return {path: entry["inputs"] for path, entry in manifest["outputs"].items()}


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """docgen's package as an upgrade would bring it: a copy whose files a test may edit, that
    the code digest and the grammar's default exceptions are read from."""
    copy = tmp_path / "docgen"
    shutil.copytree(fingerprint.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE", copy)
    monkeypatch.setattr(
        inflector_module, "DEFAULT_EXCEPTIONS", copy / "grammar" / "exceptions.yaml"
    )
    fingerprint.code_digest.cache_clear()
    yield copy
    fingerprint.code_digest.cache_clear()


def _fresh_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process that runs after an upgrade starts with no inflector made yet."""
    monkeypatch.setattr(grammar, "_default", None)
    monkeypatch.setattr(grammar, "_INFLECTORS", {})
    fingerprint.code_digest.cache_clear()


def test_a_grammar_fix_in_an_upgrade_reaches_every_document(
    district: Path,
    tmp_path: Path,
    package_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    first = bulk(district, out)
    assert f"создан: {DOCUMENTS}" in first.output and "docgen обновлён" not in first.output
    assert "Морозову\u00a0Л.П." in " ".join(lines(out / ORDER))
    old_inputs = inputs_of(out)
    touched = sorted(p for p in out.rglob("*.docx") if "Морозову\u00a0" in " ".join(lines(p)))
    assert len(touched) >= 1

    # the upgrade: an exception changes how one surname declines
    exceptions = package_copy / "grammar" / "exceptions.yaml"
    exceptions.write_text(exceptions.read_text("utf-8") + "\nМорозова:\n  вн: Морозовy\n", "utf-8")
    _fresh_grammar(monkeypatch)

    second = bulk(district, out)
    assert f"docgen обновлён: пересобраны {DOCUMENTS} документов" in second.output
    # the documents the fix changes are written again, the others keep their bytes
    assert f"обновлён: {len(touched)}\n" in second.output
    assert f"без изменений: {DOCUMENTS - len(touched)}" in second.output
    assert "Морозовy\u00a0Л.П." in " ".join(lines(out / ORDER))
    new_inputs = inputs_of(out)
    assert all(new_inputs[path] != old_inputs[path] for path in old_inputs)

    third = bulk(district, out)  # nothing changed since: nothing redone, nothing said
    assert "docgen обновлён" not in third.output
    assert f"без изменений: {DOCUMENTS}" in third.output


def test_any_change_of_the_package_redoes_the_outputs(
    district: Path,
    tmp_path: Path,
    package_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    bulk(district, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    layout = package_copy / "office" / "layout.py"
    layout.write_text(layout.read_text("utf-8") + "\n# a fix of the layout code\n", "utf-8")
    _fresh_grammar(monkeypatch)

    again = bulk(district, out)
    assert f"docgen обновлён: пересобраны {DOCUMENTS} документов" in again.output
    # the same bytes came out: each file keeps its bytes and its modification time
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")} == before


def test_an_edited_template_redoes_the_documents_made_from_it(
    district: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parents[2] / "docgen" / "templates", templates)
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(templates))
    out = tmp_path / "out"
    bulk(district, out)

    order_template = templates / "orders" / "prikaz.docx"
    source = zipfile.ZipFile(order_template)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as edited:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert "{{ doc.title }}" in text
                data = text.replace("{{ doc.title }}", "{{ doc.title }} (новая редакция)").encode()
            edited.writestr(item, data)
    order_template.write_bytes(buffer.getvalue())

    again = bulk(district, out)
    assert f"обновлён: {ORDERS}\n" in again.output  # every order, and only the orders
    assert f"без изменений: {DOCUMENTS - ORDERS}" in again.output
    assert "docgen обновлён" not in again.output  # docgen did not change: the template did
    assert any("(новая редакция)" in line.replace("\u00a0", " ") for line in lines(out / ORDER))


def test_the_version_read_from_the_metadata_is_importlib_metadatas() -> None:
    from importlib.metadata import version

    fingerprint.version.cache_clear()
    assert fingerprint.version() == version("docgen") != ""


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ("Metadata-Version: 2.1\nName: docgen\nVersion: 9.8.7\n\nREADME\nVersion: 1\n", "9.8.7"),
        ("Metadata-Version: 2.1\nName: docgen\n\nVersion: 1.0\n", None),  # only in the body
    ],
)
def test_the_version_comes_from_the_first_docgen_dist_info_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, metadata: str, expected: str | None
) -> None:
    info = tmp_path / "docgen-9.8.7.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(metadata, "utf-8")
    monkeypatch.setattr("sys.path", [str(tmp_path / "missing"), str(tmp_path)])
    monkeypatch.setattr(fingerprint, "_installed", lambda: "from importlib.metadata")
    fingerprint.version.cache_clear()
    try:
        assert fingerprint.version() == (expected or "from importlib.metadata")
    finally:
        fingerprint.version.cache_clear()


def test_a_rerun_with_nothing_changed_imports_no_reader(district: Path, tmp_path: Path) -> None:
    """Answered from the manifest: no workbook reader, pydantic model, Jinja or python-docx."""
    import subprocess
    import sys

    out = tmp_path / "out"
    code = (
        "import sys\n"
        "from docgen.cli import main\n"
        f"try: main(['bulk', {str(district)!r}, '-o', {str(out)!r}, '-j', '1'])\n"
        "except SystemExit as exc: assert not exc.code, exc.code\n"
        "heavy = ['docgen.model', 'docgen.loading', 'docgen.district.workbook', 'jinja2', "
        "'docx', 'openpyxl', 'pydantic', 'importlib.metadata']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "'docgen.model'" in first.stdout.splitlines()[-1]  # the first run reads the workbook
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"без изменений: {DOCUMENTS}" in again.stdout
    assert again.stdout.splitlines()[-1] == "[]", again.stdout
