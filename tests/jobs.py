"""Running the jobs a test queued, as a worker of the job queue would (django-q2's own broker and package)."""

from django.utils.module_loading import import_string
from django_q.brokers import get_broker
from django_q.signing import SignedPackage


def run_queued_jobs() -> int:
    """Take every task waiting in the queue, run it in this process, acknowledge it; return how many."""
    broker = get_broker()
    ran = 0
    while broker.queue_size():
        for ack_id, payload in broker.dequeue() or []:
            task = SignedPackage.loads(payload)
            func = task["func"]
            (import_string(func) if isinstance(func, str) else func)(*task["args"], **task["kwargs"])
            broker.acknowledge(ack_id)
            ran += 1
    return ran
