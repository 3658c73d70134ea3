"""The mistakes planners make typing a catalog, answered in plain Bahasa Indonesia: where,
and what to write instead (never the parser's own words)."""

from __future__ import annotations

import pytest

from iku_xlsx.catalog import builtin_catalog_text, parse_catalog

BUILTIN = builtin_catalog_text()
HEADING = "  heading: PEMERINTAH KABUPATEN TAPIN\n"  # a line of the built-in catalog


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def _only(text: str):
    catalog, problems = parse_catalog(text, "katalog.yaml")
    assert catalog is None and len(problems) >= 1, problems
    return problems[0]


def test_a_tab_says_use_spaces():
    assert HEADING in BUILTIN
    text = BUILTIN.replace(HEADING, "\theading: PEMERINTAH KABUPATEN TAPIN\n", 1)
    problem = _only(text)
    line = _line_of(text, "\theading")
    assert problem.code == "catalog-yaml"
    assert problem.location == f"baris {line}, kolom 1"
    assert problem.message == (
        f"baris {line} memakai karakter tab untuk menjorok; YAML hanya menerima spasi: ganti "
        "tab dengan spasi (misalnya 2 spasi per tingkat)"
    )


def test_a_line_indented_too_far_says_so_and_where_its_part_starts():
    text = "catalog_id: x\nunits:\n  - id: A\n    name: B\n     heading: C\n"
    problem = _only(text)
    assert problem.location.startswith("baris 5")
    assert problem.message.startswith(
        "menjorok (indentasi) baris 5 tidak sejajar dengan baris di atasnya"
    )
    assert "harus dimulai pada kolom yang sama" in problem.message
    shallow = _only("catalog_id: x\nunits:\n  - id: A\n  name: B\n")
    assert shallow.message.startswith("menjorok (indentasi) baris 4 tidak sejajar")


def test_a_colon_in_unquoted_text_says_to_quote_it():
    text = BUILTIN.replace(
        "title: INDIKATOR KINERJA UTAMA", "title: IKU: Indikator Kinerja Utama", 1
    )
    problem = _only(text)
    line = _line_of(text, "title: IKU:")
    assert problem.location.startswith(f"baris {line}")
    assert problem.message.endswith('tulis title: "IKU: Indikator Kinerja Utama"')
    assert "titik dua (:)" in problem.message


def test_an_unclosed_quote_names_the_line_it_was_opened_on():
    problem = _only('catalog_id: "cls\ntitle: x\n')
    assert problem.message == 'tanda petik yang dibuka pada baris 1 tidak ditutup: tambahkan "'


def test_a_misspelled_field_is_given_the_nearest_name():
    text = BUILTIN.replace("    target: 1\n", "    taget: 1\n", 1)
    problem = _only(text)
    assert problem.code == "catalog-field"
    assert problem.message.startswith("kolom 'taget' tidak dikenal; maksudnya 'target'?")
    assert problem.location.endswith(f"> taget (baris {_line_of(text, 'taget: 1')})")
    top = _only(BUILTIN.replace("catalog_id: cls", "katalog_id: cls", 1))
    assert top.message.startswith("kolom 'katalog_id' tidak dikenal; maksudnya 'catalog_id'?")


@pytest.mark.parametrize(
    ("typed", "written", "why"),
    [
        ("97,5", "97.5", "titik sebagai tanda desimal di YAML"),
        ("75%", "75", "tanpa tanda %"),
        ("'97,5 %'", "97.5", "tanpa tanda %"),
    ],
)
def test_a_number_written_the_indonesian_way_says_what_to_write(typed, written, why):
    text = BUILTIN.replace("    target: 1\n", f"    target: {typed}\n", 1)
    problem = _only(text)
    given = typed.strip("'")
    assert problem.message == f"kolom 'target' berisi {given!r}; tulis {written} ({why})"
    assert problem.location.endswith(f"> target (baris {_line_of(text, 'target: ' + typed)})")


def test_a_word_for_a_number_asks_for_a_number():
    text = BUILTIN.replace("    target: 1\n", "    target: satu\n", 1)
    assert _only(text).message == (
        "kolom 'target' berisi 'satu'; isi dengan angka, misalnya 95 atau 97.5"
    )


def test_a_choice_misspelled_is_given_the_nearest_and_all_choices():
    text = BUILTIN.replace("kind: count", "kind: cout", 1)
    assert _only(text).message == (
        "kolom 'kind' berisi 'cout' (maksudnya count?); isi salah satu: ratio, count, value"
    )
    scale = BUILTIN.replace("kind: count", "kind: count\n            scale: 50", 1)
    assert "isi salah satu: 100, 1000, 10000, 100000" in _only(scale).message


def test_a_required_field_and_a_wrong_pattern():
    missing = _only(BUILTIN.replace(HEADING, "", 1))
    assert missing.message == "kolom 'heading' wajib diisi"
    lower = _only(BUILTIN.replace("- id: EKONOMI", "- id: ekonomi", 1))
    assert lower.message == (
        "kolom 'id' berisi 'ekonomi'; yang boleh: huruf besar dan angka, diawali huruf, "
        "misalnya EKONOMI"
    )


def test_a_key_given_twice_and_a_file_that_is_no_mapping():
    twice = _only(BUILTIN.replace("catalog_id: cls\n", "catalog_id: cls\ncatalog_id: cls\n", 1))
    assert twice.code == "catalog-duplicate-key"
    assert twice.message.startswith("kunci 'catalog_id' ditulis dua kali")
    listed = _only("- a\n- b\n")
    assert listed.code == "catalog-shape" and listed.message.startswith("katalog berupa pemetaan")


def _with_line_after_target(line: str) -> str:
    """The built-in catalog with ``line`` after its first ``target: 1``, indented as it is."""
    at = BUILTIN.index("target: 1\n")
    indent = BUILTIN[BUILTIN.rindex("\n", 0, at) + 1 : at]
    return BUILTIN.replace("target: 1\n", f"target: 1\n{indent}{line}\n", 1)


def test_a_value_of_two_forms_is_told_about_the_form_written():
    """A budget is a number or {amount, realised}: a negative number is told about numbers,
    a mapping without its amount about the mapping, and neither about the other form."""
    text = _with_line_after_target("budget: {2025: -5}")
    (problem,) = parse_catalog(text, "katalog.yaml")[1]
    assert problem.message == "kolom 'budget[2025]' bernilai -5; harus paling sedikit 0"
    assert problem.location.endswith(f"> budget[2025] (baris {_line_of(text, 'budget:')})")
    (problem,) = parse_catalog(_with_line_after_target("budget: {2025: {realised: [1]}}"))[1]
    assert problem.message == "kolom 'amount' wajib diisi"
    assert "> budget[2025] > amount" in problem.location
    flag = _only(BUILTIN.replace("target: 1\n", "target: true\n", 1))
    assert flag.message == "kolom 'target': isi dengan angka, bukan true/false"
