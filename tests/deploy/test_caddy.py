"""The Caddyfile: valid for each certificate source, and it routes as promised.

Needs Debian's `caddy` (.ci/run installs it); skipped where it is absent. The routing test runs the
real Caddyfile on loopback, with only the site address, the upstreams and the health-check interval
swapped for local ones: two stand-in replicas, one of them unhealthy.
"""

from __future__ import annotations

import datetime
import http.client
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
CADDY = shutil.which("caddy")
pytestmark = pytest.mark.skipif(CADDY is None, reason="caddy is not installed (apt-get install caddy)")
HOSTNAME = "casebot.example.org"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "CASEBOT_HOSTNAME": HOSTNAME,
        **extra,
    }


def _validate(config: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    assert CADDY is not None
    return subprocess.run(
        [CADDY, "validate", "--config", str(config), "--adapter", "caddyfile"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOSTNAME)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOSTNAME)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.mark.parametrize("tls", ["acme", "internal", "files"])
def test_the_caddyfile_is_valid_for_each_certificate_source(tmp_path: Path, tls: str) -> None:
    extra = {"CASEBOT_TLS": tls}
    if tls == "files":
        cert, key = _self_signed(tmp_path)
        extra |= {"CASEBOT_TLS_CERT": str(cert), "CASEBOT_TLS_KEY": str(key)}
    result = _validate(ROOT / "Caddyfile", _env(tmp_path, **extra))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Valid configuration" in result.stdout + result.stderr


def test_own_certificate_files_that_are_missing_fail_validation(tmp_path: Path) -> None:
    env = _env(tmp_path, CASEBOT_TLS="files", CASEBOT_TLS_CERT=str(tmp_path / "none.pem"))
    assert _validate(ROOT / "Caddyfile", env).returncode != 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Replica:
    """A stand-in `casebot serve`: /healthz answers 200 or 503; every request's path is recorded."""

    def __init__(self, *, healthy: bool) -> None:
        self.healthy = healthy
        self.paths: list[str] = []
        replica = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path == "/healthz":
                    status = 200 if replica.healthy else 503
                else:
                    replica.paths.append(self.path)
                    status = 200
                body = b"ok"
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def edge(tmp_path: Path) -> Iterator[tuple[int, _Replica, _Replica]]:
    one, two = _Replica(healthy=True), _Replica(healthy=False)
    port = _free_port()
    text = (ROOT / "Caddyfile").read_text()
    for old, new in (
        ("{$CASEBOT_HOSTNAME} {", f"http://127.0.0.1:{port} {{"),
        ("casebot-1:3000 casebot-2:3000", f"127.0.0.1:{one.port} 127.0.0.1:{two.port}"),
        ("health_interval 10s", "health_interval 100ms"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    config = tmp_path / "Caddyfile"
    config.write_text("{\n\tadmin off\n\tauto_https off\n}\n\n" + text)
    assert CADDY is not None
    log = tmp_path / "caddy.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [CADDY, "run", "--config", str(config), "--adapter", "caddyfile"],
            env=_env(tmp_path, CASEBOT_TLS="acme"),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert proc.poll() is None, log.read_text()[-2000:]
                time.sleep(0.1)
        else:
            pytest.fail("caddy did not start listening")
        time.sleep(0.5)  # a few active health checks: replica two is marked down
        yield port, one, two
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        one.close()
        two.close()


def _request(port: int, method: str, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=b"{}" if method == "POST" else None)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_only_the_slack_routes_reach_the_healthy_replicas(edge: tuple[int, _Replica, _Replica]) -> None:
    port, one, two = edge
    for path in ("/metrics", "/metrics/", "/", "/slack", "/admin", "/healthz/../metrics"):
        assert _request(port, "GET", path) == 404, path
    assert one.paths == [] and two.paths == []  # /metrics never left the proxy

    for _ in range(6):
        assert _request(port, "POST", "/slack/events") == 200
    assert _request(port, "GET", "/totp/qr/some-token") == 200
    assert _request(port, "GET", "/healthz") == 200
    assert one.paths == ["/slack/events"] * 6 + ["/totp/qr/some-token"]
    assert two.paths == []  # unhealthy: no traffic

    two.healthy = True
    time.sleep(0.5)
    for _ in range(6):
        assert _request(port, "POST", "/slack/events") == 200
    assert two.paths, "a replica that is healthy again gets its share"
