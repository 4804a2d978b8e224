"""The README's production block, run as written: migrate, collectstatic (the manifest
storage post-processes every file, source maps included), bootstrap-admin, gunicorn and the
task worker; then pages are rendered through gunicorn with the manifest storage and a
person signs in. Only what the README leaves to the reader is filled in: the secret key,
the database (a fresh SQLite file), the admin's password, and a free port for gunicorn."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def production_block() -> list[str]:
    """The commands of the README's first ```sh block under "## Production", one per
    command (continuation lines joined, comments dropped)."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("\n## Production", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        line = line.split("  #", 1)[0].strip()
        if line:
            commands.append(line)
    return commands


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port, method, path, *, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        method,
        path,
        body=body,
        headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})},
    )
    response = connection.getresponse()
    return response, response.read()


HOST = "luoshi.example.gov.cn"


def _cookies(response) -> dict[str, str]:
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        jar[name] = value
    return jar


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "gunicorn").exists(), reason="needs make setup")
def test_the_readme_production_block_deploys_and_serves_pages(tmp_path):
    commands = production_block()
    assert commands[0].startswith("export LUOSHI_ENV=production"), commands
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    for assignment in shlex.split(commands[0])[1:]:
        name, value = assignment.split("=", 1)
        env[name] = value
    assert env["SECRET_KEY"] == "..." and env["ALLOWED_HOSTS"] == HOST
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'luoshi.sqlite3'}",
        LUOSHI_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "staticfiles"),
        LUOSHI_ADMIN_PASSWORD="Production-admin-2025!",
        PYTHONUNBUFFERED="1",
    )
    port = _free_port()
    background = []
    try:
        for command in commands[1:]:
            command = command.replace("127.0.0.1:8001", f"127.0.0.1:{port}")
            if command.startswith((".venv/bin/gunicorn", ".venv/bin/luoshi db_worker")):
                background.append(
                    subprocess.Popen(
                        ["bash", "-c", f"exec {command}"],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
                continue
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        assert len(background) == 2, "the block starts gunicorn and the task worker"
        deadline = time.monotonic() + 60
        while True:
            try:
                response, page = _request(port, "GET", "/accounts/login/")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                assert background[0].poll() is None, background[0].stdout.read().decode()
                time.sleep(0.5)
        assert response.status == 200, page[:2000]
        html = page.decode()
        # The manifest storage's hashed names, served by whitenoise from STATIC_ROOT.
        static = re.findall(r'src="(/static/vendor/htmx\.min\.[0-9a-f]{12}\.js)"', html)
        assert static, html[:3000]
        asset, body = _request(port, "GET", static[0])
        assert asset.status == 200 and b"htmx" in body
        cookies = _cookies(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        response, body = _request(
            port,
            "POST",
            "/accounts/login/",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "Referer": f"https://{HOST}/accounts/login/",
            },
            body=urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": "admin",
                    "password": env["LUOSHI_ADMIN_PASSWORD"],
                }
            ),
        )
        assert response.status == 302, body[:2000]
        cookies.update(_cookies(response))
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        for path in ("/", "/plans/", "/core/audit/"):
            response, body = _request(port, "GET", path, headers={"Cookie": cookie})
            if response.status == 302:
                response, body = _request(
                    port, "GET", response.getheader("Location"), headers={"Cookie": cookie}
                )
            assert response.status in (200, 404), (path, response.status, body[:2000])
            assert response.status != 500
        response, body = _request(port, "GET", "/", headers={"Cookie": cookie})
        assert response.status in (200, 302)
        # The worker keeps running beside gunicorn.
        assert background[1].poll() is None, background[1].stdout.read().decode()[-3000:]
    finally:
        for process in background:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in background:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
