import os
import subprocess
import sys

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory

COUNTER = "core.bench.QueryCountMiddleware"


def test_a_benchmarked_page_says_how_many_queries_it_ran(worker_client, settings):
    settings.MIDDLEWARE = [COUNTER, *settings.MIDDLEWARE]
    OrganisationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        response = worker_client.get(reverse("territory:organisation_list"))
    assert response.status_code == 200
    assert int(response["X-Bench-Queries"]) == len(queries) > 0


def test_a_refused_request_is_counted_too(client, db, settings):
    settings.MIDDLEWARE = [COUNTER, *settings.MIDDLEWARE]
    response = client.get(reverse("territory:organisation_list"))
    assert response.status_code == 302
    assert response["X-Bench-Queries"] == "0"


def test_pages_say_nothing_of_their_queries_outside_the_benchmark(worker_client):
    assert "X-Bench-Queries" not in worker_client.get(reverse("home"))


def _middleware(bench: str) -> list[str]:
    code = "import config.settings as s; print(','.join(s.MIDDLEWARE))"
    env = {**os.environ, "BENCH": bench}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1].split(",")


def test_the_counter_is_installed_only_when_benchmarking():
    assert COUNTER not in _middleware("0")
    assert _middleware("1")[0] == COUNTER
