"""The document queue (procrastinate, in PostgreSQL: no other server). ``mailtracker
procrastinate worker`` runs these jobs; the web processes only add them."""

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from mailtracker.attachments import services
from mailtracker.core.jobs import is_final_attempt, job_connection

# Three tries in all, 1 and then 4 minutes apart: enough for a database restart or a full disk
# cleared, and a document that keeps failing says why on its record soon.
RETRY = RetryStrategy(max_attempts=2, wait=60, exponential_wait=2)
QUEUE = "documents"


@app.task(name="process_document", queue=QUEUE, retry=RETRY, pass_context=True)
def process_document(context, attachment_id: str) -> None:
    """Make the thumbnail and the page text of one stored document."""
    with job_connection():
        services.document_process(
            attachment_id=attachment_id, final_attempt=is_final_attempt(context, RETRY)
        )
