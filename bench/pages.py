"""Page benchmark: signed-in people opening the app's pages at once, beside a bare Flask page on the same stack.

For each page (home, groups list, a group's page, meetings, a meeting, the group chat page, notifications,
my data and its largest part (the chat section, which is the whole page where the page is not split), and the coordinator's volunteers / queue / request / matches / batch) it prints requests/s at each
concurrency (default 20 and 50 users, each with its own login cookie), latency p50/p95/p99, errors (any
answer but 200, and failed connections), the SQL statements one request runs, the HTML size, and the ratio
to the bare page's requests/s measured in the same run. It also prints each page's statement count at both
data sizes: a count that grows with the data is a finding.

The data set is a "large organisation": 2,000 participants in 200 groups with 12 weekly meetings each,
300 time-givers (a quarter of the participants asked for one, half of those are matched), 20 notifications
per participant, and a chat history of 50,000 and then 1,000,000 messages (a tenth with reactions; the
first member of each group wrote a third of it and is the person signed in). `--scale 0.1` makes everything
ten times smaller for a quick run. Each size lives in its own database (PostgreSQL:
`<BENCH_DATABASE_URL>_<messages>`, SQLite: a file in `--sqlite-dir`), seeded once with COPY / bulk inserts
and reused by later runs (`--reseed` starts again).

The app is served as `./run` serves it: gunicorn, one gevent worker, here on PostgreSQL + Redis
(`--database postgres`, the default) or SQLite (`--database sqlite`). The load comes from separate
processes (`--clients`, default 2) running asyncio + aiohttp with keep-alive; each reports its own CPU, and
the run warns when a client was busy enough to be the limit. Statement counts are measured in this process
with the same app and database (a SQLAlchemy event counts each statement of one signed-in request, after
one warm-up request), so the server under load runs unchanged.

Usage:
  python bench/pages.py [--scale 1] [--sizes 50000,1000000] [--load-size 1000000] [--users 20,50]
                        [--duration 10] [--pages home,chat,...] [--database postgres|sqlite]
                        [--profile PAGE,...]   # py-spy samples the worker under each PAGE's load; prints top entries
Needs the dev requirements; PostgreSQL and Redis on 127.0.0.1 for the postgres target (BENCH_DATABASE_URL,
default postgresql://postgres@127.0.0.1:5432/aftercare_pages_org, and BENCH_REDIS_URL, default
redis://127.0.0.1:6379/8). Run it with `nice` on a shared machine; what the servers print goes to
BENCH_SERVER_LOG.
"""
import argparse
import asyncio
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import free_port, start_server, stop, worker_process  # noqa: E402

SECRET = "bench-pages-secret-key"
PAGES = {
    "home": "/",
    "groups": "/groups/",
    "group": "/groups/{group}",
    "meetings": "/groups/{group}/meetings",
    "meeting": "/groups/{group}/meetings/{meeting}",
    "chat": "/chat/{channel}",
    "notifications": "/notifications",
    "mydata": "/account/my-data",
    "mydata_chat": "/account/my-data?section=chat",
    "volunteers": "/time-givers/coordinate",
    "queue": "/time-givers/coordinate/requests",
    "request": "/time-givers/coordinate/requests/{request}",
    "matches": "/time-givers/coordinate/matches",
    "batch": "/time-givers/coordinate/batch",
}
COORDINATOR_PAGES = {"volunteers", "queue", "request", "matches", "batch"}


def database_url(args, messages):
    if args.database == "sqlite":
        return f"sqlite:///{Path(args.sqlite_dir) / f'pages_{messages}.sqlite3'}"
    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/aftercare_pages_org")
    return f"{base}_{messages}"


def ensure_database(url, reseed):
    """Create the PostgreSQL database when missing (or again with --reseed), then bring its schema up to date."""
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        from aftercare.database import normalise_url

        parsed = make_url(normalise_url(url))
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            if reseed:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                       {"name": parsed.database})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        admin.dispose()
    elif reseed:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, FLASK_APP="aftercare")
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)


def make_app(url):
    from aftercare import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "SOCKETIO_MESSAGE_QUEUE": None,
                       "REDIS_URL": None, "RATELIMIT_ENABLED": False})


