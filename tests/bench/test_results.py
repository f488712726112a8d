"""bench/RESULTS.md keeps one section per benchmark and volume: writing one leaves the others as they were."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results():
    # bench/ is a folder of scripts, not a package: load the module from its file, as the scripts do.
    spec = importlib.util.spec_from_file_location("bench_results", ROOT / "bench" / "results.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LARGE = """## Pages, large volume

Run on 2026-11-25.

| page | kind | first request ms | median ms | p95 ms |
| --- | --- | ---: | ---: | ---: |
| floor | floor | 3.9 | 2.5 | 3.5 |
| case list (team) | list | 24.9 | 5.0 | 22.0 |
"""
IMPORT = "## Import of the resource mapping\n\n| file | step |\n| --- | --- |\n| organisations | preview |\n"


def test_writing_the_huge_volume_keeps_the_large_one_and_the_import(results):
    text = results.with_section("# Benchmark results\n\n" + LARGE + "\n" + IMPORT, "## Pages, huge volume\n\nhuge\n")
    assert text.index("## Pages, large volume") < text.index("## Pages, huge volume") < text.index("## Import")
    assert LARGE in text and IMPORT in text
    again = results.with_section(text, "## Pages, huge volume\n\nhuge, again\n")
    assert "huge, again" in again and again.count("## Pages, huge volume") == 1
    assert LARGE in again and "\nhuge\n" not in again


def test_writing_the_large_volume_replaces_only_it(results):
    text = results.with_section(
        "# Benchmark results\n\n" + LARGE + "\n## Pages, huge volume\n\nhuge\n",
        LARGE.replace("2026-11-25", "2026-12-01"),
    )
    assert "2026-12-01" in text and "2026-11-25" not in text
    assert text.endswith("## Pages, huge volume\n\nhuge\n")


def test_the_old_table_before_the_sections_gives_way_to_its_section(results):
    old = "# Benchmark results\n\nRun on 2026-11-20.\n\n| page | kind |\n| --- | --- |\n\n" + IMPORT
    text = results.with_section(old, LARGE)
    assert "2026-11-20" not in text
    assert text.startswith("# Benchmark results\n\n## Pages, large volume") and text.endswith(IMPORT)


def test_the_load_test_goes_between_the_pages_and_the_import(results):
    text = results.with_section("# Benchmark results\n\n" + LARGE + "\n" + IMPORT, "## Load test\n\nlocust\n")
    assert text.index("## Pages, large volume") < text.index("## Load test") < text.index("## Import")


def test_a_section_s_column_is_read_by_page(results):
    text = "# Benchmark results\n\n" + LARGE
    assert results.column(text, "## Pages, large volume", "median ms") == {"floor": 2.5, "case list (team)": 5.0}
    assert results.column(text, "## Pages, huge volume", "median ms") == {}
    assert results.column(text, "## Pages, large volume", "no such column") == {}
