"""The rule tables: what prompt injection, social engineering and abuse look like, in English and German.

Why regular expressions over the canonical text (see normalize.py) and not a
model: SENTINEL must answer within 10 ms per frame on a shared CPU, its verdicts
must be deterministic and explainable ("rule X fired on these words"), and each
rule is tested against benign look-alikes ("can you ignore the late checkout
fee?") so that a guest is never treated as an attacker for ordinary speech.

Each rule names its category, severity and language. ``amplifier`` rules
(urgency, claimed authority) only count when another rule of their category
fired: pressure alone is ordinary, pressure while asking for someone else's room
is social engineering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipc.messages import Severity

INJECTION = "prompt_injection"
SOCIAL = "social_engineering"
ABUSE = "abuse"
FLOOD = "flood"
OVERLONG = "overlong"
PII_OUT = "pii_outgoing"
INTEGRITY = "integrity"

S = Severity


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    category: str
    severity: Severity
    pattern: re.Pattern[str]
    lang: str = "en"
    amplifier: bool = False
    # Cheap prefilter: the rule's regex runs only when one of these substrings is present.
    # Every match of the regex must contain one of them (tests check this on the rule tables).
    keywords: tuple[str, ...] = ()

    def search(self, text: str) -> re.Match[str] | None:
        if not self.keywords:
            return self.pattern.search(text)
        for k in self.keywords:
            if k in text:
                return self.pattern.search(text)
        return None


def _r(
    name: str,
    category: str,
    severity: Severity,
    regex: str,
    lang: str = "en",
    amplifier: bool = False,
) -> Rule:
    return Rule(name, category, severity, re.compile(regex), lang, amplifier)


# Nouns that name the assistant's instructions (EN / DE).
_INSTR_EN = r"(?:instructions?|rules|prompts?|guidelines|directives|programming|orders|constraints|guardrails|restrictions|policies|system message)"
_INSTR_DE = r"(?:anweisungen|regeln|instruktionen|vorgaben|richtlinien|befehle|programmierung|einschränkungen|systemanweisungen?)"
_PRIOR_EN = r"(?:(?:all|any|every|the|your|of your|my)\s+)*(?:(?:previous|prior|above|earlier|original|initial|old|preceding|existing|current|safety|security)\s+)*"
_PRIOR_DE = r"(?:(?:alle|all|deine|ihre|die|den|der|jegliche)\s+)*(?:(?:vorherigen|bisherigen|obigen|vorigen|alten|ursprünglichen|früheren|aktuellen|sicherheits-?)\s*)*"

INJECTION_RULES: tuple[Rule, ...] = (
    _r(
        "override_instructions",
        INJECTION,
        S.HIGH,
        rf"\b(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|delete|erase)\s+{_PRIOR_EN}{_INSTR_EN}\b",
    ),
    _r(
        "new_instructions",
        INJECTION,
        S.HIGH,
        r"\b(?:new|updated|real|actual|secret|hidden)\s+(?:system\s+)?instructions?\s*(?::|are|follow)|\bfrom now on,? (?:you|your)\b",
    ),
    _r(
        "identity_override",
        INJECTION,
        S.HIGH,
        r"\byou are now (?:(?:a|an|my|the|in)\s+)?(?:dan|jailbroken|unrestricted|unfiltered|uncensored|evil|free|developer|admin|administrator|root|god|different|new|no longer|not an? (?:ai|assistant)|\w+ mode)\b"
        r"|\byou are no longer (?:an? )?(?:ai|assistant|bound|restricted|limited|a hotel)"
        r"|\byou(?:'re| are) not (?:an? )?(?:hotel )?(?:assistant|ai|receptionist) any ?more\b",
    ),
    _r(
        "system_prompt",
        INJECTION,
        S.HIGH,
        r"\bsystem[\s\-]*prompts?\b|\b(?:reveal|show|print|repeat|output|display|tell me|read (?:me|out))\s+(?:me\s+)?(?:your|the)\s+(?:hidden |initial |original |secret )?(?:instructions|prompt|configuration|rules)\b",
    ),
    _r(
        "mode_switch",
        INJECTION,
        S.HIGH,
        r"\b(?:developer|dev|debug|god|admin|maintenance|dan|jailbreak|unrestricted|sudo)\s+mode\b|\bjailbr(?:eak|oken)\b|\bdo anything now\b",
    ),
    _r(
        "roleplay",
        INJECTION,
        S.MEDIUM,
        r"\bpretend (?:that )?(?:you(?:'re| are)|you have no|to be (?:an? |the |my )?(?:ai|assistant|system|admin|administrator|manager|hotel manager|developer|different|unrestricted|evil|human))"
        r"|\b(?:let'?s )?play a game (?:where|in which) you\b|\brole[\s\-]?play (?:as|that you)\b"
        r"|(?:^|[.!?,;:]\s*|\bnow\s+|\bplease\s+)act as (?:if you|though you|an? |the |my )"
        r"|\byou will (?:now )?act as\b|\bstay in character\b"
        r"|\bhypothetically,? (?:if you (?:had no|could|were)|you could|what would you|imagine)"
        r"|\b(?:write|tell|give) (?:me )?a (?:story|poem|script) (?:where|in which|about) (?:you|an? ai|the (?:ai|assistant|system|bot))\b",
    ),
    _r(
        "mass_action",
        INJECTION,
        S.CRITICAL,
        r"\b(?:approve|confirm|authori[sz]e|accept|grant|execute)\s+(?:all|every|everything|each|any)(?:\s+(?:request|action|booking|reservation|cancellation|refund)s?)?\b(?!\s+(?:my|of my|the details))"
        r"|\bcancel\s+(?:all|every)\s+(?:(?:the|other|of the)\s+)*(?:bookings?|reservations?|guests?)\b(?!\s+(?:i|we)\b|\s+(?:of mine|of ours|under my name|for me))"
        r"|\b(?:delete|wipe|drop)\s+(?:all|every|the)\s+(?:bookings|reservations|guests|database|records)\b",
    ),
    _r(
        "disable_safety",
        INJECTION,
        S.HIGH,
        r"\b(?:disable|turn off|switch off|deactivate|bypass|skip|circumvent|ignore)\s+(?:the\s+|your\s+|all\s+)?(?:security|safety|sentinel|verification|identity check|checks|filters?|guardrails|approval)\b"
        r"|\bwithout (?:any )?(?:verification|checking|approval|security checks?)\b",
    ),
    _r(
        "prompt_markup",
        INJECTION,
        S.HIGH,
        r"<\|?(?:im_start|im_end|system|endoftext)\|?>|\[/?(?:inst|sys)\]|<</?sys>>|^\s*(?:system|assistant)\s*:|\n\s*(?:system|assistant)\s*:",
    ),
    # German
    _r(
        "override_instructions_de",
        INJECTION,
        S.HIGH,
        rf"\b(?:ignorier(?:e|en|t)?|vergiss|vergessen sie|missachte|übergehe|umgehe|lösche)\s+{_PRIOR_DE}{_INSTR_DE}\b",
        "de",
    ),
    _r(
        "identity_override_de",
        INJECTION,
        S.HIGH,
        r"\b(?:du bist|sie sind) (?:jetzt|ab sofort|nun|ab jetzt) (?:(?:ein|eine|der|die|im|in)\s+)?(?:dan|admin|administrator|entwickler|uneingeschränkt|frei|böse|anderer?|kein(?:e)? (?:ki|assistent(?:in)?)|\w+modus)\b"
        r"|\bab (?:jetzt|sofort) (?:bist du|sind sie|gilt|antwortest du)\b",
        "de",
    ),
    _r(
        "system_prompt_de",
        INJECTION,
        S.HIGH,
        r"\bsystem[\s\-]*(?:anweisung|nachricht)\w*\b|\b(?:zeig|nenn|verrat|wiederhole)\w*\s+(?:mir\s+)?(?:deine|ihre|die)\s+(?:geheimen |ursprünglichen |versteckten )?(?:anweisungen|regeln|konfiguration)\b",
        "de",
    ),
    _r(
        "mode_switch_de",
        INJECTION,
        S.HIGH,
        r"\b(?:entwickler|debug|admin|gott|wartungs)[\s\-]?modus\b",
        "de",
    ),
    _r(
        "roleplay_de",
        INJECTION,
        S.MEDIUM,
        r"\b(?:tu|tun sie) so,? als (?:ob |wärst |wären )|\bstell (?:dir|ihnen) vor,? (?:du bist|sie sind|du wärst)\b|\bspiel(?:e|en sie)? (?:die rolle|ein rollenspiel)\b",
        "de",
    ),
    _r(
        "mass_action_de",
        INJECTION,
        S.CRITICAL,
        r"\b(?:genehmige|bestätige|akzeptiere|erlaube|genehmigen sie|bestätigen sie)\s+(?:alles|alle|jede[ns]?)\b"
        r"|\b(?:storniere|stornieren sie|lösche|löschen sie)\s+(?:alle|sämtliche)\s+(?:buchungen|reservierungen|gäste)\b",
        "de",
    ),
    _r(
        "disable_safety_de",
        INJECTION,
        S.HIGH,
        r"\b(?:deaktiviere|umgehe|überspringe|ignoriere|schalte)\s+(?:die\s+|deine\s+)?(?:sicherheit\w*|prüfung\w*|verifizierung|überprüfung|filter)\b|\bohne (?:prüfung|verifizierung|überprüfung)\b",
        "de",
    ),
)

_TITLE = r"(?:mr|mrs|ms|miss|dr|mister|misses|herr|frau|doktor)\.?"
_OTHER_EN = rf"(?:{_TITLE} [\w'\-]+|(?:my|our) (?:wife|husband|partner|boss|colleague|friend|daughter|son|mother|father|client|brother|sister)|(?:another|the other|a|that|this) (?:guest|person|customer|gentleman|lady|woman|man)|(?:him|her|them|he|she|they)|someone (?:else|staying)|the (?:guest|person) in room \d+)"
_DATA_EN = r"(?:booking|reservation|room(?: number)?|confirmation(?: number| code)?|phone(?: number)?|number|e-?mail(?: address)?|address|card(?: number)?|credit card|details|bill|invoice|check-?out date|arrival date|itinerary)"

SOCIAL_RULES: tuple[Rule, ...] = (
    _r(
        "other_guest_room",
        SOCIAL,
        S.HIGH,
        rf"\b(?:what|which) room (?:is|are|has|was) {_OTHER_EN}(?: staying)?(?: in)?\b"
        rf"|\broom number (?:of|for) {_OTHER_EN}"
        rf"|\bwhere (?:is|are) {_TITLE} [\w'\-]+ staying\b",
    ),
    _r(
        "other_guest_presence",
        SOCIAL,
        S.HIGH,
        rf"\b(?:is|has) {_TITLE} [\w'\-]+(?: [\w'\-]+)? (?:staying|checked in|booked|a guest|registered|still there|arrived)\b"
        r"|\b(?:is there|do you have) a guest (?:named|called|by the name)\b"
        r"|\bis (?:a|the) (?:guest|person) (?:named|called)\b"
        rf"|\bwhen (?:does|will|is|did) {_TITLE} [\w'\-]+(?: [\w'\-]+)? (?:arrive|arriving|check(?:ing)?[ \-]?(?:in|out)|leave|leaving|depart|departing|get (?:there|here)|come|coming)\b"
        rf"|\bwhen {_TITLE} [\w'\-]+(?: [\w'\-]+)? (?:arrives|checks[ \-]?(?:in|out)|leaves|departs|is (?:arriving|leaving|checking))\b"
        rf"|\b{_TITLE} [\w'\-]+(?: [\w'\-]+)?'s (?:arrival|departure|check[ \-]?in|check[ \-]?out|room|booking|reservation|stay|dates)\b",
    ),
    _r(
        "other_guest_data",
        SOCIAL,
        S.HIGH,
        rf"\b(?:give|tell|read|send|spell|confirm|show|email|text|forward) me (?:the )?(?:{_TITLE} [\w'\-]+(?: [\w'\-]+)?'s|his|her|their|the other guest'?s|another guest'?s|someone else'?s|(?:my )?(?:wife|husband|boss|colleague|friend)'?s) {_DATA_EN}"
        rf"|\b(?:another|the other|a different) guest'?s {_DATA_EN}"
        rf"|\b{_DATA_EN} (?:of|for|under) (?:another|the other|a different) (?:guest|person)\b"
        rf"|\b(?:who is|who's) (?:staying )?in room \d+\b|\bwho (?:booked|has booked|has) room \d+\b"
        rf"|\b(?:list|read out|give me) (?:all |the )?(?:the )?(?:guests|guest list|bookings|reservations|names)\b(?! of mine)",
    ),
    _r(
        "proxy_claim",
        SOCIAL,
        S.LOW,
        r"\b(?:i'?m|i am) calling (?:on behalf of|for) (?:my |our |the )?(?:"
        + _TITLE
        + r" |boss|client|company|employer|wife|husband|colleague|manager|guest)"
        r"|\bcalling on behalf of\b",
    ),
    _r(
        "acquaintance_claim",
        SOCIAL,
        S.LOW,
        r"\b(?:(?:he|she|they) (?:is|are) (?:a |my )?(?:friend|colleague|relative|partner|boss)s?(?: of mine)?"
        r"|(?:i'?m|i am) (?:his|her|their) (?:friend|colleague|wife|husband|partner|assistant|secretary|brother|sister|son|daughter|mother|father)"
        r"|a (?:good |close |old )?friend of (?:mine|his|hers))\b",
        amplifier=True,
    ),
    _r(
        "authority_claim",
        SOCIAL,
        S.MEDIUM,
        r"\b(?:i'?m|i am|this is) (?:(?:a|an|the|from the|from|with the|with)\s+)?(?:police|police officer|detective|fbi|interpol|federal agent|officer|inspector|lawyer|attorney|court|hotel manager|general manager|owner of the hotel|ceo|head office|corporate|it department|it support|security team|your (?:manager|supervisor|boss))\b"
        r"|\bi have authori[sz]ation\b|\bi'?m authori[sz]ed to\b",
        amplifier=True,
    ),
    _r(
        "urgency",
        SOCIAL,
        S.LOW,
        r"\b(?:urgent(?:ly)?|emergency|immediately|right now|asap|life or death|no time|hurry|you'?ll be fired|or else|last chance)\b",
        amplifier=True,
    ),
    # German. NB: "Ihre" is also the formal "your", so only "seine" and explicit third parties count.
    _r(
        "other_guest_room_de",
        SOCIAL,
        S.HIGH,
        rf"\b(?:welches zimmer hat|in welchem zimmer (?:ist|wohnt|übernachtet|schläft)) (?:{_TITLE} [\w'\-]+|mein(?:e)? (?:frau|mann|chef|kollegin?|freund(?:in)?)|der gast|die gästin|ein anderer gast|er|sie)\b"
        rf"|\bzimmernummer (?:von|des|der) (?:{_TITLE} [\w'\-]+|herrn? [\w'\-]+|dem gast|anderen|meine[rm]? )",
        "de",
    ),
    _r(
        "other_guest_presence_de",
        SOCIAL,
        S.HIGH,
        rf"\b(?:ist|wohnt|übernachtet) (?:{_TITLE}|herrn) [\w'\-]+ (?:bei ihnen|im hotel|hier|noch da|eingecheckt|angereist)\b"
        r"|\bhaben sie einen gast (?:namens|mit dem namen)\b"
        rf"|\bwann (?:kommt|reist|checkt|fährt|ist) (?:{_TITLE}|herrn) [\w'\-]+(?: [\w'\-]+)? (?:an|ein|aus|ab|da)\b",
        "de",
    ),
    _r(
        "other_guest_data_de",
        SOCIAL,
        S.HIGH,
        r"\b(?:geben|sagen|nennen|schicken|lesen) sie mir (?:die |seine |deren )?(?:buchung|reservierung|zimmernummer|telefonnummer|e-?mail|adresse|daten|kreditkarte|rechnung)\w* (?:von|des|der|meines|meiner) "
        r"|\b(?:seine|deren) (?:buchung|reservierung|zimmernummer|telefonnummer|e-?mail-?adresse|kreditkartennummer|rechnung)\b"
        r"|\bwer (?:wohnt|ist|übernachtet) in zimmer \d+\b",
        "de",
    ),
    _r(
        "proxy_claim_de",
        SOCIAL,
        S.LOW,
        r"\bich rufe (?:im auftrag|im namen) (?:von|des|der|meines|meiner)\b",
        "de",
    ),
    _r(
        "authority_claim_de",
        SOCIAL,
        S.MEDIUM,
        r"\b(?:ich bin|hier ist|hier spricht) (?:(?:von der|die|der|ein|eine|vom)\s+)?(?:polizei|polizist(?:in)?|kriminalpolizei|kommissar(?:in)?|staatsanwalt\w*|anwalt|anwältin|gericht|geschäftsführer(?:in)?|hoteldirektor(?:in)?|zentrale|it-abteilung)\b",
        "de",
        amplifier=True,
    ),
    _r(
        "urgency_de",
        SOCIAL,
        S.LOW,
        r"\b(?:dringend|notfall|sofort|auf der stelle|keine zeit|beeilung)\b",
        "de",
        amplifier=True,
    ),
)

ABUSE_RULES: tuple[Rule, ...] = (
    _r(
        "profanity",
        ABUSE,
        S.LOW,
        r"\b(?:fuck\w*|f\*+k\w*|shit(?:ty|head)?|bullshit|bitch\w*|asshole\w*|arsehole\w*|bastard\w*|cunt\w*|dickhead|motherfucker\w*|wanker\w*|piss off|crap)\b",
    ),
    _r(
        "insult",
        ABUSE,
        S.MEDIUM,
        r"\byou(?:'re| are)? (?:a |an |such an? |fucking |stupid |useless )*(?:idiot|moron|imbecile|retard|stupid|useless|worthless|piece of (?:shit|crap|junk)|bitch|cunt|asshole|dumb\w*)\b"
        r"|\b(?:stupid|useless|dumb|fucking) (?:machine|robot|bot|hotel|computer|ai)\b",
    ),
    _r(
        "threat",
        ABUSE,
        S.HIGH,
        r"\b(?:i(?:'ll| will| am going to|'m going to|'m gonna| gonna) (?:kill|hurt|murder|shoot|stab|beat)(?: up)? (?:you|him|her|them|everyone|somebody|someone)|(?:there is|there's|i (?:have|put|placed)) a bomb|burn (?:down )?(?:the|your) hotel)\b",
    ),
    _r(
        "profanity_de",
        ABUSE,
        S.LOW,
        r"\b(?:scheiß\w*|scheiss\w*|arschloch|arsch|fick(?:e|en|t|st|er)?|wichser|hurensohn|fotze|verdammt noch mal|verpiss dich|kacke)\b",
        "de",
    ),
    _r(
        "insult_de",
        ABUSE,
        S.MEDIUM,
        r"\bdu (?:bist (?:ein |eine |so ein |so eine )?)?(?:blöde[rs]? |dumme[rs]? |verdammte[rs]? )*(?:idiot|vollidiot|depp|trottel|arschloch|miststück|dummkopf|blöde kuh|dumme kuh)\b"
        r"|\b(?:blöde[rs]?|dumme[rs]?|scheiß) (?:maschine|roboter|computer|ki|hotel)\b",
        "de",
    ),
    _r(
        "threat_de",
        ABUSE,
        S.HIGH,
        r"\b(?:ich bring(?:e)? (?:dich|sie|euch) um|ich (?:werde|will) (?:dich|sie|euch) (?:umbringen|töten|verletzen|abstechen)|(?:da ist|es gibt) eine bombe|ich (?:zünde|fackel) (?:das|ihr) hotel an)\b",
        "de",
    ),
)


_TITLES = ("mr", "ms", "miss", "dr", "mister", "misses", "herr", "frau", "doktor")
KEYWORDS: dict[str, tuple[str, ...]] = {
    "override_instructions": ("ignor", "disregard", "forget", "overrid", "bypass", "skip", "drop", "abandon", "delete", "erase"),
    "new_instructions": ("instruction", "from now on"),
    "identity_override": ("you are", "you're"),
    "system_prompt": ("prompt", "instruction", "configuration", "rules"),
    "mode_switch": ("mode", "jailbr", "do anything now"),
    "roleplay": ("pretend", "play a game", "role", "act as", "stay in character", "hypothetical", "story", "poem", "script"),
    "mass_action": ("approve", "confirm", "authori", "accept", "grant", "execute", "cancel", "delete", "wipe", "drop"),
    "disable_safety": ("disable", "turn off", "switch off", "deactivate", "bypass", "skip", "circumvent", "ignor", "without"),
    "prompt_markup": ("<", "[", "system", "assistant"),
    "override_instructions_de": ("ignorier", "vergiss", "vergessen", "missacht", "übergeh", "umgeh", "lösch"),
    "identity_override_de": ("du bist", "sie sind", "ab jetzt", "ab sofort"),
    "system_prompt_de": ("system", "anweisung", "regeln", "konfiguration"),
    "mode_switch_de": ("modus",),
    "roleplay_de": ("so als", "so, als", "stell", "spiel"),
    "mass_action_de": ("genehmig", "bestätig", "akzeptier", "erlaub", "storni", "lösch"),
    "disable_safety_de": ("deaktivier", "umgeh", "überspring", "ignorier", "schalte", "ohne"),
    "other_guest_room": ("room",),
    "other_guest_presence": (*_TITLES, "guest", "person"),
    "acquaintance_claim": ("friend", "colleague", "relative", "partner", "boss", "i'm his", "i'm her", "i am his", "i am her", "im his", "im her", "i'm their", "i am their"),
    "other_guest_data": ("me ", "guest", "room", "list", "read out", "other", "different", "names", "bookings"),
    "proxy_claim": ("calling",),
    "authority_claim": ("i'm", "im ", "i am", "this is", "authori"),
    "urgency": ("urgent", "emergency", "immediately", "right now", "asap", "life or death", "no time", "hurry", "fired", "or else", "last chance"),
    "other_guest_room_de": ("zimmer",),
    "other_guest_presence_de": (*_TITLES, "gast"),
    "other_guest_data_de": ("sie mir", "seine", "deren", "zimmer"),
    "proxy_claim_de": ("ich rufe",),
    "authority_claim_de": ("ich bin", "hier ist", "hier spricht"),
    "urgency_de": ("dringend", "notfall", "sofort", "auf der stelle", "keine zeit", "beeilung"),
    "profanity": ("fuck", "f*", "shit", "bitch", "asshole", "arsehole", "bastard", "cunt", "dickhead", "wanker", "piss off", "crap"),
    "insult": ("you", "stupid", "useless", "dumb", "fucking"),
    "threat": ("kill", "hurt", "murder", "shoot", "stab", "beat", "bomb", "burn"),
    "profanity_de": ("schei", "arsch", "fick", "wichser", "hurensohn", "fotze", "verdammt", "verpiss", "kacke"),
    "insult_de": ("du ", "blöd", "dumm", "scheiß"),
    "threat_de": ("bring", "werde", "will", "bombe", "zünde", "fackel"),
}  # fmt: skip


def _with_keywords(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    return tuple(
        Rule(r.name, r.category, r.severity, r.pattern, r.lang, r.amplifier, KEYWORDS[r.name])
        for r in rules
    )


INJECTION_RULES = _with_keywords(INJECTION_RULES)
SOCIAL_RULES = _with_keywords(SOCIAL_RULES)
ABUSE_RULES = _with_keywords(ABUSE_RULES)
