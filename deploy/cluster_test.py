#!/usr/bin/env python
"""The cluster test: Rete on several servers, as README "Deployment: scaling out" describes, on one machine.

    .venv/bin/python deploy/cluster_test.py [--database-url postgres://postgres@127.0.0.1:5432/rete_cluster]

Needs Debian's nginx and redis-server (`apt-get install -y nginx redis-server`), PostgreSQL reachable at the
given address by a role that may create databases, and the development requirements (the data is made with
tests/factories.py). Everything listens on 127.0.0.1 only, on spare ports:

- a fresh PostgreSQL database (dropped at the end), its own Redis (cache and job queue),
- two gunicorn servers (A and B) and two job workers (`manage.py qcluster`),
- nginx in front, its site made from deploy/nginx/rete.conf (TLS and the port-80 server taken out).

Then it checks that figures computed through A are served from the cache through B (same "computed at"); an
import previewed on A is confirmed on B; a document uploaded on A downloads from B; minutes sent with both
workers running reach each member exactly once (Django's file e-mail backend in a shared folder); and that
killing server A and worker A during a load run through nginx (USERS threads, about DURATION seconds) loses
no acknowledged write and that errors stop within RECOVERY_SECONDS. It prints the figures, stops everything it
started by process id (each in its own process group), and exits non-zero on a failed check.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import closing, suppress
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = Path(sys.executable)
RECOVERY_SECONDS = 5.0
LOAD_ACCOUNTS = 10
PASSWORD = "password-di-prova"  # noqa: S105 (tests/factories.py's password, for users of a throwaway database)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


class CheckFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    print(f"  ok: {message}")


def spare_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def program(name: str) -> str:
    found = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if Path(p).exists()), None)
    if not found:
        sys.exit(f"cluster test: {name} is missing (apt-get install -y nginx redis-server)")
    return found


class Processes:
    """What this script started, each in its own process group, stopped by its id."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 (our own programs, no shell)
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started[name] = process
        return process

    def kill(self, name: str) -> None:
        """As a crash would: SIGKILL to the process and its children (gunicorn's workers, qcluster's)."""
        process = self.started[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.started.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.started.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        # Children a SIGTERM left behind (qcluster's workers) go with their group.
        for process in self.started.values():
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def wait_for(url: str, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise CheckFailed(f"{url} never answered 200")


def until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise CheckFailed(f"gave up waiting: {what}")


def nginx_site(port: int, servers: list[str], folder: Path, static_root: Path) -> str:
    """deploy/nginx/rete.conf on plain HTTP on 127.0.0.1:port, with our upstream servers and folders."""
    site = (ROOT / "deploy" / "nginx" / "rete.conf").read_text()
    # The port-80 server (redirect to HTTPS) goes; the HTTPS one listens on our port without TLS.
    site = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", site, count=1, flags=re.DOTALL)
    site = re.sub(r"^ *listen \[::\].*\n", "", site, flags=re.MULTILINE)
    site = re.sub(r"^ *listen 443.*\n", f"    listen 127.0.0.1:{port};\n", site, flags=re.MULTILINE)
    site = re.sub(r"^ *ssl_.*\n", "", site, flags=re.MULTILINE)
    site = re.sub(r"^ *# ?server \d.*\n", "", site, flags=re.MULTILINE)
    upstream = "".join(f"    server {server} max_fails=1 fail_timeout=10s;\n" for server in servers)
    site = re.sub(r"^ *server 127\.0\.0\.1:8000 .*\n", upstream, site, flags=re.MULTILINE)
    site = site.replace("/var/log/nginx/", f"{folder}/").replace("/var/lib/rete/static/", f"{static_root}/")
    directives = re.sub(r"#.*", "", site)
    if "listen 443" in directives or "ssl_certificate" in directives or ":8000" in directives:
        raise CheckFailed("deploy/nginx/rete.conf changed shape: adapt nginx_site()")
    return (
        f"pid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  client_body_temp_path {folder}/body;\n"
        f"  proxy_temp_path {folder}/proxy;\n  fastcgi_temp_path {folder}/fastcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n"
        f"  scgi_temp_path {folder}/scgi;\n{site}\n}}\n"
    )


class Browser:
    """A signed-in user; the session cookie works on every server (sessions are in the database)."""

    def __init__(self, username: str):
        import requests

        self.session = requests.Session()
        self.username = username

    def sign_in(self, base: str) -> "Browser":
        from django.urls import reverse

        self.session.get(base + reverse("login"), timeout=10)
        response = self.post(base + reverse("login"), {"login": self.username, "password": PASSWORD})
        if response.status_code != 302:
            raise CheckFailed(f"{self.username} could not sign in ({response.status_code})")
        return self

    def post(self, url: str, data: dict, files: dict | None = None, timeout: float = 15):
        token = self.session.cookies.get("csrftoken", "")
        return self.session.post(
            url, data=data, files=files, headers={"X-CSRFToken": token}, allow_redirects=False, timeout=timeout
        )

    def get(self, url: str, **kwargs):
        return self.session.get(url, timeout=kwargs.pop("timeout", 15), **kwargs)


def make_data() -> dict:
    """The people and records of the checks, written with the test factories straight into the database."""
    from django.utils import timezone

    from accounts.roles import ADMIN, COORDINATOR, SOCIAL_WORKER
    from community.choices import MinutesStatus
    from tests.factories import (
        AreaFactory,
        CaseFactory,
        CommunityActionFactory,
        MeetingFactory,
        PersonFactory,
        TableFactory,
        TableMemberFactory,
        TeamFactory,
        UserFactory,
    )

    team = TeamFactory(name="Équipe Cluster")
    worker = UserFactory(username="cluster.assistente", team=team, role=SOCIAL_WORKER)
    admin = UserFactory(username="cluster.admin", team=None, role=ADMIN, second_factor=False)
    coordinator = UserFactory(username="cluster.coordinatore", team=team, role=COORDINATOR, second_factor=False)
    loaders = [UserFactory(username=f"cluster.carico{n}", team=team, role=SOCIAL_WORKER) for n in range(LOAD_ACCOUNTS)]
    municipality = AreaFactory(municipality=True, name="Rho", istat_code="015182")
    case = CaseFactory(person=PersonFactory(team=team), team=team, responsible=worker)
    for _ in range(3):
        CommunityActionFactory()
    meeting = MeetingFactory(table=TableFactory(coordinator=coordinator))
    members = [TableMemberFactory(table=meeting.table, email=f"membro{n}@cluster.example.it") for n in range(6)]
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_by = coordinator
    meeting.approved_at = timezone.now()
    meeting.save()
    return {
        "worker": worker.username,
        "admin": admin.username,
        "coordinator": coordinator.username,
        "loaders": [user.username for user in loaders],
        "municipality": municipality,
        "case": case,
        "meeting": meeting,
        "member_addresses": sorted(member.email for member in members),
    }


def mail_recipients(folder: Path) -> list[str]:
    """One entry per message Django's file backend wrote, in every file of the shared folder."""
    return [
        line.removeprefix("To: ").strip()
        for path in folder.iterdir()
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("To: ")
    ]


def check_figures(data: dict, a: str, b: str) -> None:
    from django.urls import reverse

    print("Indicators: computed through A, served from the shared cache through B")
    user = Browser(data["worker"]).sign_in(a)
    pattern = re.compile(r'data-computed-at="([^"]+)"')
    first = pattern.search(user.get(a + reverse("indicators:dashboard")).text)
    check(first is not None, "server A shows when its figures were computed")
    time.sleep(1.1)
    again = pattern.search(user.get(b + reverse("indicators:dashboard")).text)
    check(
        again is not None and again.group(1) == first.group(1),
        f"server B shows the same 'computed at' ({first.group(1)})",
    )


def check_import(data: dict, a: str, b: str, title: str = "Import: previewed on A, confirmed on B") -> None:
    from django.urls import reverse

    from territory.choices import ImportStatus
    from territory.models import Organisation, ResourceImport

    print(title)
    admin = Browser(data["admin"]).sign_in(a)
    marker = uuid.uuid4().hex[:8]
    rows = "name;kind;municipality_istat;active\n" + "".join(
        f"Associazione {marker} {n};odv;015182;1\n" for n in range(3)
    )
    response = admin.post(
        a + reverse("territory:import_start"),
        {"kind": "organisations"},
        files={"file": ("mappatura.csv", rows.encode(), "text/csv")},
    )
    check(response.status_code == 302, "the file is accepted on A")
    pending = ResourceImport.objects.latest("pk")
    until(
        lambda: ResourceImport.objects.filter(pk=pending.pk).exclude(status=ImportStatus.CHECKING).exists(),
        60,
        "the import's check",
    )
    pending.refresh_from_db()
    check(
        pending.status == ImportStatus.CHECKED, f"a worker checked it ({pending.status}, errors {pending.errors[:3]})"
    )
    preview = admin.get(a + reverse("territory:import_detail", args=[pending.pk]))
    check(preview.status_code == 200 and f"Associazione {marker} 0" in preview.text, "A shows the preview")
    confirmed = admin.post(b + reverse("territory:import_confirm", args=[pending.pk]), {})
    check(confirmed.status_code == 302, "B accepts the confirmation")
    until(lambda: ResourceImport.objects.filter(pk=pending.pk, status=ImportStatus.DONE).exists(), 60, "the import")
    imported = Organisation.objects.filter(name__startswith=f"Associazione {marker}").count()
    check(imported == 3, "the three organisations are in the database")


def check_document(data: dict, a: str, b: str) -> None:
    from django.urls import reverse

    from documents.models import Document

    print("Document: uploaded on A, downloaded from B")
    user = Browser(data["worker"]).sign_in(a)
    case = data["case"]
    url = a + reverse("documents:create", args=[case._meta.label_lower, case.pk])
    response = user.post(url, {"title": "Consenso"}, files={"file": ("consenso.pdf", PDF, "application/pdf")})
    check(response.status_code == 302, "A stores the document")
    document = Document.objects.latest("pk")
    download = user.get(b + document.get_absolute_url())
    check(download.status_code == 200 and download.content == PDF, "B serves the same bytes")


def check_minutes(data: dict, a: str, mail: Path) -> None:
    from django.urls import reverse

    from community.choices import MinutesStatus

    print("Minutes: sent with both workers running, each member once")
    coordinator = Browser(data["coordinator"]).sign_in(a)
    meeting = data["meeting"]
    response = coordinator.post(
        a + reverse("community:minutes_status", args=[meeting.pk]), {"to_status": MinutesStatus.SENT}
    )
    check(response.status_code == 302, "the coordinator sends the minutes")
    expected = data["member_addresses"]
    until(lambda: len(mail_recipients(mail)) >= len(expected), 120, "the minutes' e-mails")
    # Long enough for a second delivery, if there were one, to show up.
    time.sleep(5)
    recipients = sorted(r for r in mail_recipients(mail) if r.endswith("@cluster.example.it"))
    check(recipients == expected, f"{len(expected)} members, {len(recipients)} messages, one each")


def load_run(data: dict, front: str, users: int, duration: float, kill_at: float, processes: Processes) -> dict:
    """USERS threads create organisations and read lists through nginx; A and worker A die at kill_at."""
    from django.urls import reverse

    create = front + reverse("territory:organisation_create")
    listing = front + reverse("territory:organisation_list")
    # allauth allows 30 logins a minute from one address, and every user here is 127.0.0.1: ten accounts sign
    # in, and the USERS threads share their sessions, each with its own connection.
    signed_in = [Browser(username).sign_in(front) for username in data["loaders"][:LOAD_ACCOUNTS]]
    browsers = []
    for n in range(users):
        browser = Browser(signed_in[n % len(signed_in)].username)
        browser.session.cookies.update(signed_in[n % len(signed_in)].session.cookies)
        browsers.append(browser)
    municipality = data["municipality"].pk
    results: list[tuple[float, bool, str]] = []  # (seconds since start, ok, what)
    acknowledged: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + duration

    def user(browser: Browser, n: int) -> None:
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            name = f"Carico {n}-{i} {uuid.uuid4().hex[:6]}"
            try:
                if i % 2:
                    response = browser.post(
                        create,
                        {
                            "name": name,
                            "kind": "odv",
                            "municipality": municipality,
                            "areas_served": [municipality],
                            "active": "on",
                        },
                    )
                    ok = response.status_code == 302 and "/organizzazioni/" in response.headers.get("Location", "")
                    what = f"POST {response.status_code}"
                else:
                    response = browser.get(listing)
                    ok, what = response.status_code == 200, f"GET {response.status_code}"
            except Exception as error:  # a refused or cut connection is an error like a 502
                ok, what = False, type(error).__name__
            with lock:
                results.append((time.monotonic() - start, ok, what))
                if ok and i % 2:
                    acknowledged.append(name)
            time.sleep(0.05)

    threads = [threading.Thread(target=user, args=(browser, n), daemon=True) for n, browser in enumerate(browsers)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start + kill_at - time.monotonic()))
    killed_at = time.monotonic() - start
    processes.kill("gunicorn-a")
    processes.kill("worker-a")
    print(f"  killed server A and worker A at {killed_at:.1f} s")
    for thread in threads:
        thread.join(timeout=duration + 60)
    errors_before = [r for r in results if not r[1] and r[0] < killed_at]
    errors_after = [r for r in results if not r[1] and r[0] >= killed_at]
    last_error = max((r[0] for r in errors_after), default=killed_at)
    return {
        "requests": len(results),
        "errors_before_kill": len(errors_before),
        "errors_during_kill": len(errors_after),
        "recovery_seconds": last_error - killed_at,
        "error_kinds": sorted({r[2] for r in errors_before + errors_after}),
        "acknowledged": acknowledged,
        "seconds": time.monotonic() - start,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/rete_cluster")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) and the database")
    args = parser.parse_args()

    nginx, redis = program("nginx"), program("redis-server")
    folder = Path(tempfile.mkdtemp(prefix="rete-cluster-"))
    for sub in ("media", "mail", "static", "logs"):
        (folder / sub).mkdir()
    ports = {name: spare_port() for name in ("redis", "a", "b", "nginx")}
    database = urlsplit(args.database_url)
    name = database.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        sys.exit("cluster test: the database name must be a plain lower-case name")
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"

    import psycopg2

    def admin_sql(statement: str) -> None:
        connection = psycopg2.connect(admin_url)
        connection.autocommit = True
        with closing(connection), connection.cursor() as cursor:
            cursor.execute(statement)

    admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {name}")

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_", "JOB_", "EMAIL_"))},
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": "cluster-test-" + uuid.uuid4().hex,
        "DEBUG": "0",
        "DEMO": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "MFA_REQUIRED_ROLES": "",
        "TRUSTED_PROXIES": "127.0.0.1",
        "CACHE_URL": f"redis://127.0.0.1:{ports['redis']}/1",
        "JOB_REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        "JOB_WORKERS": "2",
        "STORAGE_BACKEND": "local",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
        # Many requests from one address (127.0.0.1) in a minute: not an attack here.
        "AXES_FAILURE_LIMIT": "1000",
    }
    processes = Processes(folder / "logs")
    failed = False
    try:
        processes.start(
            "redis",
            [
                redis,
                "--port",
                str(ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            env,
        )
        manage = [str(PYTHON), "manage.py"]
        for command in (["createcachetable"], ["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True)  # noqa: S603

        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        data = make_data()

        gunicorn = str(PYTHON.parent / "gunicorn")
        for server in ("a", "b"):
            processes.start(
                f"gunicorn-{server}",
                [
                    gunicorn,
                    "config.wsgi:application",
                    "-b",
                    f"127.0.0.1:{ports[server]}",
                    "--access-logfile",
                    str(folder / "logs" / f"access-{server}.log"),
                ],
                env,
            )
            processes.start(f"worker-{server}", manage + ["qcluster"], env)
        (folder / "nginx.conf").write_text(
            nginx_site(
                ports["nginx"], [f"127.0.0.1:{ports['a']}", f"127.0.0.1:{ports['b']}"], folder, folder / "static"
            )
        )
        processes.start("nginx", [nginx, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"], env)
        a, b, front = (f"http://127.0.0.1:{ports[p]}" for p in ("a", "b", "nginx"))
        for base in (a, b, front):
            wait_for(base + "/readyz")
        print(f"Cluster up: A {a}, B {b}, nginx {front}, Redis :{ports['redis']}, database {name}, folder {folder}")

        check_figures(data, a, b)
        check_import(data, a, b)
        check_document(data, a, b)
        check_minutes(data, a, folder / "mail")

        print(f"Load: {args.users} users through nginx for {args.duration:.0f} s, killing server A and worker A")
        figures = load_run(data, front, args.users, args.duration, kill_at=args.duration / 3, processes=processes)
        from territory.models import Organisation

        stored = set(Organisation.objects.filter(name__in=figures["acknowledged"]).values_list("name", flat=True))
        lost = len(figures["acknowledged"]) - len(stored)
        print(
            f"  requests: {figures['requests']} in {figures['seconds']:.0f} s; acknowledged writes: "
            f"{len(figures['acknowledged'])}, lost: {lost}; errors before the kill: {figures['errors_before_kill']}, "
            f"during the kill: {figures['errors_during_kill']}; recovery: {figures['recovery_seconds']:.2f} s "
            f"{figures['error_kinds'] or ''}"
        )
        check(figures["errors_before_kill"] == 0, "no error before the kill")
        check(lost == 0, "every acknowledged write is in the database")
        check(figures["recovery_seconds"] <= RECOVERY_SECONDS, f"errors stopped within {RECOVERY_SECONDS:.0f} s")
        check(len(figures["acknowledged"]) > 0, "writes were acknowledged")
        check_import(data, front, front, "After the kill: an import through nginx, checked and written by worker B")
    except CheckFailed as error:
        failed = True
        print(f"CLUSTER TEST FAILED: {error}\n  logs in {folder / 'logs'}", file=sys.stderr)
    finally:
        processes.stop_all()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            if not failed:
                shutil.rmtree(folder, ignore_errors=True)
    if not failed:
        print("Cluster test passed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
