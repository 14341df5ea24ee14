"""A region with reports: `docgen bulk` at 200 and 2,000 schools, each with its roadmap, its
order and its analytical report (the native charts included).

    python benchmarks/region.py [--sizes 200 2000] [--activities 60] [--jobs 0] [--profile]

For each size it builds, in a temporary folder, the synthetic district of ``benchmarks/bulk.py``
(the builder ``scale.py`` uses: a 60-activity municipal plan, four people and a group role per
school) and a monitoring workbook beside it that the district names («мониторинг»): the
example's sheet «Отчёт», plan of indicators (``data/examples/monitoring_plan.yaml``),
activities and recommendations, every school of the district on «Школы», and plausible
figures for every school over three school years (drawn from a fixed seed: about one cell in
thirty «нет данных», some schools below their targets, some above). Then, in a fresh process:

1. ``docgen bulk`` into an empty folder: wall time, CPU time of the whole process tree
   (``resource.getrusage`` of the waited-for children: the workers count too), peak memory as
   the sum of the proportional set size (PSS) of all its processes (sampled every 50 ms, see
   ``bulk.py``);
2. the documents counted by kind (roadmaps, orders, reports: each school must have all three)
   and one report opened: its charts and tables counted;
3. with ``--profile``, one school's report built in this process under cProfile (the
   workbook read and cached as a worker does), and the CPU of a report against the CPU of an
   order: the split of the run's CPU between the kinds is estimated from these ratios, since
   one worker makes all three of a school's documents in one go.

The last line is ``region: N schools, X s wall`` for the largest size. The machine may be
shared (other processes load its two cores): CPU time is the figure to compare; wall time is
what a user waits. Goal (issue 17, goal 5): 2,000 schools in <= 2 minutes wall on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk import bulk_command, compiled, make_district, make_plan, timed  # noqa: E402  (the builder scale.py uses)

EXAMPLES = ROOT / "data" / "examples"
PERIODS = ("2021-2022 учебный год", "2022-2023 учебный год", "2023-2024 учебный год")
#: indicator: (the mean of the first year, the yearly gain, the spread, a whole count?)
FIGURES = {
    "proforientation": (66.0, 4.0, 8.0, False),
    "bilet": (20.0, 4.5, 5.0, False),
    "profile_ege": (50.0, 2.5, 6.0, False),
    "undecided": (11.0, -1.6, 2.5, False),
    "events": (9.0, 1.5, 3.0, True),
}


def make_monitoring(folder: Path, schools: int, seed: int = 17) -> Path:
    """The monitoring workbook of the synthetic district: the example's report, plan,
    activities and recommendations, with every school of ``make_district`` and its figures."""
    from openpyxl import load_workbook

    from docgen.district.blank import STAMP
    from docgen.office import excel as _xlsx

    shutil.copy(EXAMPLES / "monitoring_plan.yaml", folder / "monitoring_plan.yaml")
    book = load_workbook(EXAMPLES / "district_monitoring.xlsx")
    for title in ("Школы", "Значения"):
        sheet = book[title]
        sheet.delete_rows(2, sheet.max_row)
    district = load_workbook(folder / "district.xlsx", read_only=True)
    keys = []
    for row in district["Школы"].iter_rows(min_row=2, max_col=4, values_only=True):
        if row[0] is None:
            continue
        keys.append(row[0])
        book["Школы"].append(list(row))
    district.close()
    assert len(keys) == schools, f"{len(keys)} schools in the district, expected {schools}"
    draw = random.Random(seed)
    columns = list(FIGURES)
    levels = {key: {k: draw.gauss(0, 1) for k in columns} for key in keys}
    for year, period in enumerate(PERIODS):
        for key in keys:
            row: list[object] = [key, period]
            for indicator in columns:
                mean, gain, spread, whole = FIGURES[indicator]
                if draw.random() < 1 / 30:
                    row.append("нет данных")
                    continue
                value = mean + gain * year + spread * (levels[key][indicator] * 0.8)
                value += draw.gauss(0, spread * 0.3)
                value = max(value, 0.0 if whole else 0.5)
                row.append(round(value) if whole else round(min(value, 99.5), 1))
            book["Значения"].append(row)
    path = folder / "monitoring.xlsx"
    path.write_bytes(_xlsx.stable_bytes(book, STAMP))
    return path


def name_monitoring(workbook: Path, monitoring: Path) -> None:
    """The district's field «мониторинг» names the monitoring workbook."""
    from openpyxl import load_workbook

    from docgen.district.blank import STAMP
    from docgen.office import excel as _xlsx

    book = load_workbook(workbook)
    for row in book["Район"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "мониторинг":
            row[1].value = monitoring.name
            break
    else:
        raise SystemExit("the district workbook has no field «мониторинг»")
    workbook.write_bytes(_xlsx.stable_bytes(book, STAMP))


def make_region(folder: Path, schools: int, activities: int) -> Path:
    """The district workbook of ``schools`` schools naming its monitoring workbook."""
    make_plan(folder, activities)
    workbook = make_district(folder, schools)
    name_monitoring(workbook, make_monitoring(folder, schools))
    return workbook


def kinds(out: Path) -> dict[str, list[Path]]:
    """The documents made, by kind (from their file names)."""
    found: dict[str, list[Path]] = {"roadmap": [], "order": [], "report": [], "other": []}
    for path in sorted(out.rglob("*.docx")):
        name = path.name.lower()
        if name.startswith("аналитическая_справка"):
            found["report"].append(path)
        elif name.startswith("приказ"):
            found["order"].append(path)
        elif "дорожн" in name or "план" in name:
            found["roadmap"].append(path)
        else:
            found["other"].append(path)
    return found


def charts_of(report: Path) -> tuple[int, int, int]:
    """Charts (native chart parts), their embedded workbooks, and tables of one report."""
    with zipfile.ZipFile(report) as docx:
        names = docx.namelist()
        body = docx.read("word/document.xml")
    charts = sum(1 for n in names if n.startswith("word/charts/chart") and n.endswith(".xml"))
    embedded = sum(1 for n in names if n.startswith("word/embeddings/"))
    return charts, embedded, body.count(b"<w:tbl>")


def profile_one(workbook: Path, out: Path, monitoring: Path, school: str) -> None:
    """One school's report under cProfile in this process, after one warm-up (the workbook is
    then cached as in a worker), and its CPU against an order's render (medians of 5)."""
    import cProfile
    import pstats

    from docgen.district import workbook as district
    from docgen.grammar import default_inflector
    from docgen.options import BulkOptions, Options
    from docgen.rendering import render_bytes
    from docgen.reports.report import build_report

    inflector = default_inflector()
    found = district.read(workbook)
    job = next(iter(district.planned(found, BulkOptions(output_dir=out)))).build()
    order = next(d.data for d in job.documents if "риказ" in d.path)
    roadmap = next(
        d.data for d in job.documents if "риказ" not in d.path and "справк" not in d.path
    )
    build_report(
        monitoring, school=school, inflector=inflector, summary=False
    )  # warm: read, cached
    options = Options()

    def cpu(action: object) -> float:
        started = time.process_time()
        action()  # type: ignore[operator]
        return time.process_time() - started

    measures = {
        "report": lambda: build_report(
            monitoring, school=school, inflector=inflector, summary=False
        ),
        "order": lambda: render_bytes(order, options, inflector=inflector),
        "roadmap": lambda: render_bytes(roadmap, options, inflector=inflector),
    }
    for action in measures.values():
        action()
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(5):
        for name, action in measures.items():
            times[name].append(cpu(action))
    median = {name: statistics.median(v) for name, v in times.items()}
    for name, value in median.items():
        print(f"  one {name:8} {value * 1000:8.1f} ms CPU ({value / median['order']:.2f} × order)")
    profiler = cProfile.Profile()
    profiler.enable()
    build_report(monitoring, school=school, inflector=inflector, summary=False)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(35)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--activities", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="cProfile of one school's report")
    parser.add_argument("--keep", type=Path, help="copy the last run's folder here")
    args = parser.parse_args()
    compiled()
    last = None
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="docgen-region-") as work:
            folder = Path(work)
            workbook = make_region(folder, size, args.activities)
            out = folder / "out"
            if args.profile:
                print(f"{size} schools: one school's report, profiled")
                profile_one(workbook, out / "profile", folder / "monitoring.xlsx", "s001")
                shutil.rmtree(out, ignore_errors=True)
            # the orders' day: «Просрочено» counted as on the day they are signed
            command = bulk_command(workbook, out, args.jobs, "2024-09-02")
            run = timed(command)
            made = kinds(out)
            for kind in ("roadmap", "order", "report"):
                assert len(made[kind]) == size, f"{len(made[kind])} {kind}s, expected {size}"
            documents = sum(len(v) for v in made.values())
            charts, embedded, tables = charts_of(made["report"][0])
            size_mb = sum(p.stat().st_size for p in made["report"]) / 2**20
            print(
                f"{size} schools: {documents} documents ({size} roadmaps, {size} orders, "
                f"{size} reports; one report: {charts} charts, {embedded} embedded workbooks, "
                f"{tables} tables; the reports {size_mb:.1f} MB)"
            )
            print(
                f"  wall {run.wall:.1f} s, CPU {run.cpu:.1f} s (whole process tree), "
                f"{run.cpu * 1000 / documents:.1f} ms CPU per document, "
                f"{run.cpu * 1000 / size:.1f} ms CPU per school, "
                f"peak memory {run.memory / 2**20:.0f} MB (summed PSS)",
                flush=True,
            )
            if args.keep:
                shutil.rmtree(args.keep, ignore_errors=True)
                shutil.copytree(folder, args.keep)
            last = (size, run.wall)
    if last:
        print(f"region: {last[0]} schools, {last[1]:.1f} s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
