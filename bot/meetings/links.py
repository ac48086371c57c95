"""Video-meeting links in Slack text: which provider, and whether the link itself shows a passcode.

Pure: no I/O, no database, no Slack, no clock. ``find_meeting_links`` reads a
message's mrkdwn text and returns each meeting link with its span, so the
rules (``bot.meetings.rules``) can decide and cut exactly those characters.

Why parse instead of matching substrings: "zoom.us" appears in
``zoom.us.evil.example`` and ``evilzoom.us`` too. A link counts only when its
*host*, as a browser would read it, is a provider's domain or ends with
``"." + domain``. Browsers read ``\\`` as ``/`` and percent-decode host names, so
we do too; a userinfo part (``zoom.us@evil.example``) is not the host.

What a ``MeetingLink`` carries is safe to log and audit: the provider, the
kind of link, and an opaque meeting id where the provider uses one (a Zoom
meeting number, a Google Meet code, a Webex MTID). Free-form room names
(``meet.jit.si/<anything>``, ``zoom.us/my/<vanity>``) could name a person, so
they are never kept, and a passcode never leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "MeetingLink",
    "Protection",
    "Provider",
    "classify_url",
    "find_meeting_links",
    "without_links",
]

REMOVED = "[meeting link removed]"


class Provider(StrEnum):
    ZOOM = "zoom"
    TEAMS = "teams"
    GOOGLE_MEET = "google_meet"
    WEBEX = "webex"
    JITSI = "jitsi"
    GOTO = "goto"
    WHEREBY = "whereby"
    RINGCENTRAL = "ringcentral"


PROVIDER_NAMES = {
    Provider.ZOOM: "Zoom",
    Provider.TEAMS: "Microsoft Teams",
    Provider.GOOGLE_MEET: "Google Meet",
    Provider.WEBEX: "Webex",
    Provider.JITSI: "Jitsi",
    Provider.GOTO: "GoTo Meeting",
    Provider.WHEREBY: "Whereby",
    Provider.RINGCENTRAL: "RingCentral Video",
}


class Protection(StrEnum):
    PROTECTED = "protected"  # the link carries a passcode, so the meeting has one
    UNPROTECTED = "unprotected"  # the provider has no meeting passcodes at all (Google Meet)
    UNKNOWN = "unknown"  # a passcode may be set, but the link cannot say
    HOST_LINK = "host_link"  # a start/host link: whoever opens it controls the meeting


@dataclass(frozen=True, slots=True)
class MeetingLink:
    """One meeting link found in a text. Everything here is safe to log and audit (no passcode, no name)."""

    provider: Provider
    protection: Protection
    kind: str  # join, webinar, personal, start, meetup_join, registration, room
    meeting_id: str | None  # an opaque id (digits, a Meet code, an MTID); None for free-form room names
    lookup: str | None = None  # what a provider API is asked about (Zoom: meeting number; Webex: the link)
    start: int = 0
    end: int = 0

    @property
    def provider_name(self) -> str:
        return PROVIDER_NAMES[self.provider]


# --- finding links in Slack mrkdwn ---------------------------------------------------------------------

# Slack writes links as <url> or <url|label>; user, channel and special mentions also use <...>.
SLACK_MARKUP = re.compile(r"<([^<>|\s]+)(?:\|([^<>]*))?>")
BARE_URL = re.compile(r"(?i)\b(?:https?://|zoommtgs?://|zoomus://|msteams:)[^\s<>\"']+")
# A host name with a path but no scheme: Slack links these itself, but raw API text and edits may not.
BARE_HOST = re.compile(r"(?i)(?<![\w@./-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d{1,5})?/[^\s<>\"']*")
TRAILING = ".,;:!?'\"*_~)]}>…"
PAIRS = {")": "(", "]": "[", "}": "{"}
MAX_TEXT = 40_000  # Slack caps a message at 40,000 characters; longer input is cut, never scanned slowly
MAX_UNWRAP = 3  # Safe Links inside Safe Links: three levels, then stop


def _slack_unescape(text: str) -> str:
    """Slack escapes exactly these three in message text, links included (``?a=1&amp;b=2``)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _trim(candidate: str) -> str:
    """Drop sentence punctuation after a bare URL, keeping a closing bracket that has its opener inside."""
    while candidate and candidate[-1] in TRAILING:
        last = candidate[-1]
        if last in PAIRS and candidate.count(PAIRS[last]) >= candidate.count(last):
            break
        candidate = candidate[:-1]
    return candidate


