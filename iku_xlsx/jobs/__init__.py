"""The jobs: what a command does, from its inputs to its outputs, over the stages.

- :mod:`~.check`: read filled workbooks, report every problem, write feedback copies;
- :mod:`~.consolidate`: filled workbooks into the consolidated workbook and the CSV;
- :mod:`~.demo`: the whole year's job on the built-in catalog, with sample fills.

(The blanks are the writer's own job: :mod:`iku_xlsx.writer.blanks`.)
"""
