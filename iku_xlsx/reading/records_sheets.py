"""TypedNumber and checking the records sheets: checklists, desa records and the IKM survey.

Each records sheet is read into its :mod:`iku_xlsx.records` model (the inputs as the unit head
meant them), with every problem located at its cell: a date that is not a date or falls
outside the year, a due date or a desa name edited on an unprotected sheet, score sums that
respondents could not give. The computed cells (status, lengkap, IKM, mutu) are compared with
the model's own computation, never used.
"""

from __future__ import annotations

import datetime as dt

from iku_xlsx.catalog import Catalog
from iku_xlsx.checking.checks import (
    Cell,
    CellChecker,
    ErrorValue,
    TypedNumber,
    cell_text,
    check_cached,
    format_number,
)
from iku_xlsx.compute.records import ChecklistRecords, DesaRecords, Records, ServiceRow, Survey
from iku_xlsx.contract import names
from iku_xlsx.contract.records_layout import (
    ChecklistLayout,
    DesaLayout,
    RecordsLayout,
    SurveyLayout,
)
from iku_xlsx.problems import Code, Severity
from iku_xlsx.reading.cells import NamedCells
from iku_xlsx.reading.defined_names import Located, Names, follow_names
from iku_xlsx.rules import IKM_UNSUR, SCORE_MAX, SCORE_MIN


def records_positions(layout: RecordsLayout, sheet: str, defined: Names) -> Located:
    """A records sheet's cells by defined name, following names that moved (see
    :func:`follow_names`)."""
    return follow_names(layout.names(), sheet, defined)


def read_records(
    checker: CellChecker, cells: NamedCells, layout: RecordsLayout, catalog: Catalog, year: int
) -> tuple[Records, dict[str, object]]:
    """The records of one sheet, and its inputs as meant by defined name (for the rekap)."""
    values: dict[str, object] = {}
    if isinstance(layout, SurveyLayout):
        records: Records = _read_survey(checker, cells, layout, values)
    else:
        last = _quarter(checker, cells, layout.quarter_name, values)
        if isinstance(layout, ChecklistLayout):
            records = _read_checklist(checker, cells, layout, year, last, values)
        else:
            records = _read_desa(checker, cells, layout, catalog, year, last, values)
    _check_quarter_given(checker, cells, layout, values)
    for name, expected in records.computed().items():
        if name.endswith("_DUE"):
            continue
        cached = cells.value_of(name)
        if cached is not None and cached != expected:  # else nothing to say: spare the label
            check_cached(checker, cells[name], expected, _computed_label(name))
    return records, values


# Inputs of a records sheet that no count takes: a service's name (the catalog's come
# printed) and population, a report's note.
NOT_COUNTED = ("_NAMA", "_POPULASI", "_NOTE")


def _check_quarter_given(
    checker: CellChecker, cells: NamedCells, layout: RecordsLayout, values: dict[str, object]
) -> None:
    """Records typed (dates, score sums) while the quarter cell is empty: nothing is counted
    until it is filled, so the cell is named with what to type (a warning: the rest of the
    file stands). Not guessed from the dates: a date typed early says nothing of the quarter
    the unit reports up to."""
    quarter = layout.quarter_name
    if quarter in values or cells.value_of(quarter) is not None:
        return  # given (or wrong, and said so)
    counted = [name for name in values if name != quarter and not name.endswith(NOT_COUNTED)]
    if not counted:
        return  # nothing typed that the counts take
    if isinstance(layout, SurveyLayout):
        typed, ask = "jumlah nilai survei sudah diisi", "triwulan survei dilaksanakan"
    else:
        typed, ask = "tanggal sudah diisi", "triwulan terakhir yang dilaporkan"
    checker.add(
        cells[quarter],
        Code.RECORDS_QUARTER_MISSING,
        f"{typed}, tetapi sel triwulan ini kosong: ketik {ask} (1 sampai 4). Sampai diisi, "
        "isian lembar ini tidak dihitung ke indikatornya.",
    )


def _computed_label(name: str) -> str:
    return name.replace("_", " ")


def _quarter(
    checker: CellChecker, cells: NamedCells, name: str, values: dict[str, object]
) -> int | None:
    """A quarter input (1 to 4), or None when empty or wrong (reported)."""
    cell = cells[name]
    reading = checker.number(cell, "triwulan")
    if reading.meant is None:
        return None
    if reading.meant not in (1, 2, 3, 4):
        checker.add(
            cell,
            Code.BAD_QUARTER,
            f"triwulan berisi {format_number(reading.meant)}; seharusnya 1, 2, 3 atau 4.",
        )
        return None
    if reading.seen is None:  # typed as text: the formulas do not see it
        return None
    values[name] = int(reading.meant)
    return int(reading.meant)


