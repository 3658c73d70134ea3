"""The whole job on the built-in catalog, as a planner would run it, in a few seconds: last
year's, then this year's with the annual report.

0. the catalog: the built-in one with the plan laid over it, the Perjanjian Kinerja's
   targets, the Rencana Aksi's targets to date, the Renstra's baseline and end target and a
   few budgets (``data/demo-plan.yaml``), written out as ``katalog.yaml`` for the commands
   that follow;
1. last year, 2024 (``2024/``): blanks, the unit heads' files for the whole year, and its
   consolidation (``2024/rekap-cls-2024.xlsx``), as the planner made it a year ago;
2. blank workbooks for 2025 (``blanko/``);
3. the unit heads' filled workbooks (``masuk/``): plausible, reproducible figures and
   records (the report checklist, the desa records, an IKM survey of four services), three
   quarters in, with deliberate mistakes in Kasi Kesra's file: "dua belas" typed for a
   number and a numerator above its denominator (errors: the file is rejected until fixed);
4. the check, with feedback copies for the files with problems (``catatan/``);
5. the consolidation with 2024's workbook as the earlier year: the kecamatan workbook, the
   tidy CSV (``rekap-...``) and the tables of LKjIP chapter III (``lkjip-...docx``).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import openpyxl
import yaml

from iku_xlsx.catalog import (
    QUARTERS,
    Aggregation,
    Amounts,
    Catalog,
    Indicator,
    Kind,
    Unit,
    builtin_catalog_text,
    dump_catalog,
    parse_catalog,
    quarter_end,
)
from iku_xlsx.consolidation.result import Consolidation
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.contract.records_layout import ChecklistLayout, SurveyLayout, records_layouts
from iku_xlsx.fileio import atomic_output
from iku_xlsx.jobs.check import CheckResult, check_workbooks
from iku_xlsx.jobs.consolidate import consolidate
from iku_xlsx.rules import IKM_UNSUR, category
from iku_xlsx.settings import Settings, save_settings
from iku_xlsx.writer.blanks import blank_file_name, write_blanks
from iku_xlsx.writer.printing import DEFAULT_PAPER

DEMO_YEAR = 2025
EARLIER_YEAR = DEMO_YEAR - 1  # the year consolidated a year ago, compared with this one
PLAN = "data/demo-plan.yaml"  # the year's targets, laid over the built-in catalog
DEMO_SERVICES = ("Rekomendasi IMB", "Surat Keterangan", "Legalisasi Dokumen", "Dispensasi Nikah")
MISTAKES = {  # defined name -> what the unit head typed by mistake
    "KESRA_2_TW2_NUM": "dua belas",
    "KESRA_3_TW1_NUM": 9,  # above its denominator (set to 7 below)
    "KESRA_3_TW1_DEN": 7,
}


CATALOG_FILE = "katalog.yaml"  # the demo's catalog, beside its workbooks
# What unit heads write as kendala / tindak lanjut, as they write it: with the words that mark
# its parts, or parted by " / " (the column's own header), or a kendala alone.
KENDALA = (
    "Kendala: data dari desa terlambat masuk. Tindak lanjut: rekap bulanan melalui grup "
    "WhatsApp perangkat desa.",
    "Kendala: anggaran triwulan II terlambat cair. Tindak lanjut: kegiatan dipadatkan pada "
    "triwulan III.",
    "Jaringan internet kantor sering terputus / pengajuan tambahan kapasitas ke Diskominfo.",
    "Pendukung: dukungan aktif para kepala desa. Kendala: jarak desa yang jauh dari kantor "
    "kecamatan. Tindak lanjut: pelayanan jemput bola ke desa.",
    "Petugas pelayanan merangkap tugas lain.",
)
KENDALA_SHARE = 0.3  # of the indicators given a kendala


def demo_catalog() -> Catalog:
    """The built-in catalog for 2025 with the demo's plan laid over its indicators (the
    targets of the Perjanjian Kinerja and the Rencana Aksi), validated as any catalog is."""
    data = yaml.safe_load(builtin_catalog_text())
    plan = yaml.safe_load(resources.files(__package__).joinpath(PLAN).read_text("utf-8"))
    for unit in data["units"]:
        for sasaran in unit["sasaran"]:
            for indicator in sasaran["indicators"]:
                indicator.update(plan.get(indicator["id"], {}))
    catalog, problems = parse_catalog(yaml.safe_dump(data, allow_unicode=True), PLAN)
    if catalog is None:  # the plan shipped with the package is valid: a test holds it
        raise ValueError("; ".join(f"{p.where()}: {p.message}" for p in problems))
    return catalog.for_year(DEMO_YEAR)


@dataclass
class DemoResult:
    blanks: Path
    filled: Path
    feedback: Path
    workbook: Path
    csv: Path
    check: CheckResult
    consolidation: Consolidation
    lkjip: Path  # the tables of LKjIP chapter III
    earlier: Consolidation  # last year's, consolidated a year ago
    earlier_workbook: Path


def run_demo(
    out_dir: str | Path,
    *,
    seed: int = DEMO_YEAR,
    force: bool = False,
    paper: str = DEFAULT_PAPER,
    report_date: dt.date | None = None,
) -> DemoResult:
    """Run the whole job into ``out_dir``; refuses a folder that is not empty unless ``force``.
    Every workbook prints on ``paper``; the Rekap is dated ``report_date`` (default: today)."""
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not force:
        raise FileExistsError(f"{out} is not empty; use --force to write into it")
    catalog = demo_catalog()
    out.mkdir(parents=True, exist_ok=True)
    with atomic_output(out / CATALOG_FILE) as temporary:
        temporary.write_text(dump_catalog(catalog), encoding="utf-8")
    earlier_folder = out / str(EARLIER_YEAR)
    _set_up(out, CATALOG_FILE, DEMO_YEAR)  # commands run in the demo's folders use its catalog
    _set_up(earlier_folder, f"../{CATALOG_FILE}", EARLIER_YEAR)
    earlier_workbook = earlier_folder / f"rekap-{catalog.catalog_id}-{EARLIER_YEAR}.xlsx"
    earlier = _earlier_year(catalog.for_year(EARLIER_YEAR), earlier_workbook, seed, paper)
    blanks, filled = out / "blanko", out / "masuk"
    _fill_year(catalog, blanks, filled, random.Random(seed), paper, MISTAKES, reported=3)
    feedback = out / "catatan"
    checked = check_workbooks([filled], catalog, year=DEMO_YEAR, annotate_to=feedback, paper=paper)
    stem = f"rekap-{catalog.catalog_id}-{DEMO_YEAR}"
    workbook, csv = out / f"{stem}.xlsx", out / f"{stem}.csv"
    lkjip = out / f"lkjip-{catalog.catalog_id}-{DEMO_YEAR}.docx"
    result = consolidate(
        [filled],
        catalog,
        year=DEMO_YEAR,
        out=workbook,
        csv=csv,
        paper=paper,
        report_date=report_date,
        previous=[earlier_workbook],
        lkjip=lkjip,
    )
    return DemoResult(
        blanks, filled, feedback, workbook, csv, checked, result, lkjip, earlier, earlier_workbook
    )


def _set_up(folder: Path, catalog: str, year: int) -> None:
    """The folder's settings (iku-xlsx.yaml): its catalog and year, as `iku-xlsx init` sets."""
    folder.mkdir(parents=True, exist_ok=True)
    save_settings(folder, Settings(year=year, catalog=catalog))


