"""Code tables and word lists for ``convert_phoenix.py`` (kept apart to keep it short)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text."""
    return frozenset(text.split())


_STATES = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "states.yaml"

# CAMEO country codes are ISO3 except for these; historical states (DDR, YUG, SUN, USR,
# SCG, CSK) and dependencies have no graphkit state, so their roles are dropped.
_CAMEO_EXCEPTIONS = {"TMP": "TLS", "KSV": "XKX"}
CAMEO_TO_ISO3: dict[str, str] = {
    s["id"]: s["id"] for s in yaml.safe_load(_STATES.read_text(encoding="utf-8"))["states"]
} | _CAMEO_EXCEPTIONS

# Phoenix IGO code suffixes of organisations graphkit knows (curated ids).
IGO_CODES = {
    "NAT": "NATO",
    "EEC": "EC",
    "WBK": "WORLD-BANK",
    "IMF": "IMF",
    "WHO": "WHO",
    "IAE": "IAEA",
    "KID": "UNICEF",
    "HCR": "UNHCR",
    "WFP": "WFP",
    "ICC": "ICC",
    "ICJ": "ICJ",
    "ASN": "ASEAN",
    "ARL": "ARAB-LEAGUE",
    "WAS": "ECOWAS",
    "WTO": "WTO",
}

# Office sectors a dated person role may have, and the generic title each gets (the source
# rarely says the office: "GOV" covers heads of state and deputy ministers alike).
OFFICE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
SECTOR_TITLES = {
    "GOV": "government official",
    "MIL": "military official",
    "LEG": "legislator",
    "JUD": "judicial official",
    "COP": "police official",
    "SPY": "intelligence official",
}

# Words that make a name form a description instead ("PRESIDENT_PUTIN_", "MR_OBAMA_").
TITLE_WORDS = _words(
    """
    PRESIDENT PRESIDENT-ELECT VICE PRIME MINISTER MINISTERS SECRETARY SECRETARY-GENERAL
    GENERAL GEN. GEN COLONEL COL. ADMIRAL MR MR. MRS MRS. MS MS. DR DR. SIR LORD KING QUEEN
    PRINCE PRINCESS SHEIKH EMIR SULTAN AYATOLLAH SENATOR SEN. GOVERNOR MAYOR CHANCELLOR
    PREMIER AMBASSADOR ENVOY SPOKESMAN CHAIRMAN LEADER CHIEF COMMANDER ACTING FORMER THE
    ADMINISTRATION GOVERNMENT REGIME CABINET OF AND FOR US U.S. AMERICAN RUSSIAN BRITISH
    FRENCH CHINESE UNITED STATES PRESIDENTIAL DEPUTY FOREIGN DEFENSE DEFENCE INTERIOR
    JUSTICE FINANCE MINISTRY OFFICE A.K.A. AKA PM
    """
)

# Given names so common that a form made only of them ("Abdul Ali") names nobody.
COMMON_GIVEN = _words(
    """
    ABDUL ABDEL ABD ABDUL- ABDULLAH ABDALLAH AHMAD AHMED AHMET ALI AMIR ANWAR ASAD BAKR
    HASSAN HASAN HUSSEIN HUSAIN IBRAHIM ISMAIL JAMAL KARIM KHALID KHALED MAHMOUD MAHMUD
    MOHAMMAD MOHAMMED MOHAMED MUHAMMAD MUHAMMED MUSTAFA OMAR UMAR OSMAN RAHMAN RAHIM SAID
    SAEED SALEH SALIH YUSUF YOUSEF YOUSSEF ZAID JOHN JAMES DAVID MICHAEL ROBERT WILLIAM
    RICHARD JOSEPH THOMAS CHARLES PAUL PETER MARK GEORGE JOSE JUAN LUIS CARLOS MARIA ANA
    JEAN PIERRE HANS KIM LEE PARK CHOI JUNG NGUYEN TRAN WANG LI ZHANG LIU CHEN YANG SINGH
    KUMAR KHAN SHAH MUHAMMADU MALIK
    """
)

