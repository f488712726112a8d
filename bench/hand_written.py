#!/usr/bin/env python
"""How near the floor a list can come: the organisation list against the same page written by hand.

    .venv/bin/python bench/hand_written.py    # on the large data set (rete_bench, bench/run.py --prepare)

Issue 20 asks for every list within 2x the floor. This measures, in one process and interleaved, the floor,
the organisation list as the app draws it, and a page that draws the same table from the same template with
everything between the request and the template written by hand: one SQL statement for the count, the 25 rows
and their badges, no filter set, no model instances. It is not a way to write the app (the SQL repeats what
the models, the filters and `visible_to` say); it measures what is left for our code once Django's ORM and
django-filter are out of the way, so that the gap to the goal is a measured one. The hand-written table is
checked to be the app's, row for row, before anything is timed.
"""

import gc
import os
import re
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import results
import run

ROUNDS = 100
HEADING = "## The organisation list written by hand"

# The organisation list's first page for a worker with no filter (every worker sees every organisation):
# the count as core.pages counts it (up to COUNTED_ROWS + 1), the rows in the model's order, each row's
# target groups and poverty dimensions in theirs (by primary key).
SQL = """
SELECT o.id, o.name, o.active, o.kind, m.name,
  (SELECT string_agg(t.code, ',' ORDER BY t.id) FROM territory_organisation_target_groups x
     JOIN territory_targetgroup t ON t.id = x.targetgroup_id WHERE x.organisation_id = o.id),
  (SELECT string_agg(t.code, ',' ORDER BY t.id) FROM territory_organisation_poverty_dimensions x
     JOIN territory_povertydimension t ON t.id = x.povertydimension_id WHERE x.organisation_id = o.id),
  (SELECT COUNT(*) FROM (SELECT 1 FROM territory_organisation LIMIT %s) counted)
FROM territory_organisation o LEFT JOIN territory_area m ON m.id = o.municipality_id
ORDER BY o.name, o.id LIMIT 25
"""


def setup():
    os.environ.update(run.environment(run.SERVER + run.DATABASES["large"]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    sys.path.insert(0, str(run.ROOT))
    import django

    django.setup()


def hand_written_view():
    from django.db import connection
    from django.shortcuts import render

    from core.models import choice_label, url_with_pk
    from core.pages import COUNTED_ROWS, PAGE_SIZE, CountedUpTo
    from territory.filters import OrganisationFilter
    from territory.models import Organisation, PovertyDimension, TargetGroup

    kind = Organisation._meta.get_field("kind")
    group = TargetGroup._meta.get_field("code")
    dimension = PovertyDimension._meta.get_field("code")
    # Only for {% filter_form %}'s key on a miss: the form's HTML is kept per input, as on the app's page.
    unused_filter = OrganisationFilter({}, queryset=Organisation.objects.none())

    def organisations_by_hand(request):
        with connection.cursor() as cursor:
            cursor.execute(SQL, [COUNTED_ROWS + 1])
            found = cursor.fetchall()
        rows = [
            {
                "url": url_with_pk("territory:organisation_detail", pk),
                "name": name,
                "active": active,
                "kind": choice_label(kind, kind_code),
                "municipality": municipality or "",
                "target_groups": [choice_label(group, code) for code in (groups or "").split(",") if code],
                "poverty_dimensions": [choice_label(dimension, code) for code in (dimensions or "").split(",") if code],
            }
            for pk, name, active, kind_code, municipality, groups, dimensions, _count in found
        ]
        paginator = CountedUpTo([], PAGE_SIZE, COUNTED_ROWS)
        paginator.count = found[0][7] if found else 0  # the cached_property, set from the same statement
        page = paginator.page(1) if found else paginator.get_page(1)
        page.object_list = rows
        return render(request, "territory/organisation_list.html", {"filter": unused_filter, "page": page})

    return organisations_by_hand


def table(html: str) -> str:
    """What the two pages must share: the count, the rows and the pagination (not the menu's active item)."""
    return re.search(r'<p class="text-body-secondary">.*?</main>', html, flags=re.S).group(0)


def main() -> None:
    setup()
    from django.test import Client
    from django.urls import clear_url_caches, path

    import config.urls
    from accounts.models import User

    config.urls.urlpatterns.append(path("bench/hand-written/", hand_written_view()))
    clear_url_caches()
    client = Client()
    client.force_login(User.objects.filter(username__startswith="operatore").order_by("pk").first())
    pages = {"floor": "/bench/floor/", "organisation list": "/territorio/organizzazioni/"}
    pages["the same, written by hand"] = "/bench/hand-written/"

    def get(url: str) -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response.content

    app, by_hand = (get(pages[name]).decode() for name in ("organisation list", "the same, written by hand"))
    if table(app) != table(by_hand):
        raise SystemExit("the hand-written table is not the app's: nothing measured")
    for url in pages.values():
        for _ in range(5):
            get(url)
    gc.freeze()  # the objects of start-up, as a long-running worker has them
    times = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, url in pages.items():
            started = time.perf_counter()
            get(url)
            times[name].append(time.perf_counter() - started)
    floor = statistics.median(times["floor"])
    lines = [
        HEADING,
        "",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/hand_written.py` on {run.machine()}, "
        f"in one process (Django's test client, DEBUG off, the large data set), {ROUNDS} interleaved rounds. "
        "The hand-written page draws the same table from the same template (checked equal before timing) with "
        "one SQL statement for the count, the rows and their badges, and no filter set or model instance.",
        "",
        "| page | median ms | ratio to floor |",
        "| --- | ---: | ---: |",
        *(
            f"| {name} | {statistics.median(ts) * 1000:.2f} | {statistics.median(ts) / floor:.2f} |"
            for name, ts in times.items()
        ),
    ]
    section = "\n".join(lines) + "\n"
    print(section)
    results.write_section(Path(run.RESULTS), section)


if __name__ == "__main__":
    main()
