"""Files the commands write: never a half-written file, a link or a device replaced, or a corpus."""

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from mali_news import UserError


class OutputError(UserError):
    """The output cannot be written where it was asked for (a missing or unwritable folder)."""

    status = 2


SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite(path: Path) -> bool:
    """Whether the file begins as every SQLite database does."""
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def refuse_corpus(path: Path, target: Path | str, corpus: Path | None) -> None:
    """An output never replaces the corpus it was made from (under any name, through a link or
    a hard link) nor any other SQLite database."""
    if corpus is not None:
        for name in (corpus, *(Path(f"{corpus}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
            try:
                same = os.path.samefile(name, path)
            except OSError:
                continue
            if same:
                raise OutputError(f"will not write {target}: it is the corpus being read ({name}); "
                                  "choose another file")
    if is_sqlite(path):
        raise OutputError(f"will not write {target}: it is a SQLite database; choose another file")


@contextmanager
def output(target: Path | str | None, *, encoding: str = "utf-8",
           corpus: Path | None = None) -> Iterator[IO[str]]:
    """A text stream to write the output to.

    - None or "-": standard output.
    - A device, a pipe or a socket (/dev/stdout, /dev/full, a FIFO): written to as it is, a stream.
    - A symbolic link: what it points to, which stays a link's target.
    - A regular file, or none yet: a uniquely named temporary file in the same folder, renamed
      over the target only once it is whole (os.replace), removed if writing fails.

    The corpus (a SQLite file) and any SQLite database are refused with an OutputError.
    """
    if target is None or str(target) == "-":
        yield sys.stdout
        return
    path = Path(target).expanduser()
    if path.is_symlink():
        path = path.resolve()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    if mode is not None and stat.S_ISREG(mode):
        refuse_corpus(path, target, corpus)
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise OutputError(f"cannot write {target}: it is a folder")
        # A stream: nothing to replace, and a device must stay a device.
        with _opened(path, target, encoding) as stream:
            yield stream
        return
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: no folder {folder}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror} ({folder})") from None
    try:
        try:
            with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
                yield stream
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror}") from None
        if mode is not None:
            # The new file keeps the old one's permissions, as an editor's save would.
            os.chmod(temporary, stat.S_IMODE(mode))
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _opened(path: Path, target: Path | str, encoding: str) -> Iterator[IO[str]]:
    try:
        stream = path.open("w", encoding=encoding, newline="")
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with stream:
            yield stream
    except BrokenPipeError:
        raise
    except OSError as exc:
        # /dev/full, a disk that filled up: one line, not a traceback.
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current

