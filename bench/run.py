#!/usr/bin/env python
"""Benchmark the main pages against a floor view, under gunicorn, on the large or the huge data set.

    .venv/bin/python bench/run.py --prepare      # once: fresh PostgreSQL database + seed_demo --size large
    .venv/bin/python bench/run.py                # measure, print the table, write its section of bench/RESULTS.md
    .venv/bin/python bench/run.py --volume huge  # the same on ten times the volume (rete_bench_huge)

Every page is measured in the same run as the floor (the full middleware stack, one indexed query, a
tiny template), so the ratios say what our own code costs on this machine. Requests go only to
127.0.0.1 and the run is bounded in count and time.
"""

import argparse
import http.cookiejar
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import results  # bench/results.py: RESULTS.md's sections

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = "postgres://postgres@127.0.0.1:5432/"
# Each volume's database and the seed_demo size that fills it (--prepare).
DATABASES = {"large": "rete_bench", "huge": "rete_bench_huge"}
PASSWORD = "rete-demo-2026"  # noqa: S105 (the demo users' password, printed by make run)
# Ratio to the floor (issue 20); a dashboard must also answer its first, cold request within COLD_LIMIT.
GOALS = {"list": 2.0, "detail": 3.0, "dashboard": 3.0}
COLD_LIMIT = 0.3
# At the huge volume a list may take this much longer than at the large one: its ratio to the floor over its
# ratio to the floor in the large run (see report()).
FLAT = 1.2
RESULTS = ROOT / "bench" / "RESULTS.md"


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # Routes the floor view, which production never serves.
        "BENCH": "1",
        # gunicorn.conf.py's worker timeout: a cold figure at the huge volume may take longer than production's
        # 30 s; measured (and shown past 30 s) rather than cut off with a 500 that would stop the run.
        "GUNICORN_TIMEOUT": "180",
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def prepare(database_url: str, volume: str) -> None:
    name = urllib.parse.urlparse(database_url).path.lstrip("/")
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(
        ["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], check=True
    )
    env = environment(database_url)
    manage(env, "createcachetable")
    manage(env, "migrate", "--no-input", "-v0")
    started = time.monotonic()
    # seed_demo runs only with DEBUG (its users share a published password); the server measured later runs
    # without it, like production.
    seed_env = {**env, "DEBUG": "1", "DEMO": "1"}
    print(manage(seed_env, "seed_demo", "--size", volume).strip().splitlines()[-1])
    print(f"seed_demo --size {volume} took {time.monotonic() - started:.0f}s in all")
    # The indicators' monthly rollup, as the job worker builds it beside the servers (indicators/jobs.py):
    # a cold page (its cached figures cleared) reads it, as it would in production.
    started = time.monotonic()
    manage(env, "shell", "-c", "from indicators import rollup; rollup.rebuild()")
    print(f"indicators rollup built in {time.monotonic() - started:.0f}s")


def facts(env: dict) -> dict:
    """A worker of a large team, one of their cases, a directory record and a meeting they see, and the volumes:
    read with Django itself."""
    code = (
        "from accounts.models import User; from cases.models import Case, Person, Referral; "
        "from community.models import CommunityAction, Table, Meeting; from territory.models import Organisation; "
        "from django.db import connection; "
        "u = User.objects.filter(username__startswith='operatore').order_by('pk').first(); "
        "c = Case.objects.filter(team=u.team).order_by('-pk').first(); "
        "o = Organisation.objects.visible_to(u).order_by('-pk').first(); "
        "m = Meeting.objects.visible_to(u).order_by('-pk').first(); "
        "cur = connection.cursor(); cur.execute('select version()'); "
        "print(u.username, c.pk, o.pk, m.pk, Person.objects.count(), Case.objects.count(), Referral.objects.count(), "
        "CommunityAction.objects.count(), Organisation.objects.count(), Table.objects.count(), Meeting.objects.count(), "
        "'|', cur.fetchone()[0])"
    )
    out = manage(env, "shell", "-c", code).strip().splitlines()[-1]
    left, version = out.split("|")
    username, case, organisation, meeting, *volumes = left.split()
    keys = ["people", "cases", "referrals", "community actions", "organisations", "tables", "meetings"]
    return {
        "username": username,
        "case": int(case),
        "organisation": int(organisation),
        "meeting": int(meeting),
        "volumes": dict(zip(keys, map(int, volumes), strict=True)),
        "database": version.strip(),
    }


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.queries = ""  # the last answer's query count (X-Bench-Queries, core/bench.py)

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=60) as response:  # noqa: S310 (loopback only)
            self.queries = response.headers.get("X-Bench-Queries", "")
            return response.status, response.read()

    def login(self, username: str) -> None:
        _status, body = self.get("/accesso/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode({"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + "/accesso/", data=data, headers={"Referer": self.base + "/accesso/"}
        )
        with self.opener.open(request, timeout=60) as response:  # noqa: S310
            if "/accesso/" in response.geturl():
                raise SystemExit(f"login failed for {username}")


