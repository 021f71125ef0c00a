"""What one chat post costs the server in-process, without the network: ten members of a group connected
through Flask-SocketIO's test client post in turn; prints wall and CPU milliseconds per post (the handler,
authorisation, rate limit, storing and the fan-out to the ten sockets).

Usage: python bench/chat_send_cost.py [--posts 2000] [--database postgres|sqlite] [--profile 30]
PostgreSQL at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/aftercare_send_cost, recreated)
with the app's rate-limit store in Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379/12), as in
production; or a SQLite file with the in-process store. (The posting limit itself is counted in the database.)
"""
import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import SECRET, recreate_postgres  # noqa: E402
from bench.chat_seed import seed  # noqa: E402

MEMBERS = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls (cProfile)")
    args = parser.parse_args()

    if args.database == "postgres":
        url = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/aftercare_send_cost")
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
        recreate_postgres(url)
    else:
        url, redis_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'send_cost.sqlite3'}", None
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, FLASK_APP="aftercare")
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    layout = seed(url, MEMBERS * 2, 2, SECRET)

    from aftercare import create_app
    from aftercare.extensions import socketio

    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "CHAT_RATE_LIMIT": "100000 per minute",
                      "REDIS_URL": redis_url, "SOCKETIO_MESSAGE_QUEUE": None,  # the test client has no queue
                      "RATELIMIT_STORAGE_URI": redis_url or "memory://", "CHAT_SWEEP_SECONDS": 0})
    channel_id = layout.members[0][0]
    sockets = []
    for index in range(MEMBERS):
        http = app.test_client()
        http.set_cookie("session", layout.cookies[index])
        socket = socketio.test_client(app, flask_test_client=http, headers={"Origin": "http://localhost"},
                                      auth={"csrf_token": layout.csrf_tokens[index]})
        assert socket.is_connected(), "the member's socket was refused"
        assert socket.emit("join", {"channel_id": channel_id, "last_seq": 0}, callback=True)["ok"]
        sockets.append(socket)

    def post(count):
        for n in range(count):
            ack = sockets[n % MEMBERS].emit("send", {"channel_id": channel_id, "client_id": uuid.uuid4().hex,
                                                     "body": "A message of ordinary length for a group."},
                                            callback=True)
            assert ack["ok"], ack
            if n % 50 == 0:
                for socket in sockets:
                    socket.get_received()

    post(100)  # warm up: compiled statements, pool
    wall, cpu = time.perf_counter(), time.process_time()
    post(args.posts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{args.database}: {args.posts} posts, {1000 * wall / args.posts:.2f} ms wall and "
          f"{1000 * cpu / args.posts:.2f} ms CPU per post (fan-out to {MEMBERS} sockets included)", flush=True)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        post(500)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
