"""Consolidation: the filled unit workbooks of a kecamatan (or of many) into one result.

- :mod:`~.collect`: every file read, and which one is used for each unit, and why not the
  rest (rejected, another year, a conflict);
- :mod:`~.gather`: each kecamatan's inputs gathered and recomputed; :mod:`~.cascades`: the
  figures computed across units;
- :mod:`~.result`: what a consolidation gives (all a report needs to know of it).

The job that runs these and writes the outputs is :func:`iku_xlsx.consolidate`.
"""
