"""Medicine names look like names no list knows ("atorvastatin", "Amoxicillin", "tamsulosin"): they are
not people. Generic drug names are built from a small set of official stems (the WHO/USAN stem
system: -statin, -pril, -sartan, -olol, -cillin ...), so a word ending in one of them, that no name
list and no roster has, is taken for a medicine. Health findings (redaction.health) are separate:
this only keeps medicines out of the name findings.
"""

from __future__ import annotations

# (stems long enough not to end ordinary given names or surnames)
_STEMS = tuple(
    """statin dipine pril sartan olol cillin mycin cycline floxacin azole prazole tidine formin gliptin
    gliflozin oxetine pramine triptyline afil tinib zepam zolam codone morphone profen triptan dronate
    semide thiazide sulosin lukast vudine tegravir navir buvir previr asvir citabine eparin xaban gabalin
    pentin setron nisone methasone traline piprazole peridol iapine zapine oxacin lamide terol
    tropium""".split()
)


def looks_like_a_drug(key: str) -> bool:
    """Is the folded word ``key`` (not on a name list: the caller checks) built like a medicine's name?"""
    return len(key) >= 7 and key.endswith(_STEMS)
