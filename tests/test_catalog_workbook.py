"""Catalogs written in Excel: the template, the round trip with YAML, and every fault named
by its sheet and cell, in Bahasa Indonesia."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from pydantic import BaseModel

from iku_xlsx.catalog import (
    Aggregation,
    Amounts,
    Band,
    Baseline,
    Budget,
    Catalog,
    CatalogError,
    ChecklistItem,
    Desa,
    DesaDocument,
    IkmRole,
    Indicator,
    Kind,
    LowerRule,
    Polarity,
    Rules,
    Signatory,
    Standard,
    ZeroTarget,
    check_catalog,
    load_catalog,
)
from iku_xlsx.catalog.model import Government, Kecamatan, Signing, Unit
from iku_xlsx.catalog.validation import semantic_problems
from iku_xlsx.catalog.workbook import read_catalog_workbook, write_catalog_workbook
from iku_xlsx.catalog.workbook.layout import (
    INDIKATOR,
    KANTOR,
    LAST_ROW,
    PETUNJUK,
    SHEETS,
    UNIT,
    Sheet,
)
from iku_xlsx.jobs.demo import demo_catalog

from .conftest import DATA
from .libreoffice import convert
from .page_helpers import zip_bomb

SHEET_NAMES = [PETUNJUK, *(sheet.name for sheet in SHEETS)]


@pytest.fixture(scope="module")
def example(builtin, tmp_path_factory) -> Path:
    """The built-in catalog as a workbook (never written to: tests edit copies)."""
    return write_catalog_workbook(tmp_path_factory.mktemp("katalog") / "katalog.xlsx", builtin)


@pytest.fixture(scope="module")
def targets_example(tmp_path_factory) -> Path:
    """tests/data/targets.yaml (targets per year and to date, lower is better, a rate per
    1.000, amounts to date) as a workbook."""
    folder = tmp_path_factory.mktemp("target")
    return write_catalog_workbook(folder / "target.xlsx", load_catalog(DATA / "targets.yaml"))


def edited(source: Path, folder: Path, edits: dict[str, Any]) -> Path:
    """A copy of ``source`` with cells set: {"Indikator!F5": "persen"} (None empties one)."""
    book = openpyxl.load_workbook(source)
    for where, value in edits.items():
        sheet, cell = where.split("!")
        book[sheet][cell] = value
    target = folder / f"edited-{len(list(folder.iterdir()))}.xlsx"
    book.save(target)
    return target


def faults(path: Path) -> list[tuple[str | None, str | None, str, str]]:
    """(sheet, cell, code, message) of each problem of a catalog workbook that is refused."""
    catalog, problems = read_catalog_workbook(path)
    assert catalog is None and problems
    assert all(p.file == str(path) for p in problems)
    return [(p.sheet, p.cell, p.code, p.message) for p in problems]


def cell_of(path: Path, sheet: str, header: str, value: str) -> str:
    """The address of the cell under ``header`` in the row whose ``header`` is ``value``."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    column = [str(h).rstrip(" *") for h in rows[0]].index(header)
    row = next(k for k, cells in enumerate(rows, start=1) if cells[column] == value)
    return f"{openpyxl.utils.get_column_letter(column + 1)}{row}"


def row_of(path: Path, indicator_id: str) -> int:
    return int(cell_of(path, "Indikator", "ID indikator", indicator_id)[1:])


# --- the round trip ----------------------------------------------------------------------------


def test_the_builtin_catalog_round_trips_with_its_fingerprint(builtin, example):
    loaded = load_catalog(example)
    assert loaded == builtin
    assert loaded.fingerprint() == builtin.fingerprint()  # workbooks of either are one version
    assert check_catalog(example) == []
    assert load_catalog(example, year=2025).year == 2025


@pytest.mark.parametrize("name", ["kinds.yaml", "targets.yaml"])
def test_the_test_catalogs_round_trip(name, tmp_path):
    catalog = load_catalog(DATA / name)
    loaded = load_catalog(write_catalog_workbook(tmp_path / "k.xlsx", catalog))
    assert loaded == catalog and loaded.fingerprint() == catalog.fingerprint()


