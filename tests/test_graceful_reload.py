"""A gunicorn reload (HUP) while requests keep coming drops none of them (docs/operations.md)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(address: str) -> int | str:
    try:
        with urllib.request.urlopen(address, timeout=10) as reply:  # noqa: S310 (our own server)
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return f"{type(error).__name__}: {error}"


def _wait_until_up(address: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _get(address) == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {address} within {seconds} seconds")


def test_it_drops_no_request_while_gunicorn_reloads(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'reload.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (the project's own gunicorn, fixed arguments)
        [str(GUNICORN), "pphw.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    address = f"http://127.0.0.1:{port}/health/"
    answers: list[int | str] = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            answers.append(_get(address))

    try:
        _wait_until_up(address)
        clients = [threading.Thread(target=keep_asking) for _ in range(3)]
        for client in clients:
            client.start()
        for _reload in range(2):
            time.sleep(1)
            server.send_signal(signal.SIGHUP)
        time.sleep(3)
        stop.set()
        for client in clients:
            client.join(timeout=15)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        log.close()
    # gunicorn did reload, twice: its master logs each HUP.
    assert (tmp_path / "gunicorn.log").read_text().count("Hang up") == 2
    failures = [answer for answer in answers if answer != 200]
    assert failures == [], f"{len(failures)} of {len(answers)} requests failed: {failures[:5]}"
    assert len(answers) > 20
