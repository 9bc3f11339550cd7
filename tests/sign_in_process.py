"""A web process of its own that tries to sign in: for the test that the limits hold across processes.

Run in a spawned process (tests/accounts/test_sign_in.py): it builds its own app on the test database,
as a second gunicorn worker would, and answers the status of each attempt.
"""
from __future__ import annotations

import re


def attempts(database_uri: str, instance: str, email: str, password: str, count: int,
             per_account: str, per_address: str) -> list[int]:
    """Sign-in attempts through the form, from one browser; the status of each."""
    from pathlib import Path

    from portal import create_app
    from portal.config import TestConfig

    config = TestConfig()
    config.INSTANCE, config.STORAGE_DIR = Path(instance), Path(instance) / "originals"
    config.SQLALCHEMY_DATABASE_URI = database_uri
    config.LOGIN_RATE_LIMIT, config.LOGIN_ADDRESS_RATE_LIMIT = per_account, per_address
    client = create_app(config).test_client()
    codes = []
    for _ in range(count):
        html = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        codes.append(client.post("/login", data={"email": email, "password": password,
                                                 "csrf_token": token}).status_code)
    return codes
