"""Hand-made tables for ``convert_cameo.py``: CAMEO codes to graphkit modes, stop-lists
and the verb -> event-noun derivations. Edit these, then re-run the converter."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (easier to scan and edit)."""
    return frozenset(text.split())


# CAMEO code (or code prefix; the longest prefix wins) -> a mode of data/ontology.yaml.
# CAMEO2PLOVER's own modes ("allege", "assist", "demo", ...) are not graphkit's, so each
# CAMEO category is mapped by its description to the nearest ontology mode.
# fmt: off
MODES: dict[str, str] = {
    # AGREE: "express intent to ..."
    "03": "cooperate", "036": "meet", "037": "settle", "038": "settle", "0356": "ceasefire",
    # CONSULT
    "040": "talks", "041": "phone", "042": "visit", "043": "host", "044": "meet",
    "045": "mediate", "046": "talks",
    # SUPPORT
    "050": "endorse", "051": "praise", "052": "defend", "053": "endorse", "054": "recognize",
    "056": "endorse",
    # COOPERATE
    "060": "diplomatic", "061": "economic", "062": "security", "063": "diplomatic",
    "064": "intelligence",
    # AID
    "070": "economic", "071": "economic", "072": "military", "073": "humanitarian",
    "074": "military", "075": "asylum",
    # CONCEDE / RETREAT
    "080": "policy", "081": "ease", "082": "ease", "083": "policy", "084": "release",
    "087": "disarm", "0871": "ceasefire", "0872": "withdraw", "0874": "withdraw",
    # ACCUSE: investigate (09), disapprove and accuse (11)
    "09": "crime", "092": "human_rights", "093": "aggression", "110": "condemn",
    "111": "condemn", "112": "crime", "1122": "human_rights", "1123": "aggression",
    "1125": "espionage", "113": "condemn", "114": "condemn", "115": "crime", "116": "crime",
    # REQUEST
    "100": "action", "101": "cooperation", "102": "cooperation", "103": "aid",
    "104": "policy", "105": "action", "106": "meet", "107": "action", "108": "meet",
    # REJECT
    "120": "proposal", "121": "proposal", "122": "demand", "123": "demand", "124": "demand",
    "125": "proposal", "126": "proposal", "127": "proposal", "128": "demand", "129": "veto",
    # THREATEN
    "130": "force", "131": "sanction", "132": "sanction", "133": "retaliate",
    "134": "sanction", "135": "sanction", "136": "sanction", "137": "force", "138": "force",
    "139": "ultimatum",
    # PROTEST
    "140": "demonstrate", "141": "demonstrate", "142": "strike", "143": "strike",
    "144": "demonstrate", "145": "demonstrate",
    # MOBILIZE
    "150": "alert", "151": "alert", "152": "alert", "153": "troops", "154": "troops",
    # SANCTION
    "160": "diplomatic", "161": "diplomatic", "162": "economic", "164": "diplomatic",
    "165": "diplomatic", "166": "expel",
    # COERCE
    "170": "deter", "171": "seize", "172": "deter", "173": "arrest", "174": "deport",
    "191": "blockade", "192": "seize",
    # ASSAULT
    "18": "strike", "1712": "strike", "1823": "kill", "185": "kill", "186": "kill",
    "175": "strike", "19": "strike", "194": "shelling", "195": "aerial", "20": "kill",
    "204": "strike",
}
# fmt: on

# Codes whose CAMEO2PLOVER type graphkit files elsewhere (value: type, mode), or drops
# (value None). Each is a place where data/ontology.yaml has a dedicated mode.
TYPE_OVERRIDES: dict[str, tuple[str, str | None] | None] = {
    "055": ("CONCEDE", "apologize"),  # CAMEO2PLOVER: SUPPORT; the ontology has CONCEDE/apologize
    "057": ("AGREE", "treaty"),  # "sign formal agreement": CAMEO2PLOVER SUPPORT
    "085": ("CONCEDE", "ease"),  # easing sanctions: the ontology has CONCEDE/ease, not RETREAT
    "0811": ("CONCEDE", "ease"),
    "0812": ("CONCEDE", "ease"),
    "0813": ("CONCEDE", "ease"),
    "0814": ("CONCEDE", "ease"),
    "163": ("SANCTION", "economic"),  # "impose embargo, boycott or sanctions": CAMEO2PLOVER COERCE
    "181": ("COERCE", "seize"),  # abduct, hijack: graphkit's "kidnap" is COERCE/seize
    "184": None,  # human shields: no graphkit mode, too rare to be worth a guess
    "201": None,  # mass expulsion: population movement, not an actor-to-actor event
    "203": None,
}

# Verbs far too generic to trigger anything alone; kept only with an object or
# prepositional-object condition ("hold talks", "put under investigation", "give aid").
GENERIC_VERBS: frozenset[str] = _words(
    """
    be have do say make take get go give put hold set come see keep let seem become leave
    bring turn find show call tell ask use work look run move play try start begin end stay
    open close reach meet lead follow send raise cut pass carry pull push break draw throw
    fall stand sit lay lie mark note add offer want need consider include continue remain
    receive change hope plan expect intend prepare seek return head step drive enter form
    express issue mount stage launch press voice register file lodge post place step walk
    share bear face act deal view cover spread handle produce provide extend report claim
    state announce describe confirm hear wish like love hate involve allow permit serve
    apply point
    """
)

