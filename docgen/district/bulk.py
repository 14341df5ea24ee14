"""Every school's documents in one run: spread over the cores, redone only where inputs changed.

The main process reads the district (:mod:`docgen.district.workbook`), turns it into one job
per school with the data of each of its documents and the digest of their inputs, and skips the
documents the manifest shows as current. The rest are shared by this process and workers
forked from it (:mod:`docgen.district.workers`; a ``concurrent.futures`` pool where there is
no fork); each keeps its compiled templates and its inflection cache for all the schools it
renders. A school whose data is wrong fails alone: its errors are listed with their places, the
others are made.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from docgen.district.jobs import BulkResult, Outcome, Planned, ReportRequest, SchoolJob, Status
from docgen.district.manifest import (
    Manifest,
    file_digest,
    file_record,
    inside,
    run_key,
    written_record,
)
from docgen.errors import DocgenError, Location, OutputError
from docgen.grammar import inflector_for
from docgen.office.files import atomic_write_bytes, write_error
from docgen.options import BulkOptions, Options

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not locked there
    fcntl = None  # type: ignore[assignment]


def run(
    planned: Iterable[Planned],
    options: BulkOptions,
    *,
    known: Sequence[str] = (),
    progress: Callable[[Outcome], None] | None = None,
    places: Mapping[str, Location] | None = None,
    manifest: Manifest | None = None,
    late: dict[str, list[tuple[Any, ...]]] | None = None,
) -> BulkResult:
    """Make the documents of every planned school that are not current.

    Schools are validated and sent to the workers one by one, so rendering starts at once and
    only a few schools' data are in memory. ``known`` lists every school of the district, so
    outputs of schools left out by ``--only`` are not taken for stale ones. ``places`` says
    where each school's short name is, for the message when two schools' outputs clash.
    ``manifest``: the folder's, loaded and saved by the caller (who records more in it after
    the run: one write of it, not two); without it the run loads and saves its own.
    ``late``: filled with the late tasks of each school the workers built (for the summary's
    «Просрочено», which then need not validate those schools again).
    """
    started = time.perf_counter()
    if not isinstance(planned, _Unique):  # (``_run_district`` checked them already)
        planned = unique_outputs(planned, places or {})
    folder = options.output_dir
    folder.mkdir(parents=True, exist_ok=True)
    own = manifest is None
    manifest = Manifest.load(folder) if manifest is None else manifest
    marker = _begin(folder, manifest)
    updated = manifest.docgen_changed()
    before = set(manifest.entries)
    result = BulkResult()
    produced: set[str] = set()
    made: set[str] = set()
    seen: set[str] = set()

    def record(outcome: Outcome, inputs: str = "") -> None:
        result.outcomes.append(outcome)
        if outcome.path and outcome.status is not Status.FAILED:
            known = manifest.entries.get(outcome.path)
            if outcome.output:
                output, size, mtime = outcome.output, outcome.size, outcome.mtime_ns
            elif known is not None:
                output, size, mtime = known.output, known.size, known.mtime_ns
            else:
                output, size, mtime = "", -1, -1
            manifest.record(outcome.path, inputs, output, outcome.school, size, mtime)
        _notify(progress, outcome, 1)

    tasks: list[_Task] = []
    order: dict[str, int] = {}  # the schools' order in the workbook
    for unit in planned:
        order.setdefault(unit.key, len(order))
        seen.add(unit.key)
        produced.update(path for path, _ in unit.outputs)
        current = frozenset(
            path
            for path, inputs in unit.outputs
            if not options.force and manifest.is_current(path, inputs)
        )
        if current and len(current) == len(unit.outputs):
            made.add(unit.key)
            for path, inputs in unit.outputs:
                record(Outcome(unit.key, path, Status.UNCHANGED), inputs)
            continue
        tasks.append(_Task(unit.key, unit.outputs, current, unit.build, late is not None))
    redone = {
        path
        for task in tasks
        for path, _ in task.outputs
        if updated and path in before and path not in task.current
    }

    try:
        for outcome, inputs in _work_all(tasks, options, late):
            if outcome.path or outcome.status is not Status.FAILED:
                made.add(outcome.school)
            record(outcome, inputs)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        if own or result.interrupted:
            manifest.save()
    if not result.interrupted and not any(o.status is Status.FAILED for o in result.outcomes):
        marker.unlink(missing_ok=True)  # ended whole: the next run need not look for leftovers
    # in the order of the schools, not of the workers finishing them: what is printed after
    # the run (warnings, errors, the files made) reads the same from one run to the next
    result.outcomes.sort(key=lambda outcome: order.get(outcome.school, len(order)))
    result.rebuilt_after_update = sum(
        1 for o in result.outcomes if o.path in redone and o.status is not Status.FAILED
    )
    made -= {o.school for o in result.outcomes if o.status is Status.FAILED and not o.path}
    district = set(known) | seen
    # stale: outputs of schools gone from the district, or documents a school no longer gets
    # (a failed school keeps its old outputs; schools left out by --only are not looked at)
    result.stale = sorted(
        path
        for path, entry in manifest.entries.items()
        if path not in produced and (entry.school not in district or entry.school in made)
    )
    result.seconds = time.perf_counter() - started
    return result


LOCK = ".docgen-lock"
#: Made when a run starts and removed when it ends whole: a run that finds it knows the last
#: one was cut short, and looks through every school's folder for its temporary files.
RUNNING = ".docgen-running"
SUMMARY = "Сводка.xlsx"
#: The district workbook's sheets as the last run read them (``loading._stream.SheetCache``):
#: a rerun parses again only the sheets whose part of the workbook changed.
SHEETS_CACHE = ".docgen-sheets.jsonl"
#: The templates as the last run prepared them for the text path (``office.word.TemplateCache``):
#: a rerun that makes a few documents opens none of them with python-docx.
TEMPLATES_CACHE = ".docgen-templates.json"
#: Each school's outputs and the digests of their inputs as the last run worked them out
#: (``district.workbook.planned``): a rerun works out again only the schools whose rows changed.
PLANNED_CACHE = ".docgen-planned.json"
_HELD: dict[Path, int] = {}  # folders this process has locked, with how many runs hold each
_LOCK_FDS: set[int] = set()  # their descriptors, which forked workers close (see _worker_init)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One run at a time in an output folder: two runs would mix their outputs and manifests.

    The lock is the operating system's (flock) on ``OUTDIR/.docgen-lock``: it goes with the
    process however it ends, so a killed run never leaves the folder locked. The file says who
    holds it, for the message the second run gives.
    """
    key = folder.resolve()
    if key in _HELD or fcntl is None:  # already ours (bulk → run_district), or no flock here
        _HELD[key] = _HELD.get(key, 0) + 1
        try:
            yield
        finally:
            _HELD[key] -= 1
            if not _HELD[key]:
                del _HELD[key]
        return
    path = folder / LOCK
    created = not folder.exists()  # a run that fails before writing leaves no folder behind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        if not _acquire(fd):
            holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "другой запуск"
            raise OutputError(
                f"папку результатов сейчас заполняет другой запуск docgen ({holder}): "
                "дождитесь его конца или выберите другую папку (-o)",
                Location(file=str(folder)),
            ) from None
        from datetime import datetime

        started = datetime.now().strftime("%d.%m.%Y %H:%M")
        host = os.uname().nodename  # flock is POSIX's, and so is uname (no socket import)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"процесс {os.getpid()} на {host}, начат {started}\n".encode(), 0)
        _HELD[key] = 1
        _LOCK_FDS.add(fd)
        try:
            yield
        finally:
            _LOCK_FDS.discard(fd)
            del _HELD[key]
            os.ftruncate(fd, 0)
            left = {p.name for p in folder.iterdir()}
            if created and LOCK in left and left <= {LOCK, RUNNING}:
                (folder / RUNNING).unlink(missing_ok=True)
                path.unlink()
                folder.rmdir()
    finally:
        os.close(fd)


