"""`casebot clients add | anonymize | merge`: anonymous and de-identified clients from the command line.

Registered on the ``clients`` sub-app by ``app.cli.main``. PII typed here (a true
birth date, a name to check for duplicates) is better typed at the prompts
than as flags: flags end up in shell history and the process list. Prompts
appear only on a terminal; without one, a missing value is an error that
names the option.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from datetime import date
from typing import Annotated

import typer

from app.cli.common import actor, casebot, fail, out
from bot.clients.adding import Added, add_anonymous, add_identified
from bot.clients.deidentify import anonymize
from bot.clients.demographics import Demographics, TrueBirth, parse_demographics
from bot.clients.duplicates import DuplicateProbe
from bot.clients.merging import merge
from bot.errors import AdminError
from storage.clients import ClientPII

BACKUP_NOTE = (
    "Backups made before now still hold the destroyed key in its wrapped form; they stay readable with "
    "the current master key until you run `casebot keys rotate` and destroy every copy of the old key."
)

RaceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--race",
        help="HUD race/ethnicity code or name, repeatable: 1 AmIndAKNative, 2 Asian, 3 BlackAfAmerican, "
        "4 NativeHIPacific, 5 White, 6 HispanicLatinaeo, 7 MidEastNAfrican; or 8, 9, 99",
    ),
]
GenderOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--gender",
        help="HUD gender code or name, repeatable: 0 Woman, 1 Man, 2 CulturallySpecific, "
        "3 DifferentIdentity, 4 NonBinary, 5 Transgender, 6 Questioning; or 8, 9, 99",
    ),
]


def interactive() -> bool:
    """Prompts only on a terminal (tests replace this)."""
    return sys.stdin.isatty()


def _date(value: str | None, option: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise AdminError(f"{option}: expected a date YYYY-MM-DD") from None


def _ask(
    value: str | None, *, option: str, prompt: str, hide: bool = False, required: bool = True
) -> str | None:
    if value is not None:
        return value
    if not interactive():
        if required:
            raise AdminError(f"{option} is required (or run on a terminal to be asked)")
        return None
    answer = typer.prompt(prompt, default="" if not required else None, hide_input=hide, show_default=False)
    return str(answer).strip() or None


def _ask_list(values: list[str] | None, *, option: str, prompt: str) -> list[str]:
    if values:
        return values
    answer = _ask(None, option=option, prompt=prompt)
    return [answer or ""]


def _birth(
    birth_date: str | None, birth_year: int | None, age: int | None, birth_unknown: int | None
) -> TrueBirth:
    if birth_date is None and birth_year is None and birth_unknown is None:
        answer = _ask(
            None,
            option="--birth-date, --birth-year or --birth-unknown",
            prompt="True birth date (YYYY-MM-DD) or birth year (YYYY); used for the template, never stored",
            hide=True,
        )
        answer = answer or ""
        if answer.isdigit() and len(answer) == 4:
            birth_year = int(answer)
        else:
            birth_date = answer
    return TrueBirth(_date(birth_date, "--birth-date"), birth_year, age, birth_unknown)


def clients_add(
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="create from the anonymous template (no PII stored)")
    ] = False,
    birth_date: Annotated[
        str | None,
        typer.Option(help="anonymous: the TRUE birth date, used only to pick the template DOB"),
    ] = None,
    birth_year: Annotated[
        int | None, typer.Option(help="anonymous: the true birth year, if that is all")
    ] = None,
    age: Annotated[
        int | None,
        typer.Option(help="anonymous, with --birth-year: the client's age, when the year is ambiguous"),
    ] = None,
    birth_unknown: Annotated[
        int | None, typer.Option(help="anonymous: no birth date at all: 8 doesn't know, 9 refused, 99")
    ] = None,
    entry_date: Annotated[str | None, typer.Option(help="date of entry (default today), for the age")] = None,
    race: RaceOpt = None,
    gender: GenderOpt = None,
    veteran: Annotated[str | None, typer.Option(help="veteran status: 0 no, 1 yes, 8, 9, 99")] = None,
    agency: Annotated[str | None, typer.Option(help="slug of the agency creating the record")] = None,
    check_first: Annotated[
        str | None, typer.Option(help="anonymous: first name to check, not stored")
    ] = None,
    check_last: Annotated[str | None, typer.Option(help="anonymous: last name to check, not stored")] = None,
    check_ssn: Annotated[str | None, typer.Option(help="anonymous: SSN to check, not stored")] = None,
    first: Annotated[str | None, typer.Option(help="identified: first name")] = None,
    middle: Annotated[str | None, typer.Option(help="identified: middle name")] = None,
    last: Annotated[str | None, typer.Option(help="identified: last name")] = None,
    suffix: Annotated[str | None, typer.Option(help="identified: name suffix")] = None,
    dob: Annotated[str | None, typer.Option(help="identified: date of birth YYYY-MM-DD")] = None,
    ssn: Annotated[str | None, typer.Option(help="identified: SSN")] = None,
    phone: Annotated[str | None, typer.Option(help="identified: phone")] = None,
    email: Annotated[str | None, typer.Option(help="identified: email")] = None,
    address: Annotated[str | None, typer.Option(help="identified: address")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="create even when an identified record matches (audited)")
    ] = False,
) -> None:
    """Create a client and print their new client ID.

    With --anonymous: first and last name "Anonymous", no SSN (quality 99), DOB January 1st of the
    year after the true birth year (quality 2), or of the true year for a client 24 or younger or
    over 60 on the date of entry. Race, gender and veteran status are still collected.

    Before creating, identified records are searched by blind index (name + DOB, SSN); a match
    refuses unless --force. An anonymous client is checked only against a name/SSN you give
    (--check-first/--check-last with --birth-date, or --check-ssn); they are never stored.
    """

    with casebot() as bot:
        demographics = _demographics(race=race, gender=gender, veteran=veteran)
        entry = _date(entry_date, "--entry-date") or date.today()
        identifying = _IdentifyingOptions(first, middle, last, suffix, dob, ssn, phone, email, address)
        if anonymous:
            identifying.refuse()
            birth = _birth(birth_date, birth_year, age, birth_unknown)
            probe = _probe(DuplicateProbe(check_first, check_last, check_ssn))
            added = add_anonymous(
                bot,
                actor=actor(),
                birth=birth,
                demographics=demographics,
                agency=agency,
                entry=entry,
                probe=probe,
                force=force,
            )
        else:
            pii = identifying.ask_pii()
            added = add_identified(
                bot, actor=actor(), pii=pii, demographics=demographics, agency=agency, force=force
            )
        _print_created(added, anonymous=anonymous)


def _demographics(*, race: list[str] | None, gender: list[str] | None, veteran: str | None) -> Demographics:
    """Asked first, for both kinds of record: HUD collects them even when the identity is withheld."""
    return parse_demographics(
        race=_ask_list(race, option="--race", prompt="Race/ethnicity HUD codes (e.g. 3,6)"),
        gender=_ask_list(gender, option="--gender", prompt="Gender HUD codes (e.g. 0)"),
        veteran=_ask(veteran, option="--veteran", prompt="Veteran status (0 no, 1 yes, 8, 9, 99)") or "",
    )


def _probe(given: DuplicateProbe) -> DuplicateProbe:
    """On a terminal the check is offered: a name typed at a prompt stays out of shell history."""
    if not (
        given.empty
        and interactive()
        and typer.confirm(
            "Check for an existing identified record first? (the name/SSN is not stored)",
            default=False,
        )
    ):
        return given
    return DuplicateProbe(
        _ask(None, option="--check-first", prompt="First name", required=False),
        _ask(None, option="--check-last", prompt="Last name", required=False),
        _ask(None, option="--check-ssn", prompt="SSN", hide=True, required=False),
    )


@dataclass(frozen=True, slots=True, repr=False)
class _IdentifyingOptions:
    """The options only an identified client takes, kept together so that --anonymous refuses them all."""

    first: str | None
    middle: str | None
    last: str | None
    suffix: str | None
    dob: str | None
    ssn: str | None
    phone: str | None
    email: str | None
    address: str | None

    def __repr__(self) -> str:
        return "_IdentifyingOptions(<hidden>)"

    def refuse(self) -> None:
        """With --anonymous they are refused, not dropped: whoever typed one meant to record it."""
        stray = [f"--{option.name}" for option in fields(self) if getattr(self, option.name)]
        if stray:
            raise AdminError(f"{stray[0]} is for identified clients; an anonymous record holds no PII")

    def ask_pii(self) -> ClientPII:
        """Only the names are required; the SSN is typed hidden, and a blank SSN or DOB means none."""
        return ClientPII(
            first_name=_ask(self.first, option="--first", prompt="First name"),
            middle_name=self.middle,
            last_name=_ask(self.last, option="--last", prompt="Last name"),
            name_suffix=self.suffix,
            ssn=_ask(self.ssn, option="--ssn", prompt="SSN (blank if none)", hide=True, required=False),
            dob=_date(
                _ask(
                    self.dob,
                    option="--dob",
                    prompt="Date of birth YYYY-MM-DD (blank if none)",
                    required=False,
                ),
                "--dob",
            ),
            phone=self.phone,
            email=self.email,
            address=self.address,
        )


def _print_created(added: Added, *, anonymous: bool) -> None:
    kind = "anonymous client" if anonymous else "client"
    note = (
        f" ({added.duplicates_overridden} matching record(s) overridden)"
        if added.duplicates_overridden
        else ""
    )
    out.print(f"created {kind} {added.client_id}{note}", highlight=False)


def clients_anonymize(
    client_ids: Annotated[list[str], typer.Argument(help="client IDs to de-identify")],
    household_remove: Annotated[
        list[str] | None,
        typer.Option(
            "--household-remove",
            help="a member (one of CLIENT_IDS) fleeing domestic violence: detach and mark restricted",
        ),
    ] = None,
    entry_date: Annotated[
        str | None, typer.Option(help="date the age for the DOB rule is taken on (default today)")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """De-identify clients for good; their client IDs keep working.

    Names (the last name becomes Anonymous-<ID>), SSN, contact details, address, name indexes and
    quarantined messages that mention them are removed; the DOB becomes the template date; the
    data key is destroyed. --household-remove marks a member fleeing domestic violence restricted.
    """

    if not yes:
        if not interactive():
            raise fail("anonymizing destroys data for good: pass --yes, or run on a terminal to confirm")
        typed = typer.prompt(
            f"This destroys the identity of {len(client_ids)} client(s). Type the ID(s) to confirm"
        )
        if typed.replace(",", " ").split() != list(client_ids):
            raise fail("confirmation did not match; nothing was changed")
    with casebot() as bot:
        results = anonymize(
            bot,
            actor=actor(),
            client_ids=client_ids,
            household_remove=household_remove or [],
            entry=_date(entry_date, "--entry-date"),
        )
    for r in results:
        if r.already_anonymous:
            state = "already anonymous; checked again"
        else:
            removed = ", ".join(r.fields_removed) or "nothing held"
            state = f"de-identified (removed: {removed}), data key destroyed"
        extra = ", detached from household (restricted)" if r.household_detached else ""
        out.print(f"client {r.client_id}: {state}{extra}", highlight=False)
    if results and results[0].quarantine_removed:
        out.print(f"{results[0].quarantine_removed} quarantined message(s) mentioning them removed")
    if any(r.key_destroyed for r in results):
        out.print(BACKUP_NOTE)


def clients_merge(
    keep_id: Annotated[str, typer.Argument(help="the anonymous record that stays")],
    merge_id: Annotated[
        str, typer.Argument(help="the anonymous record merged into it (its ID keeps working)")
    ],
    confirm: Annotated[bool, typer.Option("--confirm", help="confirm without typing the ID")] = False,
) -> None:
    """Merge two anonymous records of the same person. Both IDs keep resolving to KEEP_ID."""

    typed: str | None = merge_id if confirm else None
    if typed is None:
        if not interactive():
            raise fail("merging needs --confirm (or run on a terminal to type the ID)")
        typed = typer.prompt(f"Type {merge_id} to merge it into {keep_id}").strip()
    with casebot() as bot:
        result = merge(bot, actor=actor(), keep_id=keep_id, merge_id=merge_id, confirm=typed)
    if result.already:
        out.print(f"client {merge_id} was already merged into {keep_id}; nothing changed")
        return
    out.print(
        f"client {merge_id} merged into {keep_id}: {result.consents_moved} ROI(s) and "
        f"{result.list_entries_moved} list entr(ies) moved, {result.list_entries_dropped} duplicate list "
        f"entr(ies) dropped; {merge_id} now resolves to {keep_id}",
        highlight=False,
    )


def register(clients_app: typer.Typer) -> None:
    """Add the commands to ``casebot clients``."""
    clients_app.command("add")(clients_add)
    clients_app.command("anonymize")(clients_anonymize)
    clients_app.command("merge")(clients_merge)