def test_the_demo_catalog_with_its_budgets_round_trips(tmp_path):
    """The demo's catalog: targets laid over the built-in one, and budgets of several years,
    some with the quarters spent so far (SEKCAM_5 2025: three of four)."""
    catalog = demo_catalog()
    assert catalog.unit("SEKCAM").indicators[4].budget_for(2025).realised == [5.2e8, 6.1e8, 5.9e8]
    loaded = load_catalog(write_catalog_workbook(tmp_path / "demo.xlsx", catalog))
    assert loaded == catalog and loaded.fingerprint() == catalog.fingerprint()


def test_a_copy_saved_by_libreoffice_reads_the_same(
    builtin, example, tmp_path, require_libreoffice
):
    """A planner who edits the workbook in LibreOffice and saves it as .xlsx keeps every value
    and type: texts stay text, numbers numbers."""
    (saved,) = convert([example], tmp_path / "lo", tmp_path / "profile")
    assert load_catalog(saved) == builtin


def test_empty_cells_the_planner_may_leave(builtin, example, tmp_path):
    """Indicator ids left out are derived, a sasaran left empty is the one above, defaults
    shown empty."""
    second = row_of(example, "CAMAT_2")
    path = edited(
        example,
        tmp_path,
        {f"Indikator!A{row}": None for row in range(2, 31)} | {f"Indikator!C{second}": None},
    )
    assert load_catalog(path) == builtin


def test_the_model_s_own_words_are_read_too(builtin, example, tmp_path):
    """The dropdowns show Indonesian words; the YAML's words (ratio, flow) are read too,
    whatever their case."""
    row = row_of(example, "CAMAT_3")
    assert openpyxl.load_workbook(example)["Indikator"][f"F{row}"].value == "rasio"
    path = edited(example, tmp_path, {f"Indikator!F{row}": "Ratio", f"Indikator!G{row}": "FLOW"})
    assert load_catalog(path) == builtin


# Generated catalogs: the built-in and the test catalogs, varied field by field within what
# a valid catalog allows. Numbers are decimals as people type them (a workbook keeps 15
# significant digits, as Excel does).
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s)
OPTIONAL_TEXT = st.none() | TEXT
NIP = st.sampled_from(["", "19860206 200412 2 001", "196411101986031037"])
BASES = {
    "builtin": load_catalog(),
    "kinds": load_catalog(DATA / "kinds.yaml"),
    "targets": load_catalog(DATA / "targets.yaml"),
}


def decimals(low: float, high: float) -> st.SearchStrategy[float]:
    return st.integers(int(low * 100), int(high * 100)).map(lambda n: n / 100)


def target_values(indicator: Indicator) -> st.SearchStrategy[float]:
    """Targets ``catalog check`` lets through: a percentage in percent points, not above its
    scale where higher is better."""
    if indicator.kind is not Kind.RATIO:
        return decimals(0, 5000)
    return st.just(0.0) | decimals(2, indicator.scale)


@st.composite
def plans(draw, indicator: Indicator) -> dict[str, Any]:
    """Targets per year and to date, the Renstra's baseline and end, a standard."""
    values = target_values(indicator)
    years = draw(st.sets(st.integers(2000, 2100), max_size=3))
    targets = {year: draw(values) for year in years}
    rising = indicator.polarity is Polarity.HIGHER or (
        indicator.kind is not Kind.RATIO and indicator.aggregation is Aggregation.FLOW
    )
    quarters = {}
    for year in sorted(years)[: draw(st.integers(0, len(years)))]:
        annual = targets[year]
        steps = [draw(values) for _ in range(3)]
        steps = (
            sorted(min(s, annual) for s in steps)
            if rising
            else sorted((max(s, annual) for s in steps), reverse=True)
        )
        quarters[year] = [*steps, annual]
    return {
        "target": draw(st.none() | values),
        "targets": targets or None,
        "quarter_targets": quarters or None,
        "baseline": draw(
            st.none() | st.builds(Baseline, year=st.integers(2000, 2100), value=values)
        ),
        "end_target": draw(st.none() | values),
        "standard": draw(st.none() | st.builds(Standard, value=values, source=TEXT)),
    }


@st.composite
def budgets(draw) -> dict[int, float | Budget] | None:
    """Budgets per year in the forms a workbook writes back: an amount alone, or with what was
    spent each quarter up to the last one given (within the amount)."""
    found: dict[int, float | Budget] = {}
    for year in draw(st.sets(st.integers(2000, 2100), max_size=3)):
        amount = draw(st.integers(0, 10**12)) * 1.0
        spent = draw(st.lists(st.none() | st.integers(0, 10**9), max_size=4))
        while spent and spent[-1] is None:
            spent.pop()
        if spent and sum(s or 0 for s in spent) <= amount:
            found[year] = Budget(
                amount=amount, realised=[s if s is None else float(s) for s in spent]
            )
        else:
            found[year] = amount
    return found or None