def _acquire(fd: int, tries: int = 20) -> bool:
    """The lock, waiting a moment: a run that was just killed may still be ending."""
    assert fcntl is not None
    for attempt in range(tries):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            if attempt + 1 < tries:
                time.sleep(0.05)
    return False


def _folded(path: str) -> str:
    """A path as a case-insensitive file system (Windows, macOS) sees it."""
    return unicodedata.normalize("NFC", path).casefold()


def unique_outputs(planned: Iterable[Planned], places: Mapping[str, Location]) -> list[Planned]:
    """Every output of a run has its own path: a school whose output would overwrite another
    school's (short names that differ only in quotes, dots or case) fails with both named,
    instead of silently replacing the first school's document."""
    owners: dict[str, Planned] = {}
    units = _Unique()
    for unit in planned:
        folded = [(path, _folded(path)) for path, _ in unit.outputs]
        clash = next(
            (
                (path, owners[name])
                for path, name in folded
                if name in owners and owners[name].key != unit.key
            ),
            None,
        )
        if clash is None:
            owners.update((name, unit) for _, name in folded)
            units.append(unit)
            continue
        path, other = clash
        where = places.get(other.key)
        other_cell = f", ячейка {where.cell}" if where is not None and where.cell else ""
        error = OutputError(
            f"файл «{path}» уже делает школа «{other.name}» (ключ {other.key}{other_cell}), "
            f"у школы «{unit.name}» (ключ {unit.key}) он тот же: дайте школам разные краткие "
            "названия (не только кавычками, точками или регистром) или разные номера приказов",
            places.get(unit.key, Location()),
        )
        units.append(
            Planned(unit.key, unit.name, (), partial(_refused, unit.key, unit.name, error))
        )
    return units


class _Unique(list[Planned]):
    """Planned schools whose outputs :func:`unique_outputs` has checked."""


def _refused(key: str, name: str, error: DocgenError) -> SchoolJob:
    return SchoolJob(key, name, problems=(error,))


def _begin(folder: Path, manifest: Manifest) -> Path:
    """The run's mark in the folder (``RUNNING``), made after the leftovers of an earlier run
    are removed. The mark goes when a run ends whole; found at the start, it says the last run
    did not (killed, the power cut, a worker lost, Ctrl+C), and only then, or after docgen
    changed (the last run was made by a docgen without the mark), are all the schools' folders
    looked through: at 2,000 schools that walk is a tenth of a rerun. The folder's own files
    (the summary, the manifest) are looked at every time, which costs one listing."""
    marker = folder / RUNNING
    whole = not marker.exists() and not manifest.docgen_changed()
    _remove_leftovers(folder, deep=not whole)
    try:
        marker.touch()
    except OSError as exc:
        raise write_error(exc, marker) from exc
    return marker