# Words that mark a phrase as an organisation or group name.
GROUP_WORDS = _words(
    """
    ARMY ARMIES FRONT MOVEMENT BRIGADE BRIGADES ORGANIZATION ORGANISATION PARTY FORCES FORCE
    GROUP COUNCIL COMMITTEE LIBERATION JIHAD LEAGUE UNION ALLIANCE RESISTANCE COMMANDO
    COMMANDOS CELLS NETWORK MILITIA MILITIAS BATTALION BATTALIONS REVOLUTIONARY TIGERS
    FACTION MUJAHIDEEN MUJAHEDEEN AGENCY FUND BANK COURT ASSOCIATION COMMISSION INSTITUTE
    FOUNDATION FEDERATION PROGRAMME PROGRAM CONFERENCE COMMUNITY SOCIETY TRIBUNAL ASSEMBLY
    PARLIAMENT SECRETARIAT CENTRE CENTER CORPS GUARD GUARDS BRETHREN BROTHERHOOD ANSAR
    JAMAAT JAMAAH HARAKAT HIZB KATAIB TANZIM LASHKAR JAISH JAYSH SQUAD SQUADS UNIT UNITS
    """
)

# Org/group phrases that describe people or parts rather than name an actor
# ("UN_ENVOY_", "ASEAN_COUNTRIES_", "INDIAN_UN_PEACEKEEPER_").
ORG_JUNK_WORDS = _words(
    """
    ENVOY ENVOYS MONITOR MONITORS MISSION COUNTRIES MINISTERS PEACEKEEPER PEACEKEEPERS
    OFFICIAL OFFICIALS SPOKESMAN DELEGATION DELEGATIONS REPRESENTATIVE TROOPS MEMBERS MEMBER
    STATES NATIONS' BODIES STAFF WORKERS EMPLOYEES OBSERVERS INSPECTORS THE SUPPORTERS
    FIGHTERS MILITANTS REBELS CONTINGENT DATABASE INITIATIVE PROJECT
    """
)

# Acronyms and single words that are ordinary text, never a group's name.
NOT_NAMES = _words(
    """
    ETA CEO GDP IED RPG TNT USA UK EU UN AND THE FOR OF AL EL BIN ACTION UNITY JUSTICE
    FREEDOM PEOPLE PEOPLES ISLAMIC NATIONAL POPULAR DEMOCRATIC REVOLUTIONARY ARMED NEW FREE
    RED BLACK WHITE GREEN HOLY WORLD ARAB
    """
)

# Person-looking forms in the source that are companies or otherwise no person.
NOT_PERSONS = {"ABN AMRO"}


# ---------------------------------------------------------------- name casing
_PARTICLES = {"AL", "EL", "BIN", "BINT", "IBN", "DE", "DA", "DEL", "DER", "VAN", "VON", "DOS"}


def display(ws: list[str]) -> str:
    """Title-case upper-case words, keeping name particles lower-case inside a name.

    A lone short acronym stays as it is ("FARC", "LTTE"); a lone longer word is a name
    ("HAMAS" -> "Hamas").
    """
    if len(ws) == 1 and (len(ws[0]) <= 4 or sum(c in "AEIOU" for c in ws[0]) < 0.3 * len(ws[0])):
        return ws[0]
    out = []
    for i, w in enumerate(ws):
        parts = []
        for part in w.split("-"):
            if i > 0 and (part in _PARTICLES or part in SMALL_WORDS):
                parts.append(part.lower())
            else:
                # O'Brien, not O'brien; Women's, not Women'S
                low = part.lower()
                parts.append(re.sub(r"(^|'(?=[a-z]{2}))([a-z])", _upper, low))
        out.append("-".join(parts))
    return " ".join(out)


SMALL_WORDS = {"OF", "AND", "THE", "FOR", "ON", "IN", "TO", "AT"}


def _upper(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2).upper()
