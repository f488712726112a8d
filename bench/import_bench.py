#!/usr/bin/env python
"""Time the import of the resource mapping: a 20,000-row file of organisations and one of opportunities.

    .venv/bin/python bench/import_bench.py                       # on rete_bench, prepared by `make bench`
    .venv/bin/python bench/import_bench.py --runs 1 --rows 2000  # a quick look

Each file goes through the two pages as an administrator uses them, in this process with Django's test
client (no gunicorn, so no worker timeout: the figures say how long the request itself takes): the
preview (upload and check every row) and the confirmation (check again, then write). A second file
changes one column of every record just imported, so its preview and confirmation measure the update
path. Each run happens inside a transaction rolled back at its end, so every run starts from the same
data. The figures are written as their own section of bench/RESULTS.md, the rest is kept.
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

from run import DEFAULT_DB, ROOT, environment, machine, manage

SECTION = "## Import of the resource mapping"
GOAL_SECONDS = 20.0


class Rollback(Exception):
    """Raised at the end of a run to undo everything it wrote."""


def setup_django(database_url: str) -> None:
    os.environ.update(environment(database_url))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="rete-import-bench-")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def numeric_code(n: int) -> str:
    """A well-formed 11-digit codice fiscale / partita IVA (check digit included), different for each n."""
    base = f"98{n:08d}"
    total = 0
    for i, char in enumerate(base):
        digit = int(char)
        if i % 2 == 1:
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return base + str((10 - total % 10) % 10)


def organisations_csv(rows: int, rnd: random.Random) -> str:
    """Rows as a coordinator would export them from a regional register: every column filled in."""
    from territory.choices import CooperativeType, OrganisationKind, PovertyDimensionCode, TargetGroupCode
    from territory.models import Area, AreaKind, Organisation

    taken = set(Organisation.objects.exclude(fiscal_code="").values_list("fiscal_code", flat=True))
    municipalities = list(Area.objects.filter(kind=AreaKind.MUNICIPALITY).values_list("istat_code", flat=True))
    area_names = list(Area.objects.values_list("name", flat=True))
    streets = ["Via Roma", "Via Garibaldi", "Corso Europa", "Via Mazzini", "Piazza della Libertà", "Via Matteotti"]
    words = ["Il Girasole", "La Rete", "Insieme", "Porte Aperte", "Il Ponte", "Arcobaleno", "San Vittore"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        ["name", "kind", "cooperative_type", "runts_number", "fiscal_code", "vat_number", "address", "postcode",
         "municipality_istat", "latitude", "longitude", "areas", "target_groups", "poverty_dimensions", "email",
         "phone", "website", "active"]
    )  # fmt: skip
    serial = 0
    for n in range(rows):
        serial += 1
        while numeric_code(serial) in taken:
            serial += 1
        kind = rnd.choice(OrganisationKind.values)
        code = numeric_code(serial)
        slug = f"org{n}"
        writer.writerow(
            [
                f"{rnd.choice(['Associazione', 'Cooperativa', 'Centro', 'Gruppo'])} {rnd.choice(words)} {n}",
                kind,
                rnd.choice(CooperativeType.values) if kind == OrganisationKind.SOCIAL_COOPERATIVE else "",
                f"{rnd.randint(10000, 999999)}" if kind in ("odv", "aps", "social_enterprise") else "",
                code,
                code if kind in ("social_cooperative", "business", "social_enterprise") else "",
                f"{rnd.choice(streets)} {rnd.randint(1, 200)}",
                f"20{rnd.randint(0, 999):03d}",
                rnd.choice(municipalities),
                f"{45.3 + rnd.random() * 0.5:.6f}",
                f"{8.8 + rnd.random() * 0.6:.6f}",
                "|".join(rnd.sample(area_names, rnd.randint(1, 2))),
                "|".join(rnd.sample(TargetGroupCode.values, rnd.randint(1, 3))),
                "|".join(rnd.sample(PovertyDimensionCode.values, rnd.randint(1, 2))),
                f"info@{slug}.example.it",
                f"02 {rnd.randint(1000000, 9999999)}",
                f"https://www.{slug}.example.it",
                "1",
            ]
        )
    return buffer.getvalue()


def opportunities_csv(rows: int, rnd: random.Random) -> str:
    """Rows of the existing organisations' projects, with a description and how to reach them."""
    from territory.choices import OpportunityKind, PovertyDimensionCode, TargetGroupCode
    from territory.models import Area, Organisation

    organisations = list(Organisation.objects.filter(active=True).order_by("pk").values_list("name", flat=True))
    area_names = list(Area.objects.values_list("name", flat=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        ["organisation", "title", "kind", "description", "areas", "target_groups", "poverty_dimensions",
         "capacity", "how_to_access", "start_date", "end_date", "active"]
    )  # fmt: skip
    start = date(2026, 1, 1)
    for n in range(rows):
        begins = start + timedelta(days=rnd.randint(0, 200))
        writer.writerow(
            [
                organisations[n % len(organisations)],
                # "Mappatura": no title of the seeded data, so every row creates an opportunity.
                f"{rnd.choice(['Doposcuola', 'Emporio solidale', 'Orto sociale', 'Sportello'])} {n} (mappatura 2026)",
                rnd.choice(OpportunityKind.values),
                "Incontri settimanali in piccoli gruppi, con volontari formati e un educatore; "
                "materiali e merenda a carico dell'associazione.",
                "|".join(rnd.sample(area_names, rnd.randint(1, 2))),
                "|".join(rnd.sample(TargetGroupCode.values, rnd.randint(1, 3))),
                "|".join(rnd.sample(PovertyDimensionCode.values, rnd.randint(1, 2))),
                str(rnd.randint(5, 40)),
                "Su invio del servizio sociale o presentandosi allo sportello il martedì 9-12.",
                begins.isoformat(),
                (begins + timedelta(days=rnd.randint(30, 365))).isoformat(),
                "1",
            ]
        )
    return buffer.getvalue()


def changed(text: str, column: str, new_value) -> str:
    """The same file with one column changed in every row, each to its own value: a re-import that
    updates every record, as after a yearly check of the register."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    index = rows[0].index(column)
    for number, row in enumerate(rows[1:]):
        row[index] = new_value(number, row[index])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue()


def timed(work) -> tuple[float, float, int, object]:
    """Seconds (elapsed, and of this process's CPU), and queries of `work()`, with what it returned.

    The CPU time leaves out the database server and whatever else the machine runs: on a shared
    machine it is the steadier figure. Queries are counted by a wrapper, not by Django's query log,
    which keeps only the last 9,000: that is how an import of 10,000 rows once seemed to run "9,000"."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return elapsed, cpu, count, result


def timed_step(client, url: str, data: dict | None, job: str) -> tuple[float, float, int, object]:
    """One step as the user and the worker see it: the request, then the job it queued (territory.jobs).

    The job is run here, in this process, as a worker of the job queue would run it.
    """
    from django.utils.module_loading import import_string

    from territory.models import ResourceImport

    def step():
        if client.post(url, data or {}).status_code != 302:
            raise SystemExit(f"{url} refused the step")
        pending = ResourceImport.objects.latest("pk")
        import_string(job)(pending.pk)
        pending.refresh_from_db()
        return pending

    return timed(step)


def import_file(client, kind: str, text: str, model, expected_new: int) -> dict:
    """Preview then confirm one file through the pages; refuse to report figures of a failed import."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    before = model.objects.count()
    upload = SimpleUploadedFile("mappatura.csv", text.encode(), content_type="text/csv")
    preview_s, preview_cpu, preview_q, pending = timed_step(
        client, reverse("territory:import_start"), {"kind": kind, "file": upload}, "territory.jobs.check_import"
    )
    if not pending.is_ready:
        raise SystemExit(f"the {kind} check did not accept the file ({pending.status}: {pending.errors[:3]})")
    confirm_s, confirm_cpu, confirm_q, pending = timed_step(
        client, reverse("territory:import_confirm", args=[pending.pk]), None, "territory.jobs.apply_import"
    )
    after = model.objects.count()
    if not pending.is_done or after != before + expected_new:
        raise SystemExit(
            f"the {kind} confirmation did not write the file ({pending.status}, "
            f"{after - before} new records, expected {expected_new})"
        )
    return {
        "preview": preview_s,
        "preview_cpu": preview_cpu,
        "preview_queries": preview_q,
        "confirm": confirm_s,
        "confirm_cpu": confirm_cpu,
        "confirm_queries": confirm_q,
    }


def run_once(client, user, kind: str, model, created_text: str, updated_text: str, rows: int) -> dict:
    from django.db import transaction

    figures = {}
    try:
        with transaction.atomic():
            # Signed in again before each file: the session ends after 30 idle minutes, which the old
            # import's requests could take.
            client.force_login(user)
            figures["create"] = import_file(client, kind, created_text, model, rows)
            client.force_login(user)
            figures["update"] = import_file(client, kind, updated_text, model, 0)
            raise Rollback
    except Rollback:
        pass
    return figures


def report(results: dict, sizes: dict, args, database: str, load: str) -> str:
    from django.conf import settings

    from territory.imports import MAX_BYTES

    lines = [
        SECTION,
        "",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/import_bench.py` on {machine()}; "
        f"load average before the run {load}.",
        f"Database: {database} ({settings.DATABASES['default']['NAME']}).",
        f"Each file has {args.rows:,} valid rows ("
        + ", ".join(f"{kind} {size / 1024 / 1024:.1f} MB" for kind, size in sizes.items())
        + f"; the upload limit is {MAX_BYTES / 1024 / 1024:g} MB). "
        "It goes through the preview page and the confirmation page in this process (Django's test client, "
        'DEBUG off, no gunicorn); "update" re-imports the same records with one column changed in every row. '
        f"Median of {args.runs} runs, each rolled back. CPU = this process's CPU time (not the database "
        "server's), steadier than the elapsed time when the machine is shared. Queries counted per request.",
        "",
        "| file | step | median s | min s | max s | CPU s | queries | goal | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for kind, runs in results.items():
        for scenario in ("create", "update"):
            for step in ("preview", "confirm"):
                times = [run[scenario][step] for run in runs]
                cpu = statistics.median(run[scenario][f"{step}_cpu"] for run in runs)
                queries = max(run[scenario][f"{step}_queries"] for run in runs)
                median = statistics.median(times)
                lines.append(
                    f"| {args.rows:,} {kind} ({scenario}) | {step} | {median:.1f} | {min(times):.1f} "
                    f"| {max(times):.1f} | {cpu:.1f} | {queries:,} | < {GOAL_SECONDS:g} s "
                    f"| {'yes' if median < GOAL_SECONDS else 'no'} |"
                )
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace this benchmark's section of RESULTS.md, or add it; bench/run.py's part stays as it is."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", default="organisations,opportunities")
    parser.add_argument("--no-write", action="store_true", help="print the figures, leave RESULTS.md alone")
    args = parser.parse_args()
    # The pages render with the production static storage (DEBUG off), which needs the manifest.
    manage(environment(args.database_url), "collectstatic", "--no-input", "-v0")
    setup_django(args.database_url)

    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from territory.models import Opportunity, Organisation

    rnd = random.Random(2026)  # noqa: S311 (test data, not secrets)
    files = {
        "organisations": (Organisation, organisations_csv(args.rows, rnd), "phone", lambda n, old: f"02 {n:07d}"),
        "opportunities": (Opportunity, opportunities_csv(args.rows, rnd), "capacity", lambda n, old: str(int(old) + 1)),
    }
    client, user = Client(), User.objects.get(username="admin")
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    results, sizes = {}, {}
    for kind in args.kinds.split(","):
        model, text, column, new_value = files[kind]
        sizes[kind] = len(text.encode())
        updated_text = changed(text, column, new_value)
        results[kind] = []
        for run in range(args.runs):
            figures = run_once(client, user, kind, model, text, updated_text, args.rows)
            results[kind].append(figures)
            print(
                f"{kind} run {run + 1}: "
                + ", ".join(
                    f"{scenario} {step} {figures[scenario][step]:.1f}s ({figures[scenario][step + '_cpu']:.1f}s CPU)"
                    f" {figures[scenario][step + '_queries']}q"
                    for scenario in ("create", "update")
                    for step in ("preview", "confirm")
                ),
                flush=True,
            )
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    section = report(results, sizes, args, database, load)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