def _remove_leftovers(folder: Path, *, deep: bool = True) -> None:
    """Temporary files of a run that was killed before it could rename them. The folder is
    walked with ``os.walk`` (no symbolic link followed out of it), each name looked at as a
    string: at 2,000 schools' folders, half the time of ``Path.rglob``. Not ``deep``: only the
    folder's own files."""
    for parent, _, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                with suppress(FileNotFoundError):
                    os.unlink(os.path.join(parent, name))
        if not deep:
            break


def prune(folder: Path, stale: Sequence[str]) -> list[str]:
    """Remove outputs that no longer belong to any school (and folders left empty)."""
    manifest = Manifest.load(folder)
    removed = []
    for path in stale:
        target = within(folder, path)
        if target is None:
            continue
        for file in (target, target.with_suffix(".pdf")):
            if file.is_file() and not file.is_symlink():
                file.unlink()
                removed.append(str(file.relative_to(folder)))
        parent = target.parent
        try:
            if parent != folder and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
        except OSError:
            pass  # not empty after all, or not ours to remove: it stays
    manifest.forget(stale)
    manifest.save()
    return removed


def within(
    folder: Path,
    path: str,
    real_folder: Path | None = None,
    real_parents: dict[Path, Path] | None = None,
) -> Path | None:
    """``folder / path`` when it really is inside the folder: a relative path without «..»,
    and no symbolic link on the way that leads out of it. Nothing else is written or removed.
    ``real_folder``: the folder resolved, when the caller asked once for many paths (should
    the folder be swapped for a link meanwhile, its files resolve elsewhere and are refused).
    ``real_parents``: the folders already resolved for the caller's earlier paths (a school's
    documents share theirs), so that each path costs one look at its own name."""
    if not inside(path):
        return None
    target = folder / path
    try:
        root = folder.resolve() if real_folder is None else real_folder
        real = _resolved(target, real_parents)
    except (OSError, RuntimeError):
        return None
    return target if real.is_relative_to(root) and real != root else None


def _resolved(target: Path, real_parents: dict[Path, Path] | None) -> Path:
    """``target.resolve()``, its folder's part taken from ``real_parents`` (and kept there):
    a name that is not a symbolic link resolves to itself in its resolved folder."""
    if real_parents is None or os.path.islink(target):
        return target.resolve()
    parent = real_parents.get(target.parent)
    if parent is None:
        parent = real_parents[target.parent] = target.parent.resolve()
    return parent / target.name


def _notify(progress: Callable[[Outcome], None] | None, outcome: Outcome, steps: int) -> None:
    if progress is not None:
        for _ in range(steps):
            progress(outcome)


@dataclass(frozen=True)
class _Task:
    """A school to build and render: its outputs with their digests, those already current."""

    key: str
    outputs: tuple[tuple[str, str], ...]
    current: frozenset[str]
    build: Callable[[], SchoolJob] = field(compare=False, repr=False)
    late: bool = False  # also work out the school's late tasks (the summary's «Просрочено»)


#: What a worker gives back for a school: its outcomes with their inputs, and its late tasks
#: (None when not asked for, or when they could not be worked out: the summary tries again).
_Worked = tuple[str, list[tuple[Outcome, str]], list[tuple[Any, ...]] | None]


def _work(task: _Task, options: BulkOptions) -> _Worked:
    """Validate a school's data and render its documents that are not current; whatever goes
    wrong with one school fails that school, never the run (the others are made)."""
    late: list[list[tuple[Any, ...]] | None] = [None]
    try:
        return task.key, _work_school(task, options, late), late[0]
    except DocgenError as exc:
        return task.key, [(Outcome(task.key, "", Status.FAILED, problems=(exc,)), "")], None
    except Exception as exc:  # a fault not foreseen: reported with the school, not a crash
        problem = OutputError(f"не удалось сделать документы школы: {type(exc).__name__}: {exc}")
        return task.key, [(Outcome(task.key, "", Status.FAILED, problems=(problem,)), "")], None


def _work_school(
    task: _Task, options: BulkOptions, late: list[list[tuple[Any, ...]] | None]
) -> list[tuple[Outcome, str]]:
    job = task.build()
    if job.problems:
        return [(Outcome(task.key, "", Status.FAILED, problems=job.problems), "")]
    inputs = dict(task.outputs)
    done = [
        (Outcome(task.key, d.path, Status.UNCHANGED), inputs.get(d.path, ""))
        for d in job.documents
        if d.path in task.current
    ]
    todo = tuple(
        replace(d, inputs=inputs.get(d.path, ""))
        for d in job.documents
        if d.path not in task.current
    )
    contexts: dict[str, dict[str, Any]] = {}
    rendered = _render_school(replace(job, documents=todo), options, contexts)
    if task.late:
        # the school is validated and rendered by now: its late tasks cost little here (from
        # the contexts its documents were made from), and the summary need not build the
        # school again for them
        with suppress(Exception):  # not a fault of the documents: the summary tries again
            late[0] = _overdue_rows(
                job, inflector_for(options.render.exceptions), _today(options), contexts
            )
    return done + [(outcome, inputs.get(outcome.path, "")) for outcome in rendered]


