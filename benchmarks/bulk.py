"""CPU time of `docgen bulk` against the loop a competent docxtpl user writes, on a synthetic district.

    python benchmarks/bulk.py [--schools 200] [--activities 60] [--jobs 0] [--rounds 3]
                              [--today 2024-09-02 | none]

Builds, in a temporary folder, a municipal plan of 60 activities and a district workbook of 200
schools (each gets its roadmap and the order approving it: 400 documents), then, in the same run
and interleaved ``--rounds`` times (the machine is shared: other processes load the cores, so
each figure is taken several times and the median is the one to quote):

1. ``docgen bulk`` in a fresh process into an empty folder, its summary's «Просрочено» on
   ``--today`` (by default the day of the orders: on the real today every task of the synthetic
   2024-2025 plan is late, and listing 12,000 late tasks is a cost of the summary, which the
   loop does not make, not of the documents);
2. the competent docxtpl loop in a fresh process: one process, one inflector and one Jinja
   environment for the run, and a ``DocxTemplate`` opened per document (docxtpl renders a
   template once), with the same data, contexts and finishing step, so the same 400 documents.

Each is measured as CPU time of the whole process tree (``resource.getrusage`` of the waited-for
children: the bulk command's workers count too), wall time, and peak memory as the sum of the
proportional set size (PSS) of all its processes, sampled from /proc every 50 ms. Then a
single order (``docgen render data/examples/order_953.yaml``) against the import of what it
needs and the loading of the dictionary, and the reruns: nothing changed, and one school's cell
changed.

The last line is ``speedup: X.XX``: the median, over the rounds, of the loop's CPU time divided
by docgen's. Goal (issue 17): >= 6, with the reruns far below a full run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES_M = [
    "Иванов",
    "Петров",
    "Кравченко",
    "Шевчук",
    "Белый",
    "Мельник",
    "Черных",
    "Лебедев",
    "Соколов",
    "Морозов",
    "Ковальчук",
    "Бондаренко",
    "Толстой",
    "Сидоренко",
]
SURNAMES_F = [
    "Иванова",
    "Петрова",
    "Кравченко",
    "Шевчук",
    "Белая",
    "Мельник",
    "Черных",
    "Лебедева",
    "Соколова",
    "Морозова",
    "Ковальчук",
    "Бондаренко",
    "Толстая",
]
NAMES_M = [
    ("Андрей", "Николаевич"),
    ("Игорь", "Петрович"),
    ("Сергей", "Ильич"),
    ("Лев", "Викторович"),
    ("Никита", "Сергеевич"),
]
NAMES_F = [
    ("Ольга", "Николаевна"),
    ("Анна", "Викторовна"),
    ("Любовь", "Петровна"),
    ("Алия", "Маратовна"),
    ("Дарья", "Ильинична"),
]
TYPES = [
    ("СОШ", "средняя общеобразовательная школа"),
    ("ООШ", "основная общеобразовательная школа"),
    ("Лицей", "лицей"),
    ("Гимназия", "гимназия"),
]
ROLES = ["Руководители ОО", "кл. руководители", "педагоги-психологи", "соц.педагоги"]
DEADLINES = [
    "Ежегодно до 25 мая",
    "до 01.06.2025",
    "В течение учебного года",
    "Октябрь 2024 г.",
    "Март-май 2025 г.",
    "Ежегодно до 20 декабря и 25 мая",
]


def make_plan(folder: Path, activities: int) -> Path:
    """A municipal plan of ``activities`` activities in sections of six."""
    import yaml

    body = []
    for section in range(activities // 6):
        items = []
        for index in range(6):
            n = section * 6 + index
            items.append(
                {
                    "title": f"Мероприятие {n + 1} по сопровождению профессионального самоопределения "
                    "обучающихся общеобразовательных организаций района",
                    "indicators": [
                        f"Доля обучающихся 6-11 классов, охваченных мероприятием {n + 1}"
                    ],
                    "deadline": DEADLINES[n % len(DEADLINES)],
                    "responsible": ", ".join(ROLES[: 1 + n % len(ROLES)]),
                }
            )
        body.append({"section": f"Направление работы {section + 1}", "items": items})
    plan = {
        "organization": {"name": "Отдел образования администрации Синтетического района"},
        "plan": {
            "title": "Муниципальный план работы по самоопределению и профориентации обучающихся",
            "school_title": "План мероприятий по самоопределению и профориентации обучающихся\n"
            "{{ org.name | рд }}\nна {{ plan.period }}",
            "columns": [
                {"number": "№"},
                {"title": "Направления работы"},
                {"indicators": "Показатели"},
                {"deadline": "Сроки"},
                {"responsible": "Ответственные"},
            ],
            "activity_dot": True,
            "body": body,
        },
    }
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def make_district(folder: Path, schools: int, changed: int | None = None) -> Path:
    """A district workbook of ``schools`` schools, four people and a group role each;
    ``changed``: the number of a school whose phone differs (a rerun after one edit)."""
    from docgen.district.blank import STAMP, new_district_workbook
    from docgen.office import excel as _xlsx

    book = new_district_workbook(ROLES)
    values = {
        "название органа": "Отдел образования администрации Синтетического района",
        "период": "2024-2025 учебный год",
        "план": "plan.yaml",
        "дата приказа": datetime(2024, 9, 2),
        "номер приказа": "{n}-од",
    }
    for row in book["Район"].iter_rows(min_row=2, max_col=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    for n in range(schools):
        short, kind = TYPES[n % len(TYPES)]
        key = f"s{n + 1:03d}"
        book["Школы"].append(
            [
                key,
                f"Муниципальное бюджетное общеобразовательное учреждение «{kind.capitalize()} "
                f"№ {n + 1}»",
                f"МБОУ «{short} № {n + 1}»",
                short if short in ("СОШ", "ООШ") else short.lower(),
                f"с. Синтетическое, ул. Школьная, д. {n + 1}",
                f"8 (41638) 2-{n % 100:02d}-{99 if n == changed else 0:02d}",
                None,
                None,
            ]
        )
        people = book["Люди"]
        male = NAMES_M[n % len(NAMES_M)]
        female = NAMES_F[n % len(NAMES_F)]
        people.append(
            [
                key,
                "директор; Руководители ОО",
                SURNAMES_M[n % len(SURNAMES_M)],
                *male,
                "м",
                "директор",
                None,
            ]
        )
        people.append(
            [
                key,
                "исполнитель",
                SURNAMES_F[(n + 3) % len(SURNAMES_F)],
                *female,
                "ж",
                "заместитель директора по воспитательной работе",
                "8 (41638) 2-00-01",
            ]
        )
        people.append(
            [
                key,
                "педагоги-психологи",
                SURNAMES_F[(n + 5) % len(SURNAMES_F)],
                *NAMES_F[(n + 1) % len(NAMES_F)],
                "ж",
                "педагог-психолог",
                None,
            ]
        )
        people.append(
            [
                key,
                "соц.педагоги",
                SURNAMES_M[(n + 7) % len(SURNAMES_M)],
                *NAMES_M[(n + 2) % len(NAMES_M)],
                "м",
                "социальный педагог",
                None,
            ]
        )
        people.append(
            [
                key,
                "кл. руководители",
                None,
                None,
                None,
                None,
                "классные руководители 6–11 классов",
                None,
            ]
        )
    path = folder / "district.xlsx"
    path.write_bytes(_xlsx.stable_bytes(book, STAMP))
    return path


def compiled() -> None:
    """docgen's modules compiled to bytecode, as an installed docgen is (pip compiles a wheel's
    modules): a checkout run with PYTHONDONTWRITEBYTECODE would compile every module from
    source in every measured process, a cost no user pays, for docgen and the loop alike."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "docgen")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def bulk_command(workbook: Path, out: Path, jobs: int, today: str | None) -> list[str]:
    """`docgen bulk` in a fresh Python, as every benchmark of a district runs it."""
    return [
        sys.executable,
        "-m",
        "docgen",
        "bulk",
        str(workbook),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
        *(["--today", today] if today else []),
    ]


