"""Each school's digests (what a rerun compares with the manifest) depend on the values of its
rows only: the same whether the rows were read from the workbook or taken from the sheet cache
(other objects, equal values), and a change on one school's row changes that school's alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.district import bulk
from docgen.district.workbook import planned, read
from docgen.options import BulkOptions
from tests.conftest import edit_cell
from tests.loading.test_table_cache import _shared


def _digests(district: Path, cache: Path | None, options: BulkOptions) -> dict[str, object]:
    return {unit.key: unit.outputs for unit in planned(read(district, cache), options)}


@pytest.mark.parametrize("shared", [False, True], ids=["texts in cells", "shared strings"])
def test_a_schools_digests_are_those_of_its_values(
    district: Path, tmp_path: Path, shared: bool
) -> None:
    if shared:  # as Excel writes: a text repeated is one string of the workbook's table
        district.write_bytes(_shared(district.read_bytes()))
    out = tmp_path / "out"
    options = BulkOptions(output_dir=out)
    cache = out / bulk.SHEETS_CACHE
    afresh = _digests(district, None, options)
    parsed = _digests(district, cache, options)
    kept = _digests(district, cache, options)  # every sheet and table from the cache
    assert afresh == parsed == kept
    assert len(afresh) > 1 and all(afresh.values())

    people = read(district).schools
    school = next(s for s in people if any(row.number == 2 for row, _ in s.people))
    edit_cell(district, "Люди", "H2", "8 (41638) 2-99-98")
    changed = _digests(district, cache, options)
    assert [key for key in kept if changed[key] != kept[key]] == [school.key]
    assert changed == _digests(district, None, options)


def test_the_digests_are_the_same_in_another_process(district: Path, tmp_path: Path) -> None:
    """A rerun is another process: no digest may depend on the order of a set or on the
    process's hash seed (or every rerun would make every document again)."""
    import os
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from docgen.district.workbook import planned, read\n"
        "from docgen.options import BulkOptions\n"
        f"units = planned(read(Path({str(district)!r})), BulkOptions(output_dir=Path({str(tmp_path)!r})))\n"
        "print(json.dumps({u.key: u.outputs for u in units}))\n"
    )
    seen = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
        seen.append(done.stdout)
    assert seen[0] == seen[1] == seen[2] and len(seen[0]) > 100