def _work_all(
    tasks: Sequence[_Task],
    options: BulkOptions,
    late: dict[str, list[tuple[Any, ...]]] | None = None,
) -> Iterator[tuple[Outcome, str]]:
    """Outcomes as they come: in this process with one worker, else from this process and
    forked workers, each given a few schools ahead of what it has finished. The late
    tasks the workers worked out go into ``late``."""
    for key, outcomes, rows in _worked_all(tasks, options):
        if late is not None and rows is not None:
            late[key] = rows
        yield from outcomes


def _worked_all(tasks: Sequence[_Task], options: BulkOptions) -> Iterator[_Worked]:
    workers = min(options.jobs or os.cpu_count() or 1, len(tasks))
    # what is loaded by now (the dictionary, the district, the templates) lives as long as the
    # run: the collector need not look at it again, and forked workers keep sharing its pages
    # (a collection would touch them and make each worker copy them); thawed after the run.
    # Not collected first: at this point that found nothing and cost 30-40 ms.
    if workers > 1:
        _preload(options)
        # the first school made here: what its documents leave in the caches (the texts
        # compiled, the words typeset, the modules the rendering imports) is then made once
        # and shared by the forked workers, not made again in each of them
        first, tasks = tasks[0], tasks[1:]
        yield _work(first, options)
    gc.freeze()
    try:
        if workers <= 1 or len(tasks) <= 1:
            for task in tasks:
                yield _work(task, options)
        else:
            yield from _pooled(tasks, options, min(workers, len(tasks)))
    finally:
        gc.unfreeze()


def _preload(options: BulkOptions) -> None:
    """What every worker needs, loaded once before they are forked: the morphological
    dictionary, the inflector, the Jinja environment and the templates are then shared pages,
    not loaded again by each worker. Whatever fails here (an exception file, a template that
    does not open) fails again where it is used, with its message, as without this."""
    from docgen.grammar import _morph
    from docgen.office import word as _docx
    from docgen.rendering import templates_dir

    with suppress(Exception):
        _morph.analyzer()
        env = _docx.environment(inflector_for(options.render.exceptions))
        root = templates_dir(options.render)
        for template in (root / "plans" / "plan.docx", root / "orders" / "prikaz.docx"):
            _docx.opened(template)
            _docx.prepare(template, env)


def _pooled(tasks: Sequence[_Task], options: BulkOptions, workers: int) -> Iterator[_Worked]:
    """The schools made by ``workers`` processes: this one and ``workers - 1`` others. The
    others take the schools from the front, this one from the back, between sending the
    others theirs and taking their results: a process less to start, to warm up and to talk
    to, and no core idle while this one waits."""
    if hasattr(os, "fork"):
        from docgen.district.workers import forked

        yield from forked(
            partial(_work, options=options),
            tasks,
            workers,
            _lost,
            init=partial(_worker_init, os.getpid()),
        )
    else:
        yield from _spawned(tasks, options, workers)


def _lost(task: _Task, why: str) -> _Worked:
    """A school whose worker did not answer (killed: the kernel's answer to a lack of memory;
    or its answer could not be passed): its documents are said not made, and the rerun makes
    them."""
    hint = "; так бывает, когда не хватает памяти" if "SIGKILL" in why else ""
    problem = OutputError(
        f"документы школы не сделаны: процесс, который их делал, не ответил ({why}{hint}): "
        "запустите docgen bulk ещё раз, он сделает только то, чего нет"
    )
    return task.key, [(Outcome(task.key, "", Status.FAILED, problems=(problem,)), "")], None


def _spawned(tasks: Sequence[_Task], options: BulkOptions, workers: int) -> Iterator[_Worked]:
    """:func:`_pooled` where processes are not forked (Windows): a ``concurrent.futures``
    pool of fresh processes, each sent its schools built here."""
    # here only: a run on one core, or one that forks, does without them
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    left = deque(tasks)
    ahead = (workers - 1) * 3  # schools sent ahead of what the others have finished
    with ProcessPoolExecutor(
        max_workers=workers - 1,
        mp_context=multiprocessing.get_context("spawn"),  # Windows' only way, named here
        initializer=_worker_init,
        initargs=(os.getpid(),),
    ) as pool:
        pending: set[Future[_Worked]] = set()
        try:
            while left or pending:
                while left and len(pending) < ahead:
                    pending.add(pool.submit(_work, _prebuilt(left.popleft()), options))
                done = {future for future in pending if future.done()}
                pending -= done
                for future in done:
                    yield future.result()
                if left:
                    yield _work(left.pop(), options)
                elif pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _prebuilt(task: _Task) -> _Task:
    return replace(task, build=partial(_same, task.build()))


def _same(job: SchoolJob) -> SchoolJob:
    return job


def _worker_init(parent: int) -> None:
    """Workers leave Ctrl+C to the main process, which stops them cleanly, and end when it
    ends, however it ends (killed too): the kernel kills them (Linux), and a worker that finds
    its parent gone before it could ask for that leaves at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in _LOCK_FDS:  # the folder's lock is the main process's: it goes when that ends
        with suppress(OSError):
            os.close(fd)
    _LOCK_FDS.clear()
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def _die_with_parent() -> None:
    """prctl(PR_SET_PDEATHSIG, SIGKILL) where there is one."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the pool's own checks end idle workers when the parent is gone


