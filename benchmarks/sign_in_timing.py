"""Sign-in timing: does a refusal take as long for an address nobody has as for a wrong password?

    .venv/bin/python benchmarks/sign_in_timing.py [--rounds 50]

On a fresh SQLite instance, the real sign-in form is posted (CSRF token and all) `rounds` times
each, interleaved so that the machine's load falls alike on both: an existing account with a wrong
password, an address no account has, and, for scale, the right password. The limits are raised
so that no attempt is refused for being too many. Prints the median, the 10th and 90th
percentiles in milliseconds, and the difference of the medians.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    os.environ["PORTAL_INSTANCE"] = tempfile.mkdtemp(prefix="portal-sign-in-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["PORTAL_LOGIN_RATE_LIMIT"] = "100000 per minute"
    os.environ["PORTAL_LOGIN_ADDRESS_RATE_LIMIT"] = "100000 per minute"
    from portal import create_app
    from portal.accounts.services import create_user
    from portal.database import upgrade
    from portal.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        create_user("known@example.com", "Known", "clerk", "the right password")
        db.session.commit()
    cases = {"known account, wrong password": ("known@example.com", "a wrong password"),
             "unknown account": ("nobody@example.com", "a wrong password"),
             "known account, right password": ("known@example.com", "the right password")}
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds + 2):  # the first two rounds warm up, and are not counted
        for name, (email, password) in cases.items():
            client = app.test_client()
            html = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
            started = time.perf_counter()
            response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
            times[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == (303 if password == "the right password" else 200), response.status_code
    for name, measured in times.items():
        measured = measured[2:]
        deciles = statistics.quantiles(measured, n=10)
        print(f"{name:32} median {statistics.median(measured):7.1f} ms   p10 {deciles[0]:7.1f}   "
              f"p90 {deciles[-1]:7.1f}   (n={len(measured)})")
    known, unknown = (statistics.median(times[name][2:]) for name in list(cases)[:2])
    print(f"difference of the refusals' medians: {known - unknown:+.1f} ms")


if __name__ == "__main__":
    main()
