"""The meeting-link classifier against real-world link shapes: what each provider's links look like when
people paste them into Slack, and the lookalikes that must not count.

Each row: the message text as Slack delivers it (mrkdwn, with ``<url|label>`` markup and ``&amp;``), and
the links expected in it as (provider, protection, kind, meeting id).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.links import (
    REMOVED,
    MeetingLink,
    Protection,
    Provider,
    classify_url,
    find_meeting_links,
    without_links,
)

Z, T, G, W = Provider.ZOOM, Provider.TEAMS, Provider.GOOGLE_MEET, Provider.WEBEX
J, GO, WB, RC = Provider.JITSI, Provider.GOTO, Provider.WHEREBY, Provider.RINGCENTRAL
P, U, K, H = Protection.PROTECTED, Protection.UNPROTECTED, Protection.UNKNOWN, Protection.HOST_LINK
SECRET = "Pz9Secret7"  # the passcode planted in links: it must never appear in what the classifier returns

TEAMS_OLD = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ4ZjYxYTQtZTNlZi00ZDk2LWI4NzMtM2Q1ZjU5%40"
    "thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22"
    "4b1c5d7e-0000-4f00-8000-123456789abc%22%7d"
)
TEAMS_THREAD = "19:meeting_NjQ4ZjYxYTQtZTNlZi00ZDk2LWI4NzMtM2Q1ZjU5@thread.v2"
MTID = "m1a2b3c4d5e6f708192a3b4c5d6e7f809"

CASES: list[tuple[str, str, list[tuple[Provider, Protection, str, str | None]]]] = [
    # --- Zoom ---
    (
        "zoom: passcode in link",
        f"https://zoom.us/j/85512345678?pwd={SECRET}",
        [(Z, P, "join", "85512345678")],
    ),
    (
        "zoom: regional host, encrypted pwd",
        f"https://us02web.zoom.us/j/85512345678?pwd={SECRET}.1",
        [(Z, P, "join", "85512345678")],
    ),
    ("zoom: vanity subdomain, no pwd", "https://acme.zoom.us/j/85512345678", [(Z, K, "join", "85512345678")]),
    ("zoom: empty pwd", "https://zoom.us/j/85512345678?pwd=", [(Z, K, "join", "85512345678")]),
    (
        "zoom: pwd after other params",
        f"https://zoom.us/j/85512345678?from=addon&pwd={SECRET}",
        [(Z, P, "join", "85512345678")],
    ),
    ("zoomgov", f"https://zoomgov.com/j/1612345678?pwd={SECRET}", [(Z, P, "join", "1612345678")]),
    ("zoomgov subdomain", "https://agency.zoomgov.com/j/1612345678", [(Z, K, "join", "1612345678")]),
    ("zoom.com", f"https://zoom.com/j/85512345678?pwd={SECRET}", [(Z, P, "join", "85512345678")]),
    (
        "zoom: host start link",
        "https://zoom.us/s/85512345678?zak=eyJ0eXAiOiJKV1Qi",
        [(Z, H, "start", "85512345678")],
    ),
    (
        "zoom: start link even with pwd",
        f"https://us06web.zoom.us/s/85512345678?pwd={SECRET}",
        [(Z, H, "start", "85512345678")],
    ),
    (
        "zoom: webinar",
        f"https://zoom.us/w/91234567890?tk=abc&pwd={SECRET}",
        [(Z, P, "webinar", "91234567890")],
    ),
    ("zoom: personal link", "https://zoom.us/my/casemanager", [(Z, K, "personal", None)]),
    (
        "zoom: personal link with pwd",
        f"https://acme.zoom.us/my/casemanager?pwd={SECRET}",
        [(Z, P, "personal", None)],
    ),
    ("zoom: web client join", "https://zoom.us/wc/join/85512345678", [(Z, K, "join", "85512345678")]),
    ("zoom: web client start", "https://zoom.us/wc/85512345678/start", [(Z, H, "start", "85512345678")]),
    ("zoom: registration", "https://zoom.us/meeting/register/tJ0sdeGrqT8uE9", [(Z, K, "registration", None)]),
    (
        "zoom: desktop client link",
        f"zoommtg://zoom.us/join?action=join&confno=85512345678&pwd={SECRET}",
        [(Z, P, "join", "85512345678")],
    ),
    (
        "zoom: desktop client start",
        "zoommtg://zoom.us/start?confno=85512345678",
        [(Z, H, "start", "85512345678")],
    ),
    ("zoom: not a meeting (pricing)", "https://zoom.us/pricing", []),
    ("zoom: not a meeting (recording)", "https://zoom.us/rec/share/abcDEF", []),
    # --- Microsoft Teams ---
    ("teams: classic meetup-join", TEAMS_OLD, [(T, K, "meetup_join", TEAMS_THREAD)]),
    (
        "teams: new link with passcode",
        f"https://teams.microsoft.com/meet/21234567890123?p={SECRET}",
        [(T, P, "join", "21234567890123")],
    ),
    (
        "teams: new link without passcode",
        "https://teams.microsoft.com/meet/21234567890123",
        [(T, K, "join", "21234567890123")],
    ),
    (
        "teams: free (live.com)",
        f"https://teams.live.com/meet/9312345678901?p={SECRET}",
        [(T, P, "join", "9312345678901")],
    ),
    (
        "teams: GCC High",
        "https://gov.teams.microsoft.us/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
        [(T, K, "meetup_join", "19:meeting_abc@thread.v2")],
    ),
    (
        "teams: v2 client fragment",
        "https://teams.microsoft.com/v2/?meetingjoin=true#/l/meetup-join/19:meeting_abc@thread.v2/0?anon=true",
        [(T, K, "meetup_join", "19:meeting_abc@thread.v2")],
    ),
    (
        "teams: launcher",
        "https://teams.microsoft.com/dl/launcher/launcher.html?url=%2F_%23%2Fl%2Fmeetup-join%2F19%3Ameeting_abc"
        "%40thread.v2%2F0&type=meetup-join",
        [(T, K, "meetup_join", "19:meeting_abc@thread.v2")],
    ),
    (
        "teams: app link",
        "msteams:/l/meetup-join/19:meeting_abc@thread.v2/0",
        [(T, K, "meetup_join", "19:meeting_abc@thread.v2")],
    ),
    (
        "teams: a chat message is not a meeting",
        "https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700",
        [],
    ),
    (
        "teams: a channel is not a meeting",
        "https://teams.microsoft.com/l/channel/19%3aabc%40thread.tacv2/General",
        [],
    ),
    # --- Google Meet: no passcodes exist ---
    ("meet", "https://meet.google.com/abc-defg-hij", [(G, U, "join", "abc-defg-hij")]),
    (
        "meet: bare with params",
        "meet.google.com/abc-defg-hij?authuser=1&hs=122",
        [(G, U, "join", "abc-defg-hij")],
    ),
    ("meet: nickname", "https://meet.google.com/lookup/casereview", [(G, U, "join", None)]),
    ("meet: g.co", "https://g.co/meet/abc-defg-hij", [(G, U, "join", "abc-defg-hij")]),
    ("meet: new is not a meeting", "https://meet.google.com/new", []),
    # --- Webex ---
    ("webex: j.php", f"https://acme.webex.com/acme/j.php?MTID={MTID}", [(W, K, "join", MTID)]),
    ("webex: personal room", "https://acme.webex.com/meet/jdoe", [(W, K, "personal", None)]),
    ("webex: personal room join", "https://acme.webex.com/join/jdoe", [(W, K, "personal", None)]),
    (
        "webex: URL API join with password",
        f"https://acme.webex.com/acme/m.php?AT=JM&MK=2551234567&PW={SECRET}",
        [(W, P, "join", "2551234567")],
    ),
    (
        "webex: URL API host meeting",
        "https://acme.webex.com/acme/m.php?AT=HM&MK=2551234567",
        [(W, H, "start", "2551234567")],
    ),
    ("webex: marketing page", "https://www.webex.com/pricing/index.html", []),
    # --- Jitsi, GoTo, Whereby, RingCentral ---
    ("jitsi", "https://meet.jit.si/EastMetroCaseConference", [(J, K, "room", None)]),
    ("jitsi: home page", "https://meet.jit.si/", []),
    ("goto: meet.goto.com", "https://meet.goto.com/123456789", [(GO, K, "join", "123456789")]),
    (
        "goto: gotomeeting join",
        "https://global.gotomeeting.com/join/123456789",
        [(GO, K, "join", "123456789")],
    ),
    ("goto: personal", "https://gotomeet.me/casemanager", [(GO, K, "personal", None)]),
    ("goto: app link", "https://app.gotomeeting.com/?meetingId=123456789", [(GO, K, "join", "123456789")]),
    ("whereby: room", "https://whereby.com/casereview", [(WB, K, "room", None)]),
    ("whereby: host link", "https://whereby.com/casereview?roomKey=abcdef123", [(WB, H, "start", None)]),
    ("whereby: site page", "https://whereby.com/information/tos", []),
    ("whereby: pricing", "https://whereby.com/pricing", []),
    (
        "ringcentral: passcode",
        f"https://v.ringcentral.com/join/123456789?pw={SECRET}",
        [(RC, P, "join", "123456789")],
    ),
    ("ringcentral: no passcode", "https://v.ringcentral.com/join/123456789", [(RC, K, "join", "123456789")]),
    (
        "ringcentral meetings",
        f"https://meetings.ringcentral.com/j/1234567890?pwd={SECRET}",
        [(RC, P, "join", "1234567890")],
    ),
    # --- lookalikes: never a meeting link ---
    ("lookalike: zoom.us as a subdomain", "https://zoom.us.evil.example/j/85512345678", []),
    ("lookalike: suffix without a dot", "https://evilzoom.us/j/85512345678", []),
    ("lookalike: userinfo", "https://zoom.us@evil.example/j/85512345678", []),
    ("lookalike: in the path", "https://evil.example/zoom.us/j/85512345678", []),
    ("lookalike: backslash", "https://evil.example\\@zoom.us/j/85512345678", []),
    ("lookalike: dashed", "https://zoom-us.com/j/85512345678", []),
    ("lookalike: cyrillic o", "https://z\u043e\u043em.us/j/85512345678", []),
    ("lookalike: meet.google", "https://meet.google.com.evil.example/abc-defg-hij", []),
    ("lookalike: teams", f"https://teams.microsoft.com.evil.example/meet/123456789?p={SECRET}", []),
    ("lookalike: webex", "https://notwebex.com/meet/jdoe", []),
    ("lookalike: jitsi", "https://meet.jit.si.evil.example/room", []),
    ("lookalike: whereby", "https://whereby.com.evil.example/room", []),
    ("lookalike: bare", "see zoom.us.evil.example/j/85512345678 and evilzoom.us/j/85512345678", []),
    # --- Slack markup ---
    (
        "slack: link with label",
        f"<https://zoom.us/j/85512345678?pwd={SECRET}|Join Zoom Meeting>",
        [(Z, P, "join", "85512345678")],
    ),
    ("slack: link without label", "<https://zoom.us/j/85512345678>", [(Z, K, "join", "85512345678")]),
    (
        "slack: escaped ampersand",
        f"<https://zoom.us/j/85512345678?from=addon&amp;pwd={SECRET}|zoom.us/j/85512345678>",
        [(Z, P, "join", "85512345678")],
    ),
    (
        "slack: label shows a meeting link",
        "<https://evil.example/x|https://zoom.us/j/85512345678>",
        [(Z, K, "join", "85512345678")],
    ),
    (
        "slack: meet",
        "<https://meet.google.com/abc-defg-hij|meet.google.com/abc-defg-hij>",
        [(G, U, "join", "abc-defg-hij")],
    ),
    ("slack: mailto", "<mailto:cm@zoom.us|cm@zoom.us>", []),
    ("slack: mentions", "<@U0MEMBER1> <#C0CASE001|case-conf> <!here>", []),
    # --- case ---
    ("upper case", f"HTTPS://ZOOM.US/J/85512345678?PWD={SECRET}", [(Z, P, "join", "85512345678")]),
    ("upper case host", "https://MEET.GOOGLE.COM/abc-defg-hij", [(G, U, "join", "abc-defg-hij")]),
    ("upper case start link", "HTTPS://US02WEB.ZOOM.US/S/85512345678", [(Z, H, "start", "85512345678")]),
    # --- trailing punctuation ---
    ("period", f"Join here: https://zoom.us/j/85512345678?pwd={SECRET}.", [(Z, P, "join", "85512345678")]),
    ("parentheses", "(https://meet.google.com/abc-defg-hij)", [(G, U, "join", "abc-defg-hij")]),
    ("exclamation", "https://zoom.us/j/85512345678!", [(Z, K, "join", "85512345678")]),
    ("quotes", '"https://zoom.us/j/85512345678"', [(Z, K, "join", "85512345678")]),
    ("bold", "*https://meet.jit.si/CaseConf*", [(J, K, "room", None)]),
    ("comma", "meet.google.com/abc-defg-hij, or call in", [(G, U, "join", "abc-defg-hij")]),
    # --- percent-encoding and wrappers ---
    ("encoded host", "https://zoom%2Eus/j/85512345678", [(Z, K, "join", "85512345678")]),
    ("encoded path", f"https://zoom.us/%6A/85512345678?pwd={SECRET}", [(Z, P, "join", "85512345678")]),
    ("encoded key", f"https://zoom.us/j/85512345678?%70wd={SECRET}", [(Z, P, "join", "85512345678")]),
    (
        "outlook safe links",
        "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us%2Fj%2F85512345678%3Fpwd%3D"
        f"{SECRET}&data=05%7C01%7C&reserved=0",
        [(Z, P, "join", "85512345678")],
    ),
    (
        "safe links around a bare meet link",
        "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmeet.google.com%2Fabc-defg-hij",
        [(G, U, "join", "abc-defg-hij")],
    ),
    (
        "google redirect",
        "https://www.google.com/url?q=https://meet.google.com/abc-defg-hij&sa=D",
        [(G, U, "join", "abc-defg-hij")],
    ),
    (
        "safe links around a lookalike",
        "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us.evil.example%2Fj%2F1",
        [],
    ),
    # --- inside text ---
    (
        "two links in a sentence",
        f"Case conference at 10, link https://zoom.us/j/85512345678?pwd={SECRET} and backup "
        "meet.google.com/abc-defg-hij if Zoom acts up",
        [(Z, P, "join", "85512345678"), (G, U, "join", "abc-defg-hij")],
    ),
    ("dial-in text is not a link", f"Meeting ID: 855 1234 5678 Passcode: {SECRET}", []),
    ("a domain alone is not a meeting", "we moved to zoom.us last year", []),
    ("plain chat", "Client 777001 moved into the shelter on 5th; next review Tuesday 3pm.", []),
]


def shape(links: tuple[MeetingLink, ...]) -> list[tuple[Provider, Protection, str, str | None]]:
    return [(link.provider, link.protection, link.kind, link.meeting_id) for link in links]


@pytest.mark.parametrize(("text", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_link_shapes(text: str, expected: list[tuple[Provider, Protection, str, str | None]]) -> None:
    links = find_meeting_links(text)
    assert shape(links) == expected
    for link in links:
        assert SECRET not in repr(link) and SECRET.lower() not in repr(link).lower()
        assert link.lookup is None or SECRET not in link.lookup


def test_a_span_covers_the_whole_link_and_no_more() -> None:
    text = "Join: <https://zoom.us/j/85512345678|zoom> or https://meet.google.com/abc-defg-hij. Thanks!"
    links = find_meeting_links(text)
    assert [text[link.start : link.end] for link in links] == [
        "<https://zoom.us/j/85512345678|zoom>",
        "https://meet.google.com/abc-defg-hij",
    ]
    assert without_links(text, links) == f"Join: {REMOVED} or {REMOVED}. Thanks!"


def test_cutting_some_links_keeps_the_others() -> None:
    text = f"protected https://zoom.us/j/85512345678?pwd={SECRET} unprotected https://meet.google.com/abc-defg-hij"
    links = find_meeting_links(text)
    assert (
        without_links(text, [links[1]])
        == f"protected https://zoom.us/j/85512345678?pwd={SECRET} unprotected {REMOVED}"
    )


def test_lookups_ask_about_meeting_numbers_and_webex_links_only() -> None:
    zoom = classify_url("https://zoom.us/j/85512345678")
    webex = classify_url(f"https://acme.webex.com/acme/j.php?MTID={MTID}&from=email")
    personal = classify_url("https://zoom.us/my/casemanager")
    assert zoom is not None and zoom.lookup == "85512345678"
    assert webex is not None and webex.lookup == f"https://acme.webex.com/acme/j.php?MTID={MTID}"
    assert personal is not None and personal.lookup is None


def test_free_form_room_names_are_never_kept() -> None:
    # A room or vanity name may be a person's name: it must not reach an audit row.
    for url in (
        "https://meet.jit.si/MariaLopezIntake",
        "https://zoom.us/my/maria.lopez",
        "https://whereby.com/marialopez",
    ):
        link = classify_url(url)
        assert link is not None and link.meeting_id is None
        assert "maria" not in repr(link).lower()


def test_huge_messages_are_cut_not_scanned_slowly() -> None:
    text = "x" * 100_000 + " https://meet.google.com/abc-defg-hij"
    assert find_meeting_links(text) == ()


# --- properties ----------------------------------------------------------------------------------------

label = st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(prefix=label, suffix=label)
def test_a_provider_domain_inside_another_host_never_counts(prefix: str, suffix: str) -> None:
    for domain in ("zoom.us", "meet.google.com", "teams.microsoft.com", "webex.com", "whereby.com"):
        for host in (f"{prefix}{domain}", f"{domain}.{suffix}.example", f"{domain}{suffix}.example"):
            if host == domain:
                continue
            assert find_meeting_links(f"https://{host}/j/85512345678 and {host}/meet/abc") == (), host


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    for link in find_meeting_links(text):
        assert 0 <= link.start < link.end <= len(text)