class MemorySampler(threading.Thread):
    """The peak memory of a process and all its descendants: the sum of their proportional set
    sizes (PSS), so that pages the forked workers share with the main process count once."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):
                with contextlib.suppress(OSError):
                    todo += [int(c) for c in (task / "children").read_text().split()]
        return pids

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, pss(self.tree()))
            self.done.wait(0.05)


def pss(pids: list[int]) -> int:
    """The summed proportional set size of processes, in bytes (/proc/PID/smaps_rollup)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
    return total


@dataclass(frozen=True)
class Run:
    """One measured command: CPU seconds of its whole process tree, wall seconds, peak PSS."""

    cpu: float
    wall: float
    memory: int


def timed(command: list[str]) -> Run:
    """CPU time (the command and every process it waited for), wall time and peak summed
    memory of a command run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = MemorySampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        sys.stderr.write(stderr.decode())
        raise SystemExit(f"{command[:3]} failed with exit code {process.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(cpu, elapsed, sampler.peak)


def competent(workbook: Path, out: Path) -> None:
    """The loop a competent docxtpl user writes around docgen's data and contexts: one
    inflector and one Jinja environment for the run, a ``DocxTemplate`` per document (docxtpl
    renders a template once), docgen's finishing step (tables, typography), saved to a file."""
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    from docgen.district import workbook as district
    from docgen.grammar.filters import install
    from docgen.grammar.inflector import Inflector
    from docgen.model import PlanData
    from docgen.office import word as _docx
    from docgen.options import BulkOptions, Options
    from docgen.orders.context import build_context
    from docgen.plans.context import Extras, build_plan_context
    from docgen.rendering import template_for

    options = Options(output_dir=out)
    inflector = Inflector.with_exceptions()
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    install(env, inflector)
    found = district.read(workbook)
    # the same reading and validation as docgen's (a docxtpl user needs the data too)
    for unit in district.planned(found, BulkOptions(output_dir=out)):
        for document in unit.build().documents:
            data = document.data
            extras = Extras()
            if isinstance(data, PlanData):
                context = build_plan_context(data, inflector, extras=extras)
                orientation = context["plan"]["orientation"]
            else:
                context = build_context(data, inflector, extras=extras)  # type: ignore[arg-type]
                orientation = None
            template = DocxTemplate(str(template_for(data, options)))  # type: ignore[arg-type]
            template.render(context, env)
            _docx.finish(template.docx, extras.inserts, orientation)
            target = out / document.path
            target.parent.mkdir(parents=True, exist_ok=True)
            template.save(str(target))


