"""Benchmark (issue #19): one, then two `casebot serve` replicas on one PostgreSQL and one Redis.

Sets up one installation (initialise, a synthetic roster, the registered channel) on PostgreSQL,
starts the Web API stand-in in its own process, then:

1. the stream's own cost, in this process against the same Redis (another key namespace):
   ``EventStream.append`` + ``read`` + ``done`` (XADD, XREADGROUP, XACK+XDEL) per event, median
   over ``--stream-events``; and the front end's CPU per event (signature check, the append; Bolt
   only for what is not a message event), the real WSGI app called in-process with signed requests;
2. the same open-loop load (``--rate`` events/s for ``--seconds``, ``--pii`` of them with PII, each
   PII message ending in "(note 10000 + N)") against one replica, then against two (round-robin): the
   sustained rate end to end (first send to the stream empty: every event's work and audit rows
   committed), time to ack, and ack -> re-post (when the stand-in received the chat.postMessage
   with that note, minus when the sender got its 200).

Both replicas share the data directory (master key), DATABASE_URL and REDIS_URL; each has its own
CASEBOT_BIND and HOME. Figures are printed, never asserted: one table, then one JSON line.
Everything (senders, stand-in, PostgreSQL, Redis, replicas) shares this machine's cores.

    .venv/bin/python bench/replicas.py --start-services [--rate 600] [--seconds 15] [--pii 0.2]
    .venv/bin/python bench/replicas.py --database-url postgresql://u@h/db --redis-url redis://h:6379/0
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from slack_events import (
    CASEBOT,
    NOTE_BASE,
    SECRET,
    Sender,
    free_port,
    open_loop,
    serve_env,
    setup,
    start_standin,
    wait_healthy,
)

from bot.context import Casebot
from bot.settings import Settings
from storage.crypto import new_data_key
from storage.event_stream import EventStream

TAKEN_PORTS = {55432, 55433, 56379, 56381}  # other runs on this machine use these
NOTE = re.compile(r"\(note (\d+)\)")


def private_port() -> int:
    while (port := free_port()) in TAKEN_PORTS:
        pass
    return port


# --- services ---------------------------------------------------------------------------------------


def start_services(tmp: Path) -> tuple[str, str, Callable[[], None], dict[str, int]]:
    """A private PostgreSQL (fsync off) and redis-server on loopback in ``tmp``; returns their URLs,
    a function that stops both, and their main process ids (for the CPU figures)."""
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))[-1]
    pg_dir, pg_port, redis_port = tmp / "pg", private_port(), private_port()
    pg_dir.mkdir()
    shutil.chown(tmp, "postgres")
    shutil.chown(pg_dir, "postgres")
    pg_dir.chmod(0o700)

    def pg(*cmd: object, check: bool = True) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, cmd)], check=check, stdout=subprocess.DEVNULL
        )

    pg(f"{pg_bin}/initdb", "-D", pg_dir, "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-c listen_addresses=127.0.0.1 -p {pg_port} -k {pg_dir} -c fsync=off -c max_connections=200"
    pg(f"{pg_bin}/pg_ctl", "-D", pg_dir, "-l", pg_dir / "log", "-w", "-o", options, "start")
    pg("psql", "-h", "127.0.0.1", "-p", pg_port, "-U", "postgres", "-qc", "CREATE DATABASE casebot_bench")
    redis = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
            "--logfile",
            str(tmp / "redis.log"),
        ],
    )
    import redis as redis_py

    for _ in range(100):
        try:
            redis_py.Redis(port=redis_port).ping()
            break
        except redis_py.ConnectionError:
            time.sleep(0.05)
    postmaster = int((pg_dir / "postmaster.pid").read_text().split()[0])

    def stop() -> None:
        redis.terminate()
        redis.wait(timeout=30)
        pg(f"{pg_bin}/pg_ctl", "-D", pg_dir, "-m", "fast", "stop", check=False)

    urls = (f"postgresql://postgres@127.0.0.1:{pg_port}/casebot_bench", f"redis://127.0.0.1:{redis_port}/0")
    return *urls, stop, {"postgresql": postmaster, "redis": redis.pid}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and everything under it (0 once gone)."""
    try:
        root = psutil.Process(pid)
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            try:
                t = proc.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total
    except psutil.NoSuchProcess:
        return 0.0


