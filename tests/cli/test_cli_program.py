"""The ``docgen`` program itself (``docgen.cli.run``), in a fresh interpreter: what it does at
its start and end besides the command (tests call ``main``, which does not)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORDER = ROOT / "data" / "examples" / "order_953.yaml"


def _program(out: Path, setting: str | None) -> dict[str, object]:
    """``docgen render`` of the example order through ``run``; what it left behind."""
    code = f"""
import atexit, json, os, sys
sys.argv = ["docgen", "render", {str(ORDER)!r}, "-o", {str(out)!r}]

def said():
    from pydantic.plugin import _loader
    print(json.dumps({{"searched": _loader._plugins is not None,
                      "setting": os.environ.get("PYDANTIC_DISABLE_PLUGINS"),
                      "made": sorted(os.listdir({str(out)!r}))}}))

atexit.register(said)
from docgen.cli import run
run()
"""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    ("setting", "searched"),
    [(None, False), ("", True), ("logfire", True), ("__all__", False)],
)
def test_the_program_looks_for_pydantic_plugins_only_when_the_user_says(
    tmp_path: Path, setting: str | None, searched: bool
) -> None:
    # looking for them reads every installed package's metadata at every start; the user's own
    # setting (here: none disabled, or one by its name) is kept
    found = _program(tmp_path / "out", setting)
    assert found["made"] == ["Приказ_953_2022-07-18.docx"]
    assert found["searched"] is searched
    assert found["setting"] == ("__all__" if setting is None else setting)
