"""How `docgen bulk` scales: 200, 1,000 and 2,000 schools, and the reruns at each size.

    python benchmarks/scale.py [--sizes 200 1000 2000] [--activities 60] [--jobs 0]

For each size it builds the synthetic district of ``benchmarks/bulk.py`` (a 60-activity roadmap
and its order per school) and runs, each in a fresh process:

1. ``docgen bulk`` into an empty folder: CPU time of the whole process tree, wall time, and
   peak memory as the sum of the proportional set size (PSS) of all its processes, sampled from
   /proc/PID/smaps_rollup every 50 ms (pages the forked workers share count once);
2. the rerun with nothing changed;
3. the rerun after one school's cell changed (its phone): that school's two documents are
   made again, the rest is looked up in the manifest;
4. the same rerun in a warm process, as ``docgen serve`` runs it (``warm_rerun.py``): wall
   time of ``docgen.bulk`` when the modules, the dictionary and the templates are loaded.

``--today`` sets the day the summary's «Просрочено» sheet is counted on: the synthetic plan's
deadlines fall in 2024-2025, so on a later day every task of every school is overdue (150 rows
per school, most of the run's time at 2,000 schools); ``--today 2024-09-02`` (the orders' day)
measures the documents and the manifest without it.

The machine may be shared: CPU time is the figure to compare, wall time depends on the load.
Goals (issue 17): peak memory <= 250 MB at 2,000 schools, the rerun after one change <= 1 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk import bulk_command, compiled, make_district, make_plan, timed

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--activities", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--today", default=None, help="the day of «Просрочено», YYYY-MM-DD")
    args = parser.parse_args()
    compiled()
    print(
        f"{'schools':>7} {'documents':>9} {'CPU s':>7} {'CPU ms/doc':>10} {'wall s':>7} "
        f"{'peak MB':>7} {'rerun s':>7} {'one changed s':>13} {'its CPU s':>9} {'warm s':>6}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="docgen-scale-") as work:
            folder = Path(work)
            make_plan(folder, args.activities)
            workbook = make_district(folder, size)
            command = bulk_command(workbook, folder / "out", args.jobs, args.today)
            first = timed(command)
            made = len(list((folder / "out").rglob("*.docx")))
            assert made == 2 * size, f"made {made} documents, expected {2 * size}"
            unchanged = timed(command)
            make_district(folder, size, changed=size // 2)
            one = timed(command)
            warm = subprocess.run(
                [sys.executable, str(HERE / "warm_rerun.py"), str(folder), str(size)]
                + ([args.today] if args.today else []),
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            print(
                f"{size:7d} {made:9d} {first.cpu:7.1f} {first.cpu * 1000 / made:10.2f} "
                f"{first.wall:7.1f} {first.memory / 2**20:7.0f} {unchanged.wall:7.2f} "
                f"{one.wall:13.2f} {one.cpu:9.2f} {float(warm[0]):6.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
