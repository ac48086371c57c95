"""Held-out phrasing for ``bench/corpus.py --variant heldout``.

Written after the engine's tuning stopped, and only ever scored, never tuned
on: if a change is made because of a miss here, these templates are no longer
held out and new ones must be written. Same slots as ``corpus.TUNE_TEMPLATES``.
"""

from __future__ import annotations

HELDOUT_TEMPLATES = [
    "quick update on {name} - landlord approved, lease signing {day}",
    "Does anyone know where {name} is sleeping these days? last seen near {addr}",
    "{name} wants {his} caseworker changed, {he} says {he} doesn't trust the current one",
    "re: {name}, the DOB on file is {dob} but {his} ID says otherwise",
    "heads-up: {name} relapsed over the weekend, {he} is at detox now",
    "intake for {name} done. SSN {ssn}, phone {phone}",
    "can we get {name} on the list for the next RRH opening",
    "{staff} pls reach out to {name}, {his} phone is {phone}",
    "{name}'s sister {name2} called asking about {him}",
    "fyi {name} is {health}; {he} asked that only {his} nurse know",
    "waiting on {name}'s income verification before we can move forward",
    "{name} ({age}) is doubled up with family at {addr}",
    "per {staff}: {name} no longer needs a bed",
    "{name} picked up {his} mail, new email {email}",
    "Sharing for case conf: {name}, dob {dob}, chronic, VI-SPDAT 12",
    "found {name} at the library, {he} is ok but lost {his} meds",
    "who is working with {name} now that {staff} left?",
    "{name} and {his} partner {name2} got into the family shelter",
    "landlord at {addr} says {name} is behind on rent",
    "{name} texted from {phone} - wants a callback",
    "{name} has a court date {day}, needs a ride",
    "please update {name}'s record: ssn ends in {ssn4}",
    "i think {name} is {health} but {he} hasn't confirmed",
    "Outreach contact: {name}, approx {age} yo, camp near the river",
    "{name} got {his} documents from the DMV finally",
]
HELDOUT_NO_PII = [
    "agenda for thursday is posted in the channel",
    "{staff} can you share the zoom link again",
    "two units opened up at Cedar Commons, 1br each",
    "the shelter is at capacity tonight, 0 beds",
    "reminder to log your contacts in HMIS by friday",
    "{staff} and {staff2} will cover the drop-in tomorrow",
    "Who has keys to the storage room?",
    "coordinated entry prioritization list updated this morning",
    "lunch is provided at the case conference",
    "Heads up, the bus route changed near the day center",
]
