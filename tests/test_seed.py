"""The built-in catalog, and the workbooks written from it, carry the signed seed word for word."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from iku_xlsx import write_workbook
from iku_xlsx.contract.layout import sheet_layout

from .conftest import UNIT_IDS
from .seed import SEED_FILE, parse_seed

SEED = parse_seed()


def test_seed_copy_is_the_signed_file():
    shared = sorted((Path(__file__).resolve().parents[2] / "shared" / "seed").glob("*.txt"))
    if not shared:
        pytest.skip("the shared seed folder is not beside this checkout")
    assert [path.read_bytes() for path in shared] == [SEED_FILE.read_bytes()]


def test_seed_shape():
    assert len(SEED) == 9
    assert sum(len(unit.indicators) for unit in SEED) == 29
    assert len({(u.heading, i.sasaran_no) for u in SEED for i in u.indicators}) == 14


def test_builtin_catalog_ids(builtin):
    assert [unit.id for unit in builtin.units] == UNIT_IDS
    expected = [
        f"{unit_id}_{n}"
        for unit_id, unit in zip(UNIT_IDS, SEED, strict=True)
        for n in range(1, len(unit.indicators) + 1)
    ]
    assert [indicator.id for indicator in builtin.indicators] == expected


@pytest.mark.parametrize("position", range(9))
def test_builtin_catalog_equals_seed(builtin, position):
    signed, unit = SEED[position], builtin.units[position]
    assert unit.heading == signed.heading
    assert f"{builtin.signing.place}, {builtin.signing.month} {builtin.year}" == signed.place_date
    assert unit.signatory.title == signed.signatory_title
    assert unit.signatory.name == signed.signatory_name
    assert unit.signatory.nip == signed.nip
    assert isinstance(unit.signatory.nip, str)
    sasaran_of = {i.id: (n, s.name) for n, s in enumerate(unit.sasaran, 1) for i in s.indicators}
    assert len(unit.indicators) == len(signed.indicators)
    for indicator, seed in zip(unit.indicators, signed.indicators, strict=True):
        assert sasaran_of[indicator.id] == (int(seed.sasaran_no), seed.sasaran)
        assert indicator.name == seed.name
        assert indicator.responsible == seed.responsible
        assert indicator.data_source == seed.data_source
        if seed.numerator is not None:
            assert indicator.kind.value == "ratio"
            assert (indicator.numerator, indicator.denominator) == (
                seed.numerator,
                seed.denominator,
            )
            assert indicator.penjelasan == f"{seed.numerator} / {seed.denominator} x 100%"
        else:
            assert indicator.explanation == seed.explanation


def test_builtin_quirks_survive(builtin):
    kesra_1 = builtin.unit("KESRA").indicators[0]
    assert (kesra_1.responsible, kesra_1.data_source) == ("", "")
    assert builtin.unit("TRANTIB").signatory.title.startswith("Plt. ")
    assert "Laporan Relisasi TW. IV" in builtin.unit("PERKEU").indicators[0].name
    counts = {i.id: i.target for i in builtin.indicators if i.kind.value == "count"}
    assert counts == {"TRANTIB_2": 1, "PEMERINTAHAN_1": 72, "PEMERINTAHAN_2": 48}
    assert [d.code for d in builtin.desa] == [f"63050520{k:02d}" for k in range(1, 13)]


@pytest.fixture(scope="module")
def seed_workbook(builtin, tmp_path_factory):
    """The combined workbook for the seed's own year, as a reader sees it."""
    path = write_workbook(tmp_path_factory.mktemp("seed") / "cls-2020.xlsx", builtin)
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize("position", range(9))
def test_workbook_carries_seed_word_for_word(builtin, seed_workbook, position):
    signed, unit = SEED[position], builtin.units[position]
    sheet = seed_workbook[unit.sheet]
    texts = [
        str(row[0]) for row in sheet.iter_rows(min_row=1, max_row=4, max_col=1, values_only=True)
    ]
    assert texts[:3] == ["PEMERINTAH KABUPATEN TAPIN", "INDIKATOR KINERJA UTAMA", signed.heading]
    header = [sheet.cell(9, col).value for col in range(1, 7)]
    assert header == [
        "NO",
        "KINERJA UTAMA / TUJUAN / SASARAN",
        "INDIKATOR KINERJA UTAMA",
        "PENJELASAN (ALASAN MEMILIH INDIKATOR DAN CARA PENGHITUNGAN)",
        "PENANGGUNG JAWAB",
        "SUMBER DATA",
    ]
    merged = {str(rng): rng for rng in sheet.merged_cells.ranges}
    layout = sheet_layout(unit)
    previous_no = None
    for block, seed in zip(layout.indicators, signed.indicators, strict=True):
        row = block.first_row + 1
        cells = [sheet.cell(row, col).value for col in range(1, 7)]
        if seed.sasaran_no != previous_no:  # NO and sasaran stand on the sasaran's first row
            assert cells[:2] == [int(seed.sasaran_no), seed.sasaran]
            previous_no = seed.sasaran_no
        penjelasan = (
            f"{seed.numerator} / {seed.denominator} x 100%" if seed.numerator else seed.explanation
        )
        assert cells[2:] == [
            seed.name,
            penjelasan,
            seed.responsible or None,
            seed.data_source or None,
        ]
        assert f"C{row}:C{block.last_row + 1}" in merged  # the indicator spans its rows
    signature = [sheet.cell(layout.signature_row + 1 + k, 14).value for k in range(7)]
    assert signature[0] == signed.place_date
    assert signature[1] == signed.signatory_title
    assert signature[5] == signed.signatory_name
    assert signature[6] == f"NIP. {signed.nip}"
