"""The house's plan (ARCHITECTURE.md): each app imports only the apps on the floors below it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Floors, from the ground up. An app may import itself and the apps on lower floors, never higher ones.
FLOORS = [
    {"core"},
    {"accounts"},
    {"outbox"},
    {"signin"},
    {"audit"},
    {"notifications", "documents"},
    {"territory"},
    {"cases"},
    {"community"},
    {"partners"},
    {"indicators"},
    {"home", "demo", "agenda", "planning", "api"},
]
FLOOR_OF = {app: level for level, apps in enumerate(FLOORS) for app in apps}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(FLOOR_OF)


def upward_imports(app: str) -> list[str]:
    found = []
    folder = ROOT / app
    for path in sorted(folder.rglob("*.py")):
        # Migrations are history: they carry frozen copies of what they need (see cases/0004).
        if "migrations" in path.parts:
            continue
        for other in imported_apps(path):
            if FLOOR_OF[other] > FLOOR_OF[app]:
                found.append(f"{path.relative_to(ROOT)} imports {other}")
    return found


@pytest.mark.parametrize("app", sorted(app for app in FLOOR_OF if (ROOT / app).is_dir()))
def test_no_app_imports_a_higher_floor(app):
    assert upward_imports(app) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The test above can fail: an import of cases inside core is caught."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "bad.py").write_text("from cases.models import Case\n")
    (tmp_path / "core" / "hidden.py").write_text("def ready():\n    import territory.models\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert upward_imports("core") == ["core/bad.py imports cases", "core/hidden.py imports territory"]
