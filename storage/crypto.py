"""Envelope encryption and blind indexes for client PII.

The master key never encrypts data directly: it derives a key-encryption key
(KEK) that wraps one random data key per client and the named keys of the
keyring (the blind-index key, later the audit signing key). Rotating the master
key therefore re-wraps a few hundred thousand 60-byte blobs instead of
rewriting every field, and destroying one client's wrapped data key makes all
of that client's ciphertext unreadable, backups included (crypto-shredding).

Every ciphertext carries associated data naming its table, column and row, so
a ciphertext copied into another row or column fails to decrypt instead of
silently showing the wrong person's data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_V1 = b"\x01"
_NOT_ASCII_LETTER = re.compile(r"[^A-Za-z]+")


class CryptoError(Exception):
    """A key is missing, malformed or wrong, or a ciphertext was tampered with or moved.

    Messages name the key or the table/column, never the plaintext.
    """


@dataclass(frozen=True, slots=True)
class MasterKey:
    """The root secret, held only in memory (from the environment, a 0600 file or a KMS)."""

    material: bytes

    def __post_init__(self) -> None:
        if len(self.material) != KEY_BYTES:
            raise CryptoError(f"master key must be {KEY_BYTES} bytes, got {len(self.material)}")

    def __repr__(self) -> str:
        return f"MasterKey(id={self.key_id})"

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def from_text(cls, text: str) -> MasterKey:
        """Parse the base64 form used in key files and ``CASEBOT_MASTER_KEY``."""
        try:
            raw = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"==")
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise CryptoError("master key is not valid base64") from None
        return cls(raw)

    def to_text(self) -> str:
        return base64.urlsafe_b64encode(self.material).decode("ascii").rstrip("=")

    @property
    def key_id(self) -> str:
        """A public fingerprint, stored beside each wrapped key to say which master wrapped it."""
        return hashlib.sha256(b"casebot master key id\x00" + self.material).hexdigest()[:16]

    def kek(self) -> KeyWrapper:
        derived = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"casebot kek v1").derive(
            self.material
        )
        return KeyWrapper(derived, key_id=self.key_id)


class KeyWrapper:
    """Wraps data keys and keyring keys under the KEK, bound to what they are for."""

    __slots__ = ("_aead", "key_id")

    def __init__(self, kek: bytes, *, key_id: str) -> None:
        self._aead = AESGCM(kek)
        self.key_id = key_id

    def wrap(self, key: bytes, *, purpose: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_V1 + nonce + self._aead.encrypt(nonce, key, purpose.encode())

    def unwrap(self, blob: bytes, *, purpose: str) -> bytes:
        if not blob or blob[:1] != FORMAT_V1:
            raise CryptoError(f"wrapped key for {purpose} has an unknown format")
        nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, purpose.encode())
        except InvalidTag:
            raise CryptoError(f"wrapped key for {purpose} does not open with this master key") from None


def client_key_purpose(client_id: str) -> str:
    return f"client-data-key:{client_id}"


def keyring_purpose(name: str) -> str:
    return f"keyring:{name}"


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


class FieldCipher:
    """AES-256-GCM for the PII fields of one row, under that row's data key."""

    __slots__ = ("_aead", "_row", "_table")

    def __init__(self, data_key: bytes, *, table: str, row_id: str) -> None:
        self._aead = AESGCM(data_key)
        self._table = table
        self._row = row_id

    def _aad(self, column: str) -> bytes:
        return f"casebot:v1:{self._table}:{column}:{self._row}".encode()

    def encrypt(self, column: str, value: str | None) -> bytes | None:
        if value is None:
            return None
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_V1 + nonce + self._aead.encrypt(nonce, value.encode("utf-8"), self._aad(column))

    def encrypt_bytes(self, column: str, value: bytes) -> bytes:
        """The same AEAD for binary values (a quarantined file's content)."""
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_V1 + nonce + self._aead.encrypt(nonce, value, self._aad(column))

    def decrypt_bytes(self, column: str, blob: bytes) -> bytes:
        if blob[:1] != FORMAT_V1:
            raise CryptoError(f"{self._table}.{column} has an unknown ciphertext format")
        nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, self._aad(column))
        except InvalidTag:
            raise CryptoError(f"{self._table}.{column} does not decrypt for this row") from None

    def decrypt(self, column: str, blob: bytes | None) -> str | None:
        if blob is None:
            return None
        if blob[:1] != FORMAT_V1:
            raise CryptoError(f"{self._table}.{column} has an unknown ciphertext format")
        nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, self._aad(column)).decode("utf-8")
        except InvalidTag:
            raise CryptoError(f"{self._table}.{column} does not decrypt for this row") from None


@lru_cache(maxsize=65536)
def normalize_name_token(token: str) -> str:
    """Casefolded letters without diacritics, so 'José' and 'JOSE' index alike.

    Cached: a by-name list repeats the same few thousand names many times over.
    """
    if token.isascii():
        return _NOT_ASCII_LETTER.sub("", token).lower()
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch)).casefold()


def name_tokens(*parts: str | None) -> list[str]:
    """Normalized tokens of a name: each word whole, and its hyphen/apostrophe pieces.

    "Mary-Jane O'Neil" gives maryjane, mary, jane, oneil, neil, so a lookup by
    any way people write it finds the person.
    """
    tokens: list[str] = []
    for part in parts:
        for token in _part_tokens(part or ""):
            if token not in tokens:
                tokens.append(token)
    return tokens


@lru_cache(maxsize=65536)
def _part_tokens(part: str) -> tuple[str, ...]:
    tokens: list[str] = []
    for word in part.split():
        pieces = word.replace("-", " ").replace("'", " ").replace("\u2019", " ").split()
        for raw in (word, *pieces) if len(pieces) > 1 else (word,):
            norm = normalize_name_token(raw)
            if len(norm) >= 2 and norm not in tokens:
                tokens.append(norm)
    return tuple(tokens)


class BlindIndexer:
    """Keyed HMAC-SHA256 digests for equality lookups over encrypted fields.

    The key is separate from the data keys: someone with the database and the
    blind-index key can test guesses, but cannot read anything.
    """

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise CryptoError("blind-index key must be 32 bytes")
        self._key = key

    def digest(self, kind: str, value: str) -> bytes:
        return hmac.digest(self._key, f"{kind}\x1f{value}".encode(), "sha256")

    def ssn(self, ssn: str | None) -> bytes | None:
        """Only complete, plausible SSNs are indexed; partial ones would collide."""
        digits = "".join(ch for ch in ssn or "" if ch.isdigit())
        if len(digits) != 9 or len(set(digits)) == 1:
            return None
        return self.digest("ssn", digits)

    def dob(self, dob: date | None) -> bytes | None:
        return None if dob is None else self.digest("dob", dob.isoformat())

    def name_dob(self, first: str | None, last: str | None, dob: date | None) -> bytes | None:
        first_tokens, last_tokens = name_tokens(first), name_tokens(last)
        if not first_tokens or not last_tokens or dob is None:
            return None
        return self.digest("name_dob", f"{first_tokens[0]} {''.join(last_tokens)} {dob.isoformat()}")

    def name_token(self, token: str) -> bytes:
        return self.digest("name", normalize_name_token(token))
