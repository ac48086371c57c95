"""The Zoom and Webex clients over real HTTP against local stand-ins of their APIs: OAuth, create,
lookup, and each documented error shape. Also the passcode generator and the settings' guard rails."""

from __future__ import annotations

import base64
import logging
import string
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from bot.meetings.links import classify_url
from bot.meetings.providers import (
    PASSCODE_LENGTH,
    ProviderError,
    Providers,
    WebexApi,
    ZoomApi,
    new_passcode,
)
from bot.meetings.settings import MeetingSettings
from bot.ports.meetings import ProviderName
from tests.meeting_standins import (
    WEBEX_TOKEN,
    ZOOM_ACCOUNT,
    ZOOM_CLIENT_ID,
    ZOOM_CLIENT_SECRET,
    ZOOM_HOST,
    ZOOM_PASSCODE,
    WebexStandIn,
    ZoomStandIn,
)

START = datetime(2030, 3, 4, 15, 30, tzinfo=UTC)


def zoom_settings(zoom: ZoomStandIn, **extra: object) -> MeetingSettings:
    return MeetingSettings(
        ZOOM_ACCOUNT_ID=ZOOM_ACCOUNT,
        ZOOM_CLIENT_ID=ZOOM_CLIENT_ID,
        ZOOM_CLIENT_SECRET=ZOOM_CLIENT_SECRET,
        ZOOM_HOST_USER=ZOOM_HOST,
        ZOOM_API_URL=zoom.api_url,
        ZOOM_OAUTH_URL=zoom.oauth_url,
        **extra,
    )


def webex_settings(webex: WebexStandIn, token: str = WEBEX_TOKEN) -> MeetingSettings:
    return MeetingSettings(WEBEX_ACCESS_TOKEN=token, WEBEX_API_URL=webex.api_url)


def create(api: ZoomApi | WebexApi, *, starts_at: datetime | None = START, passcode: str = "aB3-xY9_kQ"):
    return api.create(
        topic="East metro case conference",
        starts_at=starts_at,
        minutes=45,
        passcode=passcode,
        timezone="America/Chicago",
    )


# --- passcodes -----------------------------------------------------------------------------------------


def test_passcodes_fit_zoom_and_have_every_character_class() -> None:
    codes = {new_passcode() for _ in range(500)}
    assert len(codes) == 500  # random, not a sequence
    for code in codes:
        assert len(code) == PASSCODE_LENGTH and ZOOM_PASSCODE.match(code)
        assert set(code) & set(string.ascii_lowercase) and set(code) & set(string.ascii_uppercase)
        assert set(code) & set(string.digits) and set(code) & set("-_")


def test_a_passcode_longer_than_zoom_allows_is_refused() -> None:
    with pytest.raises(ValueError, match="6 to 10"):
        new_passcode(11)


# --- settings ------------------------------------------------------------------------------------------


def test_credentials_go_only_to_https_or_a_loopback_stand_in() -> None:
    with pytest.raises(ValidationError, match="https://"):
        MeetingSettings(ZOOM_API_URL="http://api.zoom.example/v2")
    with pytest.raises(ValidationError, match="https://"):
        MeetingSettings(WEBEX_API_URL="ftp://webexapis.com/v1")
    assert MeetingSettings(ZOOM_API_URL="http://127.0.0.1:9/v2/").zoom_api_url == "http://127.0.0.1:9/v2"
    with pytest.raises(ValidationError, match="IANA"):
        MeetingSettings(CASEBOT_MEETING_TIMEZONE="Mars/Olympus")


def test_secrets_never_show_in_a_repr(zoom: ZoomStandIn) -> None:
    settings = zoom_settings(zoom, WEBEX_ACCESS_TOKEN=WEBEX_TOKEN)
    for text in (repr(settings), str(settings), repr(ZoomApi(settings)), repr(WebexApi(settings))):
        assert ZOOM_CLIENT_SECRET not in text and WEBEX_TOKEN not in text and ZOOM_CLIENT_ID not in text


