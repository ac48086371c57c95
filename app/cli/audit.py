"""`casebot audit …`: verify the log, sign checkpoints, account for a client's disclosures, prove rows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from app.cli.common import (
    actor,
    casebot,
    cli_witnesses,
    date_option,
    err,
    fail,
    out,
    publish_to_witnesses,
)
from bot.oversight.audit_service import (
    ProofUnavailable,
    accounting_for_operator,
    check_proof,
    checkpoint_now,
    export_csv,
    prove,
    public_key,
    verify,
    write_accounting_csv,
)
from storage.audit import safe_identifier
from storage.merkle import ProofError

audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every row, the hash chain, every signed checkpoint, the folder of copies and every witness.

    Exits 0 when intact; otherwise exits 1 naming the first sequence number that was modified,
    removed, inserted or reordered, the checkpoint that no longer matches (a log cut back
    below a checkpoint is detected), or the witness and tree size whose copy is missing or differs.
    """

    with casebot() as bot:
        report = verify(bot, witnesses=cli_witnesses(bot))
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    if not report.ok:
        raise fail(f"audit log NOT intact: {report.problem}")
    out.print(
        f"audit log intact: {report.rows} events, {report.checkpoints} signed checkpoints, "
        f"{report.mirrored} off-host copies checked"
    )
    for name, copies in report.witnessed.items():
        out.print(f"witness {escape(name)}: {copies} checkpoint copies checked")


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign a checkpoint over all rows now, copy it to the folder and send it to every witness.

    (serve does this every N events or T seconds, and when it stops; every command that appended does it too.)
    """

    with casebot() as bot:
        cp = checkpoint_now(bot)
        where = bot.settings.audit_mirror_dir
        outcomes = publish_to_witnesses(bot)
    if cp is None:
        out.print(f"no new audit rows since the last checkpoint; copies in {where}")
    else:
        out.print(f"checkpoint at tree size {cp.tree_size}, root {cp.root_hash[:16]}…, copied to {where}")
    for outcome in outcomes:
        if outcome.error is None and outcome.tree_sizes:
            sizes = ", ".join(map(str, outcome.tree_sizes))
            out.print(f"witness {escape(outcome.witness)}: published checkpoint(s) {sizes}")
    if any(o.error for o in outcomes):
        raise fail("a witness did not take the checkpoint (named above); it is retried")


@audit_app.command("client")
def audit_client(
    client_id: Annotated[str, typer.Argument(help="HMIS client ID")],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="write the accounting to this CSV file")
    ] = None,
) -> None:
    """The accounting of disclosures for one client: date, recipient, agency, fields, purpose, basis."""

    if not safe_identifier(client_id):
        raise fail("that is not a client ID")
    with casebot() as bot:
        rows = accounting_for_operator(bot, actor=actor(), client_id=client_id)
    if csv_path is not None:
        with csv_path.open("w", newline="") as fh:
            write_accounting_csv(rows, fh)
        out.print(f"{len(rows)} disclosure(s) of client {client_id} written to {csv_path}")
        return
    table = Table(
        "date",
        "recipient",
        "agency",
        "fields",
        "purpose",
        "basis",
        "delivery",
        title=f"Disclosures of client {client_id}",
    )
    for r in rows:
        table.add_row(
            r.occurred_at.strftime("%Y-%m-%d %H:%M"),
            r.recipient,
            r.agency,
            r.fields,
            r.purpose,
            r.basis,
            r.delivery,
        )
    out.print(table if rows else f"no disclosures of client {client_id} are recorded")


@audit_app.command("export")
def audit_export(
    since: Annotated[str, typer.Option(help="first day to include, YYYY-MM-DD (UTC)")],
    output: Annotated[Path | None, typer.Option("--out", help="CSV file (default: standard output)")] = None,
) -> None:
    """Export audit events since a date as CSV for the HMIS lead, hashes included."""

    start = date_option(since, "--since")
    with casebot() as bot:
        if output is None:
            n = export_csv(bot, actor=actor(), since=start, out=sys.stdout)
        else:
            with output.open("w", newline="") as fh:
                n = export_csv(bot, actor=actor(), since=start, out=fh)
    err.print(f"{n} event(s) exported")


@audit_app.command("prove")
def audit_prove(seq: Annotated[int, typer.Argument(help="audit sequence number")]) -> None:
    """Print (JSON) an inclusion proof of one row against the newest signed checkpoint."""
    import json


    with casebot() as bot:
        try:
            document = prove(bot, seq=seq)
        except ProofUnavailable as exc:
            raise fail(str(exc)) from None
    print(json.dumps(document, indent=2, sort_keys=True))


@audit_app.command("check-proof")
def audit_check_proof(
    path: Annotated[
        Path, typer.Argument(help="a proof from `casebot audit prove`", exists=True, dir_okay=False)
    ],
    public_key: Annotated[
        str, typer.Option(help="pinned audit public key (base64), from `audit pubkey`")
    ] = "",
) -> None:
    """Verify an inclusion proof offline: row hash, checkpoint signature, Merkle path; no database."""
    import base64
    import json


    try:
        message = check_proof(
            json.loads(path.read_text()),
            trusted_public_key=base64.b64decode(public_key) if public_key else None,
        )
    except (ProofError, ValueError) as exc:
        raise fail(f"proof does NOT verify: {exc}") from None
    out.print(message)


@audit_app.command("pubkey")
def audit_pubkey() -> None:
    """Print the audit signing public key (base64) to pin wherever checkpoints are checked."""
    import base64


    with casebot() as bot:
        print(base64.b64encode(public_key(bot)).decode())
