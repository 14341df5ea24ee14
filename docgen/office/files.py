"""Writing files so that a reader never sees half of one: temporary file, then rename."""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import stat
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


def _kept_mode(path: Path) -> int | None:
    """The mode of the file ``path`` replaces, so that colleagues on a shared folder keep their
    access; None when there is no such file (a new one gets its mode from the umask, as any
    program's files do)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


#: The flags of a temporary file: made here or failing (never an existing file opened), in
#: binary mode on Windows, not inherited by programs started meanwhile.
_NEW = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOINHERIT", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_numbers = itertools.count()


def _open_new(path: Path) -> int:
    """``os.open`` of a file that must not exist yet; mode 0o666 less the umask."""
    return os.open(path, _NEW, 0o666)


def _temporary(path: Path) -> tuple[int, Path]:
    """A new temporary file beside ``path`` (``.NAME.PID.N.tmp``, which a later run removes if
    this one is killed before the rename), and its folder made when missing. Like
    ``tempfile.mkstemp`` without its random names, its 0600 mode to change afterwards and a
    ``mkdir`` for every file: a district writes thousands of files into folders that exist."""
    prefix = f".{path.name[:40]}.{os.getpid()}."
    made_folder = False
    for _ in range(100):
        temporary = path.parent / f"{prefix}{next(_numbers)}.tmp"
        try:
            return _open_new(temporary), temporary
        except FileExistsError:
            continue  # left by a killed process that had this pid
        except FileNotFoundError:
            if made_folder:
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            made_folder = True
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


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
        fd, tmp = _temporary(path)
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        mode = _kept_mode(path)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(exc, path) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
