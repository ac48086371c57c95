"""The Web API client keeps its connections alive, and never sends a call twice into a closed one."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from handlers.slack_api.web_api import MeasuredWebClient


class Server:
    """Counts connections and requests; ``close_after_each`` makes it close every connection after
    answering without saying so (no ``Connection: close``), as an idle timeout does."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[str] = []
        self.close_after_each = False
        self.status = 200
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                server.connections += 1

            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.requests.append(self.path)
                body = json.dumps({"ok": server.status == 200, "error": "x"}).encode()
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                if server.close_after_each:
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def test_calls_from_one_thread_share_one_connection(server: Server) -> None:
    client = MeasuredWebClient(token="xoxb-test", base_url=server.url)
    for _ in range(5):
        assert client.api_call("auth.test")["ok"]
    assert server.requests == ["/api/auth.test"] * 5
    assert server.connections == 1


def test_a_connection_the_server_closed_is_replaced_and_the_call_sent_once(server: Server) -> None:
    server.close_after_each = True
    client = MeasuredWebClient(token="xoxb-test", base_url=server.url, retry_handlers=[])  # no second try
    client.api_call("chat.postMessage", json={"channel": "C1", "text": "hi"})
    time.sleep(0.1)  # the server's close reaches this side
    client.api_call("chat.postMessage", json={"channel": "C1", "text": "hi"})
    assert server.requests == ["/api/chat.postMessage"] * 2, "each post reached Slack exactly once"
    assert server.connections == 2


def test_an_http_error_is_still_slack_sdks_error(server: Server) -> None:
    server.status = 500
    client = MeasuredWebClient(token="xoxb-test", base_url=server.url)
    with pytest.raises(SlackApiError) as raised:
        client.api_call("auth.test")
    assert raised.value.response.status_code == 500
    server.status = 200
    assert client.api_call("auth.test")["ok"], "the connection is usable after an error"