def _render_school(
    job: SchoolJob, options: BulkOptions, contexts: dict[str, dict[str, Any]] | None = None
) -> list[Outcome]:
    """Render and write one school's documents; runs in a worker process. ``contexts``: filled
    with the context each document was made from, by its path."""
    outcomes = []
    try:
        real_folder: Path | None = options.output_dir.resolve()
    except (OSError, RuntimeError):
        real_folder = None
    real_parents: dict[Path, Path] = {}
    for document in job.documents:
        try:
            found = within(options.output_dir, document.path, real_folder, real_parents)
            if found is None:
                raise OutputError(
                    "путь документа выходит за папку результатов: дайте школе другое краткое "
                    "название",
                    Location(file=str(options.output_dir / document.path)),
                )
            target = found
            from docgen.rendering import render_bytes

            journal = False
            if isinstance(document.data, ReportRequest):
                from docgen.reports.report import build_report

                built = build_report(
                    Path(document.data.workbook),
                    school=document.data.school,
                    inflector=inflector_for(options.render.exceptions),
                    summary=False,  # the school's folder gets the DOCX only
                )
                content, warnings = built.docx, built.warnings
            elif journal := _numbered_by_journal(document.data):
                status, warnings = _render_registered(job, document, target, options)
            else:
                rendered = render_bytes(
                    document.data,
                    _render_options(options.render),
                    source=f"{job.source or job.name}: школа {job.key}",
                    locate=document.locate,
                )
                content, warnings = rendered.content, rendered.warnings
                if contexts is not None and rendered.context is not None:
                    contexts[document.path] = rendered.context
            record = None
            if not journal:
                status = _write(target, content)
                # the file holds these bytes now: their digest, not the file read back
                record = written_record(target, content)
            warnings = (*document.warnings, *warnings)
            pdf = ""
            if options.pdf:
                from docgen.office import pdf as _pdf

                pdf_path = target.with_suffix(".pdf")
                if status is not Status.UNCHANGED or not pdf_path.exists():
                    _pdf.convert(target, pdf_path)
                pdf = str(pdf_path)
            output, size, mtime = record or file_record(target) or ("", -1, -1)
            outcomes.append(
                Outcome(job.key, document.path, status, output, warnings, pdf, size, mtime)
            )
        except DocgenError as exc:
            outcomes.append(Outcome(job.key, document.path, Status.FAILED, problems=(exc,)))
    return outcomes


def _render_options(options: Options) -> Options:
    """The options of a school's document: no lint (the workbook was linted with its places:
    the district's plan once, each school's own part in its job, ``document.warnings``), and
    the templates' folder looked for once a run, not in four places for every document."""
    from docgen.rendering import templates_dir

    found = _RENDER_OPTIONS.get(id(options))
    if found is None or found[0] is not options:
        try:
            root: Path | None = templates_dir(options)
        except DocgenError:
            root = options.templates_dir  # said where a template is looked for, as before
        _RENDER_OPTIONS.clear()
        found = _RENDER_OPTIONS[id(options)] = (
            options,
            replace(options, lint=False, templates_dir=root),
        )
    return found[1]


_RENDER_OPTIONS: dict[int, tuple[Options, Options]] = {}


def _numbered_by_journal(data: object) -> bool:
    from docgen.journal import is_auto
    from docgen.model import OrderData

    return isinstance(data, OrderData) and is_auto(data.document.number)


def _render_registered(
    job: SchoolJob, document: Any, target: Path, options: BulkOptions
) -> tuple[Status, tuple[DocgenError, ...]]:
    """A school's order numbered «авто»: the number from the school's sequence in the journal,
    held until the file is written (a failed render takes no number)."""
    import hashlib

    from docgen.journal import DEFAULT_NAME, Journal
    from docgen.rendering import numbered, registration_of, render_bytes

    workbook = Path(job.source) if job.source else None
    path = options.journal or (workbook.parent / DEFAULT_NAME if workbook else Path(DEFAULT_NAME))
    source = f"{workbook.name if workbook else ''}#{job.key}"
    with Journal(path).registering(registration_of(document.data, source)) as ticket:
        rendered = render_bytes(
            numbered(document.data, ticket.number),
            replace(options.render, lint=False),
            source=f"{job.source or job.name}: школа {job.key}",
        )
        if rendered.name != target.name:
            raise OutputError(
                f"номер приказа в журнале ({ticket.number}) сменился во время запуска (журнал "
                "ведёт ещё кто-то): запустите bulk ещё раз",
                Location(file=str(path)),
            )
        status = _write(target, rendered.content)
        title, signer, executor = rendered.requisites
        ticket.done(
            hashlib.sha256(rendered.content).hexdigest(),
            title=title,
            signer=signer,
            executor=executor,
        )
    return status, rendered.warnings


def _write(target: Path, content: bytes) -> Status:
    """Write only when the bytes differ, so an unchanged file keeps its modification time."""
    try:
        old = target.read_bytes()
    except OSError:
        atomic_write_bytes(target, content, durable=False)  # the manifest checks it next time
        return Status.CREATED
    if old == content:
        return Status.UNCHANGED
    atomic_write_bytes(target, content, durable=False)
    return Status.UPDATED


