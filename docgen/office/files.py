"""Writing files so that a reader never sees half of one: temporary file, then rename."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

from docgen.errors import Location, OutputError

#: Most file systems allow 255 bytes per name; a Cyrillic letter takes two in UTF-8. Names are
#: kept below (about 100 Cyrillic letters), so that a temporary prefix and suffix still fit;
#: docgen's own names (Пояснительная_записка_<author>_<years>.docx) stay whole.
NAME_BYTES = 200


def fit_name(name: str, limit: int = NAME_BYTES) -> str:
    """``name`` cut to ``limit`` bytes of UTF-8 (its extension kept), with a short digest of
    the whole name so that two long names that begin alike stay distinct."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 8 or not stem:
        stem, extension = name, ""
    tail = f"_{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
    tail += f".{extension}" if extension else ""
    room = limit - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" ._-")
    return cut + tail


def _mode(path: Path) -> int:
    """The mode a new file gets from the umask (as any program's files do), or the mode the
    file it replaces already has: colleagues on a shared folder keep their access."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


_WHY = {
    errno.EACCES: "нет прав на запись в эту папку: выберите другую папку (-o) или попросите права",
    errno.EPERM: "нет прав на запись в эту папку: выберите другую папку (-o) или попросите права",
    errno.EROFS: "папка только для чтения: выберите другую папку (-o)",
    errno.ENOSPC: "на диске нет места: освободите место или выберите другой диск",
    errno.ENAMETOOLONG: "слишком длинное имя файла: сократите название",
    errno.ENOTDIR: "на месте папки лежит файл: переименуйте его или выберите другую папку (-o)",
    errno.EEXIST: "на месте папки лежит файл: переименуйте его или выберите другую папку (-o)",
    errno.EISDIR: "на месте файла лежит папка: переименуйте её или выберите другое имя",
}


def write_error(exc: OSError, path: Path) -> OutputError:
    """An OS error on writing, as a message a person can act on, naming the file."""
    why = _WHY.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"не удалось записать файл: {why}", Location(file=str(path)))


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; an interrupted write leaves the old file intact.

    ``durable`` also waits for the disk (fsync) before the rename, so that even a power cut
    cannot leave an empty file. A bulk run skips it: its manifest keeps the digest of every
    file written, and a file that is not what the manifest says is made again.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes it 0600, which colleagues could not open
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(exc, path) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
