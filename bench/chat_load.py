"""Chat load benchmark: N members in G groups hold sockets open and post at a set rate; prints
connections held, messages/s in, deliveries/s out, send-to-receive latency p50/p95/p99, lost and
doubled messages, server memory per connection and server CPU per message — for the app (gunicorn +
gevent, one process, on PostgreSQL + Redis and on SQLite) and for a bare python-socketio server, with the latency ratio.

Usage: python bench/chat_load.py [--members 2000] [--groups 200] [--interval 10] [--duration 60]
                                 [--targets bare,postgres,sqlite] [--timeline]
Needs the dev requirements (aiohttp, python-socketio client, psutil) and, for the postgres target,
PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL / BENCH_REDIS_URL to override). What the servers
print goes to BENCH_SERVER_LOG (default: aftercare-bench-server.log in the temp folder).
"""
import argparse
import asyncio
import gc
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


SECRET = "bench-secret-key"
TIMELINE = False
# What the servers under test print (errors, warnings) goes here, not into the figures.
SERVER_LOG = os.environ.get("BENCH_SERVER_LOG", str(Path(tempfile.gettempdir()) / "aftercare-bench-server.log"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(app_path, env, port):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}",
         "--no-control-socket", "--worker-connections", "10000", "--log-level", "warning", app_path],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(SERVER_LOG, "ab"))
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(f"{app_path} did not start; see {SERVER_LOG}")
    time.sleep(1.0)
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def worker_process(process):
    """The gunicorn worker (the child holding the sockets)."""
    parent = psutil.Process(process.pid)
    children = parent.children()
    return children[0] if children else parent


def cpu_seconds(proc):
    times = proc.cpu_times()
    return times.user + times.system


def worker_rss(process):
    """Resident memory of the gunicorn worker (the child holding the sockets)."""
    return worker_process(process).memory_info().rss


class Stats:
    def __init__(self):
        self.sent = {}           # client_id -> (send time, group, sender)
        self.received = {}       # (member, client_id) -> count
        self.latencies = []       # (send time, latency) per first delivery
        self.acked = 0
        self.errors = 0
        self.server_cpu = 0.0     # CPU seconds the server worker used while members posted
        self.generator_cpu = 0.0  # CPU seconds this load generator used meanwhile


class Member:
    def __init__(self, index, channel_id, group_index):
        self.index = index
        self.channel_id = channel_id
        self.group_index = group_index
        self.client = None


async def connect_member(member, url, stats, credentials, session_semaphore):
    cookies_header, csrf = None, None
    if credentials is not None:
        cookie, csrf = credentials
        cookies_header = f"session={cookie}"
    client = socketio.AsyncClient(reconnection=False)

    @client.on("message")
    async def on_message(data):
        now = time.perf_counter()
        key = (member.index, data.get("client_id") or data["body"].split("|", 1)[0])
        client_id = key[1]
        stats.received[key] = stats.received.get(key, 0) + 1
        sent = stats.sent.get(client_id)
        if sent is not None and stats.received[key] == 1:
            stats.latencies.append((sent[0], now - sent[0]))

    headers = {"Origin": url}
    if cookies_header:
        headers["Cookie"] = cookies_header
    async with session_semaphore:
        await client.connect(url, headers=headers, auth={"csrf_token": csrf} if csrf else None,
                             transports=["websocket"], wait_timeout=30)
    ack = await client.call("join", {"channel_id": member.channel_id, "last_seq": 0}, timeout=30)
    if not ack or not ack.get("ok"):
        raise RuntimeError(f"join failed: {ack}")
    member.client = client


async def post_loop(member, stats, interval, stop_at):
    """Post on a fixed cadence (every `interval` seconds from a random start), whatever the acks take."""
    next_at = time.perf_counter() + random.uniform(0, interval)
    while next_at < stop_at:
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        next_at += interval
        client_id = uuid.uuid4().hex
        body = f"{client_id}|message from member {member.index}"
        stats.sent[client_id] = (time.perf_counter(), member.group_index, member.index)
        try:
            ack = await member.client.call("send", {"channel_id": member.channel_id, "client_id": client_id,
                                                    "body": body}, timeout=30)
            if ack and ack.get("ok"):
                stats.acked += 1
            else:
                stats.errors += 1
        except Exception:
            stats.errors += 1


async def run_load(url, members, interval, duration, credentials_for, server_proc):
    stats = Stats()
    semaphore = asyncio.Semaphore(16)
    started = time.perf_counter()
    await asyncio.gather(*(connect_member(m, url, stats, credentials_for(m), semaphore) for m in members))
    connect_seconds = time.perf_counter() - started
    connected = sum(1 for m in members if m.client and m.client.connected)
    # The load generator's own garbage collector would pause every client at once and show up as
    # server latency: what exists now is left out of collections, and none run while members post.
    gc.collect()
    gc.freeze()
    gc.disable()
    window_start = time.perf_counter()
    server_cpu, generator_cpu = cpu_seconds(server_proc), time.process_time()
    stop_at = window_start + duration
    await asyncio.gather(*(post_loop(m, stats, interval, stop_at) for m in members))
    posting = time.perf_counter() - window_start
    stats.server_cpu = cpu_seconds(server_proc) - server_cpu
    stats.generator_cpu = time.process_time() - generator_cpu
    await asyncio.sleep(3)  # let the last deliveries arrive
    gc.enable()
    gc.unfreeze()
    window = posting
    still_connected = sum(1 for m in members if m.client and m.client.connected)
    for member in members:
        if member.client:
            await member.client.disconnect()
    return stats, connected, still_connected, connect_seconds, window


