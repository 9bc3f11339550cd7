"""Load: the approver's inbox, a document page and the document list, each beside a bare route.

    .venv/bin/python benchmarks/load.py [--documents 10000] [--seconds 4] [--turns 5] [--clients 20]
                                        [--web 3] [--threads 4] [--database-url URL]

Builds a throw-away instance with 10,000 documents, inserted in bulk through the models (no
OCR): read, with lines, a page of text, a match against an order (a fifth with an exception,
overridden once submitted), approval chains, and the audit trail a real document leaves; a
tenth of them wait for approval. Then it starts the portal as `make run` does: gunicorn with
the project's gunicorn.conf.py (--web processes of --threads threads) and a background worker,
on loopback; and drives each page from --clients concurrent connections with wrk (Debian's
package, installed through scripts/install-system-packages.sh) signed in as an approver, the
same number of seconds each, in turns (the bare route, /healthz: no database, no template, then
the inbox, a document, the list; five times over), so that each page meets the machine as the
bare route it is measured against does. Before the turns the approver has opened each page
once, as one does before coming back to it: what is measured is a working day's traffic, the
pages kept as drawn until a change draws them again (the uploads change the lists and the inbox
every second), not each document's first drawing (about 10 ms in process, alone). All the
while a clerk uploads an invoice every second, which the worker reads: the database is written
to by the web processes and the worker under the load.

It prints, for each page, requests per second, the median and 95th-percentile latency (of its
worst turn), the errors (refused or broken connections, time-outs, and any answer that is not
200, counted in gunicorn's access log), and the throughput as a share of the bare route's;
then how often "database is locked" appears in the web and worker logs. The goal: every page
at least half the bare route's throughput, p95 under 150 ms, no errors and no lock. It exits 1
when a page has errors or the database was locked, and says which goals are missed.

SQLite by default (the instance's WAL database); --database-url names an empty PostgreSQL
database instead. Nothing but loopback is contacted; every process it starts it stops.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))

GOAL_SHARE = 0.5
GOAL_P95_MS = 150
PASSWORD = "load benchmark password"
# One browser signs in and then loads the pages: the same User-Agent throughout, as a browser
# keeps its own (Flask-Login marks a session whose browser changed as no longer fresh).
USER_AGENT = "portal-load-benchmark"
# wrk runs this in each of its threads: the paths given after `--` in turn, and one line of
# figures at the end (latencies in microseconds).
WRK_SCRIPT = """
local paths, i = {}, 0
function init(args) for _, path in ipairs(args) do paths[#paths + 1] = path end end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass
class Target:
    name: str
    paths: list[str]
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    turn_p95_ms: float = 0.0  # the last turn's
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def reset(self) -> None:
        """Forget the warm-up."""
        self.requests, self.seconds, self.p50_ms, self.p95_ms, self.errors = 0, 0.0, 0.0, 0.0, 0


# --- the instance --------------------------------------------------------------------------


def build_instance(count: int) -> dict:
    """Migrate the database and fill it (`benchmarks/load_world.py`); returns what the run needs."""
    from sqlalchemy import select

    from benchmarks.load_world import seed
    from portal import create_app
    from portal.approvals.services import waiting_count
    from portal.database import upgrade
    from portal.extensions import db
    from portal.models import Document, User

    app = create_app()
    with app.app_context():
        upgrade()
        if db.session.query(Document.id).first() is not None:
            sys.exit("the database already holds documents: give an empty one")
        started = time.monotonic()
        world = seed(count, PASSWORD)
        print(f"seeded {count:,} documents in {time.monotonic() - started:.1f} s "
              f"({world['waiting']:,} waiting for the approver)", flush=True)
        approver = db.session.scalar(select(User).where(User.email == world["approver"]))
        if waiting_count(approver) != world["waiting"]:
            sys.exit(f"the inbox counts {waiting_count(approver)} steps, the world made {world['waiting']}")
        db.engine.dispose()
    return world


# --- the servers -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A process in its own process group, its output to `log`."""
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """Stop the process group this script started: TERM, then KILL after ten seconds."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_until_up(base: str, web: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if web.poll() is not None:
            sys.exit("gunicorn stopped at start-up: see its log")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer within a minute")


# --- signed-in clients -------------------------------------------------------------------


class Browser:
    """A signed-in user over HTTP: a cookie jar, the CSRF token, no redirects hidden."""

    def __init__(self, base: str, email: str):
        self.base, self.jar = base, CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", USER_AGENT)]
        token = self.csrf_token("/login")
        form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token}).encode()
        with self.opener.open(f"{base}/login", form, timeout=30) as response:
            if "/login" in response.url:
                sys.exit(f"could not sign in as {email}")

    def csrf_token(self, path: str) -> str:
        html = self.get(path)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def upload(self, name: str, data: bytes, token: str) -> int:
        boundary = "----load-benchmark-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(f"{self.base}/upload", body, method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class Uploads(threading.Thread):
    """A clerk uploading a one-page invoice every second while the load runs."""

    def __init__(self, clerk: Browser):
        super().__init__(daemon=True)
        self.clerk, self.stopping = clerk, threading.Event()
        self.sent, self.failed = 0, 0

    def run(self) -> None:
        from tests.helpers import minimal_pdf

        token = self.clerk.csrf_token("/upload")
        while not self.stopping.wait(1.0):
            self.sent += 1
            status = self.clerk.upload(f"load-{self.sent}.pdf", minimal_pdf(f"Invoice No. LOAD-{self.sent}"), token)
            self.failed += status != 200  # the 303 to the list is followed


# --- measuring ---------------------------------------------------------------------------


def wrk_binary() -> str:
    subprocess.run([str(ROOT / "scripts" / "install-system-packages.sh"), "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is not installed")
    return found


def drive(wrk: str, script: Path, base: str, cookie: str, target: Target, seconds: int, clients: int) -> None:
    """Run wrk against the target's paths and keep its figures."""
    command = [wrk, f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(script), "-H", f"Cookie: {cookie}", "-H", f"User-Agent: {USER_AGENT}",
               base, "--", *target.paths]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests, duration, p50, p95, errors = map(int, re.search(r"^RESULT (.*)$", output, re.M).group(1).split())
    target.requests += requests
    target.seconds += duration / 1e6
    target.p50_ms, target.p95_ms = max(target.p50_ms, p50 / 1000), max(target.p95_ms, p95 / 1000)
    target.turn_p95_ms = p95 / 1000
    target.errors += errors


ACCESS_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d{3}) ')


