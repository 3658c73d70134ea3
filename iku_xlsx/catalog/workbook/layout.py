"""The catalog workbook's layout as data: one table of columns per sheet.

Each column names its header (Bahasa Indonesia, as the planner reads it), the model field it
holds (a dotted path below the row's object: ``signatory.nip``, ``valid_range.0``; ``@...``
for what places a row rather than a field: its unit, sasaran, indicator or year), its kind of
cell, width and prompt. The writer and the reader both walk these tables, so a column added
here is written, read and documented at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iku_xlsx.catalog.model import (
    YEARS,
    Aggregation,
    Amounts,
    IkmRole,
    Kind,
    LowerRule,
    Polarity,
    ZeroTarget,
)
from iku_xlsx.catalog.validation import ROMAN
from iku_xlsx.catalog.workbook.cells import (
    CellKind,
    Choice,
    IdList,
    MonthDay,
    Number,
    Option,
    Reference,
    Text,
    Whole,
)
from iku_xlsx.numbers import MONTHS

LAST_ROW = 1001  # dropdowns and prompts reach row 1001: a thousand rows to fill


@dataclass(frozen=True)
class Column:
    """One column of a sheet (one row of the Kantor sheet)."""

    header: str
    field: str
    kind: CellKind
    width: float = 16
    prompt: str = ""
    required: bool = False
    empty: Any = None  # what an empty cell stands for (None: the field is left out)
    carried: bool = False  # an empty cell takes the value of the row above

    @property
    def title(self) -> str:
        """The header as written: a required one marked with *."""
        return f"{self.header} *" if self.required else self.header


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, what it holds (for the Petunjuk sheet) and its columns."""

    name: str
    purpose: str
    columns: tuple[Column, ...]
    required: bool = False  # a workbook without it is refused; others may be left out
    vertical: bool = False  # one field per row (the Kantor sheet): label, value, explanation
    frozen_columns: int = 0

    def column(self, field: str) -> Column:
        return next(column for column in self.columns if column.field == field)

    def letter(self, field: str) -> str:
        """The column letter of ``field`` (a horizontal sheet's)."""
        index = [column.field for column in self.columns].index(field)
        return chr(ord("A") + index)


QUARTER = Choice(  # 1 to 4, or as the planner may write it: III, TW III
    tuple(Option(q, str(q), (roman, f"tw {roman}")) for q, roman in enumerate(ROMAN, start=1))
)
YEAR = Whole(*YEARS)
TEXT = Text()
NUMBER = Number()


def _choice(*options: tuple[Any, str] | tuple[Any, str, tuple[str, ...]]) -> Choice:
    return Choice(tuple(Option(*option) for option in options))


# --- Kantor: the office, one field per row -------------------------------------------------

