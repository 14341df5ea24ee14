"""The manifest of an output folder: which inputs made each file, so a rerun redoes only changes.

``OUTDIR/.docgen-manifest.json`` maps each output (its path under OUTDIR) to the digest of its
inputs (its school's slice of the data, the template, the exception files, the options, and
docgen itself: its version and the digest of its code and data, :mod:`docgen.fingerprint`) and
the digest of the file written. So an upgraded docgen redoes every output, and says so. A rerun skips an output whose inputs have the same digest and whose file is still
the one written; anything else is rendered again, and written only if its bytes differ, so an
unchanged document keeps its bytes and its modification time.

Each output recorded during a run is appended as one line to ``OUTDIR/.docgen-manifest.journal``
(a write to the operating system, no wait for the disk); at the end of the run, and when it is
interrupted, the manifest is written whole, atomically and synced to the disk, and the journal
removed. So a run costs one line per output, not a rewrite of the whole manifest every few
outputs. If a run is killed, the files it wrote are complete (each is written to a temporary
file and renamed), the next run reads the manifest and then the journal's lines (a line cut
short by the kill is ignored), and sees those files either as done or, when the journal lagged,
renders them again and finds the same bytes.

Each output's size and modification time (``mtime_ns``) are recorded with its digest: a rerun
takes a file whose size and time are those recorded as intact without reading it (a stat, not
a hash of every output), and reads and hashes it only when either differs. So an output that was
edited, replaced or restored from elsewhere is still found and made again. The trade-off: an
edit that keeps both the size and the modification time to the nanosecond (a tool that sets the
time back on purpose) goes unseen; a file written in the same tick of the clock as the manifest
itself (which a quick edit right after a run could share) is always hashed, as are outputs
recorded by a manifest without sizes and times (an older docgen), once.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, NamedTuple

from docgen import fingerprint
from docgen.office.files import atomic_write_text, write_error
from docgen.options import BulkOptions

NAME = ".docgen-manifest.json"
JOURNAL = ".docgen-manifest.journal"
_VERSION = 1


def digest(*parts: bytes | str) -> str:
    """A stable digest of the inputs of one output."""
    return digester(*parts)()


def digester(*first: bytes | str) -> Callable[..., str]:
    """:func:`digest` of ``first`` and then of the parts it is called with: ``first`` hashed
    once for the many outputs (or schools) that share it. ``digester(a)(b, c)`` is
    ``digest(a, b, c)``."""
    hasher = _fed(hashlib.sha256(), first)

    def rest(*parts: bytes | str) -> str:
        return _fed(hasher.copy(), parts).hexdigest()

    return rest


def _fed(hasher: hashlib._Hash, parts: Iterable[bytes | str]) -> hashlib._Hash:
    """Each part with its length before it, so that («ab», «c») and («a», «bc») differ."""
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def file_record(path: Path) -> tuple[str, int, int] | None:
    """A file's digest, size and modification time; the time is taken before the bytes are
    read, so an edit made while they are read leaves a newer time and is seen next run."""
    try:
        stat = path.stat()
        return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns
    except OSError:
        return None


def written_record(path: Path, content: bytes) -> tuple[str, int, int] | None:
    """:func:`file_record` of a file just written with ``content``: its digest from the bytes
    in hand, its size and time from the file (None when the file is not ``content`` long)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if stat.st_size != len(content):
        return None  # not what was written: read as it is
    return hashlib.sha256(content).hexdigest(), stat.st_size, stat.st_mtime_ns


_DIGESTS: dict[tuple[str, int, int], str] = {}


def cached_file_digest(path: Path) -> str:
    """A file's digest, read once per process while its size and modification time hold."""
    stat = path.stat()
    # the absolute path, not resolve(): that asks the file system for every part of the path,
    # thousands of times per run (a file reached by two spellings is only read twice)
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    if key not in _DIGESTS:
        _DIGESTS[key] = digest(path.read_bytes())
    return _DIGESTS[key]


def input_digest(options: BulkOptions, path: str, school: str, template: Path) -> str:
    """What an output is made from: the school's inputs, the template, docgen's version and
    code, the grammar's exception files, and whether a PDF goes with it."""
    return input_digester(options)(path, school, template)


def input_digester(options: BulkOptions) -> Callable[[str, str, Path], str]:
    """:func:`input_digest` for the many outputs of one run: each template, the exception
    files and docgen's own digest looked at once (not a file's size and time per output)."""
    build = fingerprint.build()
    exceptions = [cached_file_digest(p) for p in options.render.exceptions]
    pdf = "pdf" if options.pdf else ""
    templates: dict[Path, Callable[..., str]] = {}

    def digest_of(path: str, school: str, template: Path) -> str:
        # what every output of a template shares is hashed once: thousands of outputs
        known = templates.get(template)
        if known is None:
            known = templates[template] = digester(
                build, cached_file_digest(template), *exceptions, pdf
            )
        return known(path, school)

    return digest_of


