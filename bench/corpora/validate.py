#!/usr/bin/env python3
"""Check a labelled corpus (scorer gold format) and, if given, its HMIS Client.csv roster.

    validate.py MESSAGES.jsonl [--roster Client.csv] [--prefix hw] [--staff staff.txt]

Fails (exit 1) on: bad JSON, missing keys, ids not PREFIX-NNNN or repeated, spans outside
the text, empty, overlapping or cutting a word in two, unknown types or name forms,
client IDs not on the roster (or any client ID when there is no roster), a rostered form
without a client ID or "unrostered" with one, a roster that is not HMIS FY2024 Client.csv.
Warns (exit 0) on: a rostered name span whose words are not that client's names (for the
forms that write the name as it is), spans ending in punctuation, a staff name labelled.
Prints counts per type, per name form and per voice.
"""

import argparse
import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter

TYPES = {"NAME", "DOB", "SSN", "PHONE", "EMAIL", "ADDRESS", "HIV"}
FORMS = {"full", "first_only", "last_only", "nickname", "nick_full", "initials", "first_initial",
         "lower", "typo", "multi_part", "unrostered", "staff_none",
         "upper", "last_first", "middle", "typo_first"}  # the last four: other forms score.py knows
NAME_COLS = ("FirstName", "MiddleName", "LastName", "NameSuffix")
AS_WRITTEN = {"full", "first_only", "last_only", "lower", "multi_part", "upper", "last_first", "middle"}

HEADER = ("PersonalID,FirstName,MiddleName,LastName,NameSuffix,NameDataQuality,SSN,SSNDataQuality,DOB,"
          "DOBDataQuality,AmIndAKNative,Asian,BlackAfAmerican,HispanicLatinaeo,MidEastNAfrican,"
          "NativeHIPacific,White,RaceNone,AdditionalRaceEthnicity,Woman,Man,NonBinary,CulturallySpecific,"
          "Transgender,Questioning,DifferentIdentity,GenderNone,DifferentIdentityText,VeteranStatus,"
          "YearEnteredService,YearSeparated,WorldWarII,KoreanWar,VietnamWar,DesertStorm,AfghanistanOEF,"
          "IraqOIF,IraqOND,OtherTheater,MilitaryBranch,DischargeStatus,DateCreated,DateUpdated,UserID,"
          "DateDeleted,ExportID").split(",")
RACE = ["AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinaeo", "MidEastNAfrican",
        "NativeHIPacific", "White"]
GENDER = ["Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning",
          "DifferentIdentity"]
THEATERS = ["WorldWarII", "KoreanWar", "VietnamWar", "DesertStorm", "AfghanistanOEF", "IraqOIF",
            "IraqOND", "OtherTheater"]
DQ_NAME = {"1", "2", "8", "9", "99"}
DQ_SSN = {"1", "2", "8", "9", "99"}
DQ_DOB = {"1", "2", "8", "9", "99"}
NOYES = {"0", "1"}
NOYES_REASONS = {"0", "1", "8", "9", "99"}
NONE_REASONS = {"8", "9", "99"}
BRANCH = {"1", "2", "3", "4", "6", "7", "8", "9", "99"}
DISCHARGE = {"1", "2", "4", "5", "6", "7", "8", "9", "99"}

errors = []
warnings = []


def err(msg):
    errors.append(msg)


CONFUSABLES = str.maketrans("аеорсіхуАЕОРСІХ", "aeopcixyAEOPCIX")  # Cyrillic look-alikes


def norm_words(s):
    s = "".join(c for c in s if unicodedata.category(c) != "Cf").translate(CONFUSABLES)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return [w for w in re.findall(r"[^\W\d_]+", s) if len(w) > 1]


