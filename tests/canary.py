"""The planted client whose PII must never show up anywhere but its own encrypted columns."""

from datetime import date, datetime

from bot.clients.synthetic import SyntheticClient

CANARY = SyntheticClient(
    personal_id="777001",
    first_name="Zephyrinaqa",
    middle_name="Quillonetta",
    last_name="Vorthmundsen",
    ssn="517294836",
    dob=date(1983, 11, 27),
    date_updated=datetime(2026, 5, 1, 8, 30),
)
