"""What docgen itself is, as a digest: so that outputs made by an older docgen are made again.

An output depends on the user's data, the template, the exception files and the options, and
also on docgen: its grammar rules, ``grammar/exceptions.yaml``, the typography and layout code.
:func:`build` digests every file of the installed package (code and data), so that after an
upgrade, or any edit of a checkout, a bulk rerun redoes what the change may affect instead of
answering «без изменений» with the old documents. A change that cannot affect outputs (a
docstring) also redoes them; that costs one run and is never wrong.

The version comes from the package's metadata, whose one source is ``pyproject.toml``.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}


@cache
def version() -> str:
    """docgen's version from the installed package's metadata: the «Version:» line of the
    first ``docgen-*.dist-info/METADATA`` on ``sys.path``, where importlib.metadata finds it
    too. Reading it directly spares a rerun with nothing to do the import of
    importlib.metadata (a tenth of its time); anything unusual is left to importlib.metadata."""
    for folder in sys.path:
        try:
            found = sorted(Path(folder or ".").glob("docgen-*.dist-info"))
        except (OSError, ValueError):
            continue
        if found:
            try:
                for line in (found[0] / "METADATA").read_text("utf-8").splitlines():
                    if line.startswith("Version: "):
                        return line[len("Version: ") :].strip()
                    if not line:
                        break  # the headers end: no version there
            except (OSError, UnicodeDecodeError):
                pass
            break
    return _installed()


def _installed() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("docgen")
    except PackageNotFoundError:  # pragma: no cover - a checkout never installed
        return "0+unknown"


@cache
def code_digest() -> str:
    """SHA-256 over the path and bytes of every file of the package (code and data)."""
    hasher = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if (
            not path.is_file()
            or _SKIP_DIRS.intersection(path.relative_to(PACKAGE).parts)
            or path.suffix in _SKIP_SUFFIXES
        ):
            continue
        name = path.relative_to(PACKAGE).as_posix().encode("utf-8")
        data = path.read_bytes()
        for part in (name, data):
            hasher.update(len(part).to_bytes(8, "big"))
            hasher.update(part)
    return hasher.hexdigest()


def build() -> str:
    """The version and the code digest together: what made an output, besides its inputs."""
    return f"{version()}+{code_digest()[:16]}"