@st.composite
def varied_indicator(draw, indicator: Indicator) -> Indicator:
    update: dict[str, Any] = {
        "name": draw(TEXT),
        "explanation": draw(OPTIONAL_TEXT),
        "responsible": draw(st.just("") | TEXT),
        "data_source": draw(st.just("") | TEXT),
        "whole_numbers": draw(st.sampled_from([None, True, False])),
        "budget": draw(budgets()),
        "program": draw(OPTIONAL_TEXT),
    }
    plain = not indicator.computed_inputs
    if (
        plain
        and indicator.kind is Kind.RATIO
        and indicator.aggregation is not Aggregation.CUMULATIVE
    ):
        scale = draw(st.sampled_from([100, 1000, 100000]))
        update["scale"] = scale
        if scale != 100:
            update["unit_of_measure"] = draw(TEXT)
    if plain:
        update["polarity"] = draw(st.sampled_from(Polarity))
    if indicator.aggregation is Aggregation.CUMULATIVE:
        update["amounts"] = draw(st.sampled_from(Amounts))
    if indicator.kind is Kind.VALUE:
        low, high = sorted(draw(st.lists(decimals(-50, 500), min_size=2, max_size=2)))
        update["valid_range"] = draw(st.sampled_from([None, (low, high)]))
    if indicator.ikm is IkmRole.SHARE:
        update["ikm_minimum"] = draw(decimals(50, 90))
    if indicator.checklist:
        item = st.builds(
            ChecklistItem,
            name=TEXT,
            quarter=st.integers(1, 4),
            due=st.none()
            | st.builds("{:02d}-{:02d}".format, st.integers(1, 12), st.integers(1, 28)),
        )
        update["checklist"] = draw(st.lists(item, min_size=1, max_size=4))
    if indicator.desa_documents:
        document = st.builds(DesaDocument, name=TEXT, due_quarter=st.integers(1, 4))
        update["desa_documents"] = draw(st.lists(document, min_size=1, max_size=3))
    varied = indicator.model_copy(update=update)
    return varied.model_copy(update=draw(plans(varied)))


@st.composite
def varied_catalogs(draw) -> Catalog:
    catalog = BASES[draw(st.sampled_from(sorted(BASES)))]
    units = []
    for unit in catalog.units:
        names = draw(
            st.lists(TEXT, min_size=len(unit.sasaran), max_size=len(unit.sasaran), unique=True)
        )
        sasaran = [
            s.model_copy(
                update={
                    "name": name,
                    "indicators": [
                        draw(varied_indicator(i)) if draw(st.booleans()) else i
                        for i in s.indicators
                    ],
                }
            )
            for s, name in zip(unit.sasaran, names, strict=True)
        ]
        signatory = Signatory(title=draw(TEXT), name=draw(TEXT), nip=draw(NIP))
        units.append(
            unit.model_copy(
                update={"sasaran": sasaran, "signatory": signatory, "heading": draw(TEXT)}
            )
        )
    mins = sorted(draw(st.sets(decimals(0, 120), min_size=1, max_size=4)), reverse=True)
    names = draw(
        st.lists(TEXT, min_size=len(mins) + 1, max_size=len(mins) + 1, unique_by=str.casefold)
    )
    bands = [Band(min=low, name=name) for low, name in zip([*mins, None], names, strict=True)]
    rules = Rules(
        lower_is_better=draw(st.sampled_from(LowerRule)),
        lower_zero_target=draw(st.sampled_from(ZeroTarget)),
        categories=draw(st.sampled_from([Rules().categories, bands])),
    )
    desa = draw(
        st.lists(
            st.builds(Desa, code=st.just("") | st.from_regex(r"\d{10}", fullmatch=True), name=TEXT),
            min_size=1,
            max_size=4,
        )
    )
    return catalog.model_copy(
        update={
            "title": draw(TEXT),
            "year": draw(st.integers(2000, 2100)),
            "government": Government(
                name=draw(TEXT), code=draw(st.just("") | TEXT), heading=draw(TEXT)
            ),
            "kecamatan": Kecamatan(name=draw(TEXT), code=draw(st.just("") | TEXT)),
            "signing": Signing(place=draw(TEXT), month=draw(TEXT)),
            "head": draw(st.none() | st.builds(Signatory, title=TEXT, name=TEXT, nip=NIP)),
            "rules": rules,
            "desa": desa if catalog.desa else draw(st.sampled_from([[], desa])),
            "ikm_services": draw(st.lists(TEXT, max_size=3)),
            "units": units,
        }
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalog=varied_catalogs())
def test_any_catalog_survives_a_workbook_round_trip(catalog, tmp_path_factory):
    assert semantic_problems(catalog) == []  # the generator makes valid catalogs
    path = write_catalog_workbook(tmp_path_factory.mktemp("rt") / "k.xlsx", catalog)
    loaded, problems = read_catalog_workbook(path)
    assert problems == []
    assert loaded == catalog and loaded.fingerprint() == catalog.fingerprint()


