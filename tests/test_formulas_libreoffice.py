"""Every formula of the blank workbooks, recalculated by LibreOffice, against tests/oracle.py.

Blanks are filled as a person would (good values, empty quarters, zero denominators, text,
negatives, numerators above denominators, missing and zero targets), recalculated in one
LibreOffice call, and each computed cell is compared with the independent Python computation.
"""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from iku_xlsx import load_catalog, write_workbook
from iku_xlsx.catalog import Catalog

from . import oracle
from .conftest import DATA
from .libreoffice import convert
from .workbooks import QUARTERS, fill, random_quarter, random_records, random_target, read_names

# (catalog, seed, per-unit files?): the kinds catalog many times, the built-in one as combined
# workbooks and as the nine unit files people actually receive, and the targets catalog (the
# quarter to date, amounts typed to date, a ratio per 1.000) with the regulations' rules and
# with the other rules a kabupaten may choose.
CASES = (
    [("uji", seed, False) for seed in range(10)]
    + [("cls", seed, False) for seed in range(3)]
    + [("cls", 100, True)]
    + [("target", seed, False) for seed in range(8)]
    + [("target-rules", seed, False) for seed in range(8)]
)
# The other rules: T / R, a lower-is-better 0 met by 0 is 100, three categories of their own.
OTHER_RULES = {
    "lower_is_better": "t/r",
    "lower_zero_target": "100-if-zero",
    "categories": [{"min": 90, "name": "Baik"}, {"min": 70, "name": "Cukup"}, {"name": "Kurang"}],
}


@dataclass
class FilledIndicator:
    id: str
    kind: str
    aggregation: str
    polarity: str
    nums: list[object]
    dens: list[object] | None
    target: object
    target_is_input: bool
    derived_from: list[str] | None = None  # a cascade: its inputs are sums, not typed
    recorded: bool = False  # counted from records: its inputs are formulas, not typed
    scale: float = 100
    to_date_amounts: bool = False
    quarter_targets: list[object] | None = None  # the catalog's, or typed (see below)
    targets_typed: bool = False  # the unit types its targets to date
    rules: oracle.Rules = dataclasses.field(default_factory=oracle.Rules)

    def values(self) -> dict[str, object]:
        """What the person typed, by defined name."""
        typed: dict[str, object] = {}
        if self.target_is_input:
            typed[f"{self.id}_TARGET"] = self.target
        if self.targets_typed:
            targets = self.quarter_targets or [None] * 4
            typed.update({f"{self.id}_TW{q}_TARGET": targets[q - 1] for q in QUARTERS})
        if self.derived_from is not None or self.recorded:
            return typed
        typed.update({f"{self.id}_TW{q}_NUM": n for q, n in zip(QUARTERS, self.nums, strict=True)})
        if self.dens is not None:
            typed.update(
                {f"{self.id}_TW{q}_DEN": d for q, d in zip(QUARTERS, self.dens, strict=True)}
            )
        return typed

    def computed_names(self) -> list[str]:
        suffixes = ["YEAR_NUM", "YEAR_VAL", "CAPAIAN", "KATEGORI"]
        suffixes += [f"TW{q}_VAL" for q in QUARTERS]
        if self.kind == "ratio":
            suffixes.append("YEAR_DEN")
        if self.recorded:  # the counts over the records are formulas too
            suffixes += [f"TW{q}_{part}" for q in QUARTERS for part in self.parts]
        suffixes += [f"TW{q}_{part}" for q in QUARTERS for part in ("TODATE", "CAPAIAN")]
        if not self.targets_typed:  # the catalog's, or the annual target's formula, or none
            suffixes += [f"TW{q}_TARGET" for q in QUARTERS]
        return [f"{self.id}_{suffix}" for suffix in suffixes]

    def target_cells(self) -> list[object]:
        """What each target-to-date cell shows where the unit does not type it."""
        if self.quarter_targets is not None:
            return list(self.quarter_targets)
        if self.kind == "count" or not oracle.is_number(self.target):
            return [None] * 4  # no formula (a count), or one over an empty target
        return [self.target] * 4

    @property
    def parts(self) -> tuple[str, ...]:
        return ("NUM", "DEN") if self.kind == "ratio" else ("NUM",)


