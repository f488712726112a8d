"""Jobs of the territory app: checking and writing an imported file, with its progress (core.jobs)."""

from django.db import transaction
from django.utils import timezone

from audit.context import Actor, current_actor
from notifications.kinds import Kind
from notifications.services import notify
from notifications.wording import choice
from territory import imports
from territory.choices import ImportStatus
from territory.models import ResourceImport

# A file is at most 20,000 rows: tell the page every few hundred, one small UPDATE each.
_STEP = imports.PROGRESS_EVERY


def _progress(pending: ResourceImport):
    def tell(done: int, total: int) -> None:
        ResourceImport.objects.filter(pk=pending.pk).update(rows_done=done, rows_total=total)

    return tell


def _claim(pk: int, status: str) -> ResourceImport | None:
    """Take the import if it still waits in `status`: a job run twice does its work once."""
    with transaction.atomic():
        pending = ResourceImport.objects.select_for_update().filter(pk=pk, status=status).first()
    return pending


def _failing_loudly(job):
    """An unexpected error ends the import as failed (shown on its page), then reaches the queue's log.

    Not retried: checking or writing the same file again would fail the same way.
    """

    def run(pk: int) -> str:
        try:
            return job(pk)
        except Exception:
            ResourceImport.objects.filter(pk=pk).exclude(status=ImportStatus.DONE).update(
                status=ImportStatus.FAILED, finished_at=timezone.now()
            )
            raise

    return run


@_failing_loudly
def check_import(pk: int) -> str:
    """Check every row of an uploaded file and keep what the preview shows; write nothing."""
    pending = _claim(pk, ImportStatus.CHECKING)
    if pending is None:
        return "already handled"
    try:
        result = imports.check(pending.kind, bytes(pending.content), _progress(pending))
    except imports.ImportError_ as error:
        # The file as a whole cannot be read: nothing to preview, the file goes.
        _finish(pending, ImportStatus.INVALID, errors=[[1, "", str(error)]], content=b"")
        return pending.status
    if result.valid:
        _finish(pending, ImportStatus.CHECKED, preview=[list(row) for row in result.preview], total=len(result.rows))
    else:
        _finish(pending, ImportStatus.INVALID, errors=_errors(result), content=b"")
    return pending.status


@_failing_loudly
def apply_import(pk: int) -> str:
    """Check again and write the whole file in one transaction, then tell the uploader."""
    pending = _claim(pk, ImportStatus.IMPORTING)
    if pending is None:
        return "already handled"
    # The records written are audited as the uploader's changes, made from the import's page.
    token = current_actor.set(Actor(user=pending.uploaded_by, ip=None, path=pending.get_absolute_url()))
    try:
        result = imports.apply(pending.kind, bytes(pending.content), _progress(pending))
    finally:
        current_actor.reset(token)
    if result.valid:
        _finish(pending, ImportStatus.DONE, created=result.created, updated=result.updated, content=b"")
        outcome = {"created": result.created, "updated": result.updated}
        kind = Kind.IMPORT_FINISHED
    else:
        # The data changed since the preview: nothing was written; what is wrong now is on the page.
        _finish(pending, ImportStatus.INVALID, errors=_errors(result), content=b"")
        outcome, kind = {}, Kind.IMPORT_REFUSED
    notify(
        user=pending.uploaded_by,
        kind=kind,
        params={"what": choice("territory.choices.ImportKind", pending.kind), **outcome},
        record=pending,
    )
    return pending.status


def _errors(result: imports.ImportResult) -> list:
    return [[error.row, error.column, str(error.message)] for error in result.errors]


def _finish(pending: ResourceImport, status: str, *, total: int | None = None, **outcome) -> None:
    pending.status = status
    fields = ["status", "finished_at", "rows_done", "rows_total", *outcome]
    for name, value in outcome.items():
        setattr(pending, name, value)
    pending.rows_total = total if total is not None else pending.rows_total
    pending.rows_done = pending.rows_total
    pending.finished_at = None if status == ImportStatus.CHECKED else timezone.now()
    pending.save(update_fields=fields)
