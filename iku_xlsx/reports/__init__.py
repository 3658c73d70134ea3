"""Reports: the consolidated workbook (kecamatan or kabupaten) and the tidy CSV.

- :mod:`~.workbook`: the consolidated workbook, assembled from :mod:`~.summary` (Ringkasan),
  :mod:`~.rekap` (Rekap IKU), :mod:`~.comparison` (Perbandingan), :mod:`~.tables` (Masalah,
  Sumber) and the unit sheets with :mod:`~.values`;
- :mod:`~.csv`: the tidy table as CSV.

They know a consolidation only by its result types (:mod:`iku_xlsx.consolidation.result`).
"""
