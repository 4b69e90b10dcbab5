"""Each benchmark replaces only its own section of BENCHMARKS.md."""

from bench.report_md import replace_section

DOC = """# Benchmarks

## Speech recognition
old asr text

## Speech recognition: decode threads and OpenMP
old pool text

## Voice (end to end)
old voice text
"""


def test_only_the_named_section_is_replaced(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(DOC)
    replace_section("## Speech recognition", "## Speech recognition\nnew asr text\n", path)
    text = path.read_text()
    assert "new asr text" in text and "old asr text" not in text
    # a heading that merely starts the same way is another section
    assert "old pool text" in text and "old voice text" in text
    assert text.index("new asr text") < text.index("## Speech recognition: decode")
    before = text
    replace_section("## Speech recognition", "## Speech recognition\nnew asr text\n", path)
    assert path.read_text() == before  # rewriting the same figures changes nothing


def test_a_new_section_is_appended_and_a_missing_file_made(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    replace_section("## IPC fabric", "## IPC fabric\nrows\n", path)
    assert path.read_text() == "# Benchmarks\n\n## IPC fabric\nrows\n"
    replace_section("## Voice (end to end)", "## Voice (end to end)\nv\n", path)
    assert path.read_text().endswith("## IPC fabric\nrows\n\n## Voice (end to end)\nv\n")
