"""The job queue: django-q2, with the database as broker by default and Redis when JOB_REDIS_URL is set.

Why django-q2 (see the README): its ORM broker needs no server beside the database, so `make run`
starts one worker process (`manage.py qcluster`) next to the web server; its schedules live in the
database and are claimed with SELECT ... FOR UPDATE, so several clusters never fire one twice; a
Redis broker takes over when the service runs on several hosts. What it lacks, retry with back-off
after a failure, is the small wrapper below.

Jobs are plain functions named by their dotted path (`outbox.jobs.deliver`); each app keeps its own
in `<app>/jobs.py` and declares its periodic ones with `schedule()` from its AppConfig.ready().
Jobs must be idempotent: a job may run again after a worker dies mid-way.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# After a failure the job runs again after 1, 5, 15 and 60 minutes; the fifth failure is final and
# stays visible among the failed tasks (Django admin → Django Q → Failed tasks).
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)]


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str
    minutes: int | None = None
    cron: str | None = None


SCHEDULES: dict[str, Periodic] = {}


SCHEDULE_PREFIX = "rete: "


def schedule(name: str, func: str, *, minutes: int | None = None, cron: str | None = None) -> None:
    """Declare a periodic job (every `minutes`, or at a cron time such as "0 * * * *").

    Its arguments are none: a periodic job works out what is due by itself.
    """
    SCHEDULES[name] = Periodic(SCHEDULE_PREFIX + name, func, minutes, cron)


def enqueue(func: str, *args, **kwargs) -> None:
    """Run `func(*args, **kwargs)` in a worker, with retries and back-off."""
    from django_q.tasks import async_task

    async_task("core.jobs.run", func, 0, args, kwargs, task_name=_task_name(func))


def enqueue_on_commit(func: str, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits: the job must see the rows it is about."""
    transaction.on_commit(lambda: enqueue(func, *args, **kwargs))


def enqueue_in(delay: timedelta, func: str, *args, **kwargs) -> None:
    """Run `func(*args, **kwargs)` in a worker once `delay` has passed (the scheduler checks every half minute)."""
    _run_later(func, 0, args, kwargs, delay)


def run(func: str, attempt: int, args: tuple, kwargs: dict):
    """The worker's entry point: run the job, and after a failure schedule the next attempt."""
    try:
        return import_string(func)(*args, **kwargs)
    except Exception:
        if attempt >= len(RETRY_DELAYS):
            logger.exception("Job %s failed for good after %s attempts", func, attempt + 1)
            raise
        delay = RETRY_DELAYS[attempt]
        logger.warning("Job %s failed (attempt %s); next attempt in %s", func, attempt + 1, delay, exc_info=True)
        _run_later(func, attempt + 1, args, kwargs, delay)
        return None


def _run_later(func: str, attempt: int, args: tuple, kwargs: dict, delay: timedelta) -> None:
    from django_q.models import Schedule

    Schedule.objects.create(
        name=f"{_task_name(func)}, attempt {attempt + 1} ({timezone.now():%Y-%m-%d %H:%M:%S.%f})"[:100],
        func="core.jobs.run",
        args=repr((func, attempt, tuple(args), dict(kwargs))),
        schedule_type=Schedule.ONCE,
        repeats=1,
        next_run=timezone.now() + delay,
    )


def _task_name(func: str) -> str:
    return func.rsplit(".", 2)[-2] + "." + func.rsplit(".", 1)[-1] if "." in func else func


def sync_schedules(**kwargs) -> None:
    """Create or update the declared periodic jobs, and drop those no longer declared (after migrate)."""
    from django_q.models import Schedule

    declared = set()
    for periodic in SCHEDULES.values():
        declared.add(periodic.name)
        kind = Schedule.CRON if periodic.cron else Schedule.MINUTES
        Schedule.objects.update_or_create(
            name=periodic.name,
            defaults={
                "func": "core.jobs.run",
                "args": repr((periodic.func, 0, (), {})),
                "schedule_type": kind,
                "minutes": periodic.minutes,
                "cron": periodic.cron,
                "repeats": -1,
            },
        )
    Schedule.objects.filter(name__startswith=SCHEDULE_PREFIX).exclude(name__in=declared).delete()
