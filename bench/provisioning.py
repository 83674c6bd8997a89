"""Part 4: provisioning time. A fresh site.yml can only be timed on a host that was just booted;
when `make bench` reuses the host, the figure measured when it was provisioned is reported (it
is kept on the host, so it disappears with it) together with that date, and the host is first
brought to the current commit by an untimed run (a deploy), so that the timed second run shows
what a run with nothing to do costs."""

import json
from datetime import UTC, datetime

from bench import host as testhost
from bench import machine

SECOND_RUN_LIMIT_S = 60
FRESH_RECORD = "/var/lib/mailtracker-bench/fresh-provision.json"


def run(report) -> "testhost.Host":
    fresh_host = not testhost.is_running()
    load = machine.settle("Part 4: provisioning")
    if fresh_host:
        print(f"   booting {testhost.NAME} on {testhost.RELEASE}", flush=True)
        testhost.testhost("up", testhost.NAME, str(testhost.INDEX), f"--release={testhost.RELEASE}")
    host = testhost.Host.connect()
    inventory = _deploy(host, report, update=not fresh_host)
    if fresh_host:
        fresh = testhost.run_site(inventory, "fresh")
        record = {
            "seconds": fresh.seconds,
            "ok": fresh.ok,
            "changed": fresh.changed,
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "load": load,
        }
        host.put(FRESH_RECORD, json.dumps(record).encode())
    record = json.loads(host.run(f"cat {FRESH_RECORD}"))
    when = "this run" if fresh_host else f"when the host was provisioned, {record['date']}"
    print(
        f"   fresh site.yml: {record['seconds']:.0f} s, changed={record['changed']} ({when})",
        flush=True,
    )
    report.add(
        "4 provisioning",
        f"fresh site.yml on a new host ({when})",
        f"{record['seconds']:.0f} s (ok={record['ok']} changed={record['changed']})",
        load=record["load"],
    )
    load = machine.settle("Part 4: provisioning, second run")
    second = testhost.run_site(inventory, "second")
    print(f"   second site.yml: {second.seconds:.0f} s, changed={second.changed}", flush=True)
    report.add(
        "4 provisioning",
        "second site.yml run",
        f"{second.seconds:.0f} s (ok={second.ok} changed={second.changed})",
        target=f"<= {SECOND_RUN_LIMIT_S} s, changed=0",
        passed=second.seconds <= SECOND_RUN_LIMIT_S and second.changed == 0,
        load=load,
    )
    report.note("Part 4: where the second site.yml run spends its time", _tasks_markdown(second))
    return host


def update(report) -> "testhost.Host":
    """The running host brought up to the current commit (untimed), for parts measured again
    on the register the last run left."""
    found = testhost.state()
    if found is None:
        raise SystemExit(f"there is no {testhost.NAME}: run `make bench` first")
    if found == "stopped":  # the machine restarted since: its register is still on its disk
        print(f"   resuming {testhost.NAME}: {testhost.testhost('resume', testhost.NAME)}")
    host = testhost.Host.connect()
    _deploy(host, report, update=True)
    return host


def _deploy(host, report, *, update: bool):
    inventory = testhost.write_inventory(host.address)
    commit = testhost.snapshot_app()
    print(f"   deploying the committed app, {commit}", flush=True)
    report.machine["app commit"] = commit
    if update:
        deployed = testhost.run_site(inventory, "update")
        print(
            f"   reused host brought up to date: {deployed.seconds:.0f} s, "
            f"changed={deployed.changed}"
        )
    return inventory


def _tasks_markdown(run: "testhost.PlaybookRun") -> str:
    rows = "\n".join(f"| {name} | {seconds:.1f} s |" for name, seconds in run.slowest_tasks())
    return (
        f"The slowest tasks of the second run ({run.seconds:.0f} s in all, changed="
        f"{run.changed}), from ansible.posix.profile_tasks:\n\n| task | time |\n|---|---|\n{rows}"
    )