def test_texts_as_people_write_them_round_trip(builtin, tmp_path):
    """Texts that look like formulas, numbers or markup stay the texts they are (the gate
    once took a text ending in =' for an attribute hiding markup)."""
    texts = [
        "='",
        'x = "',
        "=SUM(A1:A2)",
        "0095",
        "1.234",
        "<b>",
        "a\nb",
        "  spasi",
        "LPPD {year-1}",
    ]
    catalog = builtin.model_copy(update={"ikm_services": texts, "title": "=1+1"})
    path = write_catalog_workbook(tmp_path / "k.xlsx", catalog)
    assert load_catalog(path) == catalog


def _models(model: type[BaseModel], prefix: str = "") -> set[str]:
    """The dotted paths of every field of a model, through its nested models."""
    paths = set()
    for name, info in model.model_fields.items():
        nested = [
            t
            for t in getattr(info.annotation, "__args__", (info.annotation,))
            if isinstance(t, type) and issubclass(t, BaseModel)
        ]
        if nested and name not in {
            "units",
            "sasaran",
            "indicators",
            "checklist",
            "desa_documents",
            "desa",
            "categories",
        }:
            paths |= _models(nested[0], f"{prefix}{name}.")
        else:
            paths.add(f"{prefix}{name}")
    return paths


def _fields(sheet: Sheet) -> set[str]:
    return {
        column.field.split(".")[0] if column.field[-1].isdigit() else column.field
        for column in sheet.columns
    }


def test_every_field_of_the_model_has_its_place():
    """A field the model gains must be given a column (or a sheet) here, or it would be lost
    in the workbook."""
    by_sheet = {sheet.name: _fields(sheet) for sheet in SHEETS}
    held = {
        Catalog: by_sheet["Kantor"] | {"units", "desa", "ikm_services", "rules.categories"},
        Unit: by_sheet["Unit"] | {"sasaran"},
        Indicator: by_sheet["Indikator"]
        | {"targets", "quarter_targets", "budget", "checklist", "desa_documents"},
        Budget: by_sheet["Anggaran"],
        ChecklistItem: by_sheet["Daftar Laporan"],
        DesaDocument: by_sheet["Dokumen Desa"],
        Desa: by_sheet["Desa"],
        Band: by_sheet["Kategori"],
    }
    for model, fields in held.items():
        assert _models(model) - fields == set(), model.__name__
    assert by_sheet["Indikator"] >= {"@unit", "@sasaran"}  # the unit's sasaran, by its rows


def test_an_empty_cell_stands_for_the_model_s_default():
    """The writer leaves a default empty, and the reader reads the empty cell as it."""
    models = {"Kantor": Catalog, "Unit": Unit, "Indikator": Indicator}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.empty is None or sheet.name not in models:
                continue
            model: Any = models[sheet.name]
            *parents, name = column.field.split(".")
            for parent in parents:
                annotation = model.model_fields[parent].annotation
                model = next(
                    t for t in getattr(annotation, "__args__", (annotation,)) if isinstance(t, type)
                )
            default = model.model_fields[name].default
            assert default == column.empty or (name == "nip" and column.empty == ""), column.field


# --- faults, each at its sheet and cell ------------------------------------------------------

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def address(path: Path, sheet_name: str, field: str, key: str | int | None) -> str:
    """The cell of ``field`` in the row of ``key`` (an id in the sheet's first column, or a
    row number); on the Kantor sheet, the row of the field."""
    sheet = SHEETS_BY_NAME[sheet_name]
    if sheet.vertical:
        return f"B{[c.field for c in sheet.columns].index(field) + 2}"
    if isinstance(key, str):
        key = int(cell_of(path, sheet_name, sheet.columns[0].header, key)[1:])
    return f"{sheet.letter(field)}{key}"


