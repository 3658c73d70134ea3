"""How long the planner's page takes to receive and check nine unit workbooks, end to end.

    python benchmarks/page_upload.py [--rounds 10]

Starts the page (waitress, in a thread) over a fresh working folder, fills the nine unit
blanks of the built-in catalog (two with a mistake, as in the demo), then posts all nine in
one request to ``POST /api/upload``, again and again, each round with new bytes (so every
file is kept and checked anew). Reports the time from sending the request to the answer:
the files kept durably (fsync), checked (with feedback copies for the faulty ones) and
recorded (one SQLite transaction each).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iku_xlsx import load_catalog, write_workbook
from iku_xlsx.page import Office
from tests.page_helpers import FAULTS, fill_units, running, upload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    catalog = load_catalog(year=2025)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        blanks = {
            unit.id: write_workbook(root / f"cls-2025-{unit.id}.xlsx", catalog, [unit])
            for unit in catalog.units
        }
        batches = [
            fill_units(catalog, blanks, root / f"masuk-{n}", FAULTS, seed=n)
            for n in range(rounds + 1)
        ]
        office = Office(root / "kerja")
        office.setup(None, 2025)
        times = []
        with running(office) as base:
            for n, batch in enumerate(batches):
                files = [(path.name, path.read_bytes()) for path in batch.values()]
                started = time.perf_counter()
                answer = upload(base, office.planner_key, files)
                seconds = time.perf_counter() - started
                assert answer.status == 200, answer.body
                statuses = sorted(item["status"] for item in answer.json())
                assert statuses.count("diterima") == 7 and statuses.count("ditolak") == 2
                if n:  # the first round warms the imports up
                    times.append(seconds)
    print(
        f"nine files uploaded, kept, checked and recorded through POST /api/upload: "
        f"median {statistics.median(times):.3f} s, min {min(times):.3f} s, "
        f"max {max(times):.3f} s over {len(times)} rounds "
        f"({statistics.median(times) / 9 * 1000:.0f} ms a file)"
    )


if __name__ == "__main__":
    main()
