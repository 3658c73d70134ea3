"""The writer: IKU workbooks with live formulas, one protected sheet per unit.

- :mod:`~iku_xlsx.writer.workbook`: a workbook of chosen units, and its metadata sheet;
- :mod:`~iku_xlsx.writer.unit_sheet`: a unit's sheet; :mod:`~iku_xlsx.writer.records_sheets`:
  a checklist, desa records, the IKM survey;
- :mod:`~iku_xlsx.writer.formulas`: what every computed cell says (Excel 2007 functions only);
- :mod:`~iku_xlsx.writer.styles`, :mod:`~iku_xlsx.writer.cells`, :mod:`~iku_xlsx.writer.fill`:
  formats, writing one value, what a consolidated workbook fills in;
- :mod:`~iku_xlsx.writer.blanks`: the blanks to hand out, one file per unit.
"""