def _earlier_year(catalog: Catalog, workbook: Path, seed: int, paper: str) -> Consolidation:
    """Last year as it was consolidated a year ago, in ``workbook``'s folder: its blanks, the
    whole year filled in without mistakes, its kecamatan workbook and CSV."""
    folder = workbook.parent
    blanks, filled = folder / "blanko", folder / "masuk"
    _fill_year(catalog, blanks, filled, random.Random(seed - 1), paper, {}, reported=4)
    return consolidate(
        [filled],
        catalog,
        year=catalog.year,
        out=workbook,
        csv=workbook.with_suffix(".csv"),
        paper=paper,
        report_date=dt.date(catalog.year + 1, 1, 20),  # the LKjIP's weeks, early next year
    )


def _fill_year(
    catalog: Catalog,
    blanks: Path,
    filled: Path,
    rng: random.Random,
    paper: str,
    mistakes: dict[str, object],
    *,
    reported: int,
) -> None:
    """The year's blanks, and each unit head's file filled ``reported`` quarters in (with
    ``mistakes`` typed where they belong)."""
    written = write_blanks(catalog, blanks, combined=True, force=True, paper=paper)
    if written.problems:
        raise OSError(written.problems[0].message)
    filled.mkdir(parents=True, exist_ok=True)
    notes = random.Random(f"kendala {catalog.year}")  # apart: the figures stay the same
    for unit in catalog.units:
        values = unit_figures(catalog, unit, rng, reported)
        values.update(
            {
                names.kendala(indicator.id): notes.choice(KENDALA)
                for indicator in unit.indicators
                if notes.random() < KENDALA_SHARE
            }
        )
        values.update({k: v for k, v in mistakes.items() if k.split("_")[0] == unit.id})
        name = blank_file_name(catalog, unit)
        fill_blank(blanks / name, filled / name, values)


def unit_figures(
    catalog: Catalog, unit: Unit, rng: random.Random, reported: int = 3
) -> dict[str, object]:
    """What a unit head types ``reported`` quarters in, by defined name: plausible figures
    for each of the unit's indicators and the records it keeps."""
    values: dict[str, object] = {}
    for indicator in unit.indicators:
        values.update(_figures(indicator, catalog.year, rng, reported))
    values.update(sample_record_figures(catalog, unit, rng, reported))
    return values


