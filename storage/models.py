"""The relational model: agencies, people, clients, consent, channels, audit.

Client PII lives only in the ``*_enc`` columns (AES-GCM under the client's own
data key, see ``storage.crypto``); lookups go through the ``*_bidx`` blind
indexes. Everything else here is safe to show an administrator.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps are stored in UTC and always come back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Role(enum.StrEnum):
    MEMBER = "member"
    COORDINATOR = "coordinator"
    SUPERVISOR = "supervisor"
    HMIS_ADMIN = "hmis_admin"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    participating: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="agency")


class User(Base):
    """A Slack member registered to an agency. Removing a user deactivates; rows are kept for the audit."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agency: Mapped[Agency] = relationship(back_populates="users")


class Client(Base):
    """A person on the by-name list, keyed by their HMIS PersonalID."""

    __tablename__ = "clients"

    client_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))

    first_name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    middle_name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    last_name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    name_suffix_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    ssn_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    dob_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    address_enc: Mapped[bytes | None] = mapped_column(LargeBinary)

    name_data_quality: Mapped[int] = mapped_column(Integer)
    ssn_data_quality: Mapped[int] = mapped_column(Integer)
    dob_data_quality: Mapped[int] = mapped_column(Integer)
    demographics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)

    ssn_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)
    dob_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)
    name_dob_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)

    source_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


ENCRYPTED_CLIENT_COLUMNS = (
    "first_name",
    "middle_name",
    "last_name",
    "name_suffix",
    "ssn",
    "dob",
    "phone",
    "email",
    "address",
)


class ClientKey(Base):
    """The client's data key, wrapped by the master key. Deleting the wrap shreds the client."""

    __tablename__ = "client_keys"

    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), primary_key=True)
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    kek_id: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ClientNameIndex(Base):
    """One blind-index digest per normalized name token, for lookup by any part of a name."""

    __tablename__ = "client_name_index"

    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), primary_key=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)

    __table_args__ = (Index("ix_client_name_index_digest", "digest"),)


class KeyringEntry(Base):
    """Named keys other than client data keys (blind index, audit signing), wrapped by the master key."""

    __tablename__ = "keyring"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    kek_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Consent(Base):
    """A client's release of information (ROI) naming one agency."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    share: Mapped[bool] = mapped_column(Boolean, default=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    granted_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),)


class Mou(Base):
    """An admin-approved memorandum of understanding between two agencies (stored with a < b)."""

    __tablename__ = "mous"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_a_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    agency_b_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    approved_by: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("agency_a_id < agency_b_id", name="pair_ordered"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
        Index("ix_mous_pair", "agency_a_id", "agency_b_id"),
    )


class Channel(Base):
    """A private Slack channel registered for case conferencing."""

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slack_channel_id: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    meeting_policy: Mapped[str] = mapped_column(String(16), default="strict")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """One row of the append-only, hash-chained audit log. Never PII: IDs and field names only."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[str | None] = mapped_column(String(32), index=True)
    detail: Mapped[str] = mapped_column(Text)
    row_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditCheckpoint(Base):
    """A signed RFC 6962 Merkle root over audit rows 1..tree_size.

    ``frontier`` holds the roots of the perfect subtrees covering the log (at
    most one per bit of tree_size), so the next checkpoint extends this one by
    hashing only the rows added since, never the whole log.
    """

    __tablename__ = "audit_checkpoints"

    tree_size: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    root_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64))
    frontier: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    key_id: Mapped[str] = mapped_column(String(32))
    signature: Mapped[str] = mapped_column(String(128))


