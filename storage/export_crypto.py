"""Encrypted export files: AES-256-GCM under a key derived by scrypt from a one-time passphrase.

PII files must be encrypted before they travel. The passphrase is generated
here (never chosen by a person, so it is never weak), shown once, and shared
out of band; the file alone is useless. Layout, all in one file::

    b"CASEBOT-EXPORT-1\\n" | salt (16) | nonce (12) | AES-GCM ciphertext+tag

scrypt parameters are N=2**15, r=8, p=1; the associated data is the header
and salt, so neither can be swapped. ``casebot bnl decrypt`` reverses it, and
the README shows the same in ten lines of Python for recipients without casebot.
"""

from __future__ import annotations

import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"CASEBOT-EXPORT-1\n"
SALT_BYTES = 16
NONCE_BYTES = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed without mistakes


class ExportCryptoError(Exception):
    """The passphrase is wrong or the file was altered or is not a casebot export."""


def new_passphrase(groups: int = 6, size: int = 5) -> str:
    """About 148 bits: six groups of five characters from a 31-letter alphabet."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def _key(passphrase: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.strip().encode("utf-8"))


def seal(plaintext: bytes, *, passphrase: str) -> bytes:
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    body = AESGCM(_key(passphrase, salt)).encrypt(nonce, plaintext, MAGIC + salt)
    return MAGIC + salt + nonce + body


def open_sealed(blob: bytes, *, passphrase: str) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + SALT_BYTES + NONCE_BYTES + 16:
        raise ExportCryptoError("this is not a casebot export file")
    salt = blob[len(MAGIC) : len(MAGIC) + SALT_BYTES]
    nonce = blob[len(MAGIC) + SALT_BYTES : len(MAGIC) + SALT_BYTES + NONCE_BYTES]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(
            nonce, blob[len(MAGIC) + SALT_BYTES + NONCE_BYTES :], MAGIC + salt
        )
    except InvalidTag:
        raise ExportCryptoError("wrong passphrase, or the file was altered") from None
