"""``make loadtest``: 50 simulated people for 60 seconds against the production
set-up on loopback (``maca.operations.stack``: two gunicorn workers, two task
workers, the scheduler, PostgreSQL), in a database of its own
(``maca_loadtest``, created and dropped here).

The people are QA officers, agency leads and agency auditors
(``maca/operations/locustfile.py``). While they work, the two task workers
deliver e-mails queued at the start, to the fake mail server: at the end every
one must have been delivered exactly once, and no task run by two workers.

The people arrive two a second and each signs in through the second factor
(a sign-in hashes the password on purpose: about half a second of a core);
once all are in, the statistics are reset and the measured period starts.
Sign-in times are reported apart. Prints requests per second, the 50th, 95th
and 99th percentiles and errors, then the same as JSON. Goals on the development machine: 0 errors, p95 at most
300 ms. Options: ``--users``, ``--seconds``, ``--probe-emails``.

The sign-in rate limit (30 a minute from one address, allauth's default) is
raised for this run only with ``MACA_SIGNIN_RATE_LIMIT``, because every
simulated person signs in from 127.0.0.1 within seconds. Nothing else is
changed from production.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

from maca.operations.stack import BASE_DIR, Stack, StackError, say, stop_on_sigterm

P95_GOAL_MS = 300


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _locust(stack: Stack, accounts: Path, *, users: int, seconds: int, spawn_rate: float) -> dict:
    prefix = stack.folder / "locust"
    sign_in_out = stack.folder / "sign-in.json"
    env = {
        **os.environ,
        "MACA_LOADTEST_ACCOUNTS": str(accounts),
        "MACA_LOADTEST_CA": str(stack.certificate),
        "MACA_LOADTEST_SIGN_IN_OUT": str(sign_in_out),
        "MACA_LOADTEST_USERS": str(users),
        "MACA_LOADTEST_SECONDS": str(seconds),
        "PYTHONPATH": str(BASE_DIR),
    }
    # The people arrive at spawn_rate a second and sign in (each sign-in hashes
    # a password on purpose: about half a second of a core). Once the last has
    # signed in, the locustfile resets the statistics and stops ``seconds``
    # later; --run-time only bounds a run whose sign-ins never finish.
    ramp = math.ceil(users / spawn_rate)
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(BASE_DIR / "maca" / "operations" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{3 * ramp + seconds + 60}s",
        "--host",
        stack.base_url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    result = subprocess.run(  # noqa: S603 - our own locust and locustfile
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=seconds + 180
    )
    (stack.folder / "locust.log").write_text(result.stdout + result.stderr)
    if not Path(f"{prefix}_stats.csv").exists():
        raise StackError(f"locust did not run:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    with open(f"{prefix}_stats.csv") as stats, open(f"{prefix}_failures.csv") as failed:
        rows, failures = list(csv.DictReader(stats)), list(csv.DictReader(failed))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    signed_in = json.loads(sign_in_out.read_text()) if sign_in_out.exists() else {"times": {}, "failures": []}
    passwords = signed_in["times"].get("sign in", [])
    return {
        "sign_in": {
            "requests": sum(len(times) for times in signed_in["times"].values()),
            "errors": len(signed_in["failures"]),
            "p50_ms": _percentile(passwords, 0.5),
            "p95_ms": _percentile(passwords, 0.95),
            "failures": signed_in["failures"],
        },
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "by_page": {
            row["Name"]: {"requests": int(row["Request Count"]), "p95_ms": float(row["95%"])}
            for row in rows
            if row["Name"] != "Aggregated" and int(row["Request Count"])
        },
        "failures": [f"{f['Method']} {f['Name']}: {f['Error']} ({f['Occurrences']})" for f in failures],
    }


def _deliveries(stack: Stack, queued: int, *, wait: float = 120) -> dict:
    """Every queued e-mail delivered once; no delivery task claimed by two workers."""
    import psycopg

    deadline = time.monotonic() + wait
    probes = []
    while time.monotonic() < deadline:
        # "<partnership>: Load-test probe 00001": the subject begins with the partnership it is about.
        probes = [m for m in stack.mail.messages if ": Load-test probe " in str(m["Subject"])]
        if len(probes) >= queued:
            break
        time.sleep(1)
    time.sleep(2)  # anything delivered twice would arrive now
    probes = [str(m["Subject"]).strip() for m in stack.mail.messages if "Load-test probe" in str(m["Subject"])]
    with psycopg.connect(stack.database_url) as connection:
        claimed_twice, runs = connection.execute(
            "SELECT count(*) FILTER (WHERE jsonb_array_length(worker_ids) > 1), count(*) "
            "FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
            ["%deliver_email"],
        ).fetchone()
        workers = connection.execute(
            "SELECT count(DISTINCT worker_ids->>0) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
            ["%deliver_email"],
        ).fetchone()[0]
    return {
        "queued": queued,
        "delivered": len(probes),
        "delivered_distinct": len(set(probes)),
        "tasks_claimed_by_two_workers": claimed_twice,
        "delivery_tasks": runs,
        "workers_that_delivered": workers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--probe-emails", type=int, default=500)
    parser.add_argument("--spawn-rate", type=float, default=2, help="People arriving per second before the measure.")
    options = parser.parse_args(argv)
    stop_on_sigterm()
    per_role = options.users // 3 + 2
    try:
        with Stack(database="maca_loadtest", extra_env={"MACA_SIGNIN_RATE_LIMIT": "1000/m/ip"}) as stack:
            accounts = stack.folder / "accounts.json"
            say(f"Load-test accounts ({per_role} per role) and {options.probe_emails} queued e-mails")
            stack.manage(
                "loadtest_setup",
                "--allow-production",
                f"--qa={per_role}",
                f"--leads={per_role}",
                f"--auditors={per_role}",
                f"--probe-emails={options.probe_emails}",
                f"--output={accounts}",
            )
            say(f"{options.users} simulated people for {options.seconds} s")
            figures = _locust(
                stack, accounts, users=options.users, seconds=options.seconds, spawn_rate=options.spawn_rate
            )
            figures["deliveries"] = _deliveries(stack, options.probe_emails)
    except StackError as failure:
        print(f"[loadtest] FAILED: {failure}", file=sys.stderr)
        return 1
    delivered = figures["deliveries"]
    print()
    print(f"Requests:        {figures['requests']} in {options.seconds} s ({figures['requests_per_second']}/s)")
    p50, p95, p99 = figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]
    print(f"Response times:  p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms")
    print(f"Errors:          {figures['errors']}")
    sign_in = figures["sign_in"]
    print(
        f"Sign-in:         {sign_in['requests']} requests while the people arrived, {sign_in['errors']} errors; "
        f"password step p50 {sign_in['p50_ms']:.0f} ms, p95 {sign_in['p95_ms']:.0f} ms"
    )
    for failure in figures["failures"]:
        print(f"                 {failure}")
    print(
        f"E-mails:         {delivered['queued']} queued, {delivered['delivered']} delivered "
        f"({delivered['delivered_distinct']} distinct) by {delivered['workers_that_delivered']} workers; "
        f"{delivered['tasks_claimed_by_two_workers']} task(s) run by two workers"
    )
    print(json.dumps(figures, indent=2))
    once = delivered["delivered"] == delivered["delivered_distinct"] == delivered["queued"]
    goals = figures["errors"] == 0 and sign_in["errors"] == 0 and figures["p95_ms"] <= P95_GOAL_MS
    print(f"Goals: 0 errors and p95 <= {P95_GOAL_MS} ms: {'met' if goals else 'NOT met'}; every e-mail once: {once}")
    return 0 if once and delivered["tasks_claimed_by_two_workers"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
