"""The wheel works on its own: built from the sources, installed into a fresh environment and
run from an unrelated folder, it finds its templates, grammar data and word list.

An editable install or a checkout hides a file missing from the package data (the templates were
found beside the sources); only a real wheel shows it. The fresh environment reuses this one's
installed dependencies through a ``.pth`` line, so nothing is downloaded and the test takes
seconds, not minutes. Not marked slow: it runs in CI with the default ``-m 'not slow'``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.docx_text import normalized

# What the package needs at run time besides its code: a wheel without any of these is broken.
PACKAGE_DATA = (
    "docgen/templates/orders/prikaz.docx",
    "docgen/templates/orders/rasporyazhenie.docx",
    "docgen/templates/plans/plan.docx",
    "docgen/templates/reports/report.docx",
    "docgen/grammar/exceptions.yaml",
    "docgen/lint/words.txt",
    "docgen/py.typed",
)


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docgen's wheel, built offline from a copy of the sources (the checkout stays clean)."""
    pytest.importorskip(
        "wheel", reason="the wheel package builds the wheel (pip install -e .[dev])"
    )
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "docgen", source / "docgen", ignore=shutil.ignore_patterns("__pycache__")
    )
    dist = tmp_path_factory.mktemp("dist")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(dist),
            str(source),
        ],
        cwd=source,
        env=_clean_env(),
    )
    (built,) = dist.glob("docgen-*.whl")
    return built


def _clean_env() -> dict[str, str]:
    """This process's environment without what would let the checkout leak into the run."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DOCGEN_TEMPLATES"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def test_the_wheel_holds_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in PACKAGE_DATA if name not in names]
    assert not missing, f"not in {wheel.name}: {missing}"
    assert not [name for name in names if name.startswith(("tests/", "data/", "templates/"))]


def test_the_installed_wheel_renders_from_an_unrelated_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path, env=_clean_env())
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    # The dependencies come from this environment: a path line appends its site-packages after
    # the fresh one's, and its .pth files (this checkout's editable install) are not run.
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = _clean_env()
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=tmp_path,
        env=env,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run([str(python), "-c", "import docgen; print(docgen.__file__)"], elsewhere, env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout
    docgen = bindir / ("docgen.exe" if os.name == "nt" else "docgen")
    shutil.copy(EXAMPLES / "order_953.yaml", elsewhere / "order.yaml")
    out = _run([str(docgen), "render", "order.yaml", "-o", "out"], elsewhere, env)
    (made,) = (elsewhere / "out").glob("*.docx")
    assert out.stdout.strip().endswith(made.name)
    from docx import Document

    text = normalized(" ".join(p.text for p in Document(str(made)).paragraphs))
    assert "ПРИКАЗ" in text.upper()
    assert "953" in text
