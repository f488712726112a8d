#!/usr/bin/env python
"""The load test: 30 signed-in workers browsing the main pages at once, under gunicorn, with locust.

    .venv/bin/pip install -r requirements/bench.txt    # once: locust
    .venv/bin/python bench/load.py                      # on the large volume (bench/run.py --prepare made it)

It starts the server as bench/run.py does, runs bench/locustfile.py headless (the users are spawned slowly
enough for allauth's limit of 30 sign-ins a minute from one address), keeps the figures of the steady part
only (after every user has signed in) and writes them as the "Load test" section of bench/RESULTS.md.
"""

import argparse
import csv
import os
import shutil
import subprocess
import tempfile
import urllib.parse
from datetime import datetime
from pathlib import Path

import results  # bench/results.py: RESULTS.md's sections
from run import DATABASES, PYTHON, RESULTS, ROOT, SERVER, environment, facts, machine, manage, start_server

SECTION = "## Load test"


def locust_command(given: str | None) -> str:
    if given:
        return given
    beside = Path(PYTHON).parent / "locust"
    found = str(beside) if beside.exists() else shutil.which("locust")
    if not found:
        raise SystemExit("locust is not installed: .venv/bin/pip install -r requirements/bench.txt")
    return found


def run_locust(args, info: dict, folder: Path) -> list[dict]:
    ramp = args.users / args.spawn_rate
    env = {
        **os.environ,
        "BENCH_USERNAME": info["username"],
        "BENCH_CASE": str(info["case"]),
        "BENCH_ORGANISATION": str(info["organisation"]),
        "BENCH_MEETING": str(info["meeting"]),
    }
    subprocess.run(
        [locust_command(args.locust), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
         "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{ramp + args.duration:.0f}s",
         # The figures start again once every user is spawned (and signed in): the steady part only.
         "--reset-stats", "--host", f"http://127.0.0.1:{args.port}", "--csv", str(folder / "load"),
         "--exit-code-on-error", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    with open(folder / "load_stats.csv", newline="") as stats:
        return list(csv.DictReader(stats))


def report(rows: list[dict], info: dict, args) -> str:
    lines = [
        SECTION,
        "",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/load.py --volume {args.volume}` on {machine()}.",
        f"Database: {urllib.parse.urlparse(args.database_url).path.lstrip('/')}, {info['database']}.",
        "Data: " + ", ".join(f"{count:,} {name}" for name, count in info["volumes"].items()) + ".",
        f"Server: gunicorn, {args.workers} workers, DEBUG off, on 127.0.0.1, with locust on the same machine. "
        f"{args.users} workers (locust users) each sign in once, spawned {args.spawn_rate:g} a second, then browse the "
        "pages below with a pause of 1 to 3 s between pages (bench/locustfile.py); the figures are those of the "
        f"{args.duration} s after the last one signed in. Failures: answers other than 2xx/3xx, or errors.",
        "",
        "| page | requests | failures | median ms | p95 ms | max ms | req/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        name = "all pages" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['50%']):.0f} | "
            f"{float(row['95%']):.0f} | {float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volume", choices=list(DATABASES), default="large", help="the data set (default: large)")
    parser.add_argument("--database-url", help="default: the volume's database (rete_bench, rete_bench_huge)")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=0.4, help="users started a second (sign-ins: 30/min)")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured once every user is in")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the machine has 2 cores)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--locust", help="the locust command (default: beside this Python, else on the PATH)")
    args = parser.parse_args()
    args.database_url = args.database_url or SERVER + DATABASES[args.volume]
    env = environment(args.database_url)
    manage(env, "collectstatic", "--no-input", "-v0")
    info = facts(env)
    # Without the access log: 30 users' requests would fill the terminal.
    server = start_server(env, args.port, args.workers, stdout=subprocess.DEVNULL)
    try:
        with tempfile.TemporaryDirectory() as folder:
            rows = run_locust(args, info, Path(folder))
    finally:
        server.terminate()
        server.wait(timeout=30)
    section = report(rows, info, args)
    print(section)
    results.write_section(RESULTS, section)


if __name__ == "__main__":
    main()
