"""Health endpoints, and a real database outage: PostgreSQL stopped under gunicorn answers 503, then recovers.

The outage test starts its own PostgreSQL cluster (initdb in a temporary directory, its own port), migrates
a database there, serves the app against it with gunicorn (DEBUG off, production settings but plain HTTP),
and stops and restarts PostgreSQL under it. Everything it starts is stopped by PID, even when it fails.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core import health
from core.errors import RETRY_AFTER_SECONDS

ROOT = Path(__file__).resolve().parents[2]


def _postgresql_binaries() -> Path:
    """PG_BIN if set, else the newest Debian-style server install (/usr/lib/postgresql/<version>/bin)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    installed = [path.parent for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    return max(
        installed,
        key=lambda path: tuple(int(part) for part in path.parent.name.split(".") if part.isdigit()),
        default=Path("/usr/lib/postgresql/15/bin"),
    )


PG_BIN = _postgresql_binaries()
PASSWORD = "password-di-prova"

# In-process: the endpoints themselves.


def test_healthz_is_public_uncached_and_queries_nothing(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]
    # The older address still answers, for what already probes it; probes may use HEAD.
    assert client.get(reverse("health")).content == b"ok"
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_readyz_checks_database_cache_job_queue_and_migrations(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "job_queue": "ok", "migrations": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_readyz_answers_503_when_the_cache_does_not_answer(client, db, settings, tmp_path):
    # A real failure: the file cache cannot create its directory under a regular file.
    (tmp_path / "not-a-directory").write_text("")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "not-a-directory" / "cache"),
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    # django-q2 keeps its clusters' state in the cache: without it the job queue is not ready either.
    assert response.json()["checks"] == {"database": "ok", "cache": "fail", "job_queue": "fail", "migrations": "ok"}


def test_readyz_answers_503_while_a_migration_is_not_applied(client, db, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    MigrationRecorder.Migration.objects.filter(app="territory").order_by("-id").first().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "fail"


def test_readyz_says_nothing_an_attacker_could_use(client, db):
    body = client.get("/readyz").content.decode()
    for detail in ("sqlite", "postgres", "version", "django", "/", "Traceback"):
        assert detail not in body.lower()


# The real outage.


def _skip_reason() -> str | None:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        return f"the PostgreSQL server binaries are not at {PG_BIN} (set PG_BIN)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and runuser is missing to start PostgreSQL as the postgres user"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


class Cluster:
    """A private PostgreSQL cluster in a temporary directory, run as the postgres user when we are root."""

    def __init__(self, directory: Path, port: int):
        self.data = directory / "data"
        self.port = port
        self.directory = directory
        # initdb and postgres refuse to run as root.
        self.as_postgres = [shutil.which("runuser"), "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(directory, "postgres")

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        self.run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.directory / "postgres.log"), "-w", "-t", "30", "start")  # fmt: skip

    def pid(self) -> int | None:
        pid_file = self.data / "postmaster.pid"
        return int(pid_file.read_text().split()[0]) if pid_file.exists() else None

    def stop(self) -> None:
        """Stop the postmaster by its PID: SIGINT is PostgreSQL's fast shutdown, SIGQUIT the immediate one."""
        pid = self.pid()
        if pid is None:
            return
        for sig, wait in ((signal.SIGINT, 20), (signal.SIGQUIT, 5), (signal.SIGKILL, 5)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            if _wait_until_gone(pid, wait):
                return


class Browser:
    """Cookies, CSRF and every status kept (urllib raises on 4xx and 5xx; we want to look at them)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str, accept: str = "text/html") -> tuple[int, dict, str]:
        return self._open(path, headers={"Accept": accept})

    def _open(self, path: str, **options) -> tuple[int, dict, str]:
        request = urllib.request.Request(self.base + path, **options)  # noqa: S310 (our own server, plain http)
        try:
            with self.opener.open(request, timeout=20) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def login(self, username: str) -> None:
        _status, _headers, page = self.get("/accesso/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _headers, page = self._open(
            "/accesso/", data=data.encode(), headers={"Referer": self.base + "/accesso/"}
        )
        assert status == 200 and 'name="login"' not in page, "the login failed"


def _italian(message: str) -> str:
    with translation.override("it"):
        return gettext(message)


SETUP = """
from django.contrib.auth.models import Group
from django.core.management import call_command
from accounts.models import User
call_command("migrate", interactive=False, verbosity=0)
user = User.objects.create_user("sara", password="{password}")
user.groups.add(Group.objects.get(name="social_worker"))
"""


@pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")
def test_a_database_outage_answers_503_and_the_app_recovers():
    directory = Path(tempfile.mkdtemp(prefix="rete-outage-"))
    cluster = Cluster(directory, _free_port())
    app_port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/rete_outage",
        "DEBUG": "0",
        "SECRET_KEY": "outage-test-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(directory / "static"),
        "DB_CONNECT_TIMEOUT": "2",
        "LOG_LEVEL": "WARNING",
    }
    started: list[subprocess.Popen] = []
    log = directory / "gunicorn.log"
    try:
        cluster.create()
        cluster.start()
        subprocess.run(
            [*cluster.as_postgres, str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-q", "-c", "CREATE DATABASE rete_outage"],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        # Migrating and collecting static files take the longest: side by side.
        manage = [sys.executable, "manage.py"]
        collect = subprocess.Popen([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env)
        started.append(collect)
        subprocess.run(
            [*manage, "shell", "-c", SETUP.format(password=PASSWORD)], cwd=ROOT, env=env, check=True, timeout=120
        )
        assert collect.wait(timeout=120) == 0

        # One sync worker: every request meets the same persistent database connection.
        with log.open("w") as output:
            server = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{app_port}", "-w", "1", "--timeout", "30"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        started.append(server)
        visitor = Browser(f"http://127.0.0.1:{app_port}")
        monitor = Browser(f"http://127.0.0.1:{app_port}")  # no session, as load balancers probe
        for _ in range(100):
            assert server.poll() is None, log.read_text()
            try:
                if monitor.get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        visitor.login("sara")

        # Up: a signed-in page and the readiness check answer normally.
        assert visitor.get("/")[0] == 200
        assert monitor.get("/readyz")[0] == 200

        # PostgreSQL restarts while the app is idle: the persistent connection is dead, and the health
        # check on it (CONN_HEALTH_CHECKS) replaces it before the first page uses it.
        cluster.stop()
        cluster.start()
        assert visitor.get("/")[0] == 200

        # Down: pages answer 503 in Italian with Retry-After, JSON asks get JSON, the process is alive.
        cluster.stop()
        references = []
        for path in ("/", "/territorio/organizzazioni/", "/casi/"):
            status, headers, page = visitor.get(path)
            assert status == 503, path
            assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
            assert "no-store" in headers["Cache-Control"]
            assert '<html lang="it">' in page
            assert _italian("Service temporarily unavailable") in page
            assert "Torna alla pagina iniziale" in page
            assert "Traceback" not in page and str(cluster.port) not in page
            references.append(re.search(r"<strong>([A-Z2-9]{8})</strong>", page).group(1))
        status, headers, body = visitor.get("/territorio/hsds.json", accept="*/*")
        assert status == 503 and headers["Content-Type"] == "application/json"
        references.append(json.loads(body)["reference"])
        status, headers, body = monitor.get("/readyz")
        assert status == 503
        assert json.loads(body)["checks"]["database"] == "fail"
        assert monitor.get("/healthz")[0] == 200

        # Up again: the same session works at once, and the app says it is ready.
        cluster.start()
        status, _headers, page = visitor.get("/")
        assert status == 200
        assert monitor.get("/readyz")[0] == 200

        # Each 503 was logged once, with the reference the user saw.
        server.terminate()
        server.wait(timeout=20)
        logged = log.read_text()
        for reference in references:
            assert logged.count(f"(reference {reference})") == 1, reference
    finally:
        for process in started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


def test_readyz_answers_503_when_the_job_queues_redis_does_not_answer(client, db, monkeypatch):
    from django_q.conf import Conf

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    # The queue configured for Redis (JOB_REDIS_URL), on a port where nothing listens.
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", f"redis://127.0.0.1:{closed_port}/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["job_queue"] == "fail"