def access_statuses(log: Path, targets: list[Target]) -> None:
    """Count each target's answers by status from gunicorn's access log."""
    owner = {path: t for t in targets for path in t.paths}
    for line in log.read_text(errors="replace").splitlines():
        if found := ACCESS_LINE.search(line):
            target = owner.get(found.group(1))
            if target is not None:
                target.statuses[found.group(2)] += 1


def report(targets: list[Target], bare: Target, locked: dict[str, int], uploads: Uploads, read: int,
           load_before: float) -> bool:
    """Print the table and the goals; True when nothing failed outright (errors, locks)."""
    print(f"\n{'page':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs bare':>8}")
    for t in targets:
        errors = t.errors + sum(n for status, n in t.statuses.items() if status != "200")
        print(f"{t.name:<34} {t.rate:>8.0f} {t.p50_ms:>8.1f} {t.p95_ms:>8.1f} {errors:>7} "
              f"{t.rate / bare.rate if bare.rate else 0:>8.2f}")
    print(f"\n\"database is locked\": {locked['web']} in the web log, {locked['worker']} in the worker log")
    print(f"machine: {os.cpu_count()} cores; load average {load_before:.1f} before the run, "
          f"{os.getloadavg()[0]:.1f} after it (other work on the machine takes its share of the cores)")
    print(f"uploads while under load: {uploads.sent} sent, {uploads.failed} refused, {read} read by the worker")
    missed, failed = [], False
    for t in targets:
        if t is bare:
            continue
        errors = t.errors + sum(n for status, n in t.statuses.items() if status != "200")
        failed |= errors > 0
        if t.rate < GOAL_SHARE * bare.rate:
            missed.append(f"{t.name}: {t.rate / bare.rate:.2f} of the bare route's throughput (goal {GOAL_SHARE})")
        if t.p95_ms >= GOAL_P95_MS:
            missed.append(f"{t.name}: p95 {t.p95_ms:.0f} ms (goal under {GOAL_P95_MS} ms)")
        if errors:
            missed.append(f"{t.name}: {errors} errors")
    if any(locked.values()):
        failed = True
        missed.append("the database was locked")
    print("goals: " + ("all met" if not missed else "missed — " + "; ".join(missed)))
    return not failed