KANTOR = Sheet(
    "Kantor",
    "kantor: pemerintah daerah, kecamatan, tahun, penandatanganan, kepala kantor, aturan capaian",
    (
        Column(
            "Kode katalog",
            "catalog_id",
            TEXT,
            prompt="Huruf kecil, angka dan tanda -, mis. cls: kata pertama setiap nama berkas "
            "(cls-2025-EKONOMI.xlsx).",
            required=True,
        ),
        Column(
            "Judul",
            "title",
            TEXT,
            prompt="Baris kedua kop setiap lembar. Kosong: INDIKATOR KINERJA UTAMA.",
        ),
        Column(
            "Pemerintah daerah",
            "government.name",
            TEXT,
            prompt="Mis. Kabupaten Tapin.",
            required=True,
        ),
        Column(
            "Kode pemerintah daerah",
            "government.code",
            TEXT,
            prompt="Kode Kemendagri, mis. 63.05 (kolom ini berformat Teks).",
            empty="",
        ),
        Column(
            "Kop baris pertama",
            "government.heading",
            TEXT,
            prompt="Baris pertama kop, mis. PEMERINTAH KABUPATEN TAPIN.",
            required=True,
        ),
        Column(
            "Kecamatan", "kecamatan.name", TEXT, prompt="Mis. Candi Laras Selatan.", required=True
        ),
        Column(
            "Kode kecamatan",
            "kecamatan.code",
            TEXT,
            prompt="Kode Kemendagri, mis. 63.05.05.",
            empty="",
        ),
        Column(
            "Tahun",
            "year",
            YEAR,
            prompt="Tahun pelaporan, mis. 2025 (blanko dapat dibuat untuk tahun lain).",
            required=True,
        ),
        Column(
            "Tempat penandatanganan",
            "signing.place",
            TEXT,
            prompt="Tempat pada baris tanda tangan lembar unit, mis. Baringin.",
            required=True,
        ),
        Column(
            "Bulan penandatanganan",
            "signing.month",
            Text(MONTHS),
            prompt="Bulan pada baris tanda tangan lembar unit, mis. Februari.",
            required=True,
        ),
        Column(
            "Jabatan kepala kantor",
            "head.title",
            TEXT,
            prompt="Yang menandatangani rekap, mis. Plt. Camat Tapin Selatan. Kosongkan ketiga "
            "isian kepala kantor bila yang menandatangani adalah penanda tangan unit CAMAT.",
        ),
        Column("Nama kepala kantor", "head.name", TEXT, prompt="Nama lengkap dengan gelar."),
        Column(
            "NIP kepala kantor",
            "head.nip",
            TEXT,
            prompt="18 digit, boleh berspasi: 19860206 200412 2 001 (kolom ini berformat Teks).",
            empty="",
        ),
        Column(
            "Capaian bila makin rendah makin baik",
            "rules.lower_is_better",
            _choice(
                (LowerRule.TWICE_TARGET, "(2T - R) / T x 100", ("2t-r",)),
                (LowerRule.TARGET_OVER, "T / R x 100", ("t/r",)),
            ),
            prompt="Rumus capaian indikator yang makin rendah makin baik (T target, R realisasi): "
            "(2T - R) / T x 100, paling kecil 0 (bawaan), atau T / R x 100.",
        ),
        Column(
            "Capaian bila target 0",
            "rules.lower_zero_target",
            _choice(
                (ZeroTarget.NOT_COMPUTABLE, "tidak dapat dihitung"),
                (ZeroTarget.FULL_IF_ZERO, "100 bila realisasi 0"),
            ),
            prompt="Indikator makin rendah makin baik dengan target 0: capaian tidak dapat "
            "dihitung (bawaan), atau 100 bila realisasinya 0 dan 0 bila tidak.",
        ),
    ),
    required=True,
    vertical=True,
)

# --- Unit: one row per unit ---------------------------------------------------------------

UNIT = Sheet(
    "Unit",
    "unit kerja: satu baris per unit (Camat, Sekcam, Kasubbag, Kasi), satu lembar blanko",
    (
        Column(
            "ID unit",
            "id",
            TEXT,
            14,
            "Huruf besar dan angka, diawali huruf, mis. EKONOMI: dipakai di nama berkas dan "
            "dipilih di lembar Indikator.",
            required=True,
        ),
        Column("Nama unit", "name", TEXT, 24, "Mis. Kasi Ekonomi; juga nama lembarnya.", True),
        Column(
            "Kop unit",
            "heading",
            TEXT,
            40,
            "Baris unit pada kop lembar, mis. KASI EKONOMI KECAMATAN TAPIN SELATAN.",
            True,
        ),
        Column(
            "Nama lembar",
            "sheet_name",
            TEXT,
            18,
            "Hanya bila nama unit tidak dapat menjadi nama lembar: lebih dari 31 huruf, atau "
            "memuat [ ] : * ? / \\.",
        ),
        Column(
            "Jabatan penanda tangan",
            "signatory.title",
            TEXT,
            28,
            "Jabatan seperti ditandatangani, mis. Plt. Kasi Trantib.",
            True,
        ),
        Column(
            "Nama penanda tangan", "signatory.name", TEXT, 30, "Nama lengkap dengan gelar.", True
        ),
        Column(
            "NIP penanda tangan",
            "signatory.nip",
            TEXT,
            24,
            "18 digit, boleh berspasi: 19860206 200412 2 001 (kolom ini berformat Teks). "
            "Kosong bila tidak ada.",
            empty="",
        ),
    ),
    required=True,
    frozen_columns=1,
)

