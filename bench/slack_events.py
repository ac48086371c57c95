"""Benchmark: signed Slack message events over HTTP at a running `casebot serve`.

Sets up a fresh installation on the embedded defaults (SQLite + embedded
Redis) with a synthetic by-name list and a registered channel, starts the Web
API stand-in and `casebot serve` (gunicorn) each in their own process, then:

1. open loop: sends events at a fixed rate (default 300/s) for a while and
   reports the sustained rate and time to ack (p50/p90/p99/max);
2. closed loop: N senders as fast as the bot acks, for the ceiling;

and finally how long the bot took to finish the acknowledged work (redaction,
deletes, re-posts, notices, audit rows). A share of the messages holds PII.
Figures are printed, never asserted: machines here are shared.

    .venv/bin/python bench/slack_events.py [--rate 300] [--seconds 20] [--pii 0.2]

bench/replicas.py drives the same sender at one and two replicas on PostgreSQL and Redis.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

from app.installation import initialise  # noqa: E402
from bot.clients.importing import import_clients  # noqa: E402
from bot.clients.synthetic import clients, write_client_csv  # noqa: E402
from bot.context import Casebot  # noqa: E402
from bot.registry import admin  # noqa: E402
from bot.settings import Settings  # noqa: E402

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"
SECRET = "bench-signing-secret"  # noqa: S105 (a made-up secret for a local stand-in)
CHANNEL = "C0BENCH001"
# PII messages end in "(note NOTE_BASE + N)": five digits, never read as a year next to a DOB (redacted)
NOTE_BASE = 10_000
CLEAN = [
    "Client {id} moved into the shelter; next review Tuesday 3pm.",
    "Who is picking up the housing voucher paperwork for Client {id}?",
    "Reminder: the coordinated entry meeting moved to room 204.",
    "Client {id} has a landlord interview on Friday, can someone drive?",
]
PII = [
    "{first} {last} needs a ride to the clinic, DOB {dob}",
    "Call {first} at 612-555-01{n:02d} about the lease",
    "{last}, {first} SSN {ssn} is missing from the list",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def setup(data_dir: Path, roster: int, **settings_env: str) -> list:
    """A fresh installation in ``data_dir`` (``settings_env``: e.g. DATABASE_URL, REDIS_URL): the
    synthetic roster imported and the channel registered. Returns the roster's people."""
    settings = Settings(CASEBOT_DATA_DIR=data_dir, **settings_env)
    app = Casebot(settings)
    initialise(app, actor="cli:bench")
    people = list(clients(roster, seed=3))
    path = data_dir.parent / "Client.csv"
    write_client_csv(path, people)
    import_clients(app, path=path, actor="cli:bench")
    with app.db.transaction() as session:
        admin.add_channel(session, actor="cli:bench", slack_channel_id=CHANNEL, name="bench", is_private=True)
    app.close()
    return people


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("casebot serve exited during start-up")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("casebot serve never became healthy")