def bulk(
    workbook: Path,
    options: BulkOptions | None = None,
    *,
    progress: Callable[[Outcome], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> BulkResult:
    """Every school's documents from the district ``workbook``, as ``options`` say.

    A rerun after a complete run in which nothing it read has changed is answered from the
    manifest without opening the workbook. Stale outputs are removed with ``options.prune``
    (``result.removed``), and ``options.zip`` packs the folder (``result.bundle``).
    ``progress`` is called once per output, after ``total`` was told how many there are.
    """
    options = options or BulkOptions()
    with locked(options.output_dir):
        return _bulk(workbook, options, progress, total)


def _bulk(
    workbook: Path,
    options: BulkOptions,
    progress: Callable[[Outcome], None] | None,
    total: Callable[[int], None] | None,
) -> BulkResult:
    started = time.perf_counter()
    folder = options.output_dir
    zip_name = workbook.stem
    manifest = Manifest.load(folder)
    if (
        not options.force
        and manifest.run_is_current(
            run_key(workbook, options.only, options.pdf, options.render.exceptions, _today(options))
        )
        and (not options.zip or (folder / f"{zip_name}.zip").exists())
        and manifest.summary_is_current(manifest.summary.get("key", ""), folder / SUMMARY)
    ):
        # nothing it read has changed since the last complete run: no need to even open it
        manifest.save()  # sizes and times learnt while checking (after an upgrade), if any
        result = BulkResult(
            [
                Outcome(e.school, path, Status.UNCHANGED)
                for path, e in sorted(manifest.entries.items())
            ],
            inputs=tuple(Path(path) for path in sorted(manifest.run.get("files", {}))),
        )
    else:
        result = run_district(
            workbook,
            options,
            only=options.only,
            progress=progress,
            total=total,
            manifest=manifest,  # read once: at 2,000 schools it is a megabyte of JSON
        )
        if result.stale and options.prune:
            result.removed = prune(folder, result.stale)
        if options.zip:
            result.bundle = bundle(folder, zip_name)
    result.seconds = time.perf_counter() - started
    return result


def run_district(
    workbook: Path,
    options: BulkOptions,
    *,
    only: Sequence[str] = (),
    progress: Callable[[Outcome], None] | None = None,
    total: Callable[[int], None] | None = None,
    manifest: Manifest | None = None,
) -> BulkResult:
    """Every school of the district's workbook (or those ``only`` names): the bulk command.
    ``manifest``: the output folder's, already loaded by the caller (under the same lock)."""
    with locked(options.output_dir):
        return _run_district(workbook, options, only, progress, total, manifest)


def _run_district(
    workbook: Path,
    options: BulkOptions,
    only: Sequence[str],
    progress: Callable[[Outcome], None] | None,
    total: Callable[[int], None] | None,
    loaded: Manifest | None = None,
) -> BulkResult:
    from docgen import fingerprint
    from docgen.district import kinds
    from docgen.district import workbook as district
    from docgen.office import word as _docx

    kinds.expect(workbook, kinds.DISTRICT)  # another kind of workbook: its command is named
    read_first = file_digest(workbook)  # before reading: an edit during the run is seen next
    found = district.read(workbook, options.output_dir / SHEETS_CACHE)
    places = {
        school.key: Location(
            file=found.file, sheet=district.SHEETS["schools"][0], cell=school.row.cell("short_name")
        )
        for school in found.schools
    }
    kept = options.output_dir / PLANNED_CACHE
    planned = unique_outputs(district.planned(found, options, only, kept), places)
    used = [*district.inputs(found, options), *_used_templates(planned, options)]
    read = {workbook: read_first, **{path: file_digest(path) for path in used}}
    if total is not None:
        total(sum(len(unit.outputs) or 1 for unit in planned))
    # one manifest for the run and what follows it, written once at the end (and whatever
    # happens on the way: a killed process leaves the journal, which the next run reads)
    manifest = loaded if loaded is not None else Manifest.load(options.output_dir)
    late: dict[str, list[tuple[Any, ...]]] = {}  # each built school's late tasks, for the summary
    try:
        with _docx.kept_templates(options.output_dir / TEMPLATES_CACHE, fingerprint.build()):
            result = run(
                planned,
                options,
                known=found.keys,
                progress=progress,
                places=places,
                manifest=manifest,
                late=late,
            )
        result.warnings = [*found.warnings, *district.lint_plan(found, options)]
        result.inputs = tuple(read)
        if found.reports_skipped:  # a report not made this time is not obsolete: --prune keeps it
            result.stale = [p for p in result.stale if not p.endswith(district.REPORT_NAME)]
        _write_summary(options.output_dir, planned, result, options, manifest, late)
        if not (
            result.interrupted or result.failed_schools or result.stale or found.reports_skipped
        ):
            manifest.record_run(
                run_key(workbook, only, options.pdf, options.render.exceptions, _today(options)),
                read,
            )
    finally:
        manifest.save()
    return result


def _used_templates(planned: Sequence[Planned], options: BulkOptions) -> list[Path]:
    from docgen.rendering import templates_dir

    root = templates_dir(options.render)
    return [
        root / "orders" / "prikaz.docx",
        root / "plans" / "plan.docx",
        root / "reports" / "report.docx",
        *options.render.exceptions,
    ]


def _write_summary(
    folder: Path,
    planned: Sequence[Planned],
    result: BulkResult,
    options: BulkOptions,
    manifest: Manifest,
    fresh: Mapping[str, list[tuple[Any, ...]]] | None = None,
) -> None:
    """Сводка.xlsx: each school, its documents, and the errors that kept them from being made;
    and «Просрочено»: the tasks of the schools' roadmaps and orders whose deadline has passed.

    It lists what exists, not what this run did, so a rerun with no changes on the same day
    keeps its bytes. Two keys spare making it again: :func:`_summary_key`, of what it is made
    from (each output's inputs, the errors, the day), checked without reading any school; and,
    when that changed, the digest of what it shows (:func:`_summary_content`: the rows of both
    sheets, the late tasks taken from ``OVERDUE_CACHE`` for the schools that did not change),
    so a change the summary does not show (a phone, a person) writes nothing. With thousands
    of schools, writing the workbook is most of a rerun's work. ``fresh``: the late tasks the
    workers worked out for the schools they built in this run.
    """
    failed: dict[str, list[str]] = {}
    for outcome in result.failed_schools:
        failed.setdefault(outcome.school, []).extend(str(p) for p in outcome.problems)
    key = _summary_key(planned, failed, options)
    target = folder / SUMMARY
    if manifest.summary_is_current(key, target):
        return
    late = _overdue_by_school(planned, failed, options, folder, fresh or {})
    content = _summary_content(planned, failed, late, options)
    if not manifest.summary_shows(content, target):
        _make_summary(target, planned, failed, late, options)
    manifest.record_summary(key, target, content)


def _summary_key(
    planned: Sequence[Planned], failed: Mapping[str, list[str]], options: BulkOptions
) -> str:
    """Everything the summary shows: each school's key, name, outputs with the digests of
    their inputs (its data, the plan, the templates, docgen itself), what its plan leaves out,
    its errors, and the day «Просрочено» is counted on."""
    from docgen import fingerprint
    from docgen.district.manifest import digest

    parts: list[str] = ["summary 1", fingerprint.build(), _today(options).isoformat()]
    for unit in planned:
        errors = failed.get(unit.key, [])
        parts += [unit.key, unit.name, str(len(errors)), *errors, str(len(unit.outputs))]
        parts += [part for output in unit.outputs for part in output]
        parts += [str(len(unit.left_out)), *unit.left_out]
    return digest(*parts)


def _summary_content(
    planned: Sequence[Planned],
    failed: Mapping[str, list[str]],
    late: Mapping[str, list[tuple[Any, ...]]],
    options: BulkOptions,
) -> str:
    """The digest of what the summary shows: the schools, their files and errors, their late
    tasks, the day, and docgen itself (which lays the workbook out); the same digest, the
    same bytes."""
    from docgen import fingerprint
    from docgen.district.manifest import digest

    shown = [
        [unit.key, unit.name, failed.get(unit.key), [p for p, _ in unit.outputs], unit.left_out]
        for unit in planned
    ]
    rows = {key: [[str(value) for value in row] for row in rows] for key, rows in late.items()}
    return digest(
        "summary content 1",
        fingerprint.build(),
        _today(options).isoformat(),
        json.dumps([shown, rows], ensure_ascii=False),
    )


def _make_summary(
    target: Path,
    planned: Sequence[Planned],
    failed: Mapping[str, list[str]],
    late: Mapping[str, list[tuple[Any, ...]]],
    options: BulkOptions,
) -> None:
    from docgen.office.plain_xlsx import summary_bytes

    sheets = _summary_sheets(planned, failed, late, options)
    # without openpyxl (a twentieth of a 200-school run was importing it), in its bytes
    content = summary_bytes(sheets, _SUMMARY_TIME) or _summary_by_openpyxl(sheets)
    _write(target, content)


_SUMMARY_TIME = datetime(2000, 1, 1)


def _summary_sheets(
    planned: Sequence[Planned],
    failed: Mapping[str, list[str]],
    late: Mapping[str, list[tuple[Any, ...]]],
    options: BulkOptions,
) -> list[Any]:
    """«Сводка»: each school and its documents, or its errors; «Просрочено»: every school's late
    tasks (roadmap activities, order points), by school and then the longest late first; the
    day is in the header, so the sheet says when."""
    from docgen.grammar.dates import format_date
    from docgen.office.plain_xlsx import Sheet

    rows: list[list[Any]] = []
    for unit in planned:
        if unit.key in failed:
            rows.append([unit.key, unit.name, None, None, "\n".join(failed[unit.key])])
            continue
        for path, _ in unit.outputs:
            kind = (
                "приказ"
                if "/Приказ_" in path
                else "справка"
                if "/Аналитическая_справка" in path
                else "дорожная карта"
            )
            omitted = "\n".join(unit.left_out) if kind == "дорожная карта" else None
            rows.append([unit.key, unit.name, kind, path, None, omitted or None])
    names = [name for name, _ in OVERDUE_COLUMNS]
    names[-1] = f"дней просрочки на {format_date(_today(options), 'numeric')}"
    tasks = [
        [unit.key, unit.name, who, document, number, text, deadline, due, days]
        for unit in planned
        for who, document, number, text, deadline, due, days in late.get(unit.key, ())
    ]
    return [
        Sheet(
            "Сводка",
            ("ключ", "школа", "документ", "файл", "ошибки", "не вошло в план школы"),
            (12, 34, 16, 60, 90, 60),
            rows,
        ),
        Sheet(
            "Просрочено",
            names,
            [width for _, width in OVERDUE_COLUMNS],
            tasks,
            printable=True,
            dates=8,  # «срок»: the due day, ДД.ММ.ГГГГ
        ),
    ]


def _summary_by_openpyxl(sheets: Sequence[Any]) -> bytes:
    """The summary made by openpyxl, for a value :mod:`docgen.office.plain_xlsx` leaves to it
    (and the tests' measure of that module's bytes)."""
    from openpyxl import Workbook

    from docgen.office import excel as _xlsx

    book = Workbook()
    for index, given in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(given.title)
        sheet.title = given.title
        _xlsx.header(sheet, list(given.header), list(given.widths))
        for number, row in enumerate(given.rows, start=2):
            sheet.append(list(row))
            if given.dates is not None:
                # the row counted, not sheet.max_row: openpyxl works that out over every
                # cell, which made a sheet of many thousands of tasks take minutes
                sheet.cell(number, given.dates).number_format = "DD.MM.YYYY"
        _xlsx.wrap_rows(sheet)
        if given.printable:
            _xlsx.printable(sheet, 1)
            _xlsx.fit_heights(sheet, 2)
            sheet.auto_filter.ref = f"A1:{sheet.cell(1, len(given.header)).column_letter}" + (
                f"{max(1, sheet.max_row)}"
            )
    return _xlsx.stable_bytes(book, _SUMMARY_TIME)


def _today(options: BulkOptions) -> date:
    return options.today or date.today()


OVERDUE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("ключ", 12),
    ("школа", 30),
    ("ответственный", 28),
    ("документ", 40),
    ("пункт", 8),
    ("что сделать", 60),
    ("срок, как написан", 24),
    ("срок", 12),
    ("дней просрочки", 16),
)


#: Each school's late tasks as the last summary listed them, with the digest of what they were
#: worked out from (the school's outputs' inputs and the day): a rerun validates and reads again
#: only the schools that changed. Only a cache: a missing or unreadable one is worked out again.
OVERDUE_CACHE = ".docgen-overdue.json"


def _overdue_cache(path: Path) -> dict[str, Any]:
    try:
        cache = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def _overdue_rows(
    job: SchoolJob,
    inflector: Any,
    today: date,
    contexts: Mapping[str, dict[str, Any]] | None = None,
) -> list[tuple[Any, ...]]:
    """A school's late tasks: who, document, point, task, deadline as written, due day, days;
    a document's context is taken from ``contexts`` (by its path) when its render made it."""
    from docgen.model import OrderData, PlanData
    from docgen.orders.tasks import document_items
    from docgen.plans.control import overdue

    items = []
    for document in job.documents:
        if isinstance(document.data, OrderData | PlanData):
            items += document_items(
                document.data,
                inflector,
                document.path,
                appendices=False,
                context=(contexts or {}).get(document.path),
                late_on=today,
            )
    rows = []
    for item in overdue(items, today):
        due = item.due(today)
        assert due is not None  # an overdue task has a due day
        rows.append(
            (
                item.who,
                item.document,
                item.number,
                item.text,
                item.deadline,
                due,
                (today - due).days,
            )
        )
    return rows


def _overdue_by_school(
    planned: Sequence[Planned],
    failed: Mapping[str, Any],
    options: BulkOptions,
    folder: Path,
    fresh: Mapping[str, list[tuple[Any, ...]]],
) -> dict[str, list[tuple[Any, ...]]]:
    """Each school's late tasks, in the order of the schools: kept in ``OVERDUE_CACHE`` with
    the digest of what they were worked out from, so only the schools that changed are read
    (validated) again, and not even those when a worker of this run built the school and
    worked them out (``fresh``); a school whose data fails is left out (the first sheet names
    it)."""
    from docgen.district.manifest import digest
    from docgen.grammar import inflector_for

    today = _today(options)
    inflector: Any = None
    cache_path = folder / OVERDUE_CACHE
    cache = _overdue_cache(cache_path)
    kept: dict[str, dict[str, Any]] = {}
    late: dict[str, list[tuple[Any, ...]]] = {}
    for unit in planned:
        if unit.key in failed:
            continue
        key = digest(today.isoformat(), *(part for output in unit.outputs for part in output))
        known = cache.get(unit.key)
        if isinstance(known, dict) and known.get("key") == key:
            late[unit.key] = [(*r[:5], date.fromisoformat(r[5]), r[6]) for r in known["rows"]]
            kept[unit.key] = known  # the same object: comparing with the cache costs nothing
            continue
        if unit.key in fresh:
            rows = fresh[unit.key]
        else:
            if inflector is None:
                inflector = inflector_for(options.render.exceptions)
            try:
                rows = _overdue_rows(unit.build(), inflector, today)
            except DocgenError:  # the school's documents name it on the first sheet
                continue
        kept[unit.key] = {"key": key, "rows": [(*r[:5], r[5].isoformat(), r[6]) for r in rows]}
        late[unit.key] = rows
    if kept != cache:
        with suppress(OSError):  # only a cache: the next run works the rows out again
            text = json.dumps(kept, ensure_ascii=False)
            atomic_write_bytes(cache_path, text.encode("utf-8"), durable=False)
    return late


def bundle(folder: Path, name: str) -> Path:
    """A zip of every output of the folder (not the manifest), the same bytes for the same files."""
    import io
    import zipfile

    target = folder / f"{name}.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if relative == target.name or relative.startswith(".") or relative.endswith(".tmp"):
                continue
            member = zipfile.ZipInfo(relative, date_time=(2000, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, path.read_bytes())
    _write(target, buffer.getvalue())
    return target