def _figures(
    indicator: Indicator, year: int, rng: random.Random, reported: int
) -> dict[str, object]:
    """Plausible figures for one indicator, the first ``reported`` quarters (the others not
    reported yet)."""
    indicator_id = indicator.id
    values: dict[str, object] = {}
    if indicator.target_for(year) is None:
        values[names.target(indicator_id)] = 80 if indicator.kind is Kind.VALUE else 100
    if indicator.computed_inputs:
        return values  # summed from other units, or counted from records (sample_record_figures)
    budget = rng.choice((1_850_000_000, 2_450_000_000))
    spent = 0.0  # to date, for amounts typed as the finance reports give them
    most = 0.28 if reported < len(QUARTERS) else 0.24  # a whole year stays within its budget
    for quarter in QUARTERS[:reported]:
        num = names.quarter(indicator_id, quarter, Part.NUM)
        den = names.quarter(indicator_id, quarter, Part.DEN)
        if indicator.kind is Kind.VALUE:
            values[num] = round(rng.uniform(76, 88), 2) if quarter == 2 else None
        elif indicator.kind is Kind.COUNT:
            share = (indicator.target_for(year) or 4) / 4
            values[num] = max(0, round(share + rng.choice((-1, 0, 0, 1))))
        elif indicator.aggregation is Aggregation.CUMULATIVE:
            this_quarter = round(budget * rng.uniform(0.15, most))
            spent += this_quarter
            to_date = indicator.amounts is Amounts.TO_DATE
            values[num] = spent if to_date else this_quarter
            values[den] = budget
        else:
            denominator = rng.randint(4, 60)
            values[num] = min(denominator, round(denominator * rng.uniform(0.7, 1.0)))
            values[den] = denominator
    return values


def sample_record_figures(
    catalog: Catalog, unit: Unit, rng: random.Random, reported: int = 3
) -> dict[str, object]:
    """The records a unit keeps, ``reported`` quarters in: reports mostly on time, desa
    documents mostly in, one IKM survey held in TW II."""
    year = catalog.year
    values: dict[str, object] = {}
    for layout in records_layouts(catalog, unit):
        if isinstance(layout, SurveyLayout):
            values[names.SURVEY_QUARTER] = 2
            for n, service in enumerate(DEMO_SERVICES, start=1):
                respondents = rng.randint(40, 90)
                values[names.service(n, "NAMA")] = service
                values[names.service(n, "POPULASI")] = respondents + rng.randint(0, 3)  # census
                values[names.service(n, "RESPONDEN")] = respondents
                for j in range(1, len(IKM_UNSUR) + 1):
                    values[names.service_score(n, j)] = round(respondents * rng.uniform(2.7, 3.6))
            continue
        indicator_id = layout.indicator.id
        values[names.last_quarter(indicator_id)] = reported
        if isinstance(layout, ChecklistLayout):
            for k, item in enumerate(layout.indicator.checklist or (), start=1):
                if item.quarter <= reported and rng.random() < 0.9:
                    late = rng.random() < 0.15
                    days = rng.randint(1, 20) * (1 if late else -1)
                    done = item.due_date(year) + dt.timedelta(days)
                    # late, but within the year (a date after it is a warning of its own)
                    values[names.item(indicator_id, k, "DONE")] = min(done, dt.date(year, 12, 31))
                    if late:  # the unit head says why, beside it
                        note = "terlambat: menunggu tanda tangan Camat"
                        values[names.item(indicator_id, k, "NOTE")] = note
            continue
        for i in range(1, len(layout.desa) + 1):
            for j, document in enumerate(layout.indicator.desa_documents or (), start=1):
                if document.due_quarter <= reported and rng.random() < 0.92:
                    end = quarter_end(year, document.due_quarter)
                    values[names.desa_document(indicator_id, i, j)] = end - dt.timedelta(
                        rng.randint(0, 80)
                    )
    return values


def fill_blank(blank: Path, target: Path, values: dict[str, object]) -> None:
    """Type values into a copy of a blank, by defined name, as a unit head would."""
    workbook = openpyxl.load_workbook(blank)
    for name, value in values.items():
        sheet, ref = next(iter(workbook.defined_names[name].destinations))
        workbook[sheet][ref.replace("$", "")].value = value
    with atomic_output(target) as temporary:
        workbook.save(temporary)


def summary_rows(result: Consolidation) -> list[tuple[str, str, str, str]]:
    """Per unit: name, indicators reported, mean capaian of those computable, its category.

    The mean leaves out indicators whose capaian cannot be computed (domain rules: "-" is not 0).
    """
    rows = []
    for kecamatan in result.kecamatan:
        frame = kecamatan.inputs[["unit_id"]].assign(
            year=kecamatan.results["year_val"].to_numpy(),
            capaian=kecamatan.results["capaian"].to_numpy(),
        )
        for unit in kecamatan.catalog.units:
            mine = frame[frame["unit_id"] == unit.id]
            reported = int(mine["year"].notna().sum())
            mean = mine["capaian"].mean() if mine["capaian"].notna().any() else None
            rows.append(
                (
                    unit.name,
                    f"{reported}/{len(mine)}",
                    "-" if mean is None else f"{mean:.2f}",
                    category(mean) or "-",
                )
            )
    return rows
