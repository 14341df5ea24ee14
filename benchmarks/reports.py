"""CPU time of an analytical report against an order's render, and of the example district.

    python benchmarks/reports.py [--rounds 7]

In one process, interleaved round by round (so that a busy machine slows every measure alike):

1. a school's analytical report from ``data/examples/monitoring.xlsx`` (``build_report`` with
   ``school=``, in memory; the workbook is read once and cached, as in a district run);
2. the district's analytical report from the same workbook;
3. the order ``data/examples/order_953.yaml`` rendered in memory (``render_bytes``), the
   baseline: a machine twice as fast halves both;

then, once, the example district ``data/examples/district.xlsx`` end to end with its reports
(``docgen bulk --jobs 1 --force`` in a fresh process: its user + system CPU time).

Printed: the median CPU time (``time.process_time``) of each measure and the ratios of the
reports to the order. Goals: a school report <= 100 ms of CPU, the district end to end < 3 s.
No test asserts a duration; this script is where speed is measured.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLES = ROOT / "data" / "examples"


def cpu(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def measures() -> dict[str, Callable[[], object]]:
    from docgen.grammar import default_inflector
    from docgen.loading import load
    from docgen.options import Options
    from docgen.rendering import render_bytes
    from docgen.reports.report import build_report

    workbook = EXAMPLES / "monitoring.xlsx"
    order = EXAMPLES / "order_953.yaml"
    inflector = default_inflector()
    options = Options()
    data = load(order)
    return {
        "school report": lambda: build_report(workbook, school="sosh2", inflector=inflector),
        "district report": lambda: build_report(workbook, inflector=inflector),
        "order render": lambda: render_bytes(data, options, inflector=inflector),
    }


def district_cpu() -> float:
    """User + system CPU seconds of `docgen bulk` over the example district, children included."""
    with tempfile.TemporaryDirectory() as folder:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "docgen",
                "bulk",
                str(EXAMPLES / "district.xlsx"),
                "-o",
                folder,
                "--jobs",
                "1",
                "--force",
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-district", action="store_true", help="skip the end-to-end run")
    args = parser.parse_args()
    actions = measures()
    for action in actions.values():  # warm up: imports, caches, the compiled templates
        action()
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(args.rounds):
        for name, action in actions.items():
            times[name].append(cpu(action))
    median = {name: statistics.median(values) for name, values in times.items()}
    base = median["order render"]
    for name, value in median.items():
        print(f"{name:16} {value * 1000:8.1f} ms CPU  ({value / base:5.2f} × order render)")
    if not args.no_district:
        print(f"{'district e2e':16} {district_cpu():8.2f} s CPU (14 schools with reports)")


if __name__ == "__main__":
    main()
