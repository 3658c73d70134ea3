"""Every kind of workbook the package writes is valid Office Open XML as Excel requires it
(the blanks, filled and feedback copies, the consolidations, the catalog workbooks).

The judge is an independent validator (ECMA-376 schemas plus the rules Excel adds on top),
found at $IKU_XLSX_OOXML_VALIDATOR or ``../shared/tools/ooxml/validate.py`` beside the
repository. Without it, or without lxml, the tests skip, unless IKU_XLSX_REQUIRE_OOXML=1 (then
they fail). All files are made once, the validator runs once over all of them, and each kind's
test looks at its own files' lines.
"""

from __future__ import annotations

import importlib
import os
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
import yaml

from iku_xlsx import (
    Catalog,
    check_workbooks,
    consolidate,
    load_catalog,
    write_blanks,
    write_catalog_workbook,
)
from iku_xlsx.catalog import dump_catalog, parse_catalog
from iku_xlsx.reports.csv import write_csv

from .libreoffice import convert, soffice
from .workbooks import QUARTERS, name_cells, random_records

VALIDATOR_VARIABLE = "IKU_XLSX_OOXML_VALIDATOR"
REQUIRE_VARIABLE = "IKU_XLSX_REQUIRE_OOXML"
DEFAULT_VALIDATOR = Path(__file__).resolve().parents[1].parent / "shared/tools/ooxml/validate.py"
DATA = Path(__file__).parent / "data"
SEED = 2025

KINDS = (
    "blank-unit",
    "blank-combined",
    "blank-kinds",
    "filled",
    "filled-libreoffice",
    "feedback",
    "kecamatan",
    "kecamatan-annual",
    "kabupaten",
    "catalog-template",
    "catalog-export",
)
# FILE: PART[:LINE]: ERROR|WARNING [code] message | excerpt
LINE = re.compile(
    r"^(?P<file>.+?): (?P<part>[^:]+?)(?::(?P<line>\d+))?: "
    r"(?P<severity>ERROR|WARNING) \[(?P<code>[^\]]+)\] (?P<rest>.*)$"
)
# the validator's closing line on stderr: "N file(s): ..."
COUNT = re.compile(r"^(\d+) file\(s\): ", re.MULTILINE)
# What the ECMA XSD forbids but Excel writes and reads itself, so no reason to fail: xml:space
# on a text <t>, "The standard makes no mention of an xml:space attribute. Excel uses this
# attribute to specify ... how white space should be handled" (MS-OI29500 2.1.678, Part 1
# 18.4.12). LibreOffice writes it on every <t>; xlsxwriter and openpyxl on text with leading or
# trailing spaces. Only this exact libxml2 message is let through.
EXCEL_WRITES_IT = re.compile(
    r"ERROR \[xsd\] Element '(?:\{[^}]*\})?t', attribute 'xml:space': "
    r"The attribute 'xml:space' is not allowed\. \| <t xml:space=\"preserve\">"
)
LONG_SHEET_NAME = "Capaian Indikator Kinerja Utama Triwulan"  # 40 characters: Excel allows 31


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{REQUIRE_VARIABLE}=1 but {reason}")
    pytest.skip(reason)


def _validator() -> Path:
    """validate.py, or skip (fail when the environment demands the check)."""
    configured = os.environ.get(VALIDATOR_VARIABLE)
    path = Path(configured) if configured else DEFAULT_VALIDATOR
    if not path.is_file():
        _unavailable(f"the OOXML validator is not at {path} (set {VALIDATOR_VARIABLE})")
    try:
        importlib.import_module("lxml.etree")
    except ImportError:
        _unavailable("lxml (which the OOXML validator needs) is not installed")
    return path


def _figures(catalog: Catalog, names: set[str], rng: random.Random) -> dict[str, object]:
    """Plausible typed figures (as iku_xlsx/demo.py makes them) for the indicators in
    ``names``: three quarters reported, the fourth not yet."""
    values: dict[str, object] = {}
    for indicator in catalog.indicators:
        prefix = indicator.id
        if f"{prefix}_TARGET" not in names:
            continue  # another unit's
        if indicator.target is None:
            values[f"{prefix}_TARGET"] = 80 if indicator.kind == "value" else 100
        if indicator.computed_inputs:
            continue  # formulas: counted from records or summed from other units
        budget = rng.choice((1_850_000_000, 2_450_000_000))
        for quarter in QUARTERS[:3]:
            name = f"{prefix}_TW{quarter}"
            if indicator.kind == "value":
                values[f"{name}_NUM"] = round(rng.uniform(76, 88), 2)
            elif indicator.kind == "count":
                share = (indicator.target or 4) / 4
                values[f"{name}_NUM"] = max(0, round(share + rng.choice((-1, 0, 0, 1))))
            elif indicator.aggregation == "cumulative":
                values[f"{name}_NUM"] = round(budget * rng.uniform(0.15, 0.28) * quarter)
                values[f"{name}_DEN"] = budget
            else:
                den = rng.randint(4, 60)
                values[f"{name}_NUM"] = min(den, round(den * rng.uniform(0.7, 1.0)))
                values[f"{name}_DEN"] = den
        if f"{prefix}_KENDALA" in names and rng.random() < 0.3:
            values[f"{prefix}_KENDALA"] = "Anggaran triwulan II terlambat cair"
    return values