Edit = tuple[str, str, "str | int | None", Any]  # sheet, field, row key, value typed
# the first two columns past the Indikator sheet's last
BEYOND_INDIKATOR = get_column_letter(len(INDIKATOR.columns) + 1)
BEYOND_INDIKATOR_NEXT = get_column_letter(len(INDIKATOR.columns) + 2)
FAULTS: dict[str, tuple[list[Edit], tuple[str, str, Any, str, str]]] = {
    "a kind not in the list": (
        [("Indikator", "kind", "CAMAT_3", "persen")],
        (
            "Indikator",
            "kind",
            "CAMAT_3",
            "catalog-field",
            'Jenis: "persen" tidak dikenal; pilih salah satu: rasio, jumlah, nilai',
        ),
    ),
    "a percentage typed as text": (
        [("Indikator", "target", "TRANTIB_2", "95%")],
        (
            "Indikator",
            "target",
            "TRANTIB_2",
            "catalog-field",
            'Target setiap tahun: diketik sebagai teks "95%"; hapus isi sel, lalu ketik 95 (',
        ),
    ),
    "a decimal comma typed as text": (
        [("Indikator", "target", "TRANTIB_2", "97,5")],
        (
            "Indikator",
            "target",
            "TRANTIB_2",
            "catalog-field",
            "ketik 97,5 bila Excel berbahasa Indonesia, atau 97.5 bila berbahasa Inggris",
        ),
    ),
    "an error value": (
        [("Indikator", "target", "TRANTIB_2", "#N/A")],
        (
            "Indikator",
            "target",
            "TRANTIB_2",
            "catalog-field",
            "Target setiap tahun: berisi nilai galat #N/A; ketik isiannya",
        ),
    ),
    "a unit not on the Unit sheet": (
        [("Indikator", "@unit", "EKONOMI_1", "EKONOMl")],
        (
            "Indikator",
            "@unit",
            "EKONOMI_1",
            "catalog-reference",
            "unit 'EKONOMl' tidak ada di lembar Unit (ID unit: CAMAT, SEKCAM",
        ),
    ),
    "a required cell left empty": (
        [("Unit", "signatory.name", "KESRA", None)],
        ("Unit", "signatory.name", "KESRA", "catalog-field", "Nama penanda tangan: wajib diisi"),
    ),
    "a unit id twice": (
        [("Unit", "id", "KESRA", "EKONOMI")],
        (
            "Unit",
            "id",
            8,
            "catalog-duplicate-id",
            "ID unit EKONOMI sudah dipakai unit Kasi Ekonomi",
        ),
    ),
    "an indicator id twice": (
        [("Indikator", "id", "EKONOMI_2", "EKONOMI_1")],
        (
            "Indikator",
            "id",
            "EKONOMI_2",
            "catalog-duplicate-id",
            "ID indikator EKONOMI_1 sudah dipakai di baris 18",
        ),
    ),
    "an NIP Excel took for a number": (
        [("Unit", "signatory.nip", "EKONOMI", 198602062004122001)],
        (
            "Unit",
            "signatory.nip",
            "EKONOMI",
            "catalog-field",
            "NIP penanda tangan: terbaca sebagai angka 198602062004121...: Excel membulatkan",
        ),
    ),
    "a catalog id in capitals (pydantic)": (
        [("Kantor", "catalog_id", None, "CLS")],
        (
            "Kantor",
            "catalog_id",
            None,
            "catalog-field",
            'Kode katalog: "CLS" tidak dapat dipakai; yang boleh: huruf kecil, angka dan tanda',
        ),
    ),
    "a year out of range (pydantic)": (
        [("Kantor", "year", None, 1999)],
        ("Kantor", "year", None, "catalog-field", "Tahun: paling kecil 2000"),
    ),
    "half a head of office (pydantic)": (
        [("Kantor", "head.name", None, "NAMA LENGKAP")],
        ("Kantor", "head.title", None, "catalog-field", "Jabatan kepala kantor: wajib diisi"),
    ),
    "half a valid range (pydantic)": (
        [("Indikator", "valid_range.1", "CAMAT_1", None)],
        ("Indikator", "valid_range.1", "CAMAT_1", "catalog-field", "Nilai tertinggi: wajib diisi"),
    ),
    "an indicator id out of place (rules)": (
        [("Indikator", "id", "EKONOMI_2", "EKONOMI_9")],
        ("Indikator", "id", "EKONOMI_2", "catalog-indicator-id", "ID indikator: "),
    ),
    "a ratio without its numerator (rules)": (
        [("Indikator", "numerator", "EKONOMI_1", None)],
        (
            "Indikator",
            "numerator",
            "EKONOMI_1",
            "catalog-missing-label",
            "Pembilang: indikator ratio memerlukan label numerator",
        ),
    ),
    "a due date not in the year (rules)": (
        [("Daftar Laporan", "due", 3, "02-30")],
        (
            "Daftar Laporan",
            "due",
            3,
            "catalog-records",
            "Batas waktu: butir 2: tanggal 02-30 tidak ada",
        ),
    ),
    "categories not from the highest down (rules)": (
        [("Kategori", "min", 3, 95)],
        ("Kategori", "min", 3, "catalog-rules", "Batas bawah capaian: batas bawah 95 harus"),
    ),
    "a single category (pydantic)": (
        [("Kategori", field, row, None) for row in (3, 4, 5, 6) for field in ("min", "name")],
        (
            "Kategori",
            "min",
            2,
            "catalog-field",
            "kategori capaian paling sedikit dua, yang terakhir tanpa batas bawah",
        ),
    ),
    "a column not known": (
        [("Indikator", "@header", f"{BEYOND_INDIKATOR}1", "Catatan")],
        (
            "Indikator",
            "@header",
            f"{BEYOND_INDIKATOR}1",
            "catalog-workbook",
            "kolom 'Catatan' tidak dikenal",
        ),
    ),
    "a value in a column without header": (
        [("Indikator", "@header", f"{BEYOND_INDIKATOR_NEXT}5", "lupa")],
        (
            "Indikator",
            "@header",
            f"{BEYOND_INDIKATOR_NEXT}5",
            "catalog-workbook",
            "kolom tanpa judul",
        ),
    ),
}
TARGET_FAULTS: dict[str, tuple[list[Edit], tuple[str, str, Any, str, str]]] = {
    "targets to date not ending at the year's (rules)": (
        [("Target", "quarter.3", "SATU_1", 89)],
        (
            "Target",
            "quarter.3",
            "SATU_1",
            "catalog-target",
            "Target s.d. TW IV: target s.d. TW IV tahun 2024 (89) harus sama dengan target tahunan",
        ),
    ),
    "a target to date left out": (
        [("Target", "quarter.1", "SATU_1", None)],
        ("Target", "quarter.1", "SATU_1", "catalog-field", "isi keempatnya"),
    ),
    "a target of a year given twice": (
        [("Target", "@indicator", 30, "SATU_1"), ("Target", "@year", 30, 2024)],
        (
            "Target",
            "@year",
            30,
            "catalog-duplicate-key",
            "SATU_1 tahun 2024 sudah diisi di baris 2 lembar ini",
        ),
    ),
    "a target of an indicator not on the Indikator sheet": (
        [("Target", "@indicator", 30, "SATU_99"), ("Target", "@year", 30, 2024)],
        ("Target", "@indicator", 30, "catalog-reference", "indikator 'SATU_99' tidak ada"),
    ),
}


