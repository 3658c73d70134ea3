"""Serving the page: waitress (pure Python, threads; the same on Windows) over an Office."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from iku_xlsx import CatalogError
from iku_xlsx.page.app import KEY_PARAMETER, MAX_REQUEST_BYTES, create_app
from iku_xlsx.page.office import Office
from iku_xlsx.settings import SettingsError, find_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 8  # requests served at once; uploads are checked in these threads


def default_folder() -> Path:
    """The working folder when none is given: the one whose iku-xlsx.yaml the current folder
    is in (set up by ``iku-xlsx init`` or the page), else Documents/iku-xlsx in the user's
    home."""
    settings = find_settings()
    return settings.parent if settings is not None else Path.home() / "Documents" / "iku-xlsx"


def make_server(
    office: Office,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    max_request_bytes: int = MAX_REQUEST_BYTES,
) -> Any:
    """A waitress server for the page, listening already (port 0: a free port).

    ``run()`` serves until ``close()``; ``effective_port`` is the port taken. OSError when
    the address cannot be taken (the port is in use).
    """
    from waitress import create_server

    return create_server(
        create_app(office, max_request_bytes=max_request_bytes),
        host=host,
        port=port,
        threads=THREADS,
        # the app answers a request over its own bound (in Bahasa Indonesia); waitress
        # stops one far beyond it before holding it all
        max_request_body_size=4 * max_request_bytes,
        ident="iku-xlsx",
    )


def stop(server: Any, timeout: float = 30) -> None:
    """Stop a server whose ``run()`` goes on in another thread; ``run()`` then returns.

    First the worker threads finish the requests they serve (a worker wakes the loop when it
    is done, so the loop's wake-up pipe must still be open then); then the sockets are closed
    by the loop itself (through waitress's trigger), never from this thread while the loop
    uses them.
    """

    def close_all() -> None:
        for channel in list(server._map.values()):
            channel.close()

    server.task_dispatcher.shutdown(cancel_pending=True, timeout=timeout)
    server.trigger.pull_trigger(close_all)


def address(office: Office, server: Any) -> str:
    """The planner's address, carrying the key."""
    host = server.effective_host if hasattr(server, "effective_host") else DEFAULT_HOST
    if host in ("0.0.0.0", "::", ""):
        host = DEFAULT_HOST
    if ":" in str(host):
        host = f"[{host}]"
    return f"http://{host}:{server.effective_port}/?{KEY_PARAMETER}={office.planner_key}"


def serve(
    folder: str | Path | None = None,
    catalog: str | Path | None = None,
    year: int | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    say: Callable[[str], None] | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> int:
    """Serve the planner's page over ``folder`` until interrupted; the exit status.

    ``catalog`` and ``year`` set the office up (kept in the folder's settings); without them
    the folder's settings are used, or the page asks. Prints the address with the key.
    Returns 1 for an invalid catalog, 2 when the folder or the port cannot be used.
    """
    tell = say or _print
    folder = Path(folder) if folder is not None else default_folder()
    try:
        office = Office(folder)
        office.configure(catalog, year)
    except CatalogError as error:
        for problem in error.problems:
            tell(f"katalog tidak dapat dipakai: {problem.where()}: {problem.message}")
        return 1
    except (OSError, SettingsError, ValueError) as error:
        tell(f"folder kerja {folder} tidak dapat dipakai: {error}")
        return 2
    try:
        server = make_server(office, host, port)
    except OSError as error:
        tell(
            f"alamat {host}:{port} tidak dapat dipakai ({error.strerror or error}); "
            "mungkin iku-xlsx sudah berjalan, atau pakai --port lain"
        )
        return 2
    url = address(office, server)
    what = (
        f"Kecamatan {office.catalog.kecamatan.name}, tahun {office.year}"
        if office.is_set_up
        else "belum disiapkan: pilih katalog dan tahun di halaman"
    )
    tell(f"Halaman perencana IKU ({what}) berjalan. Buka alamat ini di peramban:")
    tell(url)
    tell(f"Folder kerja: {office.folder}")
    if host not in (DEFAULT_HOST, "localhost", "::1"):
        tell(f"Juga terbuka untuk komputer lain lewat {host}:{server.effective_port}.")
    tell("Tekan Ctrl+C untuk berhenti.")
    if on_ready is not None:
        on_ready(url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _print(text: str) -> None:
    import sys

    if sys.stdout is not None:  # none under pythonw (the Windows launcher)
        print(text, flush=True)