def _fill_folder(
    catalog: Catalog, blanks: list[Path], folder: Path, rng: random.Random
) -> list[Path]:
    """Copies of ``blanks`` filled as unit heads would: figures and records, by defined name."""
    folder.mkdir(parents=True)
    records = random_records(catalog, rng, valid=True)
    filled = []
    for blank in blanks:
        workbook = openpyxl.load_workbook(blank)
        cells = name_cells(workbook)
        values = _figures(catalog, set(cells), rng)
        values.update({name: value for name, value in records.items() if name in cells})
        for name, value in values.items():
            sheet, ref = cells[name]
            workbook[sheet][ref].value = value
        workbook.save(folder / blank.name)
        workbook.close()
        filled.append(folder / blank.name)
    return filled


def _with_long_sheet_name(source: Path, target: Path) -> Path:
    """A copy of ``source`` whose first sheet's name is too long for Excel (edited in the zip)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                edited = re.sub(
                    r'(<sheet [^>]*?name=")[^"]*"', rf'\g<1>{LONG_SHEET_NAME}"', text, count=1
                )
                assert edited != text, "no <sheet name=...> in xl/workbook.xml"
                data = edited.encode("utf-8")
            new.writestr(item, data)
    return target


def _annual(catalog: Catalog, table, root: Path) -> list[Path]:
    """The kecamatan workbook with every annual sheet: last year given (its tidy CSV), the
    trend, and the Evaluasi Renja with rupiah columns (a catalog with budgets)."""
    data = yaml.safe_load(dump_catalog(catalog))
    indicator = data["units"][1]["sasaran"][-1]["indicators"][-1]
    indicator["budget"] = {2024: 90_000_000, 2025: {"amount": 95_000_000, "realised": [1e7, 2e7]}}
    budgeted, problems = parse_catalog(yaml.safe_dump(data, allow_unicode=True))
    assert budgeted is not None, problems
    write_csv(table.assign(year=2024), root / "rekap-2024.csv")
    result = consolidate(
        [root / "masuk"],
        budgeted.for_year(2025),
        out=root / "rekap-tahunan.xlsx",
        previous=[root / "rekap-2024.csv"],
    )
    assert result.written and "previous-rejected" not in {p.code for p in result.problems}
    workbook = openpyxl.load_workbook(result.written[0])
    assert {"Capaian Tahunan", "Tren Tahunan", "Evaluasi Renja"} <= set(workbook.sheetnames)
    assert workbook["Evaluasi Renja"]["F7"].value == "Rp"
    return list(result.written)


@dataclass
class Validated:
    files: dict[str, list[Path]]  # kind -> its files
    lines: dict[str, list[str]] = field(default_factory=dict)  # file -> its problem lines
    returncode: int = -1
    stderr: str = ""
    broken: Path | None = None
    libreoffice_error: str | None = None
    unparsed: list[str] = field(default_factory=list)  # output lines not in the format

    def errors(self, path: Path) -> list[str]:
        """The file's ERROR lines, but for what Excel writes itself (EXCEL_WRITES_IT)."""
        return [
            line
            for line in self.lines.get(str(path), [])
            if LINE.match(line)["severity"] == "ERROR" and not EXCEL_WRITES_IT.search(line)
        ]