def _apply(source: Path, folder: Path, edits: list[Edit]) -> Path:
    cells = {}
    for sheet, field, key, value in edits:
        where = key if field == "@header" else address(source, sheet, field, key)
        cells[f"{sheet}!{where}"] = value
    return edited(source, folder, cells)


def _expected(source: Path, expected: tuple[str, str, Any, str, str]) -> tuple[str, str, str, str]:
    sheet, field, key, code, words = expected
    return sheet, key if field == "@header" else address(source, sheet, field, key), code, words


def _found(path: Path, sheet: str, cell: str, code: str, words: str) -> list:
    return [f for f in faults(path) if f[:3] == (sheet, cell, code) and words in f[3]]


@pytest.mark.parametrize("case", FAULTS)
def test_a_fault_names_its_sheet_and_cell(case, example, tmp_path):
    edits, expected = FAULTS[case]
    path = _apply(example, tmp_path, edits)
    assert _found(path, *_expected(example, expected)), faults(path)


@pytest.mark.parametrize("case", TARGET_FAULTS)
def test_a_target_fault_names_its_sheet_and_cell(case, targets_example, tmp_path):
    edits, expected = TARGET_FAULTS[case]
    path = _apply(targets_example, tmp_path, edits)
    assert _found(path, *_expected(targets_example, expected)), faults(path)


