"""The demo app, with its users whose password is published, is never part of a production install."""

import runpy
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

SETTINGS = django_settings.BASE_DIR / "config" / "settings.py"


def installed_apps(monkeypatch, **env) -> list[str]:
    """INSTALLED_APPS as config/settings.py computes it in the given environment."""
    monkeypatch.delenv("DEMO", raising=False)
    monkeypatch.setenv("DEBUG", "0")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))["INSTALLED_APPS"]


def test_the_demo_app_is_absent_with_debug_off_and_no_demo(monkeypatch):
    assert "demo" not in installed_apps(monkeypatch)
    assert "demo" not in installed_apps(monkeypatch, DEMO="0")


@pytest.mark.parametrize("env", [{"DEBUG": "1"}, {"DEMO": "1"}])
def test_the_demo_app_is_installed_with_debug_or_demo(monkeypatch, env):
    assert "demo" in installed_apps(monkeypatch, **env)


def test_manage_py_seed_demo_with_debug_off_refuses_with_a_clear_message(tmp_path):
    """As an operator would run it on a server where DEMO=1 was left set: nothing is written."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "DEMO": "1",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.returncode == 1
    assert "CommandError: seed_demo runs only with DEBUG=1" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()