def summarise(label, stats, members, connected, still, window, rss_per_connection):
    group_size = {}
    for member in members:
        group_size[member.group_index] = group_size.get(member.group_index, 0) + 1
    expected = sum(group_size[group] for (_t, group, _s) in stats.sent.values())
    delivered_unique = sum(1 for count in stats.received.values() if count >= 1)
    doubled = sum(count - 1 for count in stats.received.values() if count > 1)
    lost = expected - delivered_unique
    lat = sorted(latency for _sent_at, latency in stats.latencies)

    def pct(p):
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else float("nan")

    if TIMELINE and stats.latencies:
        start = min(t for t, _ in stats.latencies)
        seconds = {}
        for sent_at, latency in stats.latencies:
            seconds.setdefault(int(sent_at - start), []).append(latency * 1000)
        for second, values in sorted(seconds.items()):
            values.sort()
            print(f"{label:>10}: second {second:3d}: {len(values):5d} deliveries, p50 {values[len(values) // 2]:7.1f} ms,"
                  f" max {values[-1]:7.1f} ms")
    row = {
        "target": label, "connections": connected, "held_to_end": still,
        "msgs_in_per_s": len(stats.sent) / window, "deliveries_out_per_s": sum(stats.received.values()) / window,
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "lost": lost, "doubled": doubled,
        "send_errors": stats.errors, "kb_per_connection": rss_per_connection / 1024,
        "server_cpu_ms_per_msg": 1000 * stats.server_cpu / max(len(stats.sent), 1),
        "server_cpu_share": stats.server_cpu / window, "generator_cpu_share": stats.generator_cpu / window,
    }
    print(f"{label:>10}: {connected} connected ({still} held to the end) · "
          f"{row['msgs_in_per_s']:.1f} msg/s in · {row['deliveries_out_per_s']:.0f} deliveries/s out · "
          f"latency p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms · "
          f"lost {lost} · doubled {doubled} · send errors {stats.errors} · "
          f"{row['kb_per_connection']:.0f} KB/connection · server CPU {row['server_cpu_ms_per_msg']:.2f} ms/message "
          f"({100 * row['server_cpu_share']:.0f}% of a core; load generator {100 * row['generator_cpu_share']:.0f}%)",
          flush=True)
    return row


def bench_bare(args):
    port = free_port()
    server = start_server("bench.bare_server:app", dict(os.environ), port)
    try:
        members = [Member(i, i % args.groups + 1, i % args.groups) for i in range(args.members)]
        base_rss = worker_rss(server)
        stats, connected, still, _cs, window = asyncio.run(run_load(
            f"http://127.0.0.1:{port}", members, args.interval, args.duration, lambda m: None,
            worker_process(server)))
        rss = (worker_rss(server) - base_rss) / max(connected, 1)
    finally:
        stop(server)
    return summarise("bare", stats, members, connected, still, window, rss)


def bench_app(args, label, database_url, redis_url):
    from bench.chat_seed import seed

    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=SECRET, FLASK_APP="aftercare",
               CHAT_RATE_LIMIT="100 per minute", LOGIN_LIMIT_PER_ADDRESS="100000 per minute")
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    print(f"{label:>10}: seeding {args.members} members in {args.groups} groups …", flush=True)
    layout = seed(database_url, args.members, args.groups, SECRET)
    port = free_port()
    server = start_server("aftercare.wsgi:app", env, port)
    try:
        members = [Member(i, channel_id, group_index) for i, (channel_id, group_index) in enumerate(layout.members)]
        base_rss = worker_rss(server)
        stats, connected, still, connect_seconds, window = asyncio.run(run_load(
            f"http://127.0.0.1:{port}", members, args.interval, args.duration,
            lambda m: (layout.cookies[m.index], layout.csrf_tokens[m.index]), worker_process(server)))
        rss = (worker_rss(server) - base_rss) / max(connected, 1)
        print(f"{label:>10}: logging in and connecting took {connect_seconds:.1f} s", flush=True)
    finally:
        stop(server)
    return summarise(label, stats, members, connected, still, window, rss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between one member's posts")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of posting")
    parser.add_argument("--targets", default="bare,postgres,sqlite")
    parser.add_argument("--timeline", action="store_true", help="also print latency per second of posting")
    args = parser.parse_args()
    global TIMELINE
    TIMELINE = args.timeline
    print(f"chat load: {args.members} members in {args.groups} groups, one post per member every "
          f"{args.interval:g} s for {args.duration:g} s", flush=True)
    rows = {}
    targets = args.targets.split(",")
    if "bare" in targets:
        rows["bare"] = bench_bare(args)
    if "postgres" in targets:
        url = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/aftercare_bench")
        recreate_postgres(url)
        rows["postgres"] = bench_app(args, "postgres", url, os.environ.get("BENCH_REDIS_URL",
                                                                           "redis://127.0.0.1:6379/13"))
    if "sqlite" in targets:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        rows["sqlite"] = bench_app(args, "sqlite", f"sqlite:///{path}", None)
    if "bare" in rows:
        for label in ("postgres", "sqlite"):
            if label in rows:
                ratio = rows[label]["p99_ms"] / rows["bare"]["p99_ms"]
                ratio50 = rows[label]["p50_ms"] / rows["bare"]["p50_ms"]
                print(f"{label:>10}: latency vs bare server: p50 ×{ratio50:.2f}, p99 ×{ratio:.2f}", flush=True)


def recreate_postgres(url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from aftercare.database import normalise_url

    parsed = make_url(normalise_url(url))
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


if __name__ == "__main__":
    main()
