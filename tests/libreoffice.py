"""Recalculating workbooks in LibreOffice headless, in batches (one `soffice` call per batch).

Tests that need LibreOffice use the ``require_libreoffice`` fixture: it skips when `soffice` is
missing, unless IKU_XLSX_REQUIRE_LIBREOFFICE=1 (set by CI), in which case it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REQUIRE_VARIABLE = "IKU_XLSX_REQUIRE_LIBREOFFICE"

# Make LibreOffice recalculate every formula on load, whatever cached value a file carries.
_ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(
    files: list[Path],
    out_dir: Path,
    profile: Path,
    *,
    to: str = "xlsx",
    always_recalculate: bool = True,
    timeout: float = 300,
) -> list[Path]:
    """Open ``files`` in LibreOffice and save them as ``to`` into ``out_dir``, in one call.

    ``profile`` is a LibreOffice user profile folder of the test's own; with
    ``always_recalculate`` it is set to recalculate every formula on load, otherwise
    LibreOffice's default settings apply (it then trusts the cached values it finds).
    """
    executable = soffice()
    if executable is None:
        raise RuntimeError("soffice is not installed")
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    settings = user / "registrymodifications.xcu"
    if always_recalculate and not settings.exists():
        settings.write_text(_ALWAYS_RECALCULATE, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    filter_name = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf"}.get(to, to)
    command = [
        executable,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        filter_name,
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "HOME": str(profile)},
    )
    suffix = "." + to.split(":")[0]
    outputs = [out_dir / (path.stem + suffix) for path in files]
    missing = [path for path in outputs if not path.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}: {completed.stderr[-2000:]}")
    return outputs