def find_meeting_links(text: str) -> tuple[MeetingLink, ...]:
    """Every meeting link in ``text`` (Slack mrkdwn), in order, each with its span in ``text``.

    A ``<url|label>`` counts when either the target or the label is a meeting
    link: a label is what readers copy. The span covers the whole markup.
    """
    text = text[:MAX_TEXT]
    found: list[MeetingLink] = []
    taken: list[tuple[int, int]] = []
    for match in SLACK_MARKUP.finditer(text):
        target, label = match.group(1), match.group(2)
        taken.append(match.span())
        if target[:1] in "@#!":
            continue
        link = classify_url(_slack_unescape(target))
        if link is None and label:
            inner = BARE_URL.search(label) or BARE_HOST.search(label)
            link = classify_url(_trim(_slack_unescape(inner.group(0)))) if inner else None
        if link is not None:
            found.append(_at(link, *match.span()))
    for pattern in (BARE_URL, BARE_HOST):
        for match in pattern.finditer(text):
            start = match.start()
            if any(a <= start < b for a, b in taken):
                continue
            candidate = _trim(match.group(0))
            end = start + len(candidate)
            taken.append((start, end))
            link = classify_url(_slack_unescape(candidate))
            if link is not None:
                found.append(_at(link, start, end))
    return tuple(sorted(found, key=lambda link: link.start))


def _at(link: MeetingLink, start: int, end: int) -> MeetingLink:
    return MeetingLink(link.provider, link.protection, link.kind, link.meeting_id, link.lookup, start, end)


def without_links(text: str, links: tuple[MeetingLink, ...] | list[MeetingLink]) -> str:
    """``text`` with each of ``links`` (spans from ``find_meeting_links`` on this text) replaced by a mark."""
    out, last = [], 0
    for link in sorted(links, key=lambda item: item.start):
        if link.start < last:
            continue
        out.append(text[last : link.start])
        out.append(REMOVED)
        last = link.end
    out.append(text[last:])
    return "".join(out)


# --- reading one URL -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Url:
    scheme: str
    host: str
    path: str  # percent-decoded, lower-case, no trailing slash
    raw_path: str  # percent-decoded, case kept (meeting codes and room names)
    query: dict[str, str]  # keys lower-case; the first value wins
    fragment: str
    original: str


HOST_OK = re.compile(r"^[a-z0-9.-]{1,253}$")


def _parse(url: str) -> _Url | None:
    url = url.strip()
    if not url or len(url) > 4000:
        return None
    if not re.match(r"(?i)^[a-z][a-z0-9+.-]*:", url):
        url = "https://" + url
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("http", "https"):
        url = url.replace("\\", "/")  # what a browser does with special schemes
    elif scheme == "msteams":  # msteams:/l/meetup-join/... opens the Teams app on that path
        rest = url.split(":", 1)[1].lstrip("/")
        url = "https://teams.microsoft.com/" + rest
        scheme = "https"
    elif scheme not in ("zoommtg", "zoommtgs", "zoomus"):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    host = unquote(host).strip().rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not HOST_OK.match(host):
        return None
    raw_path = unquote(parts.path).rstrip("/")
    query: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        query.setdefault(key.lower(), value)
    return _Url(scheme, host, raw_path.lower(), raw_path, query, unquote(parts.fragment), url)


