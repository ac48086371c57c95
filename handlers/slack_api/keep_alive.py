"""Kept-alive HTTPS connections for the Web API client.

slack_sdk's ``WebClient`` sends every call through ``urllib.request.urlopen``, which opens a new
connection, and for slack.com a new TLS handshake, per call. casebot makes three calls for each
message it redacts (delete, re-post, notice), so the handshakes cost more CPU than the redaction.
``KeptAliveConnections`` keeps one connection per thread and host and hands urllib's ``Request`` to it,
returning what slack_sdk's own transport returns (an HTTP error still raises ``HTTPError``, so the
rate-limit retry handler sees a 429 exactly as before).

A connection the server already closed (an idle keep-alive timeout) is noticed before it is used, as
urllib3 does: a POST is never written into a dead connection and then sent a second time, because
repeating ``chat.postMessage`` posts twice.
"""

from __future__ import annotations

import http.client
import io
import select
import ssl
import threading
import time
import urllib.error
from typing import Any
from urllib.parse import urlsplit
from urllib.request import Request

IDLE_SECONDS = 30.0  # below the idle timeout of Slack's edge and of common proxies


class KeptAliveConnections:
    def __init__(self, *, context: ssl.SSLContext | None, timeout: float) -> None:
        self._context = context
        self._timeout = timeout
        self._local = threading.local()

    def send(self, req: Request) -> dict[str, Any]:
        """``req`` over this thread's connection to its host: ``{"status", "headers", "body"}``, the
        body decoded as text unless it is gzip (as slack_sdk's transport returns it)."""
        parts = urlsplit(req.full_url)
        conn = self._connection(parts.scheme, parts.netloc)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request(req.get_method(), path or "/", body=req.data, headers=dict(req.header_items()))
            resp = conn.getresponse()
            body = resp.read()
        except Exception:
            self._drop(parts.scheme, parts.netloc)
            raise
        if resp.will_close:
            self._drop(parts.scheme, parts.netloc)
        else:
            self._local.used[(parts.scheme, parts.netloc)] = time.monotonic()
        if resp.status >= 400:
            fp = io.BytesIO(body)
            raise urllib.error.HTTPError(req.full_url, resp.status, resp.reason, resp.headers, fp)
        if resp.headers.get_content_type() == "application/gzip":
            return {"status": resp.status, "headers": resp.headers, "body": body}
        charset = resp.headers.get_content_charset() or "utf-8"
        return {"status": resp.status, "headers": resp.headers, "body": body.decode(charset)}

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        if not hasattr(self._local, "conns"):
            self._local.conns, self._local.used = {}, {}
        key = (scheme, netloc)
        conn = self._local.conns.get(key)
        if conn is not None and (
            time.monotonic() - self._local.used.get(key, 0.0) > IDLE_SECONDS or _dropped(conn)
        ):
            self._drop(scheme, netloc)
            conn = None
        if conn is None:
            if scheme == "https":
                conn = http.client.HTTPSConnection(netloc, timeout=self._timeout, context=self._context)
            else:
                conn = http.client.HTTPConnection(netloc, timeout=self._timeout)
            self._local.conns[key] = conn
        return conn

    def _drop(self, scheme: str, netloc: str) -> None:
        conn = self._local.conns.pop((scheme, netloc), None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """This thread's connections (the others close with their threads)."""
        for key in list(getattr(self._local, "conns", {})):
            self._drop(*key)


def _dropped(conn: http.client.HTTPConnection) -> bool:
    """An idle connection that is readable has been closed by the server (or sent what nobody asked for)."""
    sock = conn.sock
    if sock is None:
        return False  # not connected yet: ``request`` connects
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