def test_which_provider_creates() -> None:
    zoom = {"ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "b", "ZOOM_CLIENT_SECRET": "c"}
    assert MeetingSettings().creating_provider is None
    assert MeetingSettings(**zoom).creating_provider is None  # no host user to create meetings for
    assert MeetingSettings(**zoom, ZOOM_HOST_USER="h@x.org").creating_provider is ProviderName.ZOOM
    both = MeetingSettings(**zoom, ZOOM_HOST_USER="h@x.org", WEBEX_ACCESS_TOKEN="t")
    assert both.creating_provider is ProviderName.ZOOM
    chosen = MeetingSettings(
        **zoom, ZOOM_HOST_USER="h", WEBEX_ACCESS_TOKEN="t", CASEBOT_MEETING_PROVIDER="webex"
    )
    assert chosen.creating_provider is ProviderName.WEBEX
    half = MeetingSettings(ZOOM_ACCOUNT_ID="a", CASEBOT_MEETING_PROVIDER="zoom")
    assert half.problems() == [
        "Zoom needs ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET together",
        "CASEBOT_MEETING_PROVIDER is zoom but it is not configured",
    ]


# --- Zoom ----------------------------------------------------------------------------------------------


def test_zoom_server_to_server_oauth_then_create(zoom: ZoomStandIn) -> None:
    api = ZoomApi(zoom_settings(zoom))
    created = create(api)

    (token,) = zoom.of("POST", "/oauth/token")
    basic = base64.b64encode(f"{ZOOM_CLIENT_ID}:{ZOOM_CLIENT_SECRET}".encode()).decode()
    assert token.authorization == f"Basic {basic}"
    assert token.query == {"grant_type": "account_credentials", "account_id": ZOOM_ACCOUNT}
    (post,) = zoom.of("POST", "/v2/users/")
    assert post.path == "/v2/users/host%40coc.example.org/meetings"  # the user ID or email, URL-encoded
    assert post.authorization is not None and post.authorization.startswith("Bearer zoom-access-token-1-")
    body = post.body
    assert body["password"] == "aB3-xY9_kQ" and body["default_password"] is False
    assert body["settings"]["waiting_room"] is True and body["settings"]["join_before_host"] is False
    assert (body["topic"], body["type"], body["duration"]) == ("East metro case conference", 2, 45)
    assert body["start_time"] == "2030-03-04T15:30:00Z" and body["timezone"] == "America/Chicago"

    meeting = zoom.meetings[created.meeting_id]
    assert created.join_url == meeting["join_url"] and created.passcode_in_link
    assert "zak=" not in repr(created) and created.join_url not in repr(created)
    link = classify_url(created.join_url)
    assert link is not None and created.link_key == link.meeting_id == created.meeting_id


def test_an_instant_meeting_has_no_start_time(zoom: ZoomStandIn) -> None:
    create(ZoomApi(zoom_settings(zoom)), starts_at=None)
    body = zoom.of("POST", "/v2/users/")[0].body
    assert body["type"] == 1 and "start_time" not in body


def test_the_token_is_reused_until_zoom_refuses_it_then_fetched_once_more(zoom: ZoomStandIn) -> None:
    api = ZoomApi(zoom_settings(zoom))
    create(api)
    create(api)
    assert len(zoom.of("POST", "/oauth/token")) == 1
    zoom.expire_tokens()  # Zoom answers 401 {"code": 124, "message": "Invalid access token."}
    create(api)
    assert len(zoom.of("POST", "/oauth/token")) == 2
    creates = zoom.of("POST", "/v2/users/")
    assert len(creates) == 4 and creates[2].authorization != creates[3].authorization


def test_a_token_refused_twice_is_an_auth_error_not_a_loop(zoom: ZoomStandIn) -> None:
    api = ZoomApi(zoom_settings(zoom))
    for _ in range(2):
        zoom.script("POST /v2/users/*/meetings", 401, {"code": 124, "message": "Invalid access token."})
    with pytest.raises(ProviderError) as caught:
        create(api)
    assert (caught.value.kind, caught.value.status, caught.value.code) == ("auth", 401, "124")
    assert len(zoom.of("POST", "/oauth/token")) == 2 and len(zoom.of("POST", "/v2/users/")) == 2


def test_wrong_client_credentials(zoom: ZoomStandIn, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    settings = zoom_settings(zoom).model_copy(
        update={"zoom_client_secret": MeetingSettings(ZOOM_CLIENT_SECRET="not-the-secret").zoom_client_secret}
    )
    with pytest.raises(ProviderError) as caught:
        create(ZoomApi(settings))
    assert (caught.value.kind, caught.value.status, caught.value.code) == ("auth", 401, "invalid_client")
    assert "Invalid client_id" not in str(caught.value)  # the provider's text is never passed on
    assert zoom.of("POST", "/v2/users/") == []
    assert "not-the-secret" not in caplog.text and ZOOM_CLIENT_SECRET not in caplog.text


def test_a_short_rate_limit_is_waited_out_once_and_a_long_one_reported(zoom: ZoomStandIn) -> None:
    waits: list[float] = []
    api = ZoomApi(zoom_settings(zoom), sleep=waits.append)
    limit = {"code": 429, "message": "You have reached the maximum per-second rate limit for this API."}
    zoom.script("POST /v2/users/*/meetings", 429, limit, headers={"Retry-After": "1"})
    create(api)
    assert waits == [1.0] and len(zoom.of("POST", "/v2/users/")) == 2

    daily = {"code": 429, "message": "You have exceeded the daily rate limit (100) of Meeting Create/Update"}
    zoom.script("POST /v2/users/*/meetings", 429, daily, headers={"Retry-After": "86400"})
    with pytest.raises(ProviderError) as caught:
        create(api)
    assert (caught.value.kind, caught.value.code) == ("rate_limited", "429") and waits == [1.0]


def test_unknown_host_user_and_invalid_fields(zoom: ZoomStandIn) -> None:
    zoom.users.clear()
    with pytest.raises(ProviderError) as caught:
        create(ZoomApi(zoom_settings(zoom)))
    assert (caught.value.kind, caught.value.status, caught.value.code) == ("not_found", 404, "1001")
    zoom.users.add(ZOOM_HOST)
    with pytest.raises(ProviderError) as caught:
        create(ZoomApi(zoom_settings(zoom)), passcode="far too long a passcode")
    assert (caught.value.kind, caught.value.status, caught.value.code) == ("rejected", 400, "300")


def test_a_meeting_whose_waiting_room_an_account_setting_removed_is_deleted(zoom: ZoomStandIn) -> None:
    zoom.waiting_room_locked_off = True
    with pytest.raises(ProviderError) as caught:
        create(ZoomApi(zoom_settings(zoom)))
    assert caught.value.kind == "settings_ignored"
    assert len(zoom.of("DELETE", "/v2/meetings/")) == 1 and zoom.meetings == {}


def test_zoom_is_unreachable() -> None:
    settings = MeetingSettings(
        ZOOM_ACCOUNT_ID=ZOOM_ACCOUNT,
        ZOOM_CLIENT_ID="a",
        ZOOM_CLIENT_SECRET="b",
        ZOOM_HOST_USER="h",
        ZOOM_API_URL="http://127.0.0.1:9/v2",
        ZOOM_OAUTH_URL="http://127.0.0.1:9/oauth/token",
        CASEBOT_MEETING_HTTP_TIMEOUT=2,
    )
    with pytest.raises(ProviderError) as caught:
        create(ZoomApi(settings))
    assert caught.value.kind == "unavailable"


def test_zoom_lookup_reads_the_meetings_password(zoom: ZoomStandIn) -> None:
    api = ZoomApi(zoom_settings(zoom))
    zoom.add_meeting("85512345678", password="kept-secret")
    zoom.add_meeting("85500000001", password="")
    assert api.has_passcode(classify_url("https://zoom.us/j/85512345678")) is True
    assert api.has_passcode(classify_url("https://zoom.us/j/85500000001")) is False
    assert api.has_passcode(classify_url("https://zoom.us/j/85599999999")) is None  # 404 code 3001
    assert api.has_passcode(classify_url("https://zoom.us/my/casemanager")) is None  # nothing to ask
    assert [r.path for r in zoom.of("GET", "/v2/meetings/")] == [
        "/v2/meetings/85512345678",
        "/v2/meetings/85500000001",
        "/v2/meetings/85599999999",
    ]


# --- Webex ---------------------------------------------------------------------------------------------


def test_webex_create_sends_password_lobby_and_times(webex: WebexStandIn) -> None:
    api = WebexApi(webex_settings(webex))
    created = create(api)
    (post,) = webex.of("POST", "/v1/meetings")
    assert post.authorization == f"Bearer {WEBEX_TOKEN}"
    body = post.body
    assert body["password"] == "aB3-xY9_kQ" and body["unlockedMeetingJoinSecurity"] == "allowJoinWithLobby"
    assert body["enabledJoinBeforeHost"] is False and body["publicMeeting"] is False
    assert (body["title"], body["start"], body["end"]) == (
        "East metro case conference",
        "2030-03-04T15:30:00Z",
        "2030-03-04T16:15:00Z",
    )
    assert not created.passcode_in_link  # Webex links never carry the password: the post must show it
    link = classify_url(created.join_url)
    assert link is not None and created.link_key == link.meeting_id and link.meeting_id.startswith("m")


def test_webex_now_is_the_next_whole_minute(webex: WebexStandIn) -> None:
    now = datetime(2030, 3, 4, 15, 30, 42, tzinfo=UTC)
    create(WebexApi(webex_settings(webex), now=lambda: now), starts_at=None)
    body = webex.of("POST", "/v1/meetings")[0].body
    assert (body["start"], body["end"]) == ("2030-03-04T15:31:00Z", "2030-03-04T16:16:00Z")


def test_webex_error_shapes(webex: WebexStandIn, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with pytest.raises(ProviderError) as caught:
        create(WebexApi(webex_settings(webex, token="expired-token")))
    assert (caught.value.kind, caught.value.status) == ("auth", 401)
    assert caught.value.tracking_id and caught.value.tracking_id.startswith("ROUTER_")
    assert "requires a valid access token" not in str(caught.value)
    assert "expired-token" not in caplog.text

    api = WebexApi(webex_settings(webex))
    with pytest.raises(ProviderError) as caught:
        api.create(topic="x", starts_at=START, minutes=0, passcode="aB3-xY9_kQ", timezone="UTC")
    assert (caught.value.kind, caught.value.status) == ("rejected", 400)

    waits: list[float] = []
    api = WebexApi(webex_settings(webex), sleep=waits.append)
    webex.script(
        "POST /v1/meetings",
        429,
        {"message": "Too Many Requests", "trackingId": "ROUTER_1"},
        headers={"Retry-After": "2"},
    )
    create(api)
    assert waits == [2.0]


def test_a_webex_site_that_overrides_the_lobby_gets_its_meeting_deleted(webex: WebexStandIn) -> None:
    webex.lobby_overridden = True
    with pytest.raises(ProviderError) as caught:
        create(WebexApi(webex_settings(webex)))
    assert caught.value.kind == "settings_ignored" and webex.meetings == {}


def test_webex_lookup_by_link(webex: WebexStandIn) -> None:
    api = WebexApi(webex_settings(webex))
    with_password = "https://acme.webex.com/acme/j.php?MTID=m11112222333344445555666677778888"
    without = "https://acme.webex.com/acme/j.php?MTID=m99990000111122223333444455556666"
    webex.add_meeting(with_password, password="Secret-1a")
    webex.add_meeting(without, password="")
    assert api.has_passcode(classify_url(with_password + "&from=email")) is True
    assert api.has_passcode(classify_url(without)) is False
    assert (
        api.has_passcode(
            classify_url("https://acme.webex.com/acme/j.php?MTID=m00000000000000000000000000000000")
        )
        is None
    )
    assert webex.of("GET", "/v1/meetings")[0].query == {"webLink": with_password}


def test_lookups_can_be_turned_off(zoom: ZoomStandIn) -> None:
    from bot.meetings.links import Provider

    assert Providers(zoom_settings(zoom)).for_lookup(Provider.ZOOM) is not None
    assert Providers(zoom_settings(zoom, CASEBOT_MEETING_LOOKUP=False)).for_lookup(Provider.ZOOM) is None
    assert Providers(zoom_settings(zoom)).for_lookup(Provider.GOOGLE_MEET) is None