def _host_is(host: str, *domains: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def classify_url(url: str) -> MeetingLink | None:
    """The meeting link ``url`` is, or None when it is not a link to a video meeting."""
    return _classify(url, depth=0)


def _classify(url: str, *, depth: int) -> MeetingLink | None:
    parsed = _parse(url)
    if parsed is None:
        return None
    wrapped = _unwrap(parsed)
    if wrapped is not None:
        return _classify(wrapped, depth=depth + 1) if depth < MAX_UNWRAP else None
    host = parsed.host
    if _host_is(host, "zoom.us", "zoom.com", "zoomgov.com"):
        return _zoom(parsed)
    if _host_is(host, "teams.microsoft.com", "teams.live.com", "teams.microsoft.us", "teams.cloud.microsoft"):
        return _teams(parsed)
    if _host_is(host, "meet.google.com") or (host == "g.co" and parsed.path.startswith("/meet/")):
        return _google_meet(parsed)
    if _host_is(host, "webex.com"):
        return _webex(parsed)
    if _host_is(host, "meet.jit.si"):
        return _room(parsed, Provider.JITSI)
    if _host_is(host, "meet.goto.com", "gotomeeting.com", "gotomeet.me"):
        return _goto(parsed)
    if _host_is(host, "whereby.com"):
        return _whereby(parsed)
    if _host_is(host, "ringcentral.com"):
        return _ringcentral(parsed)
    return None


def _unwrap(parsed: _Url) -> str | None:
    """Links that only redirect to another link: Outlook Safe Links, Google's /url, Slack's redirect."""
    host = parsed.host
    if _host_is(host, "safelinks.protection.outlook.com") or host == "slack-redir.net":
        return parsed.query.get("url")
    if host in ("google.com", "www.google.com") and parsed.path == "/url":
        return parsed.query.get("q") or parsed.query.get("url")
    return None


def _has(query: dict[str, str], *keys: str) -> bool:
    return any(query.get(k, "").strip() for k in keys)


DIGITS = re.compile(r"^\d{6,14}$")


def _digits(value: str) -> str | None:
    value = value.replace("-", "").replace(" ", "")
    return value if DIGITS.match(value) else None


def _link(
    provider: Provider,
    protection: Protection,
    kind: str,
    meeting_id: str | None = None,
    lookup: str | None = None,
) -> MeetingLink:
    return MeetingLink(provider, protection, kind, meeting_id, lookup)


def _zoom(u: _Url) -> MeetingLink | None:
    segs = _segments(u.path)
    passcode = _has(u.query, "pwd")
    joined = Protection.PROTECTED if passcode else Protection.UNKNOWN
    if u.scheme in ("zoommtg", "zoommtgs", "zoomus"):  # the desktop client's own links
        number = _digits(u.query.get("confno", ""))
        if segs[:1] == ["start"] or u.query.get("action", "").lower() == "start":
            return _link(Provider.ZOOM, Protection.HOST_LINK, "start", number)
        if segs[:1] == ["join"] or "confno" in u.query:
            return _link(Provider.ZOOM, joined, "join", number, number)
        return None
    if len(segs) >= 2 and segs[0] == "s":
        return _link(Provider.ZOOM, Protection.HOST_LINK, "start", _digits(segs[1]))
    if len(segs) >= 2 and segs[0] in ("j", "w"):
        number = _digits(segs[1])
        kind = "join" if segs[0] == "j" else "webinar"
        return _link(Provider.ZOOM, joined, kind, number, number if kind == "join" else None)
    if len(segs) >= 2 and segs[0] == "my":
        return _link(Provider.ZOOM, joined, "personal")
    if len(segs) >= 2 and segs[0] == "wc":  # the web client: /wc/join/123, /wc/123/join, /wc/123/start
        if "start" in segs[1:]:
            return _link(Provider.ZOOM, Protection.HOST_LINK, "start", _digits(segs[1]))
        number = _digits(segs[2] if segs[1] == "join" and len(segs) > 2 else segs[1])
        return _link(Provider.ZOOM, joined, "join", number, number)
    if len(segs) >= 3 and segs[0] in ("meeting", "webinar") and segs[1] == "register":
        return _link(Provider.ZOOM, joined, "registration")
    if segs[:1] == ["join"] and "confno" in u.query:
        number = _digits(u.query["confno"])
        return _link(Provider.ZOOM, joined, "join", number, number)
    return None


TEAMS_MEET = re.compile(r"^\d{6,20}$")


def _teams(u: _Url) -> MeetingLink | None:
    segs = _segments(u.path)
    if len(segs) >= 2 and segs[0] == "meet":  # the new short links: /meet/<id>?p=<passcode>
        meeting_id = segs[1] if TEAMS_MEET.match(segs[1]) else None
        protection = Protection.PROTECTED if _has(u.query, "p") else Protection.UNKNOWN
        return _link(Provider.TEAMS, protection, "join", meeting_id)
    # The classic links: /l/meetup-join/<thread>/0?context=..., also behind the v2 client's #fragment
    # and the launcher's url= parameter. They never carry a passcode (Teams has only the lobby).
    places = [u.raw_path, u.fragment, unquote(u.query.get("url", ""))]
    for place in places:
        index = place.lower().find("/l/meetup-join/")
        if index >= 0:
            thread = _segments(place[index + len("/l/meetup-join/") :])
            meeting_id = (
                thread[0][:100] if thread and re.match(r"^19:meeting_[\w-]+@thread\.v2$", thread[0]) else None
            )
            return _link(Provider.TEAMS, Protection.UNKNOWN, "meetup_join", meeting_id)
    return None


MEET_CODE = re.compile(r"^[a-z]{3}-[a-z]{4}-[a-z]{3}$")
MEET_NOT_A_MEETING = frozenset({"new", "landing", "_meet", "about", "linkredirect"})


def _google_meet(u: _Url) -> MeetingLink | None:
    segs = _segments(u.path)
    if u.host == "g.co":
        segs = segs[1:]
    if not segs or segs[0] in MEET_NOT_A_MEETING:
        return None
    code = segs[-1]
    # Google Meet has no meeting passcodes: anyone with the link can ask to join.
    return _link(
        Provider.GOOGLE_MEET, Protection.UNPROTECTED, "join", code if MEET_CODE.match(code) else None
    )


MTID = re.compile(r"^m[0-9a-f]{16,64}$")


def _webex(u: _Url) -> MeetingLink | None:
    segs = _segments(u.path)
    last = segs[-1] if segs else ""
    if last in ("j.php", "m.php"):
        at = u.query.get("at", "").upper()
        if at in ("HM", "SM") and last == "m.php":  # the URL API's "host meeting" / "start meeting"
            return _link(Provider.WEBEX, Protection.HOST_LINK, "start", _digits(u.query.get("mk", "")))
        mtid = u.query.get("mtid", "")
        meeting_id = mtid if MTID.match(mtid) else _digits(u.query.get("mk", ""))
        protection = Protection.PROTECTED if _has(u.query, "pw") else Protection.UNKNOWN
        lookup = f"https://{u.host}{u.raw_path}?MTID={mtid}" if MTID.match(mtid) else None
        return _link(Provider.WEBEX, protection, "join", meeting_id, lookup)
    if "meet" in segs[:-1] or "join" in segs[:-1]:  # personal rooms: /meet/<name>, /join/<name>
        return _link(Provider.WEBEX, Protection.UNKNOWN, "personal")
    if "joinservice" in segs:
        return _link(Provider.WEBEX, Protection.UNKNOWN, "join")
    return None


def _room(u: _Url, provider: Provider) -> MeetingLink | None:
    segs = _segments(u.path)
    return _link(provider, Protection.UNKNOWN, "room") if segs else None


def _goto(u: _Url) -> MeetingLink | None:
    segs = _segments(u.path)
    if u.host.endswith("gotomeet.me"):
        return _link(Provider.GOTO, Protection.UNKNOWN, "personal") if segs else None
    if _host_is(u.host, "meet.goto.com"):
        return _link(Provider.GOTO, Protection.UNKNOWN, "join", _digits(segs[0])) if segs else None
    if len(segs) >= 2 and segs[0] in ("join", "install", "meeting"):
        return _link(Provider.GOTO, Protection.UNKNOWN, "join", _digits(segs[1]))
    if "meetingid" in u.query:
        return _link(Provider.GOTO, Protection.UNKNOWN, "join", _digits(u.query["meetingid"]))
    return None


WHEREBY_SITE = frozenset(
    {
        "information",
        "user",
        "org",
        "pricing",
        "login",
        "signup",
        "blog",
        "about",
        "download",
        "embed",
        "legal",
    }
)


def _whereby(u: _Url) -> MeetingLink | None:
    segs = _segments(u.path)
    if len(segs) != 1 or segs[0] in WHEREBY_SITE:
        return None
    if "roomkey" in u.query:  # the host's link: it unlocks the room and grants host rights
        return _link(Provider.WHEREBY, Protection.HOST_LINK, "start")
    return _link(Provider.WHEREBY, Protection.UNKNOWN, "room")


def _ringcentral(u: _Url) -> MeetingLink | None:
    segs = _segments(u.path)
    if len(segs) >= 2 and segs[0] in ("join", "j"):
        protection = Protection.PROTECTED if _has(u.query, "pw", "pwd") else Protection.UNKNOWN
        return _link(Provider.RINGCENTRAL, protection, "join", _digits(segs[1]))
    if len(segs) >= 2 and segs[0] in ("s", "start"):
        return _link(Provider.RINGCENTRAL, Protection.HOST_LINK, "start", _digits(segs[1]))
    return None