def prepare(url, size, reseed, people):
    """Seed the size once; return the addresses and cookies of `people` participants and as many coordinator logins."""
    from aftercare.extensions import db
    from bench import pages_seed

    ensure_database(url, reseed)
    app = make_app(url)
    with app.app_context():
        if not pages_seed.is_seeded(size):
            started = time.perf_counter()
            print(f"seeding {size.messages:,} messages ({size.participants:,} participants, {size.groups} groups) "
                  f"into {url.rsplit('/', 1)[-1]} …", flush=True)
            pages_seed.seed(size)
            print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
        layout = pages_seed.layout(people)
        member_cookies = pages_seed.sign_in(app, [p[0] for p in layout.participants])
        coordinator_cookies = pages_seed.sign_in(app, [layout.coordinator_id] * people)
        db.session.remove()
        db.engine.dispose()
    targets = {}
    for name, pattern in PAGES.items():
        cookies = coordinator_cookies if name in COORDINATOR_PAGES else member_cookies
        targets[name] = [(pattern.format(group=p[1], channel=p[2], meeting=p[3], request=layout.request_id), cookie)
                         for p, cookie in zip(layout.participants, cookies)]
    return app, targets


def count_statements(app, targets):
    """Per page: (statements, status, bytes) of one signed-in request after a warm-up one, in this process."""
    from sqlalchemy import event

    from aftercare.extensions import db

    counts = {}
    with app.app_context():
        engine = db.engine
    statements = []

    def seen(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for name, entries in targets.items():
            path, cookie = entries[0]
            client = app.test_client()
            client.set_cookie("session", cookie)
            client.get(path)
            statements.clear()
            response = client.get(path)
            counts[name] = (len(statements), response.status_code, len(response.data))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return counts


def client_process(base, entries, duration, results):
    """One load-generating process: a task per entry (a person), each asking again as soon as answered."""
    import aiohttp

    async def person(session, path, cookie, stop_at, latencies, errors):
        headers = {"Cookie": f"session={cookie}"} if cookie else {}
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                async with session.get(base + path, headers=headers, allow_redirects=False) as response:
                    await response.read()
                    if response.status != 200:
                        errors[0] += 1
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError):
                errors[0] += 1
                continue
            latencies.append(time.perf_counter() - started)

    async def main():
        latencies, errors = [], [0]
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                         cookie_jar=aiohttp.DummyCookieJar()) as session:
            stop_at = time.perf_counter() + duration
            cpu = time.process_time()
            await asyncio.gather(*(person(session, path, cookie, stop_at, latencies, errors)
                                   for path, cookie in entries))
            results.put((latencies, errors[0], time.process_time() - cpu))

    asyncio.run(main())


def load(base, entries, duration, clients, server):
    """Drive `entries` (path, cookie) at once for `duration` s; the figures of the run."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    share = [entries[k::clients] for k in range(clients) if entries[k::clients]]
    processes = [context.Process(target=client_process, args=(base, part, duration, results)) for part in share]
    server_cpu = _cpu(server)
    started = time.perf_counter()
    for process in processes:
        process.start()
    gathered = [results.get(timeout=duration + 120) for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
    latencies = sorted(latency for part in gathered for latency in part[0])
    errors = sum(part[1] for part in gathered)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else float("nan")

    return {"rps": len(latencies) / duration, "p50": pct(50), "p95": pct(95), "p99": pct(99), "errors": errors,
            "client_cpu": max(part[2] for part in gathered) / duration,
            "server_cpu": (_cpu(server) - server_cpu) / elapsed}


def _cpu(process):
    times = process.cpu_times()
    return times.user + times.system


def profile(pid, seconds, out):
    """py-spy samples the worker for `seconds`; returns the process, which writes a raw (collapsed) profile."""
    return subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid), "--duration",
                             str(int(seconds)), "--format", "raw", "--output", out, "--nonblocking", "--gil"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def top_entries(raw_path, limit=15):
    """The functions (own time and total time) that most samples were in, from py-spy's collapsed stacks."""
    own, total, samples = {}, {}, 0
    for line in Path(raw_path).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        count = int(count)
        samples += count
        frames = stack.split(";")
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + count
    print(f"  {samples} samples; own time:")
    for frame, count in sorted(own.items(), key=lambda item: -item[1])[:limit]:
        print(f"    {100 * count / samples:5.1f}%  {frame}")
    print("  total time (in the frame or below), aftercare code only:")
    ours = [(f, c) for f, c in total.items() if "aftercare/" in f or "templates/" in f]
    for frame, count in sorted(ours, key=lambda item: -item[1])[:limit]:
        print(f"    {100 * count / samples:5.1f}%  {frame}")


def server_env(url, args):
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, FLASK_APP="aftercare",
               LOGIN_LIMIT_PER_ADDRESS="100000 per minute")
    env.pop("REDIS_URL", None)
    if args.database == "postgres":
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    return env