def quantile(values: list[float], q: int) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) < 100:
        return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]
    return statistics.quantiles(ordered, n=100)[q - 1]


# --- in-process micro-benchmarks --------------------------------------------------------------------


def stream_cost(settings: Settings, sender: Sender, events: int) -> dict[str, float]:
    """append + read + done per event against the benchmark's Redis, under a namespace of its own."""
    app = Casebot(settings)
    kv = app.kv.with_namespace("casebot-bench-stream")
    stream = EventStream(kv, key=new_data_key())
    stream.ensure_group()
    parts: dict[str, list[float]] = {"append": [], "read": [], "done": [], "total": []}
    cpu_start = time.process_time()
    for i in range(events):
        _, _, body = sender.body()
        t0 = time.perf_counter()
        stream.append(event_id=f"EvBENCHS{i:010d}", payload=body.encode())
        t1 = time.perf_counter()
        (entry,) = stream.read(consumer="bench", count=1, block_ms=1000)
        t2 = time.perf_counter()
        stream.done(entry)
        t3 = time.perf_counter()
        for name, value in (("append", t1 - t0), ("read", t2 - t1), ("done", t3 - t2), ("total", t3 - t0)):
            parts[name].append(value)
    cpu = (time.process_time() - cpu_start) / events
    r = kv.redis
    r.delete(kv.key("events"))
    for i in range(0, events, 1000):
        r.delete(*[kv.key(f"queued:EvBENCHS{j:010d}") for j in range(i, min(events, i + 1000))])
    app.close()
    out = {f"stream_{k}_ms_median": statistics.median(v) * 1000 for k, v in parts.items()}
    out["stream_total_ms_p99"] = (quantile(parts["total"], 99) or 0) * 1000
    out["stream_client_cpu_ms_per_event"] = cpu * 1000
    return out


def front_end_cpu(settings: Settings, sender: Sender, events: int) -> dict[str, float]:
    """The front end's CPU per event: casebot's WSGI app (signature check, the append to the stream),
    called in-process; its stream under a namespace of its own, no workers."""
    from slack_sdk.signature import SignatureVerifier

    from app.serve import wsgi_app
    from app.slack_app import create_app

    app = Casebot(settings)
    app.__dict__["kv"] = app.kv.with_namespace("casebot-bench-fe")
    bolt = create_app(app)
    wsgi = wsgi_app(bolt)
    verifier = SignatureVerifier(SECRET)
    statuses: dict[str, int] = {}

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        statuses[status] = statuses.get(status, 0) + 1

    requests = []
    for _ in range(events):
        _, _, body = sender.body()
        ts = str(int(time.time()))
        requests.append((body.encode(), ts, verifier.generate_signature(timestamp=ts, body=body)))
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for raw, ts, signature in requests:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/slack/events",
            "QUERY_STRING": "",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(raw)),
            "HTTP_X_SLACK_REQUEST_TIMESTAMP": ts,
            "HTTP_X_SLACK_SIGNATURE": signature,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(raw),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        b"".join(wsgi(environ, start_response))
    cpu = (time.process_time() - cpu_start) / events
    wall = (time.perf_counter() - wall_start) / events
    kv = app.kv
    kv.redis.delete(kv.key("events"))
    for key in kv.redis.scan_iter(match=kv.key("*"), count=1000):
        kv.redis.delete(key)
    bolt.casebot_runtime.shutdown()  # type: ignore[attr-defined]
    app.close()
    ok = statuses.get("200 OK", 0)
    return {
        "front_end_cpu_ms_per_event": cpu * 1000,
        "front_end_wall_ms_per_event": wall * 1000,
        "front_end_200s": ok,
    }


# --- the replicas -----------------------------------------------------------------------------------