class AuditHead(Base):
    """The chain's tip (one row): the last sequence number and chain hash.

    Appenders update it and insert their row in one statement, so the row lock
    on this single row is the whole critical section: replicas never fork the
    chain, and an append costs one round trip plus the commit.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    chain_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)


class AuditWitnessState(Base):
    """How far casebot has published signed checkpoints to one witness, and its current run of failures.

    Not a trust anchor: whoever rewrites the database can rewrite this row too.
    It tells the publisher what is still to send, and tells ``audit verify``
    which copies a witness must already hold (a copy casebot published that is
    gone is a failure, not a warning). The witnesses' own copies are what a
    rewrite cannot undo.
    """

    __tablename__ = "audit_witnesses"

    witness: Mapped[str] = mapped_column(String(200), primary_key=True)  # e.g. "s3:bucket/prefix"
    first_published: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    published_through: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(64))
    incident_id: Mapped[int | None] = mapped_column(Integer)


class QuarantinedMessage(Base):
    """The original of a message casebot removed, encrypted, kept briefly so a false positive can be restored.

    ``text_enc`` is AES-GCM under the keyring's "quarantine" key with this row's
    id as associated data; ``spans_enc`` likewise holds the spans still hidden (offsets into the
    text, kind, client ID), so a restore can put back some and keep the rest. Rows are purged at
    ``expires_at``. Nothing else in the system keeps a removed message's text.
    """

    __tablename__ = "quarantined_messages"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    slack_channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    repost_ts: Mapped[str | None] = mapped_column(String(32))
    poster: Mapped[str] = mapped_column(String(32))
    pii_types: Mapped[str] = mapped_column(String(100))
    text_enc: Mapped[bytes] = mapped_column(LargeBinary)
    spans_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class QuarantinedFile(Base):
    """A shared file casebot removed, encrypted, kept briefly so a false positive can be restored.

    ``name_enc`` and ``content_enc`` are AES-GCM under the keyring's "quarantine"
    key, bound to this row's id and column; rows are purged at ``expires_at``.
    ``copy_file_id`` is the de-identified copy casebot uploaded in its place.
    """

    __tablename__ = "quarantined_files"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    slack_channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    file_id: Mapped[str] = mapped_column(String(32))
    copy_file_id: Mapped[str | None] = mapped_column(String(32))
    poster: Mapped[str] = mapped_column(String(32))
    pii_types: Mapped[str] = mapped_column(String(100))
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ForgottenName(Base):
    """A keyed digest of one form of a de-identified client's old name (``redaction.forgotten``).

    Deliberately nothing else: no client ID, no date, no order, so the table says that some
    de-identified person had a name with this digest and nothing about who or when."""

    __tablename__ = "forgotten_names"

    digest: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)


class TotpEnrollment(Base):
    """A person's TOTP secret, AES-GCM under the keyring's "totp" key, bound to this row.

    ``confirmed_at`` is set only once the person has typed a code from their
    authenticator: an unconfirmed secret never lets anyone verify.
    """

    __tablename__ = "totp_enrollments"

    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret_enc: Mapped[bytes] = mapped_column(LargeBinary)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClientShareMark(Base):
    """A client's field marked "share with ROI/MOU" (``roi_mou`` model) by the agency that created it."""

    __tablename__ = "client_share_marks"

    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    marked_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BnlList(Base):
    """A named by-name list; ``revision`` goes up whenever an import changes its rows."""

    __tablename__ = "bnl_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BnlEntry(Base):
    """One client's row on a by-name list: the list fields beyond Client.csv. No PII here."""

    __tablename__ = "bnl_entries"

    list_id: Mapped[int] = mapped_column(ForeignKey("bnl_lists.id"), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    assigned_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    last_contact: Mapped[date | None] = mapped_column(Date)


class BnlPost(Base):
    """Where a list was posted, and which revision the message shows (to update it in place)."""

    __tablename__ = "bnl_posts"

    list_id: Mapped[int] = mapped_column(ForeignKey("bnl_lists.id"), primary_key=True)
    slack_channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_ts: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    posted_by: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- Meeting links (issue 7, migration 0006) ---


class Meeting(Base):
    """A meeting casebot created through a provider's API, with a passcode and a waiting room.

    Neither the passcode nor the join link is kept: ``link_key`` is the part of
    the join link that names the meeting (Zoom's meeting number, Webex's MTID),
    so a later post of the same link without its passcode is still known to be
    a protected meeting casebot made.
    """

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    provider_meeting_id: Mapped[str] = mapped_column(String(64))
    link_key: Mapped[str | None] = mapped_column(String(100))
    slack_channel_id: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_meetings_provider_meeting", "provider", "provider_meeting_id", unique=True),
        Index("ix_meetings_provider_link_key", "provider", "link_key"),
    )