def inside(path: object) -> bool:
    """The manifest is a file anyone can edit: only a plain relative path below the output
    folder («школа/Приказ.docx») names an output; «../x», «/etc/x», «C:\\x» never do."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    return (
        not path.startswith("/")
        and ":" not in parts[0]
        and all(part not in ("", ".", "..") for part in parts)
    )


class Entry(NamedTuple):
    """One output: the digest of its inputs, of its bytes, the school it belongs to, and the
    size and modification time of the file as written (-1: not known, the file is hashed).
    A named tuple: a manifest of 4,000 outputs makes 4,000 of them on every run, three times
    faster than frozen dataclasses."""

    inputs: str
    output: str
    school: str
    size: int = -1
    mtime_ns: int = -1


def run_key(
    workbook: Path,
    only: Iterable[str],
    pdf: bool,
    exceptions: Iterable[Path],
    today: date | None = None,
) -> str:
    """What a whole run was asked: the workbook, the schools, the options, docgen's version
    and code, and the day («Просрочено» in the summary changes with it)."""
    return digest(
        fingerprint.build(),
        str(workbook.resolve()),
        *sorted(only),
        "pdf" if pdf else "",
        *(str(p.resolve()) for p in exceptions),
        *([today.isoformat()] if today is not None else []),
    )


@dataclass
class Manifest:
    """What the last runs wrote into one output folder.

    ``run`` is the last complete run: what it was asked and the digest of every file it read
    (the workbook, the plan and the files it extends, the monitoring, the templates). When
    none of them changed and every output is as written, a rerun has nothing to do and needs
    not even read the workbook.
    """

    folder: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)
    made_by: str = ""  # fingerprint.build() of the docgen that wrote the manifest last
    written_ns: int = 0  # when the manifest file was written: a file as new is always hashed
    #: the summary workbook (Сводка.xlsx): the digest of what it lists and of its bytes
    summary: dict[str, str] = field(default_factory=dict)

    dirty: bool = field(default=False, compare=False)  # changed since it was last written
    journal: IO[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's manifest and the journal of a run that did not end (killed); a missing
        or unreadable manifest is empty (everything is redone)."""
        written = 0
        try:
            written = (folder / NAME).stat().st_mtime_ns
            raw = json.loads((folder / NAME).read_text("utf-8"))
            entries = {
                path: _entry(item) for path, item in raw.get("outputs", {}).items() if inside(path)
            }
            run = raw.get("run") or {}
            if not isinstance(run, dict):
                run = {}
            made_by = str(raw.get("docgen", {}).get("build", ""))
            summary = raw.get("summary") or {}
            if not isinstance(summary, dict):
                summary = {}
            summary = {str(k): str(v) for k, v in summary.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries, run, made_by, summary = {}, {}, "", {}
        manifest = cls(folder, entries, run, made_by, written, summary)
        manifest._replay()
        return manifest

    def _replay(self) -> None:
        """The outputs a killed run recorded after the manifest was last written whole."""
        try:
            lines = (self.folder / JOURNAL).read_text("utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            try:
                item = json.loads(line)
                if "build" in item:  # the first line: which docgen wrote the journal
                    self.made_by = str(item["build"])
                    continue
                path = item["path"]
                entry = _entry(item, str(item["school"]))
            except (ValueError, KeyError, TypeError):
                continue  # the last line, cut short by a kill, or an edited one
            if inside(path):
                self.entries[path] = entry
                self.run = {}
                self.dirty = True

    def docgen_changed(self) -> bool:
        """The outputs listed were made by another docgen (an upgrade, or an edited checkout)."""
        return bool(self.entries) and self.made_by != fingerprint.build()

    def record_run(self, key: str, files: Mapping[Path, str | None]) -> None:
        """The run and the digests of what it read, taken when it read them (not after the
        run: a file saved during the run must look changed to the next one)."""
        self.dirty = True
        self.run = {
            "key": key,
            "files": {str(p.resolve()): files[p] for p in sorted(files)},
        }

    def run_is_current(self, key: str) -> bool:
        """The last run was this one, nothing it read has changed, every output is intact."""
        if not self.run or self.run.get("key") != key or not self.entries:
            return False
        files = self.run.get("files", {})
        if not files or any(file_digest(Path(path)) != value for path, value in files.items()):
            return False
        return all(self.intact(path, entry) for path, entry in list(self.entries.items()))

    def is_current(self, path: str, inputs: str) -> bool:
        """The output exists, was made from these inputs, and nobody has changed it since."""
        entry = self.entries.get(path)
        if entry is None or entry.inputs != inputs:
            return False
        return self.intact(path, entry)

    def intact(self, path: str, entry: Entry) -> bool:
        """The output's file is the one written: the same size and modification time as
        recorded (and older than the manifest), else the same digest. A file found intact by
        its digest has its size and time recorded anew, so the next run needs only a stat."""
        try:  # os.stat of a joined string: a third of Path's cost, for 4,000 outputs a rerun
            stat = os.stat(os.path.join(self.folder, path))
        except (OSError, ValueError):
            return False
        seen = (stat.st_size, stat.st_mtime_ns)
        if seen == (entry.size, entry.mtime_ns) and entry.mtime_ns < self.written_ns:
            return True
        if file_digest(self.folder / path) != entry.output:
            return False
        if seen != (entry.size, entry.mtime_ns):
            self.entries[path] = entry._replace(size=seen[0], mtime_ns=seen[1])
            self.dirty = True
        return True

    def record(
        self, path: str, inputs: str, output: str, school: str, size: int = -1, mtime_ns: int = -1
    ) -> None:
        """One output made (or found current): a line of the journal when anything changed."""
        entry = Entry(inputs, output, school, size, mtime_ns)
        if self.entries.get(path) == entry:
            return
        self.run = {}  # something was made: the next run must look again
        self.entries[path] = entry
        self.dirty = True
        line = json.dumps({"path": path, **_item(entry)}, ensure_ascii=False)
        try:
            if self.journal is None:
                self.journal = open(self.folder / JOURNAL, "a", encoding="utf-8")  # noqa: SIM115
                self.journal.write(json.dumps({"build": fingerprint.build()}) + "\n")
            self.journal.write(line + "\n")
            self.journal.flush()  # to the operating system: a killed process loses nothing
        except OSError as exc:
            raise write_error(exc, self.folder / JOURNAL) from exc

    def summary_is_current(self, key: str, path: Path) -> bool:
        """The summary workbook lists what ``key`` sums up and is the file written."""
        return (
            bool(self.summary)
            and self.summary.get("key") == key
            and (file_digest(path) == self.summary.get("output"))
        )

    def summary_shows(self, content: str, path: Path) -> bool:
        """The summary workbook shows what ``content`` digests and is the file written."""
        return (
            bool(self.summary)
            and self.summary.get("content") == content
            and (file_digest(path) == self.summary.get("output"))
        )

    def record_summary(self, key: str, path: Path, content: str = "") -> None:
        """The summary written (or found showing the same): what it was made from (``key``),
        what it shows (``content``) and the digest of its bytes."""
        summary = {"key": key, "output": file_digest(path) or ""}
        if content:
            summary["content"] = content
        if summary != self.summary:
            self.summary = summary
            self.dirty = True

    def forget(self, paths: Iterable[str]) -> None:
        for path in paths:
            if self.entries.pop(path, None) is not None:
                self.dirty = True

    def save(self) -> None:
        """The manifest written whole (atomically, synced to the disk), and the journal gone;
        nothing is written when nothing changed (a rerun with nothing to do)."""
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        if not self.dirty and (self.folder / NAME).exists():
            return
        data = {
            "version": _VERSION,
            "docgen": {"version": fingerprint.version(), "build": fingerprint.build()},
            "run": self.run,
            **({"summary": self.summary} if self.summary else {}),
            "outputs": dict(sorted(self.entries.items())),
        }
        atomic_write_text(self.folder / NAME, _lines(data))
        self.dirty = False
        (self.folder / JOURNAL).unlink(missing_ok=True)
        self.written_ns = (self.folder / NAME).stat().st_mtime_ns


def _lines(data: Mapping[str, Any]) -> str:
    """The manifest as JSON with one output a line, readable and comparable line by line: the
    same data as ``json.dumps(data, indent=1)``, made by json's C encoder, which an indent
    turns off (at 4,000 outputs the indented dump was most of a rerun's writing)."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = [f" {one(key)}: {one(value)}" for key, value in data.items() if key != "outputs"]
    outputs = [f"  {_text(path)}: {_item_line(entry)}" for path, entry in data["outputs"].items()]
    body = ",\n".join([*lines, ' "outputs": {' + ("\n" + ",\n".join(outputs) if outputs else "")])
    return "{\n" + body + "\n }\n}\n"


def _entry(item: Mapping[str, Any], school: str | None = None) -> Entry:
    """An output's record as the manifest or the journal holds it (sizes and times optional:
    a manifest of an older docgen has none)."""
    size, mtime = item.get("size", -1), item.get("mtime_ns", -1)
    return Entry(
        str(item["inputs"]),
        str(item["output"]),
        str(item.get("school", "")) if school is None else school,
        size if type(size) is int else -1,
        mtime if type(mtime) is int else -1,
    )


_text = encode_basestring  # a string as json.dumps(ensure_ascii=False) writes it


def _item_line(entry: Entry) -> str:
    """``json.dumps(_item(entry))`` with the manifest's separators, put together from its
    parts: two calls of the encoder for each of 4,000 outputs were half of writing the
    manifest (a test compares both ways)."""
    line = (
        f'{{"inputs": {_text(entry.inputs)}, "output": {_text(entry.output)}, '
        f'"school": {_text(entry.school)}'
    )
    if entry.size >= 0 and entry.mtime_ns >= 0:
        line += f', "size": {int(entry.size)}, "mtime_ns": {int(entry.mtime_ns)}'
    return line + "}"


def _item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"inputs": entry.inputs, "output": entry.output, "school": entry.school}
    if entry.size >= 0 and entry.mtime_ns >= 0:
        item.update(size=entry.size, mtime_ns=entry.mtime_ns)
    return item