# Verbs whose CAMEO default code is one sense among several common ones (or a stance,
# not an event): their bare sense is dropped, their conditioned senses kept. Reviewed by
# hand over the converter's list of bare senses.
AMBIGUOUS_VERBS: frozenset[str] = _words(
    """
    aim arrive assemble attend boost cable communicate converse convene notify introduce
    debate decide determine decree insist order delay fail object decline exclude extract
    impel enact enlist facilitate oversee allocate import purchase trade link merge
    stabilise intervene die explode rip parade loot provoke disturb loosen compromise abort
    disassociate secede betray undermine disband disrupt renounce regret submit resign vote
    signal strive revive respect affirm influence encourage favor formalize bargain bless
    rejoice beat lament dismay despair distrust disgrace offend reassert inspect monitor
    reexamine search abandon abstain
    """
)

# Words that end a multiword verb or follow the verb as a particle.
PARTICLES: frozenset[str] = _words(
    "out up down off back away over in on forward aside through around about apart"
)

# Prepositions written bare after the verb in a few patterns ("* AGAINST").
PREPOSITIONS: frozenset[str] = _words(
    """against outside to with for from into at of by between among toward towards under
    across near behind onto upon within without inside"""
)

# Object words that say nothing about the event ("made it", "took one").
SKIP_OBJECTS: frozenset[str] = _words(
    "it them him her one this that thing way lot part place time side step action"
)

# Nominal events whose "of" phrase names the mover ("the withdrawal of Russian troops").
OF_SOURCE_TYPES: frozenset[str] = frozenset({"RETREAT", "MOBILIZE"})

# Reciprocal nominal events: "talks/mediation/cooperation between A and B".
RECIPROCAL_TYPES: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})

# Nouns whose "of" phrase names the actor although their type is not a movement
# ("the surrender of the garrison").
OF_SOURCE_NOUNS: frozenset[str] = frozenset({"surrender", "disarmament", "demobilization"})

# Verb lemma -> its common event nominalisations. A noun sense copies the verb's first
# unconditioned sense (curated or generated), so a verb without one derives nothing.
# fmt: off
NOMINALS: dict[str, list[str]] = {
    "abduct": ["abduction"], "accuse": ["accusation"], "acquit": ["acquittal"],
    "annex": ["annexation"], "apologize": ["apology"], "arrest": ["arrest"],
    "assassinate": ["assassination"], "assist": ["assistance"], "attack": ["attack"],
    "ban": ["ban"], "besiege": ["siege"], "blockade": ["blockade"], "boycott": ["boycott"],
    "bomb": ["bombing", "bombardment"], "bombard": ["bombardment"], "censure": ["censure"],
    "cede": ["cession"], "condemn": ["condemnation"], "condone": ["condonation"],
    "confiscate": ["confiscation"], "congratulate": ["congratulation"],
    "consult": ["consultation"], "criticize": ["criticism"], "criticise": ["criticism"],
    "defy": ["defiance"], "demobilize": ["demobilization"],
    "denounce": ["denunciation"], "deploy": ["deployment"], "deport": ["deportation"],
    "detain": ["detention"], "disarm": ["disarmament"], "donate": ["donation"],
    "embargo": ["embargo"], "endorse": ["endorsement"], 
    "expel": ["expulsion"], "extradite": ["extradition"], "harass": ["harassment"],
    "imprison": ["imprisonment"], "indict": ["indictment"], "intercept": ["interception"],
    "interrogate": ["interrogation"], "invade": ["invasion"], "investigate": ["investigation"],
    "kidnap": ["kidnapping"], "massacre": ["massacre"], "mediate": ["mediation"],
    "mobilize": ["mobilization", "mobilisation"], "negotiate": ["negotiation"],
    "occupy": ["occupation"], "praise": ["praise"],
    "prosecute": ["prosecution"], "protest": ["protest"], "punish": ["punishment"],
    "ratify": ["ratification"], "recognize": ["recognition"], "reject": ["rejection"],
    "repatriate": ["repatriation"], "retaliate": ["retaliation"], "sanction": ["sanction"],
    "seize": ["seizure"], "shell": ["shelling"], "summon": ["summons", "summoning"],
    "threaten": ["threat"], "veto": ["veto"], "withdraw": ["withdrawal"],
    "ambush": ["ambush"], "raid": ["raid"], "airlift": ["airlift"], "rebuke": ["rebuke"],
    "reprimand": ["reprimand"], "persecute": ["persecution"], "torture": ["torture"],
    "execute": ["execution"], "hijack": ["hijacking"], "retake": ["recapture"],
    "recapture": ["recapture"], "liberate": ["liberation"], "surrender": ["surrender"],
    "capture": ["capture"], "revoke": ["revocation"], "suspend": ["suspension"],
    "denuclearize": ["denuclearization"], "reconcile": ["reconciliation"],
    "normalize": ["normalization"], "cooperate": ["cooperation"],
}
# fmt: on


# Nouns whose plural form is their lemma (spaCy lemmatises "headquarters" as itself).
_INVARIANT = frozenset({"headquarters", "series", "species", "means", "barracks", "crossroads"})


def singular(word: str) -> str:
    """A lower-case singular lemma for a CAMEO pattern noun (upper case, often plural)."""
    w = word.lower().strip("_")
    if len(w) <= 3 or w in _INVARIANT or w.endswith(("ss", "us", "is", "ics", "news")):
        return w
    if w.endswith("ies"):
        # "ties" and "lies" keep their "ie" (the old rule made "ties" into "ty", so the
        # sense never matched spaCy's lemma "tie"); "parties" -> "party"
        return w[:-1] if len(w) <= 4 else w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


def third_person(verb: str) -> str:
    """``expel`` -> ``expels``: the verb of a predicate label."""
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"
