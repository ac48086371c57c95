"""The word lists the name matcher reasons with: particles, greetings, and the cue words around a name.

Kept apart from the matcher so the rules read as code and the vocabulary as data.
"""

from __future__ import annotations

import re

MAX_CANDIDATES = 20

# What a name shape returns: (start, end, client ids, index of the next token to look at).
Hit = tuple[int, int, set[str], int]

# Surname particles written in lower case inside a name ("de la Cruz", "van der Berg").
PARTICLES = frozenset(
    "de del della la las los le van von der den da di du dos das bin ibn al el st y ap ab ferch verch".split()
)
# Particles written with a capital inside a name: Irish "Ó", "Ní", "Mac", Arabic "Al", "Bin", "Abu".
CAPITAL_PARTICLES = frozenset("Ó O' Ní Nic Mac Uí Ua Bin Ibn Abu Al El Ap Ab".split())
# A surname that starts with its particle and a hyphen: "al-Harbi", "el-Sayed", "bin-Zayed".
HYPHEN_PARTICLE_RE = re.compile(r"(?:al|el|bin|ibn|abu|ben|ould|ag)-[A-ZÀ-Þ]")
GREETINGS = frozenset(
    "thanks thank thx ty hi hey hello morning afternoon evening cc dear welcome congrats".split()
)
# Words right before a bare name that make it a person being talked about.
CUE_BEFORE = frozenset(
    """client clients with met meet meeting saw see seen reached reach called call contacted contact housed
    house placed place found find helped help about named visited visit spoke speak told tell asked ask texted
    text emailed email for to and staff staffed check checked on by drove drive moved move sheltered
    served serve enrolled enroll refer referred referring re participant resident tenant guest consumer
    mr mrs ms""".split()
)
CUE_AFTER = frozenset(
    """is was has had said says needs needed got gets moved left came comes went will would wants wanted
    called texted reported disclosed accepted declined signed missed showed stayed stays staying lives
    lived being been can could should did does didn't doesn't isn't wasn't hasn't told tells asked
    missed signed got""".split()
)
# Words that open a sentence addressed to a colleague after "Name, ...".
ADDRESSED = frozenset(
    """did do does can could would will are is was have has pls please thanks thank any when what where who
    how i we you just fyi quick heads no yes ok okay sure great good nice welcome sorry let""".split()
)
ASKING = frozenset("can could would will do did are have pls please".split())
# Function words: never part of a name even when capitalised mid-sentence ("Maria The ...").
NEVER_NAME = frozenset(
    """a an the and or but nor so yet for of to in on at by from with into onto about as is are was
were be been
    being am do does did has have had will would shall should can could may might must not no yes
this that these
    those there here then than it its he him his she hers we us our they them their you your i me my who whom
    what when where which while why how if all any some each every""".split()
)
# Cues strong enough to make an unknown capitalised word a person ("met with Abdiwahab").
PLACE_PREFIXES = frozenset("st saint san santa santo mt mount fort ft port lake camp".split())
LOCATIVE = frozenset("in on near into across around downtown outside inside toward towards".split())
# Words around a name that say it is a client, even when a colleague has the same first name.
CLIENT_BEFORE = frozenset(
    """client clients named participant resident tenant guest consumer with met meet saw housed house placed
    visited helped enrolled referred refer about re housing w""".split()
)
AUXILIARIES = frozenset("is was has had will 's been got just".split())
DIGIT_RE = re.compile(r"\d")
CLIENT_AFTER = frozenset(
    """needs needed moved disclosed accepted declined stayed stays staying lives lived slept sleeping housed
    evicted enrolled relapsed overdosed applied qualifies""".split()
)
# "the Yazzie family": a surname before these is a family
FAMILY = frozenset("family fam household household's kids children siblings brothers sisters".split())
PLACE_WORDS_BEFORE = frozenset("to from at via toward towards".split())
STRONG_CUES = frozenset(
    """client named participant resident tenant guest with met saw reached contacted housed visited
    helped told""".split()
)
ADJ_RE = re.compile(r"[ \t]+")
COMMA_RE = re.compile(r"[ \t]*,[ \t]*")
INITIAL_GAP_RE = re.compile(r"\.?[ \t]*")

# A colleague named with the role: "Marta Zielonka is the CM now", "Dave Lindqvist (case manager)".
STAFF_ROLE_RE = re.compile(
    r"(?i)[ \t]*(?:,|\(|-|–|—|is|will\s+be|was|as)?[ \t]*"
    r"(?:(?:the|her|his|their|our|a|an|now|new|lead)[ \t]+)*"
    r"(?:cm|ccm|case\s*manager|case\s*worker|caseworker|navigator|housing\s+specialist|outreach\s+worker|advocate|"
    r"supervisor|coordinator|social\s+worker|sw|therapist|nurse|peer\s+specialist|counselor|staff)\b"
)

# A generational suffix after a name: "Robert Washington Jr.", "WASHINGTON, ROBERT III".
SUFFIX_RE = re.compile(r"(?:,?[ \t]+)(?:Jr|JR|jr|Sr|SR|sr)\b\.?|(?:,?[ \t]+)(?:II|III|IV)\b")

# NEVER_NAME without the modal verbs, which are names too ("Will", "May"): words that are never plainly
# a person, however they are used.
FUNCTION_WORDS = (NEVER_NAME - frozenset("will may can must shall might".split())) | frozenset(
    "her hers him his she he they them me us we i you it".split()
)
