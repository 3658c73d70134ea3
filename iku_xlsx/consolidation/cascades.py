"""Cascades and counts across units: figures a kecamatan's consolidation computes rather
than reads.

A cascade (``derived_from``) sums its sources' quarters, across the units' workbooks; a
recorded indicator whose records another unit keeps (CAMAT_4 from the Kasi Pemerintahan's
desa records) is counted from them.
"""

from __future__ import annotations

import numpy as np

from iku_xlsx.catalog import QUARTERS, Catalog, Kind
from iku_xlsx.compute.records import Records, records_inputs
from iku_xlsx.consolidation.result import DERIVED_SOURCE
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part


def count_records(
    catalog: Catalog,
    position: dict[str, int],
    nums: np.ndarray,
    dens: np.ndarray,
    sources: np.ndarray,
    records: dict[str, Records],
) -> None:
    """Recorded indicators' quarters counted from the records of the chosen workbooks: the
    same counts the reader made, and those of indicators whose records another unit keeps
    (CAMAT_4 from the Kasi Pemerintahan's desa records). ``nums``, ``dens`` and ``sources``
    (the row of each indicator id at ``position``) are changed in place."""
    for indicator in catalog.indicators:
        counted = records_inputs(indicator, records) if indicator.recorded else None
        if counted is None:
            continue
        k = position[indicator.id]
        for q in QUARTERS:
            for part, array in ((Part.NUM, nums), (Part.DEN, dens)):
                value = counted.get(names.quarter_suffix(q, part))
                array[k, q - 1] = np.nan if value is None else value
        if indicator.desa_complete:
            sources[k] = DERIVED_SOURCE


def sum_cascades(
    catalog: Catalog,
    position: dict[str, int],
    nums: np.ndarray,
    dens: np.ndarray,
    sources: np.ndarray,
) -> None:
    """A derived indicator's quarters: the sum of its sources' (NaN where none reported).
    ``nums``, ``dens`` and ``sources`` (the row of each indicator id at ``position``) are
    changed in place."""
    for indicator in catalog.indicators:  # in order: a cascade may feed another
        if not indicator.derived_from:
            continue
        k = position[indicator.id]
        rows = [position[source] for source in indicator.derived_from]
        for array in (nums, dens) if indicator.kind is Kind.RATIO else (nums,):
            values = array[rows]
            array[k] = np.where(np.isnan(values).all(axis=0), np.nan, np.nansum(values, axis=0))
        sources[k] = DERIVED_SOURCE