def check_datetime(v, where, required=True):
    if not v:
        if required:
            err(f"{where}: empty")
        return
    try:
        dt.datetime.strptime(v, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        err(f"{where}: {v!r} is not YYYY-MM-DD HH:MM:SS")


def load_roster(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != HEADER:
        err(f"{path}: header is not HMIS FY2024 Client.csv")
        return {}
    roster = {}
    for n, row in enumerate(rows[1:], 2):
        w = f"{path}:{n}"
        if len(row) != len(HEADER):
            err(f"{w}: {len(row)} columns")
            continue
        r = dict(zip(HEADER, row, strict=True))
        pid = r["PersonalID"]
        if not re.fullmatch(r"\d{4,6}", pid):
            err(f"{w}: PersonalID {pid!r}")
        if pid in roster:
            err(f"{w}: PersonalID {pid} repeated")
        if not r["FirstName"] or not r["LastName"]:
            err(f"{w}: name missing")
        if r["NameDataQuality"] not in DQ_NAME:
            err(f"{w}: NameDataQuality")
        if r["SSN"] and not re.fullmatch(r"\d{9}", r["SSN"]):
            err(f"{w}: SSN {r['SSN']!r}")
        if r["SSNDataQuality"] not in DQ_SSN or (r["SSNDataQuality"] in {"8", "9", "99"}) != (not r["SSN"]):
            err(f"{w}: SSNDataQuality {r['SSNDataQuality']!r} with SSN {r['SSN']!r}")
        try:
            dob = dt.date.fromisoformat(r["DOB"])
            if not dt.date(1930, 1, 1) <= dob <= dt.date(2024, 1, 1):
                err(f"{w}: DOB {dob} implausible")
        except ValueError:
            err(f"{w}: DOB {r['DOB']!r}")
        if r["DOBDataQuality"] not in DQ_DOB:
            err(f"{w}: DOBDataQuality")
        for group, none_col in ((RACE, "RaceNone"), (GENDER, "GenderNone")):
            vals = [r[c] for c in group]
            if any(v not in NOYES for v in vals):
                err(f"{w}: {group[0]}.. must be 0/1")
            if "1" in vals and r[none_col]:
                err(f"{w}: {none_col} set with a value chosen")
            if "1" not in vals and r[none_col] not in NONE_REASONS:
                err(f"{w}: {none_col} must be 8/9/99 when nothing is chosen")
        if r["DifferentIdentity"] == "1" and not r["DifferentIdentityText"]:
            err(f"{w}: DifferentIdentityText missing")
        vet = r["VeteranStatus"]
        if vet not in NOYES_REASONS:
            err(f"{w}: VeteranStatus")
        vet_cols = ["YearEnteredService", "YearSeparated", *THEATERS, "MilitaryBranch", "DischargeStatus"]
        if vet == "1":
            for c in ("YearEnteredService", "YearSeparated"):
                if not re.fullmatch(r"(19[2-9]\d|20[0-2]\d)", r[c]):
                    err(f"{w}: {c}")
            if any(r[c] not in NOYES_REASONS for c in THEATERS):
                err(f"{w}: theater codes")
            if r["MilitaryBranch"] not in BRANCH or r["DischargeStatus"] not in DISCHARGE:
                err(f"{w}: branch/discharge")
        elif any(r[c] for c in vet_cols):
            err(f"{w}: veteran details without VeteranStatus 1")
        check_datetime(r["DateCreated"], f"{w}: DateCreated")
        check_datetime(r["DateUpdated"], f"{w}: DateUpdated")
        check_datetime(r["DateDeleted"], f"{w}: DateDeleted", required=False)
        if r["DateCreated"] and r["DateUpdated"] and r["DateUpdated"] < r["DateCreated"]:
            err(f"{w}: DateUpdated before DateCreated")
        if not r["UserID"] or not r["ExportID"]:
            err(f"{w}: UserID/ExportID")
        roster[pid] = r
    return roster


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("messages")
    ap.add_argument("--roster")
    ap.add_argument("--prefix", default="hw")
    ap.add_argument("--staff")
    ap.add_argument("--watch", default="", help="print roster name words (and these, comma-separated) "
                    "found outside any span, for a human to check")
    a = ap.parse_args()
    roster = load_roster(a.roster) if a.roster else {}
    staff_words = set()
    if a.staff:
        with open(a.staff, encoding="utf-8") as f:
            staff = [line.strip() for line in f if line.strip()]
        staff_words = {w for s in staff for w in norm_words(s)}
    watch = {w for r in roster.values() for c in NAME_COLS for w in norm_words(r[c])}
    watch |= {w.strip().casefold() for w in a.watch.split(",") if w.strip()} if a.watch else set()
    notes = []
    ids = set()
    types, forms, voices = Counter(), Counter(), Counter()
    no_pii = 0
    n_msgs = 0
    with open(a.messages, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            n_msgs += 1
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"line {n}: bad JSON: {e}")
                continue
            mid, text, spans = d.get("id"), d.get("text"), d.get("spans")
            w = f"line {n} ({mid})"
            if not isinstance(mid, str) or not re.fullmatch(rf"{re.escape(a.prefix)}-\d{{4}}", mid):
                err(f"{w}: id must be {a.prefix}-NNNN")
            if mid in ids:
                err(f"{w}: id repeated")
            ids.add(mid)
            if not isinstance(text, str) or not text or not isinstance(spans, list):
                err(f"{w}: needs text and spans")
                continue
            voices[d.get("voice", "?")] += 1
            if a.watch:
                outside = list(text)
                for sp in spans:
                    for k in range(max(sp.get("start", 0), 0), min(sp.get("end", 0), len(text))):
                        outside[k] = " "
                hits = [x for x in norm_words("".join(outside)) if x in watch]
                if hits:
                    notes.append(f"{mid}: {hits} outside spans in {text!r}")
            if not spans:
                no_pii += 1
            prev_end = -1
            for sp in sorted(spans, key=lambda s: (s.get("start", -1), s.get("end", -1))):
                s, e, t = sp.get("start"), sp.get("end"), sp.get("type")
                cid, form = sp.get("client_id"), sp.get("form")
                if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                    err(f"{w}: span {sp} outside the text")
                    continue
                frag = text[s:e]
                if s < prev_end:
                    err(f"{w}: span {frag!r} overlaps the previous one")
                prev_end = max(prev_end, e)
                if t not in TYPES:
                    err(f"{w}: type {t!r}")
                types[t] += 1
                if frag != frag.strip():
                    err(f"{w}: span {frag!r} has edge spaces")
                if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                    err(f"{w}: span {frag!r} cuts a word")
                abbrev = frag[-1] == "." and (t == "ADDRESS" or frag.lower().endswith(("jr.", "sr."))
                                              or re.search(r"(^|\W)\w\.$", frag) is not None)
                if frag[-1] in ".,;:!?'\")" and not abbrev:
                    warnings.append(f"{w}: span {frag!r} ends in punctuation")
                if cid is not None:
                    if not roster:
                        err(f"{w}: client_id {cid!r} but no roster")
                    elif cid not in roster:
                        err(f"{w}: client_id {cid!r} not on the roster")
                if t == "NAME":
                    if form not in FORMS:
                        err(f"{w}: NAME {frag!r} form {form!r}")
                    forms[form] += 1
                    if roster:
                        if form == "unrostered" and cid is not None:
                            err(f"{w}: unrostered name {frag!r} with client_id")
                        if form not in ("unrostered", "staff_none") and cid is None:
                            err(f"{w}: rostered form {form!r} on {frag!r} without client_id")
                    if cid in roster:
                        r = roster[cid]
                        names = set(norm_words(" ".join(r[c] for c in NAME_COLS)))
                        got = norm_words(frag)
                        latin = any("a" <= ch <= "z" for ch in "".join(got))
                        if form in AS_WRITTEN and latin and any(x not in names for x in got):
                            warnings.append(f"{w}: {form} name {frag!r} is not client {cid}'s name")
                        if form == "nick_full" and not any(x in names for x in got):
                            warnings.append(f"{w}: nick_full {frag!r} shares no word with client {cid}")
                    staffish = form == "unrostered" and set(norm_words(frag)) <= staff_words
                    if form == "staff_none" or staffish:
                        warnings.append(f"{w}: {frag!r} looks like a staff name (not labelled)")
                elif form is not None:
                    err(f"{w}: form on a {t} span")
    for m in notes:
        print("check:", m)
    for m in warnings:
        print("warning:", m)
    for m in errors:
        print("ERROR:", m)
    print(f"{a.messages}: {n_msgs} messages, {n_msgs - no_pii} with PII, {no_pii} without "
          f"({100 * no_pii / max(n_msgs, 1):.1f}%), {sum(types.values())} spans")
    if roster:
        print(f"roster {a.roster}: {len(roster)} clients")
    for title, c in (("type", types), ("form", forms), ("voice", voices)):
        print(f"per {title}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1])))
    if errors:
        print(f"FAILED: {len(errors)} errors")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
