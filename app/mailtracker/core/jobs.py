"""What every job of the worker (procrastinate, ``mailtracker procrastinate worker``) needs
around its work."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


def is_final_attempt(context, retry) -> bool:
    """This try is the last the retry strategy allows: the job records the failure instead of
    raising it again."""
    return context.job.attempts >= retry.max_attempts


@contextmanager
def job_connection() -> Iterator[None]:
    """Each job runs in a thread of the worker: its database connection must not outlive it."""
    try:
        yield
    finally:
        connection.close()
