#!/usr/bin/env python3
"""Compile a hand-written corpus source (inline markup) into the scorer's gold JSONL.

Source format (UTF-8). A message starts at a header line and runs to the next one:

    @@ hw-0001 texting
    [[NAME:4521:nickname|Bill]] dropped off his ROI, dob [[DOB:4521|3/4/71]]

- The header is ``@@ <id> <voice>``; ``<id>`` may be left out (``@@ <voice>`` is not
  allowed: write ``@@ - texting``) and is then filled in by ``--number``, which rewrites the
  source with the next free ids.  Ids, once given, never change.
- The body keeps its line breaks; trailing blank lines are dropped.  Lines starting with
  ``%%`` are comments, anywhere.
- A span is ``[[TYPE:CLIENT:FORM|text]]`` for a NAME and ``[[TYPE:CLIENT|text]]`` or
  ``[[TYPE|text]]`` for the rest; CLIENT ``-`` or absent means null.
- ``\\uXXXX`` (and ``\\U0001XXXX``) in a body stand for that character, so invisible and
  look-alike characters stay visible in the source; ``\\\\`` is a backslash.  In the JSONL
  every format/control/non-ASCII-space character is written as a ``\\u`` escape too.

Usage:
    compile_markup.py SRC OUT.jsonl            compile (fails on any markup error)
    compile_markup.py --number SRC --prefix hw  fill in missing ids in SRC
"""

import argparse
import json
import re
import sys
import unicodedata

HEADER = re.compile(r"^@@ (\S+) (\S+)\s*$")
SPAN = re.compile(r"\[\[([A-Z]+)((?::[^|\]]*)*)\|(.*?)\]\]", re.S)
ESC = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\\)")


def unescape(s):
    def rep(m):
        g = m.group(1)
        if g == "\\":
            return "\\"
        return chr(int(g[1:], 16))

    return ESC.sub(rep, s)


def read_blocks(path):
    """Yield (lineno, id, voice, body) for every message in the source."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    cur = None
    for n, line in enumerate(lines, 1):
        if line.startswith("%%"):
            continue
        if line.startswith("@@"):
            m = HEADER.match(line)
            if not m:
                raise SystemExit(f"{path}:{n}: bad header {line!r} (want '@@ ID VOICE', ID '-' if new)")
            if cur:
                yield cur
            cur = [n, m.group(1), m.group(2), []]
            continue
        if cur is None:
            if line.strip():
                raise SystemExit(f"{path}:{n}: text before the first header")
            continue
        cur[3].append(line)
    if cur:
        yield cur


def parse_body(raw, where):
    body = "\n".join(raw).rstrip("\n ")
    body = unescape(body)
    text, spans, pos = [], [], 0
    out_len = 0
    for m in SPAN.finditer(body):
        before = body[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise SystemExit(f"{where}: stray brackets in {before!r}")
        text.append(before)
        out_len += len(before)
        typ, meta, frag = m.group(1), m.group(2), m.group(3)
        parts = meta.split(":")[1:] if meta else []
        cid = parts[0] if parts else None
        if cid in ("", "-"):
            cid = None
        span = {"start": out_len, "end": out_len + len(frag), "type": typ, "client_id": cid}
        if typ == "NAME":
            if len(parts) != 2 or not parts[1]:
                raise SystemExit(f"{where}: NAME span needs CLIENT:FORM: {m.group(0)!r}")
            span["form"] = parts[1]
        elif len(parts) > 1:
            raise SystemExit(f"{where}: only NAME spans take a form: {m.group(0)!r}")
        if not frag or frag != frag.strip():
            raise SystemExit(f"{where}: empty span or span with edge spaces: {m.group(0)!r}")
        text.append(frag)
        out_len += len(frag)
        spans.append(span)
        pos = m.end()
    rest = body[pos:]
    if "[[" in rest or "]]" in rest:
        raise SystemExit(f"{where}: stray brackets in {rest!r}")
    text.append(rest)
    return "".join(text), spans


def escape_invisible(line):
    """JSON text with every format/control/odd-space and look-alike character as a \\u escape."""
    out = []
    for ch in line:
        cat = unicodedata.category(ch)
        lookalike = 0x0400 <= ord(ch) <= 0x04FF or 0xFF00 <= ord(ch) <= 0xFFEF  # Cyrillic, fullwidth
        if ord(ch) > 127 and (cat[0] == "C" or cat in ("Zs", "Zl", "Zp") or lookalike):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else json.dumps(ch)[1:-1])
        else:
            out.append(ch)
    return "".join(out)


def compile_src(src, out):
    seen = set()
    rows = []
    for n, mid, voice, raw in read_blocks(src):
        where = f"{src}:{n} ({mid})"
        if mid == "-":
            raise SystemExit(f"{where}: message without an id; run --number first")
        if mid in seen:
            raise SystemExit(f"{where}: duplicate id")
        seen.add(mid)
        text, spans = parse_body(raw, where)
        if not text.strip():
            raise SystemExit(f"{where}: empty message")
        rows.append({"id": mid, "text": text, "spans": spans, "voice": voice})
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(escape_invisible(json.dumps(r, ensure_ascii=False)) + "\n")
    print(f"{out}: {len(rows)} messages, {sum(len(r['spans']) for r in rows)} spans")


def number(src, prefix):
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    used = [int(m.group(1)) for line in lines if (m := re.match(rf"^@@ {prefix}-(\d+) ", line))]
    nxt = max(used, default=0) + 1
    filled = 0
    for i, line in enumerate(lines):
        m = HEADER.match(line)
        if m and m.group(1) == "-":
            lines[i] = f"@@ {prefix}-{nxt:04d} {m.group(2)}"
            nxt += 1
            filled += 1
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"{src}: numbered {filled} new messages (next free {prefix}-{nxt:04d})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--number", action="store_true", help="fill in missing ids in SRC")
    ap.add_argument("--prefix", default="hw")
    a = ap.parse_args()
    if a.number:
        number(a.src, a.prefix)
    elif a.out:
        compile_src(a.src, a.out)
    else:
        sys.exit("need OUT (or --number)")


if __name__ == "__main__":
    main()
