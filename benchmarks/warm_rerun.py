"""A rerun after one school's change in a warm process, as ``docgen serve`` runs it.

    python benchmarks/warm_rerun.py FOLDER SCHOOLS [YYYY-MM-DD]

FOLDER holds the synthetic district of ``benchmarks/bulk.py`` (its plan and workbook) and its
outputs in FOLDER/out, made before. In one process, which has imported what the server has after
its first page that read a workbook, one school's phone is changed and ``docgen.bulk`` is called
(one worker, as the server runs it), twice over with two schools: the first call also loads the
dictionary and reads the templates, the second finds them loaded, as a server's later reruns do.
Prints the second call's wall and CPU seconds. ``scale.py`` runs it after its own reruns.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk import make_district


def main() -> int:
    folder, size = Path(sys.argv[1]), int(sys.argv[2])
    today = date.fromisoformat(sys.argv[3]) if len(sys.argv) > 3 else None
    import docgen
    import docgen.district.workbook  # what the server has imported by then
    import docgen.rendering
    from docgen.options import BulkOptions, Options

    out = folder / "out"
    figures: list[tuple[float, float]] = []
    for changed in (size // 3, size // 4):
        workbook = make_district(folder, size, changed=changed)
        options = BulkOptions(output_dir=out, jobs=1, render=Options(output_dir=out), today=today)
        wall, cpu = time.perf_counter(), time.process_time()
        result = docgen.bulk(workbook, options)
        figures.append((time.perf_counter() - wall, time.process_time() - cpu))
        if result.failed_schools:
            raise SystemExit(f"{len(result.failed_schools)} schools failed")
    print(f"{figures[-1][0]:.3f} {figures[-1][1]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