@pytest.fixture(scope="module")
def validated(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """Every kind of workbook, made once, and the validator's lines for each file."""
    validator = _validator()
    root = tmp_path_factory.mktemp("ooxml")
    rng = random.Random(SEED)
    unit_ids = {unit.id for unit in catalog.units}

    def written(catalog: Catalog, folder: Path) -> tuple[list[Path], list[Path]]:
        result = write_blanks(catalog, folder, combined=True)
        assert result.exit_code == 0, result.problems
        units = [p for p in result.written if p.stem.rsplit("-", 1)[-1] in unit_ids]
        return units, [p for p in result.written if p not in units]

    unit_blanks, combined = written(catalog, root / "blanko")
    assert len(unit_blanks) == len(catalog.units) and len(combined) == 1
    kinds_result = write_blanks(load_catalog(DATA / "kinds.yaml"), root / "kinds", combined=True)
    assert kinds_result.exit_code == 0, kinds_result.problems
    filled = _fill_folder(catalog, unit_blanks, root / "masuk", rng)

    # unit heads' slips, checked with feedback copies: words for a typed number, and for a
    # number in the records (the IKM survey), when the catalog has a survey
    slips: dict[str, list[str]] = {}  # unit id -> the names typed wrongly
    for unit in catalog.units:
        typed = [i.id for i in unit.indicators if not i.computed_inputs]
        if typed and not any(name.endswith("_NUM") for names in slips.values() for name in names):
            slips.setdefault(unit.id, []).append(f"{typed[0]}_TW2_NUM")
        if any(i.ikm for i in unit.indicators):
            slips.setdefault(unit.id, []).append("IKM_L1_RESPONDEN")
    assert slips
    (root / "salah").mkdir()
    faulty = []
    for unit_id, names in slips.items():
        source = next(path for path in filled if path.stem.endswith(f"-{unit_id}"))
        workbook = openpyxl.load_workbook(source)
        cells = name_cells(workbook)
        for name in names:
            sheet, ref = cells[name]
            workbook[sheet][ref].value = "dua belas"
        workbook.save(root / "salah" / source.name)
        faulty.append(root / "salah" / source.name)
    checked = check_workbooks(faulty, catalog, annotate_to=root / "catatan")
    assert checked.exit_code == 1 and len(checked.feedback) == len(faulty), checked.problems

    kecamatan = consolidate([root / "masuk"], catalog, out=root / "rekap-kecamatan.xlsx")
    assert kecamatan.written, kecamatan.problems
    annual = _annual(catalog, kecamatan.table, root)
    other = catalog.model_copy(
        update={"kecamatan": catalog.kecamatan.model_copy(update={"name": "Binuang"})}
    )
    other_blanks, _ = written(other, root / "blanko-binuang")
    _fill_folder(other, other_blanks, root / "masuk-binuang", rng)
    kabupaten = consolidate(
        [root / "masuk", root / "masuk-binuang"],
        [catalog, other],
        out=root / "rekap-kabupaten.xlsx",
    )
    assert kabupaten.written and len(kabupaten.kecamatan) == 2, kabupaten.problems

    files = {
        "blank-unit": unit_blanks,
        "blank-combined": combined,
        "blank-kinds": list(kinds_result.written),
        "filled": filled,
        "filled-libreoffice": [],
        "feedback": list(checked.feedback),
        "kecamatan": list(kecamatan.written),
        "kecamatan-annual": annual,
        "kabupaten": list(kabupaten.written),
        # the catalog written in Excel: the empty template, the built-in and a test catalog
        "catalog-template": [write_catalog_workbook(root / "katalog-kosong.xlsx")],
        "catalog-export": [
            write_catalog_workbook(root / "katalog-cls.xlsx", catalog),
            write_catalog_workbook(
                root / "katalog-target.xlsx", load_catalog(DATA / "targets.yaml")
            ),
        ],
    }
    result = Validated(files)
    if soffice() is not None:  # the same filled files, as LibreOffice saves them
        try:
            files["filled-libreoffice"] = convert(filled, root / "libreoffice", root / "profile")
        except (RuntimeError, subprocess.SubprocessError) as error:
            result.libreoffice_error = str(error)

    # so the run cannot pass vacuously: a broken copy must be reported
    result.broken = _with_long_sheet_name(unit_blanks[0], root / "rusak.xlsx")
    everything = [path for paths in files.values() for path in paths] + [result.broken]
    completed = subprocess.run(
        [sys.executable, str(validator), *map(str, everything)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    result.returncode, result.stderr = completed.returncode, completed.stderr
    for line in completed.stdout.splitlines():
        if match := LINE.match(line):
            result.lines.setdefault(match["file"], []).append(line)
        elif line.strip():
            result.unparsed.append(line)
    counted = COUNT.search(completed.stderr)
    assert counted and int(counted[1]) == len(everything), completed.stderr[-2000:]
    return result


def test_the_validator_reports_a_broken_copy(validated: Validated) -> None:
    """A sheet name over 31 characters is found: the validator ran and reads what it is given."""
    assert validated.returncode == 1, validated.stderr[-2000:]
    lines = validated.errors(validated.broken)
    assert any("[sheet-name-length]" in line and LONG_SHEET_NAME in line for line in lines), lines


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_workbook_is_valid_for_excel(
    kind: str, validated: Validated, request: pytest.FixtureRequest
) -> None:
    if kind == "filled-libreoffice":
        request.getfixturevalue("require_libreoffice")
        assert validated.libreoffice_error is None, validated.libreoffice_error
    files = validated.files[kind]
    assert files and all(path.is_file() for path in files), files
    errors = [line for path in files for line in validated.errors(path)]
    codes = Counter(LINE.match(line)["code"] for line in errors)
    assert not errors, f"{len(errors)} ERROR line(s) in {kind} ({dict(codes)}):\n" + "\n".join(
        errors[:40]
    )


def test_every_line_is_read(validated: Validated) -> None:
    """Every problem line was parsed, to a file the test made (none lost to a format change)."""
    assert not validated.unparsed, validated.unparsed[:20]
    given = {str(path) for paths in validated.files.values() for path in paths}
    assert set(validated.lines) <= given | {str(validated.broken)}, set(validated.lines) - given
