"""The data models' validators are made when first used (``defer_build``); a model another holds
and that is also used on its own is made first, so that its schema is made once, not again
inside each model that holds it (each costs 0.01-0.02 s at every start)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"


def _models_made(example: str, out: Path) -> list[str]:
    """The models whose validators were made while rendering ``example``, in that order."""
    code = f"""
import json
from click.testing import CliRunner
from pydantic import BaseModel
made = []
real = BaseModel.model_rebuild.__func__
def counted(cls, *args, **kwargs):
    if not cls.__pydantic_complete__:
        made.append(cls.__name__)
    return real(cls, *args, **kwargs)
BaseModel.model_rebuild = classmethod(counted)
from docgen.cli import main
result = CliRunner().invoke(main, ["render", {str(EXAMPLES / example)!r}, "-o", {str(out)!r}])
assert result.exit_code == 0, result.output
print(json.dumps(made))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    made: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return made


@pytest.mark.parametrize(
    ("example", "data", "held"),
    [
        ("order_953.yaml", "OrderData", ("Plan", "Document")),
        ("school_roadmap_sosh2.yaml", "PlanData", ("Plan", "SchoolChanges")),
    ],
)
def test_the_models_used_on_their_own_are_made_before_the_data_that_holds_them(
    example: str, data: str, held: tuple[str, ...], tmp_path: Path
) -> None:
    # made after the data's model, each would be made a second time: inside it, then alone
    made = _models_made(example, tmp_path / "out")
    assert data in made
    for name in held:
        assert name in made and made.index(name) < made.index(data), made
