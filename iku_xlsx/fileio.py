"""Writing output files safely: a complete new file or the old one, never half of one; and
what a failed file operation was, in Bahasa Indonesia."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _file_mode() -> int:
    """The mode a newly created file gets under this process's umask (mkstemp uses 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` once written.

    The temporary file sits in the same folder, so the rename is atomic: a crash or a kill while
    writing leaves the old file (or none) and a stray temporary file, never a truncated target.
    """
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    path = Path(temporary)
    try:
        yield path
        os.chmod(path, _file_mode())
        os.replace(path, target)
    finally:
        path.unlink(missing_ok=True)


OS_ERROR_WORDS = {  # the system's reasons, for messages a planner reads
    errno.ENOENT: "berkas atau folder tidak ada",
    errno.EACCES: "tidak ada izin untuk membukanya",
    errno.EPERM: "tidak diizinkan",
    errno.EISDIR: "itu sebuah folder",
    errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.ENOSPC: "disk penuh",
    errno.EROFS: "disk hanya dapat dibaca",
    errno.ENAMETOOLONG: "namanya terlalu panjang",
    errno.EBUSY: "sedang dipakai program lain",
    errno.EIO: "galat baca/tulis disk",
}


def os_error_words(error: OSError) -> str:
    """Why a file operation failed, in Bahasa Indonesia (the system's own text is English)."""
    words = OS_ERROR_WORDS.get(error.errno or 0)
    return words or f"galat sistem nomor {error.errno}"
