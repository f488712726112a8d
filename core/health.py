"""Health endpoints for load balancers and monitors: public, never cached, and telling an outsider nothing
beyond up or down (no versions, hosts or error messages; those go to the log).

- /healthz: the process answers (liveness). No query: restarting the app would not cure a database outage.
- /readyz: the database, the cache and the job queue answer and every migration is applied (readiness):
  200 or 503.

They sit outside any session or login, and config/urls.py includes them here in one line.
"""

import logging
import secrets

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.errors import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

# Once every migration this code knows is applied, it stays so for the life of the process: readiness
# probes every few seconds need not load the migration graph again each time.
_migrations_applied = False


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means not ready; the reason is for the log only
        logger.warning("Readiness: the database does not answer (%s)", type(error).__name__)
        return False


def cache_answers() -> bool:
    key, token = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=10)
        return cache.get(key) == token
    except Exception as error:
        logger.warning("Readiness: the cache does not answer (%s)", type(error).__name__)
        return False


def job_queue_answers() -> bool:
    """The job queue's broker answers: the database (checked above) or, with JOB_REDIS_URL, Redis."""
    from django_q.brokers import get_broker

    try:
        return bool(get_broker().ping())
    except Exception as error:
        logger.warning("Readiness: the job queue does not answer (%s)", type(error).__name__)
        return False


def migrations_applied() -> bool:
    global _migrations_applied  # a per-process memo, see above
    if not _migrations_applied:
        try:
            executor = MigrationExecutor(connection)
            _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as error:
            logger.warning("Readiness: cannot read the applied migrations (%s)", type(error).__name__)
            return False
        if not _migrations_applied:
            logger.warning("Readiness: migrations are not all applied")
    return _migrations_applied


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    database = database_answers()
    checks = {
        "database": database,
        "cache": cache_answers(),
        "job_queue": job_queue_answers(),
        # Without the database there is nothing to read the applied migrations from.
        "migrations": database and migrations_applied(),
    }
    ready = all(checks.values())
    response = JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "fail" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # The older address of healthz, used by bench/run.py.
    path("health/", healthz, name="health"),
]
