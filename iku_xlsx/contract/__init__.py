"""The contract the writer and the reader share: where cells are, what they are named, and
what a workbook says it is.

- :mod:`~iku_xlsx.contract.names`: every defined name, built in one place;
- :mod:`~iku_xlsx.contract.layout`: where every cell of a unit sheet lives;
- :mod:`~iku_xlsx.contract.records_layout`: the same for the records sheets;
- :mod:`~iku_xlsx.contract.metadata`: the metadata sheet a workbook is known by.
"""
