"""The door in front of Bolt on ``POST /slack/events``: the signature is checked before the body is read.

Bolt parses a request's body before its signature middleware runs, so a body that is not JSON (or a
form whose ``payload`` is not) raised inside the adapter: a 500 and an ERROR traceback in the log for
anyone on the internet, signed or not. Here the order is the one that holds up: a body too large is
413; a request without a valid, fresh Slack signature is 401 whatever it holds; only then is the body
parsed, and a signed body that does not parse is 400. Nothing of the body reaches the log.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("casebot.serve")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Slack's event and interaction payloads are a few kilobytes; a modal submission stays well below this.
MAX_BODY_BYTES = 1_000_000
DISCARD_LIMIT = 16_000_000  # what of a refused body is read and thrown away, so the client gets its 413


def signature_first(
    inner: WsgiApp,
    *,
    signing_secret: SecretStr | None,
    shortcut: Callable[[dict[str, Any]], int | None] | None = None,
) -> WsgiApp:
    """``inner`` (Bolt's adapter) sees only signed, well-formed requests, with the body it was sent.
    Without a signing secret nothing is signed well enough: every POST is refused. ``shortcut`` sees a
    signed JSON body first and answers it with a status, or None to leave it to ``inner``: message
    events, most of what Slack sends, are put on the stream without Bolt's dispatch per request."""
    verifier = SignatureVerifier(signing_secret.get_secret_value()) if signing_secret else None

    def gate(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return inner(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(start_response, "400 Bad Request", "bad content length")
        if length < 0:
            return _refuse(start_response, "400 Bad Request", "bad content length")
        if length > MAX_BODY_BYTES:
            log.warning("refused a %d-byte request on the events endpoint (limit %d)", length, MAX_BODY_BYTES)
            _discard(environ["wsgi.input"], length)
            return _refuse(start_response, "413 Content Too Large", "request too large")
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            "x-slack-request-timestamp": str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or ""),
            "x-slack-signature": str(environ.get("HTTP_X_SLACK_SIGNATURE") or ""),
        }
        if not _signed(verifier, body, headers):
            log.info("refused an unsigned or badly signed request on the events endpoint")
            return _refuse(start_response, "401 Unauthorized", "invalid signature")
        problem, document = _read(body, content_type=str(environ.get("CONTENT_TYPE") or ""))
        if problem is not None:
            log.warning("refused a signed request whose body is not Slack's format: %s", problem)
            return _refuse(start_response, "400 Bad Request", problem)
        if shortcut is not None and document is not None:
            status = shortcut(document)
            if status is not None:
                return _answer(start_response, status)
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return inner(environ, start_response)

    return gate


def _discard(stream: Any, length: int) -> None:
    """Read a refused body in small pieces and throw it away, up to ``DISCARD_LIMIT``: a server that
    answers and closes with unread bytes makes the kernel reset the connection, and the client then
    sees a broken pipe instead of the 413. Nothing is kept; a larger body is simply cut off."""
    left = min(length, DISCARD_LIMIT)
    while left > 0:
        chunk = stream.read(min(left, 65536))
        if not chunk:
            return
        left -= len(chunk)


def _signed(verifier: SignatureVerifier | None, body: bytes, headers: dict[str, str]) -> bool:
    try:
        return verifier is not None and verifier.is_valid_request(body, headers)
    except ValueError:  # a timestamp that is not a number
        return False


def malformed(body: bytes, *, content_type: str) -> str | None:
    """Why a signed body is not something Slack sends (None when it is): what Bolt would choke on."""
    return _read(body, content_type=content_type)[0]


def _read(body: bytes, *, content_type: str) -> tuple[str | None, dict[str, Any] | None]:
    """``malformed``'s reason, and a JSON body's object, parsed once (None for a form)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8", None
    if content_type.split(";")[0].strip().lower() == "application/json":
        document = _json_object(text)
        return (None, document) if document is not None else ("body is not a JSON object", None)
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form and _json_object(form["payload"][0]) is None:
        return "payload is not a JSON object", None
    if not form and text.strip():
        return "body is neither JSON nor a form", None
    return None, None


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _answer(start_response: Callable[..., Any], status: int) -> Iterable[bytes]:
    start_response(f"{status} {HTTPStatus(status).phrase}", [("Content-Length", "0")])
    return [b""]


def _refuse(start_response: Callable[..., Any], status: str, reason: str) -> Iterable[bytes]:
    body = reason.encode()
    start_response(
        status,
        [("Content-Type", "text/plain"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
    )
    return [body]
