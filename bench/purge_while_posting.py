"""Chat posting while `flask purge-expired` deletes old messages: members keep posting over their sockets
before, during and after the purge; prints the send-to-acknowledgement latency (p50/p95/p99/max) and send
errors in each of the three windows, and how long the purge took and what it deleted.

The data set is bench/pages.py's large organisation (2,000 participants in 200 groups, 1,000,000 chat
messages spread over 80 days) in a database of its own, whose groups keep their chat for 56 days: the
oldest 30 % of the messages have expired. Each run seeds it again (the purge deletes them).

Usage: python bench/purge_while_posting.py [--scale 1] [--members 200] [--interval 2] [--before 10] [--after 10]
Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL, default
postgresql://postgres@127.0.0.1:5432/aftercare_pages_purge; BENCH_REDIS_URL, default redis://127.0.0.1:6379/8),
or `--database sqlite`.
"""
import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import free_port, recreate_postgres, start_server, stop  # noqa: E402

SECRET = "bench-purge-secret-key"
RETENTION_DAYS = 56  # of the 80 days of history: 30 % has expired


def prepare(url, scale, members):
    from sqlalchemy import select, update

    from aftercare import create_app
    from aftercare.accounts.models import User
    from aftercare.chat.models import Channel
    from aftercare.extensions import db
    from aftercare.groups.models import Group, Membership
    from bench import pages_seed
    from bench.chat_seed import _sign_in

    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, FLASK_APP="aftercare")
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "TESTING": True,
                      "SOCKETIO_MESSAGE_QUEUE": None, "REDIS_URL": None})
    with app.app_context():
        size = pages_seed.Size(messages=1_000_000).scaled(scale)
        started = time.perf_counter()
        pages_seed.seed(size)
        db.session.execute(update(Group).values(chat_retention_days=RETENTION_DAYS))
        db.session.commit()
        print(f"seeded {size.messages:,} messages in {time.perf_counter() - started:.0f} s", flush=True)
        rows = db.session.execute(select(User, Channel.id).join(Membership, Membership.user_id == User.id)
                                  .join(Channel, Channel.group_id == Membership.group_id)
                                  .where(User.username.like("org-p%")).order_by(Membership.id).limit(members)).all()
        users = [user for user, _channel in rows]
        cookies, tokens = _sign_in(app, users)
        layout = [(channel, cookie, token) for (_user, channel), cookie, token in zip(rows, cookies, tokens)]
        db.engine.dispose()
    return env, layout


async def run(url, layout, interval, before, after, env):
    import socketio

    sent = []  # (sent at, latency or None)
    clients = []
    for channel, cookie, token in layout:
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(url, headers={"Origin": url, "Cookie": f"session={cookie}"},
                             auth={"csrf_token": token}, transports=["websocket"], wait_timeout=30)
        await client.call("join", {"channel_id": channel, "last_seq": 0}, timeout=30)
        clients.append((client, channel))
    purge = {}

    async def purge_later():
        await asyncio.sleep(before)
        purge["start"] = time.perf_counter()
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "flask", "purge-expired", cwd=ROOT,
                                                       env=env, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.STDOUT)
        purge["output"] = (await process.communicate())[0].decode()
        purge["end"] = time.perf_counter()

    async def poster(client, channel, stop):
        await asyncio.sleep(interval * (hash(channel) % 100) / 100)
        while not stop.is_set():
            started = time.perf_counter()
            try:
                ack = await client.call("send", {"channel_id": channel, "client_id": uuid.uuid4().hex,
                                                 "body": "Posting while the purge runs"}, timeout=30)
                sent.append((started, time.perf_counter() - started if ack and ack.get("ok") else None))
            except Exception:
                sent.append((started, None))
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))

    stop = asyncio.Event()
    posters = [asyncio.create_task(poster(client, channel, stop)) for client, channel in clients]
    await purge_later()
    await asyncio.sleep(after)
    stop.set()
    await asyncio.gather(*posters)
    for client, _channel in clients:
        await client.disconnect()
    return sent, purge


def summary(label, rows):
    latencies = sorted(latency * 1000 for _at, latency in rows if latency is not None)
    errors = sum(1 for _at, latency in rows if latency is None)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

    print(f"{label:>14}: {len(rows):6d} sends · p50 {pct(50):7.1f} ms · p95 {pct(95):7.1f} ms · "
          f"p99 {pct(99):7.1f} ms · max {latencies[-1] if latencies else float('nan'):7.1f} ms · errors {errors}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--members", type=int, default=200, help="members posting, one socket each")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between one member's posts")
    parser.add_argument("--before", type=float, default=10.0, help="seconds of posting before the purge starts")
    parser.add_argument("--after", type=float, default=10.0, help="seconds of posting after it ended")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()
    if args.database == "postgres":
        url = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/aftercare_pages_purge")
        recreate_postgres(url)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'purge.sqlite3'}"
    env, layout = prepare(url, args.scale, args.members)
    env = dict(env, CHAT_RATE_LIMIT="1000 per minute")
    if args.database == "postgres":
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    port = free_port()
    server = start_server("aftercare.wsgi:app", env, port)
    try:
        sent, purge = asyncio.run(run(f"http://127.0.0.1:{port}", layout, args.interval, args.before, args.after,
                                      env))
    finally:
        stop(server)
    print(f"purge-expired took {purge['end'] - purge['start']:.1f} s:")
    print("".join(f"    {line}\n" for line in purge["output"].strip().splitlines()), end="")
    summary("before", [row for row in sent if row[0] < purge["start"]])
    summary("during purge", [row for row in sent if purge["start"] <= row[0] < purge["end"]])
    summary("after", [row for row in sent if row[0] >= purge["end"]])


if __name__ == "__main__":
    main()