def _date(checker: CellChecker, cell: Cell, label: str, year: int) -> dt.date | dt.datetime | None:
    """A date input: empty, or a date within the year (a late one after it is a warning)."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, dt.date) and value.year == year:  # the usual cell
        return value
    if isinstance(value, ErrorValue) or not isinstance(value, (dt.date, dt.datetime)):
        if isinstance(value, str):
            shown = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            shown = format_number(value)
        else:  # a time of day, a logical value
            shown = str(value)
        checker.add(
            cell,
            Code.NOT_A_DATE,
            f'{label} berisi "{shown}"; seharusnya tanggal (contoh 15/03/{year}), diketik '
            "sebagai tanggal, bukan teks. Rumus lembar ini tidak menghitungnya.",
        )
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    if day.year < year:  # kept as the sheet's formulas see it; the error stops the rekap
        checker.add(
            cell,
            Code.DATE_OUTSIDE_YEAR,
            f"{label} bertanggal {day:%d/%m/%Y}, sebelum tahun {year}; periksa tahunnya.",
        )
    elif day.year > year:
        checker.add(
            cell,
            Code.DATE_OUTSIDE_YEAR,
            f"{label} bertanggal {day:%d/%m/%Y}, sesudah tahun {year}: dihitung terlambat "
            "dan tidak masuk triwulan mana pun; periksa tahunnya.",
            Severity.WARNING,
        )
    return value


def _locked(checker: CellChecker, cell: Cell, expected: object, label: str) -> None:
    """A locked cell (a due date, a desa name) edited after the protection was removed."""
    found = cell.value
    if isinstance(found, dt.datetime) and isinstance(expected, dt.date):
        found = found.date()
    if isinstance(found, float) and found.is_integer():
        found = int(found)
    if found != expected:
        shown = expected.strftime("%d/%m/%Y") if isinstance(expected, dt.date) else expected
        checker.add(
            cell,
            Code.RECORD_CHANGED,
            f"{label} diubah menjadi {found!r}; yang ditetapkan katalog: {shown}. Sel ini "
            "terkunci: kembalikan isinya (yang ditetapkan katalog yang dipakai).",
        )


def _read_checklist(
    checker: CellChecker,
    cells: NamedCells,
    layout: ChecklistLayout,
    year: int,
    last: int | None,
    values: dict[str, object],
) -> ChecklistRecords:
    indicator = layout.indicator
    records = ChecklistRecords(indicator, year, [], last)
    for k, (item, due) in enumerate(
        zip(indicator.checklist or (), records.due, strict=True), start=1
    ):
        label = f"{indicator.id} laporan {k} ({item.title(year)})"
        _locked(checker, cells[names.item(indicator.id, k, "DUE")], due, f"{label}: batas waktu")
        name = names.item(indicator.id, k, "DONE")
        cell = cells[name]
        done = _date(checker, cell, f"{label}: tanggal disampaikan", year)
        records.done.append(done)
        if done is None and cell.value is not None:
            records.unreadable.add(k)
        if done is not None:
            values[name] = done
        note_name = names.item(indicator.id, k, "NOTE")
        note = cells.value_of(note_name) if note_name in cells.positions else None
        text = "" if note is None else cell_text(note)  # free text, carried as shown
        if text.strip():
            values[note_name] = text
    return records


def _read_desa(
    checker: CellChecker,
    cells: NamedCells,
    layout: DesaLayout,
    catalog: Catalog,
    year: int,
    last: int | None,
    values: dict[str, object],
) -> DesaRecords:
    indicator = layout.indicator
    documents = indicator.desa_documents or []
    records = DesaRecords(indicator, year, [], last)
    for j, document in enumerate(documents, start=1):
        label = f"{indicator.id} batas {document.name}"
        _locked(checker, cells[names.document_due(indicator.id, j)], document.due_quarter, label)
    for i, desa in enumerate(catalog.desa, start=1):
        _locked(checker, cells[names.desa(indicator.id, i)], desa.name, f"nama desa ke-{i}")
        row: list[dt.date | dt.datetime | None] = []
        for j, document in enumerate(documents, start=1):
            name = names.desa_document(indicator.id, i, j)
            if cells.value_of(name) is None:  # the usual cell: nothing came in yet
                row.append(None)
                continue
            day = _date(checker, cells[name], f"{desa.name}: {document.name}", year)
            row.append(day)
            if day is not None:
                values[name] = day
        records.dates.append(row)
    return records


def _read_survey(
    checker: CellChecker, cells: NamedCells, layout: SurveyLayout, values: dict[str, object]
) -> Survey:
    survey = Survey([], _quarter(checker, cells, layout.quarter_name, values))
    for n in range(1, layout.rows + 1):
        name_cell = cells[names.service(n, "NAMA")]
        service = ServiceRow(None if name_cell.value is None else str(name_cell.value))
        label = f"layanan {n} ({service.name or 'tanpa nama'})"
        service.population = _whole(
            checker, cells, names.service(n, "POPULASI"), f"{label}: populasi"
        )
        service.respondents = _whole(
            checker, cells, names.service(n, "RESPONDEN"), f"{label}: jumlah responden"
        )
        service.scores = [
            _whole(
                checker, cells, names.service_score(n, j), f"{label}: jumlah nilai U{j} ({unsur})"
            )
            for j, unsur in enumerate(IKM_UNSUR, start=1)
        ]
        _check_service(checker, cells, n, service, label)
        for name, value in (
            (names.service(n, "NAMA"), service.name),
            (names.service(n, "POPULASI"), service.population),
            (names.service(n, "RESPONDEN"), service.respondents),
            *(
                (names.service_score(n, j), score)
                for j, score in enumerate(service.scores, start=1)
            ),
        ):
            if value is not None:
                values[name] = value
        survey.rows.append(service)
    return survey


def _whole(checker: CellChecker, cells: NamedCells, name: str, label: str) -> float | None:
    """A whole number of 0 or more (a count, a score sum); None when empty or wrong."""
    value = cells.value_of(name)
    if value is None or (type(value) is float and value >= 0 and value.is_integer()):
        return value  # the usual cell: nothing to say
    cell = cells[name]
    reading: TypedNumber = checker.number(cell, label)
    value = reading.seen
    if value is not None and (value < 0 or not value.is_integer()):
        checker.add(
            cell,
            Code.NOT_WHOLE,
            f"{label} bernilai {format_number(value)}; seharusnya bilangan bulat 0 atau lebih.",
        )
    return value  # as the sheet's formulas see it: the error stops the rekap


def _check_service(
    checker: CellChecker, cells: NamedCells, n: int, service: ServiceRow, label: str
) -> None:
    """Score sums within what the respondents could give; a sample large enough."""
    respondents = service.respondents
    scores = [(j, score) for j, score in enumerate(service.scores, start=1) if score is not None]
    if scores and not respondents:
        checker.add(
            cells[names.service(n, "RESPONDEN")],
            Code.SURVEY_INCOMPLETE,
            f"{label}: jumlah nilai unsur terisi tetapi jumlah responden kosong atau 0.",
        )
        return
    if not respondents:
        return
    if len(scores) < len(IKM_UNSUR):
        checker.add(
            cells[names.service_score(n, len(scores) + 1 if scores else 1)],
            Code.SURVEY_INCOMPLETE,
            f"{label}: {len(IKM_UNSUR) - len(scores)} unsur belum diisi; IKM layanan ini belum "
            "dihitung.",
            Severity.WARNING,
        )
    for j, score in scores:
        low, high = respondents * SCORE_MIN, respondents * SCORE_MAX
        if not low <= score <= high:
            checker.add(
                cells[names.service_score(n, j)],
                Code.SCORE_OUT_OF_RANGE,
                f"{label}: jumlah nilai U{j} = {format_number(score)}, padahal "
                f"{format_number(respondents)} responden memberi nilai 1 sampai 4: jumlahnya "
                f"antara {format_number(low)} dan "
                f"{format_number(high)}.",
            )
    minimum = service.minimum_sample
    if minimum is not None and service.population is not None and respondents < minimum:
        checker.add(
            cells[names.service(n, "RESPONDEN")],
            Code.SAMPLE_TOO_SMALL,
            f"{label}: {format_number(respondents)} responden, kurang dari sampel minimum "
            f"{minimum} untuk populasi {format_number(service.population)} (tabel "
            "Krejcie-Morgan).",
            Severity.WARNING,
        )