# --- Indikator: one row per indicator, in the order of the signed document ----------------

INDICATOR_ID = Column(
    "ID indikator",
    "id",
    TEXT,
    16,
    "Boleh kosong: diisi otomatis <ID unit>_<urutan dalam unit>, mis. EKONOMI_2.",
)
INDIKATOR_NAME = "Indikator"
INDIKATOR = Sheet(
    INDIKATOR_NAME,
    "indikator: satu baris per indikator, urut seperti dokumen IKU yang ditandatangani",
    (
        INDICATOR_ID,
        Column(
            "ID unit",
            "@unit",
            Reference(UNIT.name, UNIT.letter("id"), LAST_ROW),
            15,
            "Pilih unit dari daftar (lembar Unit).",
            True,
        ),
        Column(
            "Sasaran",
            "@sasaran",
            TEXT,
            26,
            "Sasaran (kinerja utama) seperti ditandatangani. Baris berurutan satu unit dengan "
            "sasaran yang sama menjadi satu sasaran; kosong: sama dengan baris di atasnya.",
            True,
            carried=True,
        ),
        Column(
            "Indikator kinerja", "name", TEXT, 40, "Nama indikator seperti ditandatangani.", True
        ),
        Column(
            "Penjelasan",
            "explanation",
            TEXT,
            30,
            "Penjelasan / formulasi seperti ditandatangani. Indikator rasio boleh kosong: "
            "ditulis 'pembilang / penyebut x 100%'.",
        ),
        Column(
            "Jenis",
            "kind",
            _choice(
                (Kind.RATIO, "rasio"),
                (Kind.COUNT, "jumlah"),
                (Kind.VALUE, "nilai"),
            ),
            10,
            "rasio: pembilang / penyebut x 100 (persen); jumlah: hitungan (laporan, dokumen); "
            "nilai: angka yang diketik langsung (mis. skor IKM).",
            True,
        ),
        Column(
            "Agregasi",
            "aggregation",
            _choice(
                (Aggregation.FLOW, "dijumlahkan"),
                (Aggregation.STOCK, "posisi terakhir"),
                (Aggregation.CUMULATIVE, "kumulatif"),
            ),
            15,
            "Dari triwulan ke tahun. dijumlahkan: peristiwa setiap triwulan; posisi terakhir: "
            "keadaan (triwulan terakhir); kumulatif: penyerapan anggaran (rasio saja). Kosong: "
            "posisi terakhir untuk nilai, dijumlahkan untuk lainnya.",
        ),
        Column(
            "Polaritas",
            "polarity",
            _choice(
                (Polarity.HIGHER, "makin tinggi makin baik", ("tinggi",)),
                (Polarity.LOWER, "makin rendah makin baik", ("rendah",)),
            ),
            22,
            "Kosong: makin tinggi makin baik.",
            empty=Polarity.HIGHER,
        ),
        Column(
            "Satuan",
            "unit_of_measure",
            TEXT,
            12,
            "Wajib untuk jumlah dan nilai (mis. laporan, indeks); rasio: kosong berarti %.",
        ),
        Column("Pembilang", "numerator", TEXT, 30, "Label pembilang; wajib untuk rasio."),
        Column("Penyebut", "denominator", TEXT, 30, "Label penyebut; wajib untuk rasio saja."),
        Column(
            "Target setiap tahun",
            "target",
            NUMBER,
            12,
            "Target tahunan yang sama setiap tahun; target per tahun di lembar Target. Persen "
            "dalam poin persen: 95, bukan 0,95. Kosong: diketik unit di blanko.",
        ),
        Column("Penanggung jawab", "responsible", TEXT, 20, "Boleh kosong.", empty=""),
        Column("Sumber data", "data_source", TEXT, 20, "Boleh kosong.", empty=""),
        Column(
            "Nilai terendah",
            "valid_range.0",
            NUMBER,
            10,
            "Indikator nilai saja: nilai terendah yang boleh diketik (mis. 25 untuk IKM); isi "
            "bersama nilai tertinggi.",
        ),
        Column(
            "Nilai tertinggi",
            "valid_range.1",
            NUMBER,
            10,
            "Indikator nilai saja: nilai tertinggi yang boleh diketik (mis. 100 untuk IKM).",
        ),
        Column(
            "Bilangan bulat",
            "whole_numbers",
            _choice((True, "ya", ("true",)), (False, "tidak", ("false",))),
            10,
            "Isian harus bilangan bulat? Kosong: ya untuk rasio dan jumlah, tidak untuk nilai.",
        ),
        Column(
            "Isian anggaran",
            "amounts",
            _choice(
                (Amounts.QUARTER, "per triwulan"),
                (Amounts.TO_DATE, "s.d. triwulan", ("sd triwulan",)),
            ),
            14,
            "Rasio kumulatif saja: realisasi diketik per triwulan (kosong) atau s.d. triwulan, "
            "seperti laporan keuangan.",
            empty=Amounts.QUARTER,
        ),
        Column(
            "Skala",
            "scale",
            _choice((100, "100"), (1000, "1000"), (10000, "10000"), (100000, "100000")),
            9,
            "Rasio: pembilang / penyebut x skala. Kosong: 100 (persen); 1000 dst. untuk per "
            "1.000 penduduk (isi satuannya).",
            empty=100,
        ),
        Column(
            "Tahun baseline",
            "baseline.year",
            YEAR,
            10,
            "Renstra: tahun kondisi awal; isi bersama nilai baseline.",
        ),
        Column("Nilai baseline", "baseline.value", NUMBER, 10, "Renstra: kondisi awal."),
        Column(
            "Target akhir Renstra",
            "end_target",
            NUMBER,
            12,
            "Renstra: kondisi kinerja pada akhir periode.",
        ),
        Column(
            "Standar",
            "standard.value",
            NUMBER,
            10,
            "Standar nasional atau provinsi (mis. SPM) pembanding realisasi di LKjIP, bila ada; "
            "isi bersama sumbernya.",
        ),
        Column(
            "Sumber standar",
            "standard.source",
            TEXT,
            16,
            "Nama standarnya, mis. SPM, Standar nasional, Target RPJMD Provinsi.",
        ),
        Column(
            "Program",
            "program",
            TEXT,
            30,
            "Program Perjanjian Kinerja yang mendukung indikator (dan dibiayai anggarannya): "
            "tabel efisiensi LKjIP. Boleh kosong.",
        ),
        Column(
            "Jumlah dari indikator",
            "derived_from",
            IdList(),
            24,
            "Indikator berjenjang: ID indikator sejenis yang pembilang dan penyebutnya "
            "dijumlahkan, dipisah koma, mis. TRANTIB_1, EKONOMI_3.",
        ),
        Column(
            "Desa lengkap dari",
            "desa_complete",
            Reference(INDIKATOR_NAME, "A", LAST_ROW),  # the sheet's own first column: its ids
            16,
            "Rasio desa yang dokumennya lengkap: ID indikator yang mencatat Dokumen Desa.",
        ),
        Column(
            "IKM",
            "ikm",
            _choice((IkmRole.INDEX, "indeks"), (IkmRole.SHARE, "persentase layanan")),
            16,
            "Dari lembar Survei IKM: indeks (nilai IKM gabungan; jenis nilai) atau persentase "
            "layanan dengan IKM minimal (jenis rasio).",
        ),
        Column(
            "IKM minimal",
            "ikm_minimum",
            NUMBER,
            10,
            "Untuk persentase layanan: IKM minimal sebuah layanan. Kosong: 75.",
            empty=75,
        ),
    ),
    required=True,
    frozen_columns=4,
)
INDICATOR_OF_ROW = Column(  # the indicator a row of the Target and records sheets belongs to
    "ID indikator",
    "@indicator",
    Reference(INDIKATOR.name, INDIKATOR.letter("id"), LAST_ROW),
    16,
    "Pilih ID indikator dari daftar (lembar Indikator).",
    True,
)