def _random_fill(catalog: Catalog, rng: random.Random) -> dict[str, FilledIndicator]:
    filled = {}
    rules = _oracle_rules(catalog)
    for indicator in catalog.indicators:
        kind = indicator.kind.value
        quarters = [random_quarter(rng, kind, indicator.whole_inputs) for _ in QUARTERS]
        signed = indicator.target_for(catalog.year)
        fixed = signed is not None
        given = indicator.quarter_targets_for(catalog.year)
        typed_targets = None
        if not fixed and not given and rng.random() < 0.7:
            typed_targets = [
                random_target(rng, kind) if rng.random() < 0.8 else None for _ in QUARTERS
            ]
        filled[indicator.id] = FilledIndicator(
            indicator.id,
            kind,
            indicator.aggregation.value,
            indicator.polarity.value,
            nums=[num for num, _ in quarters],
            dens=[den for _, den in quarters] if kind == "ratio" else None,
            target=signed if fixed else random_target(rng, kind),
            target_is_input=not fixed,
            derived_from=indicator.derived_from,
            recorded=indicator.recorded,
            scale=indicator.scale,
            to_date_amounts=indicator.amounts.value == "to_date",
            quarter_targets=given or typed_targets,
            targets_typed=not fixed and not given,
            rules=rules,
        )
    return filled


def _oracle_rules(catalog: Catalog) -> oracle.Rules:
    """The catalog's rules, as the oracle takes them (it imports nothing of the package)."""
    data = catalog.rules.model_dump(mode="json")
    bands = tuple((band["min"], band["name"]) for band in data["categories"][:-1])
    return oracle.Rules(
        data["lower_is_better"], data["lower_zero_target"], bands, data["categories"][-1]["name"]
    )


def _cascade(indicator: FilledIndicator, present: dict[str, FilledIndicator]) -> FilledIndicator:
    """A cascade's inputs as the workbook sums them: per quarter, the numbers among its
    sources' inputs (SUM skips text and blanks), or nothing when there is none; nothing at
    all when its sources are not in the same file."""
    sources = [present.get(source) for source in indicator.derived_from or []]

    def summed(pick) -> list[object]:
        if None in sources:
            return [None] * len(QUARTERS)
        totals = []
        for q in range(len(QUARTERS)):
            numbers = [v for v in (pick(s)[q] for s in sources) if oracle.is_number(v)]
            totals.append(sum(numbers) if numbers else None)
        return totals

    dens = summed(lambda s: s.dens) if indicator.dens is not None else None
    return dataclasses.replace(indicator, nums=summed(lambda s: s.nums), dens=dens)


def _records_held(catalog: Catalog, units) -> set[str]:
    """The ids of the indicators whose records sheets a workbook of ``units`` holds."""
    held = {i.id for unit in units for i in unit.indicators if i.checklist or i.desa_documents}
    if any(i.ikm for unit in units for i in unit.indicators):
        held.add("IKM")
    return held


def _record_owner(name: str) -> str:
    """'PERKEU_1_ITEM3_DONE' -> 'PERKEU_1'; 'IKM_L2_U5' -> 'IKM'."""
    return "IKM" if name.startswith("IKM_") else "_".join(name.split("_")[:2])


def _counted(catalog, indicator: FilledIndicator, typed, holds) -> FilledIndicator:
    """A recorded indicator's inputs as the oracle counts them from the typed records."""
    nums, dens = oracle.recorded_inputs(
        catalog, next(i for i in catalog.indicators if i.id == indicator.id), typed, holds
    )
    return dataclasses.replace(indicator, nums=nums, dens=dens)


