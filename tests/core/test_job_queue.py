"""The job queue (django-q2 through core.jobs): retries with back-off, a visible final failure, and
two workers that never run the same job twice, on the database broker and on Redis."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_q.models import Failure, Schedule

from core import jobs

ROOT = Path(__file__).resolve().parents[2]
JOBS = 60


def test_a_failing_job_is_tried_again_later_with_growing_delays(tmp_path, db):
    trace = tmp_path / "trace"
    next_runs = []
    for attempt in range(len(jobs.RETRY_DELAYS)):
        before = timezone.now()
        assert jobs.run("tests.core.job_probe.fail", attempt, (str(trace),), {}) is None
        retry = Schedule.objects.order_by("-pk").first()
        assert retry.schedule_type == Schedule.ONCE
        assert eval(retry.args) == ("tests.core.job_probe.fail", attempt + 1, (str(trace),), {})  # noqa: S307
        next_runs.append(retry.next_run - before)
    assert [round(delay / timedelta(minutes=1)) for delay in next_runs] == [1, 5, 15, 60]
    # The fifth failure is final: it is raised, so the queue records the job as failed.
    with pytest.raises(RuntimeError):
        jobs.run("tests.core.job_probe.fail", len(jobs.RETRY_DELAYS), (str(trace),), {})
    assert trace.read_text().count("attempt") == len(jobs.RETRY_DELAYS) + 1


def test_declared_schedules_are_kept_in_the_queue(db):
    jobs.sync_schedules()
    names = set(Schedule.objects.values_list("name", flat=True))
    assert "rete: deliver e-mail" in names


# Two real clusters (`manage.py qcluster`, two worker processes each) against one queue.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = settings.DATABASES["default"]
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def private_redis(tmp_path):
    """A Redis of the test's own on a free port, stopped by PID at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def run_two_clusters(env: dict, trace: Path) -> list[int]:
    enqueue = (
        "import django; django.setup()\n"
        "from core import jobs\n"
        f"for n in range({JOBS}): jobs.enqueue('tests.core.job_probe.mark', n, {str(trace)!r})\n"
        # One job on its last attempt that fails: the failure must end up visible.
        "from django_q.tasks import async_task\n"
        f"async_task('core.jobs.run', 'tests.core.job_probe.fail', 4, ({str(trace) + '.failed'!r},), {{}})\n"
    )
    subprocess.run([sys.executable, "-c", enqueue], cwd=ROOT, env=env, check=True)
    clusters = [
        subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if trace.exists() and len(trace.read_text().split()) >= JOBS and Failure.objects.exists():
                break
            time.sleep(0.2)
        # Give a duplicate, if any, the time to show up.
        time.sleep(3)
    finally:
        # The cluster's own process stops its workers on SIGTERM; whatever is left is killed by group.
        for cluster in clusters:
            cluster.terminate()
        for cluster in clusters:
            try:
                cluster.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(cluster.pid, signal.SIGKILL)
                cluster.wait(timeout=10)
    return sorted(int(line) for line in trace.read_text().split())


def cluster_env(**extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "test-only-secret-key",
        "JOB_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@pytest.mark.django_db(transaction=True)
def test_two_clusters_on_the_database_run_each_job_exactly_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several workers against one database broker are tested on PostgreSQL")
    assert run_two_clusters(cluster_env(), tmp_path / "trace") == list(range(JOBS))
    assert "the probe fails on purpose" in Failure.objects.get().result


@pytest.mark.django_db(transaction=True)
def test_two_clusters_on_redis_run_each_job_exactly_once(tmp_path, private_redis):
    if connection.vendor != "postgresql":
        pytest.skip("the workers keep their results in the database: tested on PostgreSQL")
    env = cluster_env(JOB_REDIS_URL=private_redis)
    assert run_two_clusters(env, tmp_path / "trace") == list(range(JOBS))
    assert "the probe fails on purpose" in Failure.objects.get().result
