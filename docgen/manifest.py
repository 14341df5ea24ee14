"""The manifest of an output folder: which inputs made each file, so a rerun redoes only changes.

``OUTDIR/.docgen-manifest.json`` maps each output (its path under OUTDIR) to the digest of its
inputs (its school's slice of the data, the template, the docgen version) and the digest of the
file written. A rerun skips an output whose inputs have the same digest and whose file is still
the one written; anything else is rendered again, and written only if its bytes differ, so an
unchanged document keeps its bytes and its modification time.

The manifest is written atomically after every few outputs and at the end: if a run is killed,
the files it wrote are complete (each is written to a temporary file and renamed) and the next
run sees them either as done or, when the manifest lagged, renders them again and finds the
same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docgen._io import atomic_write_text

NAME = ".docgen-manifest.json"
_VERSION = 1


def digest(*parts: bytes | str) -> str:
    """A stable digest of the inputs of one output."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Entry:
    """One output: the digest of its inputs, of its bytes, and the school it belongs to."""

    inputs: str
    output: str
    school: str


@dataclass
class Manifest:
    """What the last runs wrote into one output folder."""

    folder: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's manifest; a missing or unreadable one is empty (everything is redone)."""
        try:
            raw = json.loads((folder / NAME).read_text("utf-8"))
            entries = {
                path: Entry(item["inputs"], item["output"], item.get("school", ""))
                for path, item in raw.get("outputs", {}).items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(folder, entries)

    def is_current(self, path: str, inputs: str) -> bool:
        """The output exists, was made from these inputs, and nobody has changed it since."""
        entry = self.entries.get(path)
        if entry is None or entry.inputs != inputs:
            return False
        return file_digest(self.folder / path) == entry.output

    def record(self, path: str, inputs: str, output: str, school: str) -> None:
        self.entries[path] = Entry(inputs, output, school)

    def forget(self, paths: Iterable[str]) -> None:
        for path in paths:
            self.entries.pop(path, None)

    def save(self) -> None:
        data = {
            "version": _VERSION,
            "outputs": {
                path: {"inputs": e.inputs, "output": e.output, "school": e.school}
                for path, e in sorted(self.entries.items())
            },
        }
        atomic_write_text(self.folder / NAME,
                          json.dumps(data, ensure_ascii=False, indent=1) + "\n")
