"""The witnesses an installation is configured with, and the Slack channel as one of them.

A witness holds copies of the signed checkpoints where the database's owner
cannot rewrite them (``storage.audit_witness``). The folder of copies is
always written; it is a witness only when it is not under the data
directory. The others are an S3 bucket with Object Lock
(``CASEBOT_AUDIT_S3_BUCKET``) and the HMIS lead's private channel
(``CASEBOT_AUDIT_SLACK_CHANNEL``), where casebot posts each checkpoint through
the Slack port and reads its own messages back.
"""

from __future__ import annotations

import json

from bot.ports.audit import CheckpointPost
from bot.ports.slack import SlackPort
from bot.settings import Settings
from storage.audit_checkpoints import CheckpointMirror
from storage.audit_s3 import S3Witness
from storage.audit_witness import Witness, WitnessCopy, WitnessError


class SlackWitness:
    """The HMIS lead's private channel: one message per checkpoint, posted by casebot, read back from
    conversations.history (casebot's own messages only; an edited one is reported as tampering)."""

    kind = "slack"
    local = False

    def __init__(self, *, slack: SlackPort, channel: str) -> None:
        self._slack = slack
        self.channel = channel

    @property
    def name(self) -> str:
        return f"slack:{self.channel}"

    def publish(self, *, tree_size: int, document: str) -> None:
        try:
            root = str(json.loads(document)["checkpoint"]["root_hash"])
        except (ValueError, KeyError, TypeError):
            raise WitnessError("not_a_checkpoint") from None
        result = self._slack.post_checkpoint(
            channel=self.channel, post=CheckpointPost(tree_size=tree_size, root_hash=root, document=document)
        )
        if not result.ok:
            raise WitnessError(result.error or "slack_error")

    def list(self) -> list[WitnessCopy]:
        posts = self._slack.posted_checkpoints(channel=self.channel)
        if posts is None:
            raise WitnessError("slack_history_unavailable")
        return [
            WitnessCopy(
                p.tree_size, p.document, "was edited in Slack after casebot posted it" if p.edited else None
            )
            for p in posts
        ]

    def read(self, *, tree_size: int) -> WitnessCopy | None:
        return next((c for c in self.list() if c.tree_size == tree_size), None)

    def check(self) -> str | None:
        private = self._slack.channel_is_private(channel=self.channel)
        if private is None:
            return f"Slack could not say whether {self.channel} is private (is casebot a member of it?)"
        if not private:
            return f"{self.channel} is a public channel: use the HMIS lead's private channel"
        return None


class UnavailableWitness:
    """A witness that is configured but cannot be built here (no Slack token): every use fails, so a
    missing credential can never read as a witness that holds nothing to check."""

    local = False

    def __init__(self, *, name: str, kind: str, code: str) -> None:
        self.name, self.kind, self._code = name, kind, code

    def publish(self, *, tree_size: int, document: str) -> None:
        raise WitnessError(self._code)

    def read(self, *, tree_size: int) -> WitnessCopy | None:
        raise WitnessError(self._code)

    def list(self) -> list[WitnessCopy]:
        raise WitnessError(self._code)

    def check(self) -> str | None:
        return self._code.replace("_", " ")


def folder(settings: Settings) -> CheckpointMirror:
    """The folder of copies (``CASEBOT_AUDIT_CHECKPOINT_DIR``): a witness only off the data directory."""
    return CheckpointMirror(settings.audit_mirror_dir, data_dir=settings.data_dir)


def remote_witnesses(settings: Settings, *, slack: SlackPort | None) -> list[Witness]:
    """The configured witnesses other than the folder, in the order they are published to and checked."""
    found: list[Witness] = []
    if settings.audit_s3_bucket:
        found.append(
            S3Witness(
                bucket=settings.audit_s3_bucket,
                prefix=settings.audit_s3_prefix,
                retention_days=settings.audit_s3_retention_days,
                endpoint_url=settings.audit_s3_endpoint_url,
                region=settings.audit_s3_region,
            )
        )
    if settings.audit_slack_channel:
        channel = settings.audit_slack_channel
        if slack is None:
            found.append(
                UnavailableWitness(name=f"slack:{channel}", kind="slack", code="slack_bot_token_not_set")
            )
        else:
            found.append(SlackWitness(slack=slack, channel=channel))
    return found


def has_witness(settings: Settings) -> bool:
    """Some copy of the checkpoints is out of the database owner's reach (the production rule)."""
    return (
        bool(settings.audit_s3_bucket or settings.audit_slack_channel) or not settings.audit_mirror_is_local
    )
