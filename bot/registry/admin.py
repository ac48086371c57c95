"""Administration of agencies, users, consents, MOUs and channels.

Each change and its audit event commit together: an unaudited change is
impossible, because a failed audit write rolls the change back.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import AdminError
from bot.ids import SLACK_CHANNEL_ID
from storage import audit
from storage.client_identity import merged_into
from storage.models import Agency, Channel, Client, Consent, Mou, Role, User

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _agency(session: Session, slug: str) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.slug == slug))
    if agency is None:
        raise AdminError(f"no agency {slug!r}; see `casebot agency list`")
    return agency


def existing_client(session: Session, *, client_id: str) -> Client:
    """The client on the roster, or an error naming the survivor when it was merged away."""
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        survivor = merged_into(session, client_id)
        if survivor is not None:
            raise AdminError(f"client {client_id} was merged into client {survivor}; use {survivor}")
        raise AdminError(f"no client {client_id!r}")
    return client


def add_agency(session: Session, *, actor: str, slug: str, name: str) -> Agency:
    if not SLUG.match(slug):
        raise AdminError("agency slug must be lower-case letters, digits and dashes (e.g. 'hope-house')")
    if session.scalar(select(Agency).where(Agency.slug == slug)) is not None:
        raise AdminError(f"agency {slug!r} already exists")
    agency = Agency(slug=slug, name=name.strip() or slug)
    session.add(agency)
    session.flush()
    audit.record(session, actor=actor, action="agency.add", detail={"agency": slug})
    return agency


def list_agencies(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).order_by(Agency.slug)))


def add_user(session: Session, *, actor: str, slack_user_id: str, agency: str, role: Role) -> User:
    if not SLACK_USER_ID.match(slack_user_id):
        raise AdminError("Slack user IDs look like U012ABCDEF (copy it from the person's Slack profile)")
    target = _agency(session, agency)
    user = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
    if user is not None and user.active:
        raise AdminError(f"{slack_user_id} is already registered; remove them first to change agency or role")
    if user is None:
        user = User(slack_user_id=slack_user_id, agency=target, role=role)
        session.add(user)
    else:  # re-activation keeps the row, so the audit trail stays attached to one identity
        user.agency, user.role, user.active, user.deactivated_at = target, role, True, None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.add",
        detail={"user": slack_user_id, "agency": agency, "role": role.value},
    )
    return user


def remove_user(session: Session, *, actor: str, slack_user_id: str, reason: str = "removed") -> User:
    user = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
    if user is None or not user.active:
        raise AdminError(f"{slack_user_id} is not an active casebot user")
    user.active = False
    user.deactivated_at = datetime.now(UTC)
    audit.record(session, actor=actor, action="user.remove", detail={"user": slack_user_id, "reason": reason})
    return user


def list_users(session: Session, *, include_inactive: bool = False) -> list[User]:
    query = select(User).order_by(User.slack_user_id)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return list(session.scalars(query))


def grant_roi(
    session: Session,
    *,
    actor: str,
    client_id: str,
    agency: str,
    starts_on: date,
    ends_on: date | None,
    share: bool = True,
) -> Consent:
    if ends_on is not None and ends_on < starts_on:
        raise AdminError("the ROI ends before it starts")
    existing_client(session, client_id=client_id)
    target = _agency(session, agency)
    consent = Consent(
        client_id=client_id,
        agency_id=target.id,
        share=share,
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=actor,
    )
    session.add(consent)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="roi.grant",
        client_id=client_id,
        detail={
            "roi": consent.id,
            "agency": agency,
            "share": share,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    return consent


def revoke_roi(session: Session, *, actor: str, roi_id: int) -> Consent:
    consent = session.get(Consent, roi_id)
    if consent is None:
        raise AdminError(f"no ROI #{roi_id}")
    if consent.revoked_at is not None:
        raise AdminError(f"ROI #{roi_id} was already revoked")
    consent.revoked_at = datetime.now(UTC)
    audit.record(
        session, actor=actor, action="roi.revoke", client_id=consent.client_id, detail={"roi": roi_id}
    )
    return consent


def list_rois(session: Session, *, client_id: str | None = None) -> list[tuple[Consent, str]]:
    """ROIs, of one client or all; a merged-away ID names its survivor (its ROIs moved there)."""
    query = select(Consent, Agency.slug).join(Agency, Agency.id == Consent.agency_id).order_by(Consent.id)
    if client_id is not None:
        survivor = merged_into(session, client_id)
        if survivor is not None:
            raise AdminError(f"client {client_id} was merged into client {survivor}; use {survivor}")
        query = query.where(Consent.client_id == client_id)
    return [(c, slug) for c, slug in session.execute(query)]


def add_mou(
    session: Session, *, actor: str, agency_a: str, agency_b: str, starts_on: date, ends_on: date | None
) -> Mou:
    if agency_a == agency_b:
        raise AdminError("an MOU joins two different agencies")
    if ends_on is not None and ends_on < starts_on:
        raise AdminError("the MOU ends before it starts")
    a, b = sorted((_agency(session, agency_a), _agency(session, agency_b)), key=lambda ag: ag.id)
    mou = Mou(agency_a_id=a.id, agency_b_id=b.id, approved_by=actor, starts_on=starts_on, ends_on=ends_on)
    session.add(mou)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="mou.add",
        detail={
            "mou": mou.id,
            "agencies": [a.slug, b.slug],
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    return mou


def end_mou(session: Session, *, actor: str, mou_id: int, ends_on: date | None = None) -> Mou:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise AdminError(f"no MOU #{mou_id}")
    end = ends_on or date.today()
    if end < mou.starts_on:
        raise AdminError("the MOU cannot end before it started")
    mou.ends_on = end
    audit.record(session, actor=actor, action="mou.end", detail={"mou": mou_id, "ends_on": end.isoformat()})
    return mou


def list_mous(session: Session) -> list[tuple[Mou, str, str]]:
    a, b = Agency.__table__.alias("a"), Agency.__table__.alias("b")
    query = (
        select(Mou, a.c.slug, b.c.slug)
        .join(a, a.c.id == Mou.agency_a_id)
        .join(b, b.c.id == Mou.agency_b_id)
        .order_by(Mou.id)
    )
    return [(m, sa, sb) for m, sa, sb in session.execute(query)]


def add_channel(
    session: Session,
    *,
    actor: str,
    slack_channel_id: str,
    name: str,
    is_private: bool,
    meeting_policy: str = "strict",
) -> Channel:
    """Register a case-conference channel. Public channels are refused: anyone can read them.

    ``meeting_policy`` says what happens to a meeting link without a passcode posted there: "strict"
    removes it, "warn" only warns the poster (see bot.meetings.rules).
    """
    if not SLACK_CHANNEL_ID.match(slack_channel_id):
        raise AdminError("Slack channel IDs look like C012ABCDEF (channel details → About → bottom)")
    if not is_private:
        raise AdminError("a public channel cannot be a case-conference channel: use a private channel")
    if meeting_policy not in ("strict", "warn"):
        raise AdminError("meeting-link policy must be 'strict' (remove) or 'warn' (warn the poster)")
    channel = session.scalar(select(Channel).where(Channel.slack_channel_id == slack_channel_id))
    if channel is not None and channel.active:
        raise AdminError(f"{slack_channel_id} is already registered")
    if channel is None:
        channel = Channel(
            slack_channel_id=slack_channel_id, name=name, added_by=actor, meeting_policy=meeting_policy
        )
        session.add(channel)
    else:
        channel.active, channel.removed_at, channel.name, channel.added_by = True, None, name, actor
        channel.meeting_policy = meeting_policy
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="channel.add",
        detail={"channel": slack_channel_id, "meeting_policy": meeting_policy},
    )
    return channel


def remove_channel(session: Session, *, actor: str, slack_channel_id: str) -> Channel:
    channel = session.scalar(select(Channel).where(Channel.slack_channel_id == slack_channel_id))
    if channel is None or not channel.active:
        raise AdminError(f"{slack_channel_id} is not a registered case-conference channel")
    channel.active = False
    channel.removed_at = datetime.now(UTC)
    audit.record(session, actor=actor, action="channel.remove", detail={"channel": slack_channel_id})
    return channel


def list_channels(session: Session) -> list[Channel]:
    return list(session.scalars(select(Channel).where(Channel.active.is_(True)).order_by(Channel.name)))


