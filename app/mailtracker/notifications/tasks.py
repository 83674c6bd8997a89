"""The notification mails, sent by the worker (``mailtracker procrastinate worker``) from the
queue in PostgreSQL: a request only adds the job, in its own transaction."""

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from mailtracker.core.jobs import is_final_attempt, job_connection
from mailtracker.notifications import services

# Nine tries over about a day (34 s, 46 s, 1.5 min, 5 min, 18 min, 69 min, 4.6 h, 18 h apart):
# a relay down for a night loses nothing. After that the daily run (send_digests) queues the
# failed ones again for a week.
RETRY = RetryStrategy(max_attempts=8, wait=30, exponential_wait=4)
QUEUE = "notifications"


@app.task(name="send_notification_mail", queue=QUEUE, retry=RETRY, pass_context=True)
def send_notification_mail(context, notification_id: int) -> None:
    with job_connection():
        services.notification_mail_send(
            notification_id=notification_id, final_attempt=is_final_attempt(context, RETRY)
        )