@pytest.fixture(scope="session")
def recalculated(require_libreoffice, builtin, kinds_catalog, tmp_path_factory) -> dict:
    """Every case filled, then all recalculated in a single LibreOffice call.

    Returns case id -> [(recalculated file, the indicators it holds)].
    """
    root = tmp_path_factory.mktemp("formulas")
    for folder in ("blank", "filled"):
        (root / folder).mkdir()
    targets = load_catalog(DATA / "targets.yaml")
    other = targets.rules.model_validate(OTHER_RULES)
    catalogs = {
        "uji": kinds_catalog,
        "cls": builtin.for_year(2025),
        "target": targets,
        "target-rules": targets.model_copy(update={"rules": other, "catalog_id": "rules"}),
    }
    pending: dict[str, list[tuple[Path, list[FilledIndicator]]]] = {}
    for name, seed, per_unit in CASES:
        catalog = catalogs[name]
        filled = _random_fill(catalog, random.Random(seed))
        records = random_records(catalog, random.Random(seed))
        groups = [[unit] for unit in catalog.units] if per_unit else [list(catalog.units)]
        files = []
        for units in groups:
            stem = f"{name}-{seed}-{units[0].id if per_unit else 'all'}"
            blank = write_workbook(root / "blank" / f"{stem}.xlsx", catalog, units)
            mine = [filled[i.id] for unit in units for i in unit.indicators]
            typed = {key: value for indicator in mine for key, value in indicator.values().items()}
            holds = _records_held(catalog, units)
            typed.update({k: v for k, v in records.items() if _record_owner(k) in holds})
            present = {indicator.id: indicator for indicator in mine}
            mine = [_cascade(i, present) if i.derived_from else i for i in mine]
            mine = [_counted(catalog, i, typed, holds) if i.recorded else i for i in mine]
            fill(blank, root / "filled" / blank.name, typed)
            files.append((root / "filled" / blank.name, mine, _survey_cells(typed, holds)))
        pending[_case_id(name, seed, per_unit)] = files
    everything = [path for files in pending.values() for path, _, _ in files]
    outputs = dict(
        zip(everything, convert(everything, root / "recalculated", root / "profile"), strict=True)
    )
    return {
        case_id: [(outputs[path], mine, survey) for path, mine, survey in files]
        for case_id, files in pending.items()
    }


def _survey_cells(typed: dict, holds: set[str]) -> dict[str, object]:
    """Each service's IKM and mutu, and the pooled IKM, as the oracle computes them."""
    if "IKM" not in holds:
        return {}
    cells: dict[str, object] = {}
    for n, (_, _, value) in enumerate(oracle.survey(typed), start=1):
        cells[f"IKM_L{n}_NILAI"] = value
        cells[f"IKM_L{n}_MUTU"] = None if value is None else oracle.mutu(value)
    pooled, _ = oracle.survey_inputs("index", 75, {**typed, "IKM_TRIWULAN": 1})
    cells["IKM_NILAI"] = pooled[0]
    return cells


def _case_id(name: str, seed: int, per_unit: bool) -> str:
    return f"{name}-{seed}{'-units' if per_unit else ''}"


def _same(actual: object, expected: object) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and math.isclose(
            actual, expected, rel_tol=1e-9, abs_tol=1e-9
        )
    return actual == expected


@pytest.mark.parametrize("case_id", [_case_id(*case) for case in CASES])
def test_formulas_match_independent_computation(recalculated, case_id):
    mismatches = []
    for path, indicators, survey in recalculated[case_id]:
        shown = read_names(path, list(survey))
        mismatches += [
            f"{path.name} {name}: LibreOffice {shown[name]!r}, expected {expected!r}"
            for name, expected in survey.items()
            if not _same(shown[name], expected)
        ]
        actual = read_names(path, [name for i in indicators for name in i.computed_names()])
        for indicator in indicators:
            want = oracle.expected(
                indicator.kind,
                indicator.aggregation,
                indicator.polarity,
                indicator.nums,
                indicator.dens,
                indicator.target,
                scale=indicator.scale,
                to_date_amounts=indicator.to_date_amounts,
                quarter_targets=indicator.quarter_targets,
                rules=indicator.rules,
            )
            checks = {f"TW{q}_VAL": want.quarter_values[q - 1] for q in QUARTERS}
            for q in QUARTERS:
                checks[f"TW{q}_NUM"] = indicator.nums[q - 1]
                checks[f"TW{q}_DEN"] = (indicator.dens or [None] * 4)[q - 1]
            checks.update(
                {
                    "YEAR_NUM": want.year_num,
                    "YEAR_DEN": want.year_den,
                    "YEAR_VAL": want.year_value,
                    "CAPAIAN": want.capaian,
                    "KATEGORI": want.kategori,
                }
            )
            for q, shown_target in zip(QUARTERS, indicator.target_cells(), strict=True):
                checks[f"TW{q}_TODATE"] = want.to_date[q - 1]
                checks[f"TW{q}_CAPAIAN"] = want.capaian_to_date[q - 1]
                checks[f"TW{q}_TARGET"] = shown_target
            for name in indicator.computed_names():
                expected = checks[name.removeprefix(indicator.id + "_")]
                if not _same(actual[name], expected):
                    mismatches.append(
                        f"{path.name} {name}: LibreOffice {actual[name]!r}, expected {expected!r}"
                        f" (inputs {indicator.nums} / {indicator.dens},"
                        f" target {indicator.target!r})"
                    )
    assert not mismatches, "\n".join(mismatches)