def main():
    from bench.pages_seed import Size

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the large organisation to seed")
    parser.add_argument("--sizes", default="50000,1000000", help="chat messages in each data set (before --scale)")
    parser.add_argument("--load-size", type=int, help="the size the load runs on (default: the largest)")
    parser.add_argument("--users", default="20,50", help="concurrent signed-in users")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page and concurrency")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--clients", type=int, default=2, help="load-generating processes")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--sqlite-dir", default=tempfile.gettempdir())
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--profile", help="pages (comma-separated) to profile with py-spy at the largest concurrency")
    args = parser.parse_args()
    users = [int(n) for n in args.users.split(",")]
    pages = args.pages.split(",")
    profiled = [page for page in (args.profile or "").split(",") if page]
    sizes = [Size(messages=int(n)).scaled(args.scale) for n in args.sizes.split(",")]
    load_size = Size(messages=args.load_size).scaled(args.scale) if args.load_size else sizes[-1]
    if load_size.messages not in [s.messages for s in sizes]:
        sizes.append(load_size)

    counts, load_targets = {}, None
    for size in sizes:
        url = database_url(args, size.messages)
        app, targets = prepare(url, size, args.reseed, max(users))
        counts[size.messages] = count_statements(app, {name: targets[name] for name in pages})
        if size.messages == load_size.messages:
            load_targets, load_url = targets, url
        with app.app_context():
            from aftercare.extensions import db
            db.engine.dispose()

    port = free_port()
    bare = start_server("bench.bare_page:app", dict(os.environ), port)
    floor = {}
    try:
        load(f"http://127.0.0.1:{port}", [("/", None)] * max(users), 1.0, args.clients, worker_process(bare))
        for n in users:
            floor[n] = load(f"http://127.0.0.1:{port}", [("/", None)] * n, args.duration, args.clients,
                            worker_process(bare))
    finally:
        stop(bare)
    rows = {}
    port = free_port()
    server = start_server("aftercare.wsgi:app", server_env(load_url, args), port)
    try:
        for name in pages:
            for n in users:
                entries = (load_targets[name] * n)[:n]
                # Warm-up (templates compiled, each login touched once), not counted.
                load(f"http://127.0.0.1:{port}", entries, 1.0, args.clients, worker_process(server))
                spy = None
                if name in profiled and n == max(users):
                    raw = str(Path(tempfile.gettempdir()) / f"aftercare-pages-{name}.txt")
                    spy = profile(worker_process(server).pid, args.duration, raw)
                rows[name, n] = load(f"http://127.0.0.1:{port}", entries, args.duration, args.clients,
                                     worker_process(server))
                if spy is not None:
                    spy.wait(60)
    finally:
        stop(server)

    report(args, sizes, load_size, users, pages, floor, rows, counts, profiled)


def report(args, sizes, load_size, users, pages, floor, rows, counts, profiled):
    print(f"\npages on {args.database} · {load_size.participants:,} participants, {load_size.groups} groups, "
          f"{load_size.messages:,} messages · {args.duration:g} s per row · gunicorn + gevent, one worker")
    for n in users:
        f = floor[n]
        print(f"bare page at {n:>2} users: {f['rps']:7.0f} req/s · p50 {f['p50']:6.1f} ms · p95 {f['p95']:6.1f} ms · "
              f"p99 {f['p99']:6.1f} ms · errors {f['errors']} · server CPU {100 * f['server_cpu']:.0f}% · "
              f"busiest client CPU {100 * f['client_cpu']:.0f}%")
        if f["client_cpu"] > 0.9:
            print("  warning: a load-generating process was nearly always busy; the floor may be the client's")
    header = f"{'page':<14}{'users':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}" \
             f"{'SQL':>5}{'KB':>7}{'bare/page':>10}{'p95/bare':>9}{'CPU':>6}"
    print(header)
    size = load_size.messages
    for name in pages:
        statements, status, length = counts[size][name]
        for n in users:
            r = rows[name, n]
            ratio = floor[n]["rps"] / r["rps"] if r["rps"] else float("inf")
            print(f"{name:<14}{n:>6}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}"
                  f"{statements:>5}{length / 1024:>7.0f}{ratio:>9.0f}×{r['p95'] / floor[n]['p95']:>8.0f}×"
                  f"{100 * r['server_cpu']:>5.0f}%" + ("" if status == 200 else f"  (answered {status})"))
    print("\nSQL statements per request at each size (messages):")
    print(f"{'page':<14}" + "".join(f"{s.messages:>11,}" for s in sizes))
    for name in pages:
        print(f"{name:<14}" + "".join(f"{counts[s.messages][name][0]:>11}" for s in sizes)
              + ("  grows" if len({counts[s.messages][name][0] for s in sizes}) > 1 else ""))
    for page in profiled:
        print(f"\nprofile of {page} at {max(users)} users (py-spy, samples while the worker held the GIL):")
        top_entries(Path(tempfile.gettempdir()) / f"aftercare-pages-{page}.txt")


if __name__ == "__main__":
    main()