# --- the other tables ---------------------------------------------------------------------

TARGET = Sheet(
    "Target",
    "target per tahun (Perjanjian Kinerja) dan target s.d. triwulan (Rencana Aksi)",
    (
        INDICATOR_OF_ROW,
        Column("Tahun", "@year", YEAR, 8, "Tahun target, mis. 2025.", True),
        Column(
            "Target tahunan",
            "target",
            NUMBER,
            12,
            "Target Perjanjian Kinerja tahun itu. Persen dalam poin persen: 95, bukan 0,95.",
        ),
        *(
            Column(
                f"Target s.d. TW {roman}",
                f"quarter.{q}",
                NUMBER,
                12,
                "Rencana Aksi: target s.d. triwulan, keempatnya atau tidak sama sekali; s.d. "
                "TW IV sama dengan target tahunan.",
            )
            for q, roman in enumerate(ROMAN)
        ),
    ),
    frozen_columns=2,
)

ANGGARAN = Sheet(
    "Anggaran",
    "anggaran per indikator dan tahun: pagu dan belanja setiap triwulan (Evaluasi Renja)",
    (
        INDICATOR_OF_ROW,
        Column("Tahun", "@year", YEAR, 8, "Tahun anggaran, mis. 2025.", True),
        Column(
            "Pagu",
            "amount",
            NUMBER,
            16,
            "Pagu anggaran tahun itu, dalam rupiah, tanpa titik ribuan.",
            True,
        ),
        *(
            Column(
                f"Realisasi TW {roman}",
                f"realised.{q}",
                NUMBER,
                14,
                "Belanja triwulan itu saja (bukan s.d. triwulan), dalam rupiah; kosong bila "
                "belum dilaporkan.",
            )
            for q, roman in enumerate(ROMAN)
        ),
    ),
    frozen_columns=2,
)