def test_spending_above_the_budget_is_named_at_its_quarters(tmp_path):
    demo = write_catalog_workbook(tmp_path / "demo.xlsx", demo_catalog())
    edits = [("Anggaran", "realised.3", "SEKCAM_5", 9e8)]  # 2022: 2.380 of 2.100 million
    (fault,) = faults(_apply(demo, tmp_path, edits))
    assert fault[:3] == (
        "Anggaran",
        address(demo, "Anggaran", "realised.0", "SEKCAM_5"),
        "catalog-budget",
    )
    assert fault[3].startswith("Realisasi TW I: realisasi anggaran tahun 2022 (Rp 2.380.000.000")


def test_one_fault_is_one_problem(example, tmp_path):
    path = _apply(example, tmp_path, [("Indikator", "kind", "CAMAT_3", "persen")])
    assert faults(path) == [
        (
            "Indikator",
            f"F{row_of(example, 'CAMAT_3')}",
            "catalog-field",
            'Jenis: "persen" tidak dikenal; pilih salah satu: rasio, jumlah, nilai',
        )
    ]


def test_the_empty_template_asks_for_the_office(tmp_path):
    """Plain `template`: nothing to load yet, and each cell to fill is named."""
    path = write_catalog_workbook(tmp_path / "kosong.xlsx")
    wanted = [c for c in KANTOR.columns if c.required]
    assert faults(path) == [
        *(
            (
                "Kantor",
                address(path, "Kantor", c.field, None),
                "catalog-field",
                f"{c.header}: wajib diisi",
            )
            for c in wanted
        ),
        ("Unit", "A2", "catalog-field", "belum ada unit: isi lembar Unit"),
    ]


def test_a_sheet_renamed_or_missing(example, tmp_path):
    book = openpyxl.load_workbook(example)
    book["Target"].title = "Targets"
    del book["Unit"]
    book.save(tmp_path / "k.xlsx")
    assert faults(tmp_path / "k.xlsx")[:2] == [
        (
            "Targets",
            None,
            "catalog-workbook",
            "lembar 'Targets' tidak dikenal; lembar katalog: Kantor, Unit, Indikator, Target, "
            "Anggaran, Kategori, Desa, Layanan IKM, Daftar Laporan, Dokumen Desa: perbaiki "
            "namanya atau hapus lembarnya",
        ),
        (
            "Unit",
            None,
            "catalog-workbook",
            "lembar 'Unit' tidak ada: katalog memerlukannya (unit kerja: satu baris per unit "
            "(Camat, Sekcam, Kasubbag, Kasi), satu lembar blanko)",
        ),
    ]


def test_a_required_column_missing(example, tmp_path):
    path = edited(example, tmp_path, {"Indikator!F1": None})
    assert faults(path)[0] == (
        "Indikator",
        "A1",
        "catalog-workbook",
        "kolom wajib 'Jenis' tidak ada di baris judul (baris 1)",
    )


@pytest.mark.parametrize(
    "content, code",
    [
        (zip_bomb(60), "zip-bomb"),
        (b"catalog_id: cls\nunits: []\n", "not-a-workbook"),
        (b"", "empty-file"),
    ],
    ids=["zip bomb", "yaml named .xlsx", "empty"],
)
def test_a_hostile_or_broken_file_is_refused_by_the_gate(content, code, tmp_path):
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(content)
    (problem,) = check_catalog(path)
    assert (problem.code, problem.sheet, problem.file) == (code, None, str(path))
    with pytest.raises(CatalogError):
        load_catalog(path)