# --- the run -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=4, help="of load on each page in each turn")
    parser.add_argument("--turns", type=int, default=5, help="turns in which each page is driven in its turn")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--web", type=int, default=3, help="gunicorn processes (WEB_CONCURRENCY)")
    parser.add_argument("--threads", type=int, default=4, help="threads in each (PORTAL_THREADS)")
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of SQLite")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    wrk = wrk_binary()
    instance = Path(tempfile.mkdtemp(prefix="portal-load-"))
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(PORTAL_INSTANCE=str(instance), HOST="127.0.0.1", PORT=str(free_port()),
               WEB_CONCURRENCY=str(args.web), PORTAL_THREADS=str(args.threads))
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    os.environ.clear()
    os.environ.update(env)  # the seeding below opens the same database the servers will
    world = build_instance(args.documents)
    targets, uploads = run(wrk, world, env, instance, args)
    access_statuses(instance / "web.log", targets)
    locked = {name: (instance / f"{name}.log").read_text(errors="replace").count("database is locked")
              for name in ("web", "worker")}
    ok = report(targets, targets[0], locked, uploads, read_uploads(instance), load_before)
    if ok:
        shutil.rmtree(instance, ignore_errors=True)
    else:
        print(f"\nlogs kept in {instance}")
    return 0 if ok else 1


def run(wrk: str, world: dict, env: dict, instance: Path, args: argparse.Namespace) -> tuple[list[Target], Uploads]:
    """Start the web server and the worker, drive each page in turn while a clerk uploads, stop
    them."""
    web = start([str(VENV / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"], env, instance / "web.log")
    worker = start([str(VENV / "bin" / "portal"), "worker", "--workers", "1"], env, instance / "worker.log")
    try:
        base = f"http://127.0.0.1:{env['PORT']}"
        wait_until_up(base, web)
        approver, clerk = Browser(base, world["approver"]), Browser(base, world["clerk"])
        targets = pages(world)
        for target in targets:  # each answers 200, signed in, and was opened once before it is timed
            for path in target.paths:
                approver.get(path)
        script = instance / "load.lua"
        script.write_text(WRK_SCRIPT)
        uploads = Uploads(clerk)
        uploads.start()
        for target in targets:
            drive(wrk, script, base, approver.cookie, target, 2, args.clients)  # warming up
            target.reset()
        # In turns: each page's share of the machine's moods (a busy neighbour, a slow minute)
        # is the same as the bare route's it is measured against.
        for turn in range(args.turns):
            for target in targets:
                drive(wrk, script, base, approver.cookie, target, args.seconds, args.clients)
            print(f"  turn {turn + 1}: " + ", ".join(f"{t.paths[0]} {t.rate:.0f} (p95 {t.turn_p95_ms:.0f} ms)"
                                                      for t in targets), flush=True)
        uploads.stopping.set()
        uploads.join(timeout=60)
        time.sleep(3)  # the worker reads the last upload
    finally:
        stop(web)
        stop(worker)
    return targets, uploads


def pages(world: dict) -> list[Target]:
    """The bare route and the three pages; the document page goes through many documents."""
    return [
        Target("bare route /healthz", ["/healthz"]),
        Target("approver's inbox /approvals/", ["/approvals/"]),
        Target("document page /documents/<id>", [f"/documents/{i}" for i in world["sample"]]),
        Target("document list /", ["/"]),
    ]


def read_uploads(instance: Path) -> int:
    """How many of the uploads the worker has read (processed or failed: not left waiting)."""
    from sqlalchemy import func, select

    from portal import create_app
    from portal.extensions import db
    from portal.models import Document, Status

    app = create_app()
    with app.app_context():
        return db.session.scalar(select(func.count(Document.id)).where(
            Document.file_name.like("load-%"), Document.status.in_((Status.PROCESSED.value, Status.FAILED.value))))


if __name__ == "__main__":
    sys.exit(main())
