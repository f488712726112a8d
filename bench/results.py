"""bench/RESULTS.md in sections: each benchmark rewrites its own section and keeps the others as they are."""

import re
from pathlib import Path

TITLE = "# Benchmark results"
# Where a section goes the first time it is written; the sections already in the file keep their order.
ORDER = [
    "## Pages, large volume",
    "## Pages, huge volume",
    "## The organisation list written by hand",
    "## Load test",
    "## Import of the resource mapping",
]


def sections(text: str) -> list[tuple[str, str]]:
    """The file's sections as (heading, whole text), in order; what comes before the first is left out."""
    starts = [match.start() for match in re.finditer(r"^## .*$", text, flags=re.M)]
    parts = [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [(part.split("\n", 1)[0].strip(), part.rstrip("\n") + "\n") for part in parts]


def with_section(text: str, section: str) -> str:
    """The file's text with `section` (starting with its "## " heading) in place of the one of that heading."""
    heading = section.split("\n", 1)[0].strip()
    # Before the sections, only the title: the pages' table of older runs sat there, and now has a section.
    parts = dict(sections(text))
    parts[heading] = section.rstrip("\n") + "\n"
    rank = {name: index for index, name in enumerate(ORDER)}
    existing = [name for name, _ in sections(text)]
    if heading not in existing:
        later = [index for index, name in enumerate(existing) if rank.get(name, len(ORDER)) > rank.get(heading, -1)]
        existing.insert(later[0] if later and heading in rank else len(existing), heading)
    return TITLE + "\n\n" + "\n".join(parts[name] for name in existing)


def write_section(path: Path, section: str) -> None:
    path.write_text(with_section(path.read_text() if path.exists() else "", section))


def column(text: str, heading: str, name: str) -> dict[str, float]:
    """A number column of a section's table, by the page in the first column: e.g. the large volume's medians."""
    found = dict(sections(text)).get(heading, "")
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in found.splitlines()
        if line.startswith("|")
    ]
    if not rows or name not in rows[0]:
        return {}
    index = rows[0].index(name)
    values = {}
    for row in rows[2:]:  # past the header and its --- line
        try:
            values[row[0]] = float(row[index])
        except (IndexError, ValueError):
            continue
    return values