def test_a_truncated_workbook_is_corrupt(example, tmp_path):
    path = tmp_path / "potong.xlsx"
    path.write_bytes(example.read_bytes()[: example.stat().st_size // 2])
    assert [p.code for p in check_catalog(path)] == ["corrupt"]


def test_an_opendocument_catalog_is_told_to_be_saved_as_xlsx(
    example, tmp_path, require_libreoffice
):
    (ods,) = convert([example], tmp_path, tmp_path / "profile", to="ods")
    (problem,) = check_catalog(ods)
    assert (
        problem.code == "catalog-workbook" and "simpan sebagai Buku Kerja Excel" in problem.message
    )


def test_a_missing_file_is_an_os_error_as_for_yaml(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_catalog(tmp_path / "tidak-ada.xlsx")


# --- the workbook as the planner sees it ------------------------------------------------------


def test_the_template_s_sheets_headers_dropdowns_and_prompts(tmp_path):
    path = write_catalog_workbook(tmp_path / "kosong.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEET_NAMES and book.active.title == PETUNJUK
    indikator = book["Indikator"]
    assert [c.value for c in indikator[1]][:6] == [
        "ID indikator",
        "ID unit *",
        "Sasaran *",
        "Indikator kinerja *",
        "Penjelasan",
        "Jenis *",
    ]
    assert indikator.freeze_panes == "E2" and indikator.column_dimensions["D"].width > 30
    rules = {str(v.sqref): v for v in indikator.data_validations.dataValidation}
    kind = rules[f"F2:F{LAST_ROW}"]
    assert (kind.type, kind.formula1, kind.showErrorMessage) == (
        "list",
        '"rasio,jumlah,nilai"',
        True,
    )
    assert kind.errorStyle is None  # stop: a word not in the list is refused as typed
    assert kind.promptTitle == "Jenis" and kind.prompt.startswith("rasio: pembilang / penyebut")
    unit = rules[f"B2:B{LAST_ROW}"]
    assert (unit.formula1, unit.errorStyle) == (f"Unit!$A$2:$A${LAST_ROW}", "warning")
    target = rules[f"L2:L{LAST_ROW}"]
    assert target.type == "decimal" and "tanpa tanda %" in target.error
    assert book["Unit"].column_dimensions["G"].number_format == "@"  # an NIP stays text
    kantor = book["Kantor"]
    assert [kantor.cell(row, 1).value for row in (2, 9)] == ["Kode katalog *", "Tahun *"]
    assert kantor["B3"].value == "INDIKATOR KINERJA UTAMA"  # defaults shown
    assert kantor["B15"].value == "(2T - R) / T x 100"
    assert [row[1].value for row in book["Kategori"].iter_rows(min_row=2)] == [
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    ]
    assert book["Unit"].max_row == 1 and book["Indikator"].max_row == 1  # no example rows


def test_the_example_workbook_shows_the_built_in_catalog(example):
    book = openpyxl.load_workbook(example)
    rows = list(book["Indikator"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 29 and rows[0][:6] == (
        "CAMAT_1",
        "CAMAT",
        "Meningkatnya Kualitas Pelayanan",
        "Indeks Kepuasan Masyarakat dalam Pelayanan",
        "Survey Tingkat Kepuasan Pelayanan",
        "nilai",
    )
    assert book["Unit"]["G2"].value == "19860206 200412 2 001"
    assert book["Desa"]["A2"].value == "6305052001" and book["Desa"]["A2"].data_type == "s"
    reports = list(book["Daftar Laporan"].iter_rows(min_row=2, values_only=True))
    assert len(reports) == 15 and reports[0][:3] == ("PERKEU_1", 1, "LPPD {year-1}")


def test_the_prompts_fit_excel_s_limits():
    for sheet in SHEETS:
        for column in sheet.columns:
            assert 0 < len(column.prompt) <= 255, (sheet.name, column.header)
            assert len(column.header) <= 40
    assert UNIT.letter("id") == "A" and INDIKATOR.letter("id") == "A"  # the dropdowns' ranges


def test_a_workbook_written_is_whole_or_not_at_all(builtin, tmp_path, monkeypatch):
    """A failure while writing leaves the old file (or none), never half a workbook."""
    target = tmp_path / "katalog.xlsx"
    target.write_bytes(b"the old file")

    def broken(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setattr("xlsxwriter.Workbook.close", broken)
    with pytest.raises(OSError):
        write_catalog_workbook(target, builtin)
    assert target.read_bytes() == b"the old file" and sorted(tmp_path.iterdir()) == [target]


def test_every_sheet_and_column_is_documented():
    """docs/catalog.md's "Writing the catalog in Excel" names every sheet and header."""
    text = (Path(__file__).parents[1] / "docs" / "catalog.md").read_text("utf-8")
    section = text.split("## Writing the catalog in Excel")[1].split("\n## ")[0]
    headers = {sheet.name for sheet in SHEETS} | {  # "Target s.d. TW I, II, III, IV"
        re.sub(r" TW [IV]+$", " TW", column.header) for sheet in SHEETS for column in sheet.columns
    }
    assert {h for h in headers if h not in section} == set()
