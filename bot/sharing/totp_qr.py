"""The enrollment QR code, served once from a short-lived URL (HTTP mode).

Slack's image block fetches the picture from ``CASEBOT_PUBLIC_URL``; the URL
carries a random token that works once, for a few minutes, and only while the
enrollment is still unconfirmed. The picture is made from the encrypted
pending secret at the moment it is fetched; nothing else keeps it.
"""

from __future__ import annotations

import io
import secrets

import qrcode
from qrcode.image.pure import PyPNGImage

from bot.context import Casebot
from bot.sharing.identity import provisioning_uri
from storage import totp_store
from storage.kv import StoreUnavailable

QR_PATH = "/totp/qr/"
QR_TTL_SECONDS = 300


def qr_url(app: Casebot, *, slack_user_id: str) -> str | None:
    """A one-time URL for this person's pending enrollment, or None without a public address or when Redis
    cannot hold the token: the picture is a convenience, the setup key shown beside it still works."""
    base = app.settings.public_url
    if base is None:
        return None
    token = secrets.token_urlsafe(24)
    try:
        app.kv.set(f"totp-qr:{token}", slack_user_id, ttl_seconds=QR_TTL_SECONDS)
    except StoreUnavailable:
        return None
    return f"{base}{QR_PATH}{token}"


def qr_png(app: Casebot, *, token: str) -> bytes | None:
    """The PNG for a token, once; None when the token is unknown, used, expired or the enrollment done."""
    if not token or len(token) > 64:
        return None
    owner = app.kv.take(f"totp-qr:{token}")
    if owner is None:
        return None
    slack_user_id = owner.decode()
    with app.db.transaction(write=False) as session:
        row = totp_store.get(session, slack_user_id=slack_user_id)
        if row is None or row.confirmed_at is not None:
            return None
        secret = totp_store.secret_of(session, keyring=app.keyring, row=row)
    image = qrcode.make(
        provisioning_uri(app, slack_user_id=slack_user_id, secret=secret), image_factory=PyPNGImage
    )
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