# --- Escalations and held requests (issue 8, migration 0007) ---


class Escalation(Base):
    """A suspicious request held for a supervisor (``kind`` "held"), or a notice with nothing to hold.

    Held in the database, not in a process: it survives restarts and every bot
    replica sees the same one. Decisions move ``status`` from "pending" with one
    conditional UPDATE, so two supervisors pressing at once cannot both win.
    ``detail`` holds rule evidence as codes, counts and IDs, never PII or free text.
    """

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "held" or "notice"
    rules: Mapped[list[str]] = mapped_column(JSON, default=list)  # stable rule names, first is the main one
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    requester: Mapped[str] = mapped_column(String(32), index=True)  # the Slack user the escalation is about
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    client_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    purpose: Mapped[str | None] = mapped_column(String(32))  # held reveals: the business purpose chosen
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first DMs sent (or being sent)
    lead_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the HMIS lead was told
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # an approval used through the door


class EscalationMessage(Base):
    """A DM casebot sent about an escalation, so every copy can be updated once it is decided."""

    __tablename__ = "escalation_messages"

    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UserSuspension(Base):
    """A supervisor's "Suspend user": access ends (``users.active`` false) until an admin lifts it."""

    __tablename__ = "user_suspensions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32), index=True)
    escalation_id: Mapped[int | None] = mapped_column(ForeignKey("escalations.id"))
    suspended_by: Mapped[str] = mapped_column(String(64))
    suspended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_by: Mapped[str | None] = mapped_column(String(64))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- Incidents and offboarding (issue 8, migration 0008) ---


class Incident(Base):
    """A reported incident: a staff report (``/casebot report``) or one a rule opened. Never deleted.

    Breaches must be documented, so the register only grows: the columns written
    at opening never change, and closing sets ``closed_at``, ``closed_by`` and
    ``corrective_action_enc`` together, once. Triggers (migration 0008) refuse
    anything else on PostgreSQL and SQLite, including DELETE and TRUNCATE.

    Free text (description, corrective action) is redacted before it is stored
    and then AES-GCM under the keyring's "incidents" key, bound to ``uid``.
    ``summary_codes`` and ``client_ids`` hold codes and client IDs only.
    """

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    category: Mapped[str] = mapped_column(String(32))
    reported_by: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    summary_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    client_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    description_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(64))
    corrective_action_enc: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (
        CheckConstraint(
            "(closed_at IS NULL AND closed_by IS NULL AND corrective_action_enc IS NULL) OR "
            "(closed_at IS NOT NULL AND closed_by IS NOT NULL AND corrective_action_enc IS NOT NULL)",
            name="closed_together",
        ),
    )


class IncidentNote(Base):
    """An update on an incident (append-only): redacted, then encrypted like the description."""

    __tablename__ = "incident_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    text_enc: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- Anonymous and de-identified clients (issue 9, migration 0009) ---


class ClientDeidentification(Base):
    """A client casebot holds without PII: created anonymous, or de-identified later.

    ``clients.anonymous`` is the flag every rule reads (roster, sharing policy,
    import); this row says how and when the client got there, and when the
    data key that held their identified data was destroyed. No PII, and no
    reason (a reason such as an HIV disclosure would itself be health data).
    """

    __tablename__ = "client_deidentifications"

    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), primary_key=True)
    origin: Mapped[str] = mapped_column(String(16))  # "created" or "deidentified"
    deidentified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deidentified_by: Mapped[str] = mapped_column(String(64))
    key_destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    household_detached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ClientAlias(Base):
    """A client ID merged into another: lookups and the audit accounting follow it to the survivor."""

    __tablename__ = "client_aliases"

    alias_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), index=True)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    merged_by: Mapped[str] = mapped_column(String(64))