#: What a single order's render cannot do without: Python, docgen's modules and their
#: dependencies (docxtpl, Jinja, pydantic, lxml), and the morphological dictionary loaded.
IMPORTS = (
    "import docgen.cli, docgen.rendering; from docgen.grammar import _morph; _morph.analyzer()"
)


def single_order(folder: Path, rounds: int) -> tuple[list[float], list[float]]:
    """CPU seconds of `docgen render` of the example order and of the imports it needs, each in
    a fresh process, interleaved ``rounds`` times (issue 17, goal 4: at most twice the imports)."""
    order = ROOT / "data" / "examples" / "order_953.yaml"
    renders, imports = [], []
    for _ in range(rounds):
        renders.append(
            timed([sys.executable, "-m", "docgen", "render", str(order), "-o", str(folder)]).cpu
        )
        imports.append(timed([sys.executable, "-c", IMPORTS]).cpu)
    return renders, imports


def spread(values: list[float]) -> str:
    """min / median / max."""
    return " / ".join(f"{v:.2f}" for v in (min(values), statistics.median(values), max(values)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--activities", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--today",
        default="2024-09-02",
        help="the day of the summary's «Просрочено» (default: the day of the orders, so that "
        "no task of the synthetic 2024-2025 plan is late yet; 'none': the real today, on which "
        "every task is late and the summary lists all of them)",
    )
    parser.add_argument("--competent", nargs=2, metavar=("WORKBOOK", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.competent:
        competent(Path(args.competent[0]), Path(args.competent[1]))
        return 0
    compiled()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as work:
        folder = Path(work)
        make_plan(folder, args.activities)
        workbook = make_district(folder, args.schools)
        documents = args.schools * 2

        def docgen(out: Path) -> list[str]:
            return bulk_command(
                workbook, out, args.jobs, None if args.today == "none" else args.today
            )

        ours: list[Run] = []
        theirs: list[Run] = []
        for round_ in range(args.rounds):
            out = folder / f"bulk{round_}"
            ours.append(timed(docgen(out)))
            made = len(list(out.rglob("*.docx")))
            assert made == documents, f"bulk made {made} documents, expected {documents}"
            theirs.append(
                timed([sys.executable, __file__, "--competent", str(workbook), str(folder / "tpl")])
            )
            made = len(list((folder / "tpl").rglob("*.docx")))
            assert made == documents, f"the loop made {made} documents, expected {documents}"
        out = folder / "bulk0"
        unchanged = timed(docgen(out))
        make_district(folder, args.schools, changed=args.schools // 2)
        one = timed(docgen(out))
        cpu = [t.cpu / o.cpu for o, t in zip(ours, theirs, strict=True)]
        wall = [t.wall / o.wall for o, t in zip(ours, theirs, strict=True)]
        per = 1000 / documents
        print(
            f"district: {args.schools} schools, {args.activities}-activity roadmap and an "
            f"order each: {documents} documents; cores: {os.cpu_count()}, shared (other "
            f"processes load them: CPU time is the figure, medians of {args.rounds} rounds); "
            f"«Просрочено» on {args.today if args.today != 'none' else 'the real today'}"
        )
        for name, runs in (("docgen bulk", ours), ("docxtpl loop", theirs)):
            print(
                f"{name + ':':14} CPU ms/document {spread([r.cpu * per for r in runs])}   "
                f"wall s {spread([r.wall for r in runs])}   "
                f"peak memory {statistics.median([r.memory for r in runs]) / 2**20:.1f} MB "
                "(all processes, PSS)"
            )
        renders, imports = single_order(folder / "single", args.rounds)
        print(
            f"single order (order_953.yaml): render CPU s {spread(renders)}, its imports and "
            f"dictionary {spread(imports)}, ratio (median) "
            f"{statistics.median(renders) / statistics.median(imports):.2f} (goal <= 2)"
        )
        print(f"rerun, nothing changed:  {unchanged.wall:.2f} s wall, {unchanged.cpu:.2f} s CPU")
        print(f"rerun, one school changed: {one.wall:.2f} s wall, {one.cpu:.2f} s CPU")
        print(f"wall ratio (loop / docgen), min / median / max: {spread(wall)}")
        print(f"CPU ratio (loop / docgen), min / median / max: {spread(cpu)}")
        print(f"speedup: {statistics.median(cpu):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