def start_standin() -> tuple[subprocess.Popen, str]:
    """The Slack Web API stand-in in its own process; returns it and its URL."""
    standin = subprocess.Popen(
        [sys.executable, "-m", "tests.slack_standin"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    return standin, standin.stdout.readline().strip() if standin.stdout else ""


def serve_env(data_dir: Path, port: int, api_url: str, **extra: str) -> dict[str, str]:
    """The environment of one `casebot serve`: this process's, minus any casebot/Slack settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CASEBOT_", "DATABASE_URL", "REDIS_URL", "SLACK_"))
    }
    env.update(
        {
            "CASEBOT_DATA_DIR": str(data_dir),
            "CASEBOT_BIND": f"127.0.0.1:{port}",
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_ADMIN_USER_TOKEN": "xoxp-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url,
            "CASEBOT_LOG_LEVEL": "WARNING",
            **extra,
        }
    )
    return env


class Sender:
    """Signs and posts one event on a kept-alive connection per thread and port, the ports taken in
    turn; returns seconds to ack. A PII message ends in "(note NOTE_BASE + N)", N its number; ``acked[N]`` is
    the wall-clock time (time.time()) its 200 came back: matched to the re-post the stand-in saw."""

    def __init__(self, port: int | list[int], people: list, pii_share: float) -> None:
        self.ports = [port] if isinstance(port, int) else list(port)
        self.turn = itertools.count()
        self.acked: dict[int, float] = {}
        self.people = people
        self.pii_share = pii_share
        self.verifier = SignatureVerifier(SECRET)
        self.local = threading.local()
        self.ids = itertools.count(1)
        self.sent_pii = 0
        self.errors = 0
        self.lock = threading.Lock()

    def body(self) -> tuple[int, bool, str]:
        n = next(self.ids)
        rng = random.Random(n)
        person = rng.choice(self.people)
        if rng.random() < self.pii_share:
            with self.lock:
                self.sent_pii += 1
            dob = person.dob.strftime("%m/%d/%Y") if person.dob else "01/02/1980"
            text = (
                rng.choice(PII).format(
                    first=person.first_name, last=person.last_name, dob=dob, ssn="517-29-4836", n=n % 100
                )
                + f" (note {NOTE_BASE + n})"
            )
            pii = True
        else:
            text = rng.choice(CLEAN).format(id=person.personal_id)
            pii = False
        event = {
            "type": "message",
            "channel": CHANNEL,
            "user": "U0BENCH001",
            "text": text,
            "ts": f"{int(time.time())}.{n:06d}",
            "channel_type": "group",
            "team": "T0TEAM001",
        }
        return (
            n,
            pii,
            json.dumps(
                {
                    "team_id": "T0TEAM001",
                    "api_app_id": "A0BENCH",
                    "event": event,
                    "type": "event_callback",
                    "event_id": f"Ev{n:012d}",
                    "event_time": int(time.time()),
                }
            ),
        )

    def send(self) -> float | None:
        n, pii, body = self.body()
        port = self.ports[next(self.turn) % len(self.ports)]
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": self.verifier.generate_signature(timestamp=ts, body=body),
        }
        conns = getattr(self.local, "conns", None)
        if conns is None:
            conns = self.local.conns = {}
        conn = conns.get(port)
        for _ in range(2):
            if conn is None:
                conn = conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                started = time.perf_counter()
                conn.request("POST", "/slack/events", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                if pii and response.status == 200:
                    self.acked[n] = time.time()
                if response.status != 200:
                    with self.lock:
                        self.errors += 1
                    return None
                return elapsed
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = conns[port] = None
        with self.lock:
            self.errors += 1
        return None


def report(label: str, latencies: list[float], wall: float, sent: int, errors: int) -> None:
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100) if len(ms) >= 100 else ms
    print(f"{label}: {sent} events in {wall:.1f}s = {sent / wall:,.0f} events/s acked, {errors} errors")
    if ms:
        print(
            f"  time to ack: p50 {q[49]:.1f} ms, p90 {q[89]:.1f} ms, p99 {q[98]:.1f} ms, max {ms[-1]:.1f} ms"
        )


def open_loop(
    sender: Sender, rate: float, seconds: float, senders: int, *, quiet: bool = False
) -> tuple[list[float], float, int, int]:
    """Sends at ``rate`` for ``seconds``; returns (seconds to ack of each 200, wall, sent, errors)."""
    total = int(rate * seconds)
    errors_before = sender.errors
    latencies: list[float] = []
    lock = threading.Lock()

    def one() -> None:
        result = sender.send()
        if result is not None:
            with lock:
                latencies.append(result)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one)
    wall = time.perf_counter() - start
    if not quiet:
        report(f"open loop at {rate:.0f}/s", latencies, wall, total, sender.errors - errors_before)
    return latencies, wall, total, sender.errors - errors_before


def closed_loop(sender: Sender, seconds: float, senders: int) -> None:
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    errors_before = sender.errors

    def loop() -> None:
        while time.perf_counter() < stop:
            result = sender.send()
            if result is not None:
                with lock:
                    latencies.append(result)

    start = time.perf_counter()
    threads = [threading.Thread(target=loop) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    report(f"closed loop, {senders} senders", latencies, wall, len(latencies), sender.errors - errors_before)


def standin_counts(url: str) -> dict[str, int]:
    host_port = url.split("//")[1].split("/")[0]
    conn = http.client.HTTPConnection(host_port, timeout=5)
    conn.request("GET", "/_stats")
    return json.loads(conn.getresponse().read())


def drained(api_url: str, sender: Sender, phase: str) -> None:
    """Wait until the stand-in has seen every notice the PII messages so far should cause."""
    start = time.perf_counter()
    expected = sender.sent_pii
    while True:
        counts = standin_counts(api_url)
        if counts.get("chat.postEphemeral", 0) >= expected or time.perf_counter() - start > 120:
            break
        time.sleep(0.1)
    print(
        f"  {phase}: acknowledged work finished {time.perf_counter() - start:.1f}s after the last ack "
        f"({next(sender.ids) - 1} events so far, {expected} with PII; stand-in saw "
        f"{counts.get('chat.delete', 0)} chat.delete, {counts.get('chat.postMessage', 0)} chat.postMessage, "
        f"{counts.get('chat.postEphemeral', 0)} chat.postEphemeral)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--closed-seconds", type=float, default=10)
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument("--pii", type=float, default=0.2, help="share of messages holding PII")
    parser.add_argument("--roster", type=int, default=5000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        people = setup(data_dir, args.roster)
        standin, api_url = start_standin()
        port = free_port()
        env = serve_env(data_dir, port, api_url)
        log = (Path(tmp) / "serve.log").open("w")
        bot = subprocess.Popen([CASEBOT, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(port, bot)
            print(
                f"roster {args.roster:,} clients; {args.pii:.0%} of messages hold PII; "
                f"bot: casebot serve (gunicorn gthread, 1 worker), SQLite + embedded Redis"
            )
            sender = Sender(port, people, args.pii)
            open_loop(sender, args.rate, args.seconds, args.senders)
            drained(api_url, sender, "open loop")
            closed_loop(sender, args.closed_seconds, args.senders)
            drained(api_url, sender, "closed loop")
        finally:
            bot.terminate()
            bot.wait(timeout=60)
            standin.terminate()
            standin.wait()
            log.close()


if __name__ == "__main__":
    main()
