"""Roster lookups for name tokens: exact, nickname, middle name, one typo away."""

from __future__ import annotations

from redaction.lexicon import (
    COMMON_WORDS,
    ENGLISH_WORDS,
    FIRST_NAMES,
    SURNAMES,
)
from redaction.normalize import Token
from redaction.roster import within_one_edit


class RosterLookup:
    """Mixin of :class:`redaction.names.NameFinder` (uses its ``index`` and ``known``)."""

    __slots__ = ()

    def _first(self, key: str) -> set[str]:
        a = self.index.by_first.get(key)
        b = self.index.by_nick.get(key)
        if a and b:
            return a | b
        return a or b or set()

    def _last(self, key: str) -> set[str]:
        return self.index.by_last.get(key) or set()

    def _bare_possessive(self, key: str) -> set[str]:
        """ "hodans mom", "tyrones case mgr": a client's name with the possessive s and no apostrophe, as
        chat types it. Only for words no list knows (never "wills", "roses", "hers")."""
        if len(key) < 4 or key[-1] != "s" or key in ENGLISH_WORDS or key in COMMON_WORDS:
            return set()
        if key in FIRST_NAMES or key in SURNAMES:
            return set()
        stem = key[:-1]
        if not (stem in self.index.by_first or stem in self.index.by_nick or stem in self.index.by_last):
            return set()
        return self._first(stem) | self._last(stem)

    def _fuzzy(self, key: str, *, first: bool) -> frozenset[str]:
        """Ids of clients with a first (or last) name one edit away from ``key``."""
        cache_key = (key, first)
        hit = self._fuzzy_cache.get(cache_key)
        if hit is not None:
            return hit
        table = self.index.by_first if first else self.index.by_last
        ids: set[str] = set()
        if key not in COMMON_WORDS:
            for word in self.index.fuzzy_tokens(key):
                found = table.get(word)
                if found:
                    ids |= found
        out = frozenset(ids)
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[cache_key] = out
        return out

    def _pair_ids(self, first: Token, last: Token) -> set[str]:
        """Clients whose first AND last name match, exactly or (one side) within one edit."""
        ids = self._pair_keys(first.key, last.key)
        if not ids and "-" in last.key:  # "de-Catsaneda": try each part of a hyphenated surname
            for part in last.key.split("-"):
                if len(part) > 2:
                    ids = self._pair_keys(first.key, part)
                    if ids:
                        break
        return ids

    def _pair_keys(self, first_key: str, last_key: str) -> set[str]:
        f = self._first(first_key)
        m = self.index.by_middle.get(first_key) or set()
        l_ = self._last(last_key)
        if l_:
            # best evidence first: the first name as registered, then a nickname, then the middle name
            exact = self.index.by_first.get(first_key)
            for pool in (exact, f, m):
                ids = pool & l_ if pool else None
                if ids:
                    return self._prefer_whole_surname(ids, last_key)
        if f:
            ids = f & self._fuzzy(last_key, first=False)
            if len(ids) > 1:  # "Khanh Haong": Ms. Hoang before Ms. Hoang-Ngo (one part within one edit)
                whole = {c for c in ids if within_one_edit(last_key, self.index.last_key.get(c, ""))}
                ids = whole or ids
            if ids:
                return set(ids)
        if l_:
            return set(self._fuzzy(first_key, first=True) & l_)
        return set()

    def _prefer_whole_surname(self, ids: set[str], last_key: str) -> set[str]:
        """ "Lee" names Ms. Lee before Ms. Lee-Anaya; keep both only when nothing separates them."""
        if len(ids) < 2:
            return ids
        whole = {c for c in ids if self.index.last_key.get(c) == last_key}
        return whole or ids

    def _extend_last(
        self, text: str, toks: list[Token], blocked: list[bool], k: int, ids: set[str]
    ) -> tuple[int, set[str]]:
        """Swallow further surname parts of the same client ("Garcia Lopez", "de la Cruz")."""
        while k + 1 < len(toks) and not blocked[k + 1] and self._adjacent(text, toks, k, k + 1):
            key = toks[k + 1].key
            more = self._last(key) & ids
            if not more and "-" in key:  # "de la Cruz-Sanchez": each part of the hyphenated word
                more = ids
                for part in key.split("-"):
                    more = more & self._last(part) if part else more
            if not more:
                break
            ids = more
            k += 1
        return k, ids
