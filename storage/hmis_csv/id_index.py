"""The PersonalIDs a file has used so far, in flat arrays rather than a dict of strings.

The duplicate check must remember every PersonalID of the file: for a 1,000,000-row export a
``dict[str, int]`` costs about 120 MB (a string object, an int object and a slot per ID), and
the small strings, scattered over the heap among each row's short-lived objects, keep memory
from being returned. This table keeps 16 bytes per slot in two ``array('Q')``: the ID's 64-bit
hash and a 64-bit value (the first line, and for a lenient read a fingerprint of the row),
with linear probing at most half full, so about 32 MB for a million IDs.

Only the hash of an ID is kept, so two different IDs whose 64-bit hashes are equal would be
taken for one: with Python's keyed SipHash (a new key each process) the chance for a
million-row file is below 1 in 30 million, and an attacker cannot aim for it.
"""

from __future__ import annotations

from array import array

__all__ = ["IdIndex"]

_MASK = (1 << 64) - 1
_START = 1 << 12


class IdIndex:
    """PersonalID -> a value below 2**64, insert-once (see the module's docstring)."""

    __slots__ = ("_keys", "_mask", "_size", "_values")

    def __init__(self) -> None:
        self._keys = array("Q", bytes(8 * _START))
        self._values = array("Q", bytes(8 * _START))
        self._mask = _START - 1
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def first(self, personal_id: str, value: int) -> int | None:
        """The value held for ``personal_id``; if none, ``value`` is stored and ``None`` returned."""
        key = (hash(personal_id) & _MASK) or 1  # 0 marks an empty slot
        keys, mask = self._keys, self._mask
        slot = key & mask
        while True:
            held = keys[slot]
            if held == key:
                return self._values[slot]
            if held == 0:
                break
            slot = (slot + 1) & mask
        keys[slot] = key
        self._values[slot] = value
        self._size += 1
        if self._size * 2 > mask:
            self._grow()
        return None

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        capacity = 2 * len(old_keys)
        keys, values = array("Q", bytes(8 * capacity)), array("Q", bytes(8 * capacity))
        mask = capacity - 1
        for key, value in zip(old_keys, old_values, strict=True):
            if key:
                slot = key & mask
                while keys[slot]:
                    slot = (slot + 1) & mask
                keys[slot] = key
                values[slot] = value
        self._keys, self._values, self._mask = keys, values, mask
