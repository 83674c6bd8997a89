"""Part 7: the daily run at 1,000,000 records: `send_digests`, what mailtracker-digest.timer
starts each morning (digests, escalations, failed mails tried again), run twice: as the day's
run, then again the same day, when every record still overdue was escalated before and nothing
is new. Wall time of the whole command, Python's start included, as the timer's service has it."""

import time

from bench import machine


def run(host, report) -> None:
    load = machine.settle("Part 7: the daily run at 1,000,000 records")
    for label in ("the day's run", "again the same day (nothing new)"):
        started = time.monotonic()
        said = host.manage("send_digests").strip().splitlines()[-1]
        seconds = time.monotonic() - started
        report.add("7 daily run 1M", label, f"{seconds:.1f} s ({said})", load=load)
