"""The Windows launcher (``iku-xlsx-page``, a GUI script: no console window).

Starts the page on the default working folder (or the folder given as its argument) and
opens the browser at the address with the key. Started twice, it opens the browser at the
page already running rather than starting a second one. Nothing here is Linux-only.
"""

from __future__ import annotations

import json
import sys
import traceback
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

from iku_xlsx.page.app import KEY_HEADER, KEY_PARAMETER
from iku_xlsx.page.office import Office
from iku_xlsx.page.server import DEFAULT_HOST, DEFAULT_PORT, address, default_folder, make_server

LOG = "iku-xlsx-page.log"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else default_folder()
    try:
        office = Office(folder)
        try:
            server = make_server(office, DEFAULT_HOST, DEFAULT_PORT)
        except OSError:
            running = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
            if _answers(running, office.planner_key):  # this folder's page runs already
                webbrowser.open(f"{running}/?{KEY_PARAMETER}={office.planner_key}")
                return
            server = make_server(office, DEFAULT_HOST, 0)  # the port is someone else's
        webbrowser.open(address(office, server))
        server.run()
    except Exception:  # noqa: BLE001 - no console: say it in a file and a window
        _report(folder, traceback.format_exc())
        raise SystemExit(1) from None


def _answers(base: str, key: str) -> bool:
    """Whether the page at ``base`` is this folder's (it takes this folder's key)."""
    request = urllib.request.Request(f"{base}/api/status", headers={KEY_HEADER: key})
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            json.load(response)
            return True
    except urllib.error.HTTPError as error:
        return error.code == 409  # this folder's page, not set up yet
    except (OSError, ValueError):
        return False


def _report(folder: Path, text: str) -> None:
    log = folder / LOG
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log.write_text(text, encoding="utf-8")
    except OSError:
        pass
    _window(f"Halaman IKU tidak dapat dijalankan. Keterangan ada di {log}.")


def _window(message: str) -> None:
    """Say ``message`` in a window, where Tk is installed and a display is there."""
    try:
        import tkinter
        from tkinter import messagebox

        root = tkinter.Tk()
        root.withdraw()
        messagebox.showerror("iku-xlsx", message)
        root.destroy()
    except Exception:  # noqa: BLE001 - no window system either: the log file says it
        pass


if __name__ == "__main__":
    main()