def measure(session: Session, path: str, requests: int) -> tuple[float, list[float]]:
    """The first request (cold: cached figures are computed there), then the timed ones after warm-up."""
    started = time.perf_counter()
    session.get(path)
    first = time.perf_counter() - started
    for _ in range(2):
        session.get(path)  # warm the other gunicorn worker too
    times, counts = [], []
    for _ in range(requests):
        started = time.perf_counter()
        status, _body = session.get(path)
        times.append(time.perf_counter() - started)
        counts.append(session.queries)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    # The count most requests ran: once a minute a request also re-saves the session (core/sessions.py).
    session.queries = statistics.mode(counts)
    return first, times


def clear_shared_cache(env: dict) -> None:
    """Empty the cache every server process shares, so that a page's first request computes its figures."""
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")


def throughput(sessions: list, path: str, requests: int) -> float:
    concurrency = len(sessions)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda i: sessions[i % concurrency].get(path), range(requests)))
    return requests / (time.perf_counter() - started)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    return f"{os.cpu_count()} cores, {cpu}, {memory} RAM, Python {platform.python_version()}"


def start_server(env: dict, port: int, workers: int, **popen) -> subprocess.Popen:
    """gunicorn on 127.0.0.1 with the project's settings, once it answers its health check."""
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env, **popen,
    )  # fmt: skip
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)  # noqa: S310
            break
        except OSError:
            time.sleep(0.5)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volume", choices=list(DATABASES), default="large", help="the data set (default: large)")
    parser.add_argument("--database-url", help="default: the volume's database (rete_bench, rete_bench_huge)")
    parser.add_argument(
        "--prepare", action="store_true", help="recreate the database and load the volume's data set first"
    )
    parser.add_argument("--requests", type=int, default=30, help="sequential requests per page (after 3 warm-up)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the machine has 2 cores)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    args.database_url = args.database_url or SERVER + DATABASES[args.volume]
    if args.prepare:
        prepare(args.database_url, args.volume)
    env = environment(args.database_url)
    manage(env, "collectstatic", "--no-input", "-v0")
    info = facts(env)
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(env, args.port, args.workers)
    try:
        session = Session(base)
        session.login(info["username"])
        # Signed in once for the whole run: the sign-in is rate limited per address (allauth), as it should be.
        concurrent = [Session(base) for _ in range(args.concurrency)]
        for each in concurrent:
            each.login(info["username"])
        pages = [
            ("floor", "floor", "/bench/floor/"),
            ("case list (team)", "list", "/casi/?mine=false"),
            ("case detail", "detail", f"/casi/{info['case']}/"),
            ("organisation list", "list", "/territorio/organizzazioni/"),
            ("organisation detail", "detail", f"/territorio/organizzazioni/{info['organisation']}/"),
            ("opportunity list", "list", "/territorio/opportunita/"),
            ("follow-ups", "list", "/casi/scadenze/"),
            ("community log", "list", "/comunita/"),
            ("meeting page", "detail", f"/comunita/incontri/{info['meeting']}/"),
            ("search organisations", "search", "/territorio/organizzazioni/?q=rossi"),
            ("search people", "search", "/casi/persone/?q=rossi"),
            ("search cases", "search", "/casi/?mine=false&q=rossi"),
            ("header search", "search", "/cerca/?q=rossi"),
            ("header search, a typo", "search", "/cerca/?q=rosi"),
            ("indicators dashboard", "dashboard", "/indicatori/"),
            ("collaborations", "dashboard", "/indicatori/collaborazioni/"),
        ]
        rows = []
        for label, kind, path in pages:
            if kind == "dashboard":
                clear_shared_cache(env)
            first, times = measure(session, path, args.requests)
            rps = throughput(concurrent, path, args.requests * 2)
            rows.append(
                (label, kind, path, first, statistics.median(times), statistics.quantiles(times, n=20)[-1], rps)
                + (session.queries,)
            )
            print(f"{label:<24} median {statistics.median(times) * 1000:7.1f} ms", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(rows, info, args)


def report(rows, info, args) -> None:
    """Rewrite this volume's section of RESULTS.md; the other volume's and the other benchmarks' stay."""
    floor = rows[0][4]
    heading = f"## Pages, {args.volume} volume"
    # At the huge volume each page is also set against the large volume's section, each run measured by its own
    # floor: the two runs are minutes apart, and this machine's speed moved by a third between runs (the floor,
    # a lookup by primary key, took 2.5 ms in one and 4.3 ms in another), which moves the floor as much as the page.
    large = results.column(RESULTS.read_text(), "## Pages, large volume", "median ms") if args.volume == "huge" else {}
    large_floor = large.get("floor")
    flat = " ratio to large | goal | met |" if large else ""
    lines = [
        heading,
        "",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/run.py --volume {args.volume}` on {machine()}.",
        f"Database: {urllib.parse.urlparse(args.database_url).path.lstrip('/')}, {info['database']}.",
        "Data: " + ", ".join(f"{count:,} {name}" for name, count in info["volumes"].items()) + ".",
        f"Server: gunicorn, {args.workers} workers, DEBUG off, on 127.0.0.1. Each page: a first (cold) request, "
        "2 more to warm up, then "
        f"{args.requests} sequential requests (median, p95), then {args.requests * 2} requests from {args.concurrency} "
        "concurrent clients (throughput). Queries: the count most of its timed requests ran (X-Bench-Queries, core/bench.py; once a minute a request also re-saves the session). "
        "Ratio = the page's median / the floor's median, measured in the same run."
        + (
            " Ratio to large = the page's ratio to the floor here / its ratio to the floor in the large volume's "
            "section (each run's own floor takes out the machine's speed on the day; raw medians: the two tables)."
            if large
            else ""
        ),
        "",
        "| page | kind | first request ms | median ms | p95 ms | req/s | queries | ratio to floor | goal | met |"
        + flat,
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
        + (" ---: | ---: | --- |" if large else ""),
    ]
    for label, kind, _path, first, median, p95, rps, queries in rows:
        ratio = median / floor
        goal = GOALS.get(kind)
        if kind == "search":
            met = "yes" if median < 0.1 else "no"
            goal_text = "< 100 ms"
        elif kind == "dashboard":
            met = "yes" if ratio <= goal and first <= COLD_LIMIT else "no"
            goal_text = f"≤ {goal:g}×, first ≤ {COLD_LIMIT * 1000:.0f} ms"
        elif goal:
            met = "yes" if ratio <= goal else "no"
            goal_text = f"≤ {goal:g}×"
        else:
            met, goal_text = "", ""
        line = (
            f"| {label} | {kind} | {first * 1000:.1f} | {median * 1000:.1f} | {p95 * 1000:.1f} | {rps:.1f} | {queries} "
            f"| {ratio:.2f} | {goal_text} | {met} |"
        )
        if large:
            before = large.get(label)
            grown = ratio / (before / large_floor) if before and large_floor else None
            if grown and kind == "list":
                line += f" {grown:.2f} | ≤ {FLAT:g}× | {'yes' if grown <= FLAT else 'no'} |"
            else:
                line += f" {grown:.2f} | | |" if grown else " | | |"
        lines.append(line)
    section = "\n".join(lines) + "\n"
    print(section)
    results.write_section(RESULTS, section)


if __name__ == "__main__":
    main()