class Replicas:
    def __init__(
        self, tmp: Path, data_dir: Path, api_url: str, services: dict[str, str], threads: int
    ) -> None:
        self.tmp, self.data_dir, self.api_url, self.services, self.threads = (
            tmp,
            data_dir,
            api_url,
            services,
            threads,
        )
        self.running: list[tuple[subprocess.Popen, int, Any]] = []

    def start(self) -> int:
        name, port = f"r{len(self.running) + 1}", private_port()
        home = self.tmp / f"home-{name}"
        home.mkdir()
        env = serve_env(
            self.data_dir,
            port,
            self.api_url,
            **self.services,
            HOME=str(home),
            CASEBOT_RECONCILE_DAILY="false",
            CASEBOT_WORKER_THREADS=str(self.threads),
        )
        env.pop("XDG_RUNTIME_DIR", None)
        log = (self.tmp / f"serve-{name}.log").open("w")
        proc = subprocess.Popen(
            [CASEBOT, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((proc, port, log))
        wait_healthy(port, proc)
        return port

    @property
    def ports(self) -> list[int]:
        return [port for _, port, _ in self.running]

    def cpu(self) -> float:
        return sum(cpu_seconds(proc.pid) for proc, _, _ in self.running)

    def stop(self) -> None:
        for proc, _, _log in self.running:
            if proc.poll() is None:
                proc.terminate()
        for proc, _, log in self.running:
            try:
                proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def posts(api_url: str) -> dict[int, float]:
    """When the stand-in first received a chat.postMessage holding "(note NOTE_BASE + N)", by N."""
    import http.client

    host_port = api_url.split("//")[1].split("/")[0]
    conn = http.client.HTTPConnection(host_port, timeout=10)
    conn.request("GET", "/_posts")
    found: dict[int, float] = {}
    for arrived, text in json.loads(conn.getresponse().read()):
        match = NOTE.search(text)
        if match:
            found.setdefault(int(match.group(1)) - NOTE_BASE, arrived)
    return found


def wait_drained(stream: EventStream, timeout: float = 600) -> float:
    """time.time() when the stream was first seen empty with nothing pending: all the work done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stream.state() == (0, 0):
            return time.time()
        time.sleep(0.01)
    return float("nan")


def phase(
    replicas: Replicas, sender: Sender, stream: EventStream, args: argparse.Namespace, pids: dict[str, int]
) -> dict[str, Any]:
    sender.ports = replicas.ports
    # warm-up (not measured): each replica's connections, caches and roster index in use
    open_loop(sender, min(args.rate, 200), 1.0, args.senders, quiet=True)
    wait_drained(stream)
    acked_before = set(sender.acked)
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    replicas_before, bench_before, machine_before = replicas.cpu(), time.process_time(), psutil.cpu_times()
    first = next(sender.ids)  # numbers are unique across phases (event ids, markers)
    started = time.time()
    latencies, wall, sent, errors = open_loop(sender, args.rate, args.seconds, args.senders, quiet=True)
    done = wait_drained(stream)
    time.sleep(0.2)  # the last re-posts' requests reach the stand-in's list
    ack_to_post = []
    reposted = posts(replicas.api_url)
    markers = [n for n in sender.acked if n not in acked_before and n > first]
    for n in markers:
        if n in reposted:
            ack_to_post.append(reposted[n] - sender.acked[n])
    replica_cpu = replicas.cpu() - replicas_before
    machine = psutil.cpu_times()
    busy = sum(
        getattr(machine, f) - getattr(machine_before, f) for f in ("user", "system", "nice", "irq", "softirq")
    )
    idle = (machine.idle + machine.iowait) - (machine_before.idle + machine_before.iowait)
    result: dict[str, Any] = {
        "replicas": len(replicas.running),
        "offered_per_s": args.rate,
        "sent": sent,
        "send_wall_s": wall,
        "sent_per_s": sent / wall,
        "errors": errors,
        "end_to_end_s": done - started,
        "end_to_end_per_s": sent / (done - started),
        "ack_p50_ms": (quantile(latencies, 50) or 0) * 1000,
        "ack_p99_ms": (quantile(latencies, 99) or 0) * 1000,
        "pii_events": len(markers),
        "reposts_matched": len(ack_to_post),
        "ack_to_repost_p50_ms": (quantile(ack_to_post, 50) or 0) * 1000,
        "ack_to_repost_p99_ms": (quantile(ack_to_post, 99) or 0) * 1000,
        "replica_cpu_ms_per_event": replica_cpu / sent * 1000,
        "cpu_s": {
            "replicas": replica_cpu,
            "bench_and_senders": time.process_time() - bench_before,
            **{name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()},
        },
        "machine_busy_share": busy / (busy + idle) if busy + idle else None,
    }
    # every process of the benchmark (senders, stand-in, services, replicas): what 2 cores can carry
    result["all_cpu_ms_per_event"] = sum(result["cpu_s"].values()) / sent * 1000
    result["cpu_bound_ceiling_per_s"] = (os.cpu_count() or 1) * 1000 / result["all_cpu_ms_per_event"]
    return result


def table(one: dict[str, Any], two: dict[str, Any], micro: dict[str, float]) -> None:
    rows = [
        ("offered load (events/s)", "offered_per_s", "{:.0f}", ""),
        ("sent (events/s achieved by senders)", "sent_per_s", "{:.0f}", ""),
        ("end to end (events/s, all work done)", "end_to_end_per_s", "{:.0f}", ">= 300 / >= 600"),
        ("time to ack p50 (ms)", "ack_p50_ms", "{:.1f}", ""),
        ("time to ack p99 (ms)", "ack_p99_ms", "{:.1f}", "< 100 (2 replicas)"),
        ("ack -> re-post p50 (ms)", "ack_to_repost_p50_ms", "{:.0f}", ""),
        ("ack -> re-post p99 (ms)", "ack_to_repost_p99_ms", "{:.0f}", "< 2000 (2 replicas)"),
        ("PII events / re-posts matched", None, "", ""),
        ("errors (non-200 acks)", "errors", "{}", ""),
        ("replica CPU per event (ms, all procs)", "replica_cpu_ms_per_event", "{:.2f}", ""),
        ("all benchmark processes' CPU/event (ms)", "all_cpu_ms_per_event", "{:.2f}", ""),
        ("=> CPU-bound ceiling, all cores (ev/s)", "cpu_bound_ceiling_per_s", "{:.0f}", ""),
        ("machine busy (share of all cores)", "machine_busy_share", "{:.0%}", ""),
    ]
    print(f"{'':40} {'1 replica':>12} {'2 replicas':>12}   target")
    for label, key, fmt, target in rows:
        if key is None:
            cells = [f"{r['pii_events']}/{r['reposts_matched']}" for r in (one, two)]
        else:
            cells = [fmt.format(r[key]) if r[key] is not None else "n/a" for r in (one, two)]
        print(f"{label:40} {cells[0]:>12} {cells[1]:>12}   {target}")
    for who in one["cpu_s"]:
        print(f"{'CPU s: ' + who:40} {one['cpu_s'][who]:>12.1f} {two['cpu_s'][who]:>12.1f}")
    print(f"{'two / one replica, end to end':40} {two['end_to_end_per_s'] / one['end_to_end_per_s']:>25.2f}x")
    print("stream cost per event, in-process, median over", int(micro["stream_events"]), "events:")
    print(
        f"  append {micro['stream_append_ms_median']:.3f} ms + read {micro['stream_read_ms_median']:.3f} ms"
        f" + done {micro['stream_done_ms_median']:.3f} ms = {micro['stream_total_ms_median']:.3f} ms"
        f" (p99 {micro['stream_total_ms_p99']:.3f} ms;"
        f" client CPU {micro['stream_client_cpu_ms_per_event']:.3f} ms)"
    )
    if "front_end_cpu_ms_per_event" in micro:
        print(
            "front end (signature, append), in-process:"
            f" {micro['front_end_cpu_ms_per_event']:.3f} ms CPU,"
            f" {micro['front_end_wall_ms_per_event']:.3f} ms wall per event"
            f" ({int(micro['front_end_200s'])} x 200)"
        )
    else:
        print(f"front end CPU per event: not measured ({micro.get('front_end_error')})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    parser.add_argument("--start-services", action="store_true", help="a private PostgreSQL and Redis")
    parser.add_argument("--rate", type=float, default=600, help="offered events/s, the same for 1 and 2")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--senders", type=int, default=32)
    parser.add_argument("--pii", type=float, default=0.2, help="share of messages holding PII")
    parser.add_argument("--roster", type=int, default=5000)
    parser.add_argument("--worker-threads", type=int, default=4, help="CASEBOT_WORKER_THREADS a replica")
    parser.add_argument("--stream-events", type=int, default=5000)
    parser.add_argument("--front-end-events", type=int, default=2000)
    args = parser.parse_args()
    if not args.start_services and not (args.database_url and args.redis_url):
        parser.error("give --start-services, or both --database-url and --redis-url")

    with tempfile.TemporaryDirectory(prefix="casebot-bench-") as name:
        tmp = Path(name)
        stop_services: Callable[[], None] = lambda: None  # noqa: E731
        pids: dict[str, int] = {}
        if args.start_services:
            args.database_url, args.redis_url, stop_services, pids = start_services(tmp)
        services = {"DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url}
        data_dir = tmp / "data"
        standin, api_url = None, ""
        replicas = None
        try:
            people = setup(data_dir, args.roster, **services)
            standin, api_url = start_standin()
            pids["stand-in"] = standin.pid
            settings = Settings(
                CASEBOT_DATA_DIR=data_dir,
                SLACK_BOT_TOKEN="xoxb-bench",  # noqa: S106 (the stand-in's)
                SLACK_SIGNING_SECRET=SECRET,
                SLACK_API_URL=api_url,
                **services,
            )
            sender = Sender([], people, args.pii)
            micro: dict[str, Any] = {"stream_events": args.stream_events}
            micro.update(stream_cost(settings, sender, args.stream_events))
            try:
                micro.update(front_end_cpu(settings, sender, args.front_end_events))
            except Exception as exc:  # a figure we could not take is reported as such
                micro["front_end_error"] = f"{type(exc).__name__}: {exc}"
            app = Casebot(settings)
            with app.db.transaction() as session:
                stream = EventStream(app.kv, key=app.keyring.ensure_named_key(session, "event_stream"))
            replicas = Replicas(tmp, data_dir, api_url, services, args.worker_threads)
            replicas.start()
            one = phase(replicas, sender, stream, args, pids)
            replicas.start()
            two = phase(replicas, sender, stream, args, pids)
            app.close()
        finally:
            if replicas is not None:
                replicas.stop()
            if standin is not None:
                standin.terminate()
                standin.wait()
            stop_services()
    print(
        f"roster {args.roster:,} clients; {args.pii:.0%} of messages hold PII; {args.senders} sender threads;"
        f" each replica: casebot serve (gunicorn gthread, 1 worker), {args.worker_threads} stream worker"
        " threads;"
        f" PostgreSQL (fsync off) and Redis {'started here' if args.start_services else 'given'}"
    )
    print(
        f"NOTE: this machine has {os.cpu_count()} cores, shared by the senders, the Slack stand-in,"
        " PostgreSQL, Redis and the replicas: the figures are this machine's, not a replica's ceiling."
    )
    print(
        f"the same load ({args.rate:.0f} events/s offered for {args.seconds:.0f}s)"
        " against 1, then 2 replicas:"
    )
    table(one, two, micro)
    print(
        json.dumps(
            {
                "one_replica": one,
                "two_replicas": two,
                "two_over_one": two["end_to_end_per_s"] / one["end_to_end_per_s"],
                "micro": micro,
                "cores": os.cpu_count(),
                "args": vars(args) | {"database_url": "(hidden)", "redis_url": "(hidden)"},
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
