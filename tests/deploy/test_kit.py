"""The IT office's kit in deploy/: the environment template loads, the nginx site passes `nginx -t`, the systemd
timers run what the job queue does not already schedule."""

import configparser
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

from core.jobs import SCHEDULES

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"


def environment_template() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def test_the_environment_template_gives_working_production_settings(monkeypatch):
    template = environment_template()
    for name in list(template) + ["DEMO", "CACHE_URL"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in template.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SECRET_KEY", "a-real-key-" + "x" * 50)
    config = runpy.run_path(str(ROOT / "config" / "settings.py"))
    assert config["DEBUG"] is False
    assert config["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["STORAGES"]["documents"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert config["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def units() -> dict[str, configparser.ConfigParser]:
    parsed = {}
    for path in sorted(SYSTEMD.glob("rete-*.*")):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str
        parser.read_string(path.read_text())
        parsed[path.name] = parser
    return parsed


def test_every_timer_starts_a_service_that_exists_and_reads_the_environment_file():
    found = units()
    timers = [name for name in found if name.endswith(".timer")]
    assert sorted(timers) == ["rete-audit-purge.timer", "rete-backup.timer", "rete-retention.timer"]
    for timer in timers:
        assert found[timer]["Timer"]["OnCalendar"]
        service = found[timer.replace(".timer", ".service")]
        assert service["Service"]["Type"] == "oneshot"
    for name, unit in found.items():
        if name.endswith(".service"):
            assert unit["Service"]["EnvironmentFile"] == "/etc/rete/rete.env"
            assert unit["Service"]["User"] == "rete"


def test_no_timer_duplicates_a_schedule_of_the_job_queue():
    """Expired sessions, e-mail, reminders are django-q2 schedules (AppConfig.ready): no timer runs them again."""
    commands = " ".join(u["Service"]["ExecStart"] for u in units().values() if u.has_section("Service"))
    assert "clearsessions" not in commands and "deliver_email" not in commands
    assert "purge ended sessions" in SCHEDULES
    for periodic in SCHEDULES.values():
        assert periodic.func.rsplit(".", 1)[-1] not in commands


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="apt-get install nginx")
@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl makes the test certificate")
def test_the_nginx_site_is_valid(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx" / "rete.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/rete.comune.example.it/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/rete.comune.example.it/privkey.pem", str(tmp_path / "key.pem"))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "rete.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include /etc/nginx/mime.types;\n include {tmp_path}/rete.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for header in (
        "X-Forwarded-Proto $scheme",
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Request-ID $request_id",
    ):
        assert f"proxy_set_header {header};" in site
