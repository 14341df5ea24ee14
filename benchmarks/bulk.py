"""Speed of `docgen bulk` against the naive loop, on a synthetic district of 200 schools.

    python benchmarks/bulk.py [--schools 200] [--activities 60] [--jobs 0]

Builds, in a temporary folder, a municipal plan of 60 activities and a district workbook of 200
schools (each gets its roadmap and the order approving it: 400 documents), then in the same run:

1. ``docgen bulk`` in a fresh process (its wall time and the peak of the summed proportional
   set size of it and its workers, sampled from /proc every 100 ms);
2. the naive loop in a fresh process: one process, and for every document a new inflector
   and a new ``DocxTemplate`` parsed and compiled from the file, the same templates and data;
3. ``docgen bulk`` again with nothing changed (its time against the first run).

The last line is ``speedup: X.XX`` (naive time / docgen time). Goals on a 2-core machine:
speedup >= 4, peak memory of the bulk run <= 300 MB, rerun <= 10 % of the first run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
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


def make_district(folder: Path, schools: int) -> Path:
    """A district workbook of ``schools`` schools, four people and a group role each."""
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
                f"8 (41638) 2-{n % 100:02d}-00",
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
            total = 0
            for pid in self.tree():
                with contextlib.suppress(OSError):
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            total += int(line.split()[1]) * 1024
            self.peak = max(self.peak, total)
            self.done.wait(0.1)


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time and peak summed memory of a command run in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = MemorySampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        sys.stderr.write(stderr.decode())
        raise SystemExit(f"{command[:3]} failed with exit code {process.returncode}")
    return elapsed, sampler.peak


def naive(workbook: Path, out: Path) -> None:
    """The straightforward loop: per document a fresh inflector and a fresh DocxTemplate."""
    from docxtpl import DocxTemplate

    from docgen.grammar.inflector import Inflector
    from docgen.model import PlanData
    from docgen.office import district
    from docgen.office import word as _docx
    from docgen.options import Options
    from docgen.orders.context import Extras, build_context, build_plan_context
    from docgen.rendering import template_for

    jobs = district.jobs(district.read(workbook))
    options = Options(output_dir=out)
    for job in jobs:
        for document in job.documents:
            inflector = Inflector.with_exceptions()
            extras = Extras()
            if isinstance(document.data, PlanData):
                context = build_plan_context(document.data, inflector, extras=extras)
            else:
                context = build_context(document.data, inflector, extras=extras)
            template = DocxTemplate(str(template_for(document.data, options)))
            import jinja2
            from jinja2.sandbox import SandboxedEnvironment

            from docgen.grammar.filters import install

            env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
            install(env, inflector)
            template.render(context, env)
            _docx.finish(template.docx, extras.inserts)
            target = out / document.path
            target.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            template.save(buffer)
            target.write_bytes(buffer.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--activities", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--naive", nargs=2, metavar=("WORKBOOK", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive:
        naive(Path(args.naive[0]), Path(args.naive[1]))
        return 0
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as work:
        folder = Path(work)
        make_plan(folder, args.activities)
        workbook = make_district(folder, args.schools)
        documents = args.schools * 2
        docgen = [
            sys.executable,
            "-m",
            "docgen",
            "bulk",
            str(workbook),
            "-o",
            str(folder / "bulk"),
            "--jobs",
            str(args.jobs),
        ]
        first, memory = timed(docgen)
        rerun, _ = timed(docgen)
        slow, naive_memory = timed(
            [sys.executable, __file__, "--naive", str(workbook), str(folder / "naive")]
        )
        made = len(list((folder / "bulk").rglob("*.docx")))
        assert made == documents, f"bulk made {made} documents, expected {documents}"
        print(
            f"district: {args.schools} schools, {args.activities}-activity roadmap and an "
            f"order each: {documents} documents; cores: {os.cpu_count()}"
        )
        print(
            f"docgen bulk:  {first:7.2f} s  {documents / first:6.1f} documents/s  "
            f"peak memory {memory / 2**20:6.1f} MB (all processes)"
        )
        print(
            f"naive loop:   {slow:7.2f} s  {documents / slow:6.1f} documents/s  "
            f"peak memory {naive_memory / 2**20:6.1f} MB"
        )
        print(f"rerun, nothing changed: {rerun:.2f} s = {rerun / first:.1%} of the first run")
        print(f"speedup: {slow / first:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
