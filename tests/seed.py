"""An independent parser of the signed seed document (tests/data/seed-cls-2020.txt).

The tests compare the built-in catalog and the written workbooks against what this parser reads
from the signed text itself, so it deliberately shares no code with the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_FILE = Path(__file__).parent / "data" / "seed-cls-2020.txt"

_FRACTION = re.compile(
    r"^\$\\frac\{\\text\{(?P<num>.+)\}\}\{\\text\{(?P<den>.+)\}\} \\times 100 \\%\$$"
)


@dataclass
class SeedIndicator:
    sasaran_no: str
    sasaran: str
    name: str
    explanation: str  # the text as signed (LaTeX fraction for ratios)
    responsible: str
    data_source: str
    numerator: str | None = None
    denominator: str | None = None


@dataclass
class SeedUnit:
    heading: str  # the third heading line, e.g. "KASI EKONOMI KECAMATAN CANDI LARAS SELATAN"
    indicators: list[SeedIndicator] = field(default_factory=list)
    place_date: str = ""
    signatory_title: str = ""
    signatory_name: str = ""
    nip: str = ""


def parse_seed(path: Path = SEED_FILE) -> list[SeedUnit]:
    """Return the nine unit blocks of the seed, in order."""
    lines = [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()]
    units: list[SeedUnit] = []
    i = 0
    while i < len(lines):
        if lines[i].strip("* ") == "PEMERINTAH KABUPATEN TAPIN":
            unit = SeedUnit(heading=lines[i + 2].strip("* "))
            i += 3
            while not lines[i].startswith("NO\t"):
                i += 1
            i += 1
            sasaran_no = sasaran = ""
            while lines[i].strip():
                cells = lines[i].split("\t")
                cells += [""] * (6 - len(cells))
                if cells[0]:
                    sasaran_no, sasaran = cells[0], cells[1]
                indicator = SeedIndicator(
                    sasaran_no, sasaran, cells[2], cells[3], cells[4], cells[5]
                )
                match = _FRACTION.match(cells[3])
                if match:
                    indicator.numerator = match["num"]
                    indicator.denominator = match["den"]
                unit.indicators.append(indicator)
                i += 1
            while not lines[i].strip():
                i += 1
            # the signature block: place and date, title, (blank), name, NIP
            block = []
            while len(block) < 4:
                if lines[i].strip():
                    block.append(lines[i].strip())
                i += 1
            unit.place_date, unit.signatory_title, unit.signatory_name = block[:3]
            unit.nip = block[3].removeprefix("NIP.").strip()
            units.append(unit)
        else:
            i += 1
    return units