KATEGORI = Sheet(
    "Kategori",
    "kategori capaian, dari yang tertinggi (bawaan: Permendagri 86/2017)",
    (
        Column(
            "Batas bawah capaian",
            "min",
            NUMBER,
            14,
            "Capaian terendah kategori ini; kosong untuk kategori terakhir (terendah).",
        ),
        Column("Nama kategori", "name", TEXT, 22, "Mis. Sangat Tinggi.", True),
    ),
)

DESA = Sheet(
    "Desa",
    "desa di kecamatan (untuk Dokumen Desa)",
    (
        Column(
            "Kode desa", "code", TEXT, 14, "Kode Kemendagri (kolom ini berformat Teks).", empty=""
        ),
        Column("Nama desa", "name", TEXT, 28, "Nama desa.", True),
    ),
)

LAYANAN = Sheet(
    "Layanan IKM",
    "jenis layanan pada lembar Survei IKM",
    (Column("Jenis layanan", "@service", TEXT, 40, "Satu layanan per baris.", True),),
)

LAPORAN = Sheet(
    "Daftar Laporan",
    "laporan yang dihitung indikator rasio 'tepat waktu' (checklist)",
    (
        INDICATOR_OF_ROW,
        Column(
            "Triwulan", "quarter", QUARTER, 9, "Triwulan laporan ini tercantum (1 s.d. 4).", True
        ),
        Column(
            "Nama laporan",
            "name",
            TEXT,
            36,
            "Mis. LPPD {year-1}: {year}, {year-1}, {year+1} mengikuti tahun blanko.",
            True,
        ),
        Column(
            "Batas waktu",
            "due",
            MonthDay(),
            12,
            "Bulan-tanggal, mis. 02-28 untuk 28 Februari. Kosong: hari terakhir triwulannya.",
        ),
    ),
    frozen_columns=1,
)

DOKUMEN = Sheet(
    "Dokumen Desa",
    "dokumen yang dicatat per desa (indikator jumlah per desa)",
    (
        INDICATOR_OF_ROW,
        Column("Nama dokumen", "name", TEXT, 36, "Mis. Dokumen RKPDesa.", True),
        Column(
            "Lengkap s.d. triwulan",
            "due_quarter",
            QUARTER,
            12,
            "Akhir triwulan ke berapa setiap desa seharusnya sudah menyerahkannya (1 s.d. 4).",
            True,
        ),
    ),
    frozen_columns=1,
)

# In the workbook's order; the Petunjuk sheet comes first and is not read.
SHEETS = (KANTOR, UNIT, INDIKATOR, TARGET, ANGGARAN, KATEGORI, DESA, LAYANAN, LAPORAN, DOKUMEN)
PETUNJUK = "Petunjuk"
