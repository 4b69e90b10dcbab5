"""Does the caller say we got it wrong, or ask for a manager? (the ``complaint`` outcome)

Why in COMMAND and why words: COMMAND knows which action the caller heard last
and the decision that approved it; a caller who answers it with "that's wrong",
"I want to speak to a manager" or "das ist falsch, ich möchte mich beschweren"
judges that decision, and the core's priors learn from it (``complaint`` weighs
twice a correction: decision.outcome_weights). Plain phrases, English and German,
checked only on the turn right after an action: a "no" to a read-back is a
correction (INTEL's ``deny``), not a complaint.
"""

from __future__ import annotations

import re

_COMPLAINT = re.compile(
    r"\b("
    # English: we got it wrong
    r"you (?:got|have got|made|did) (?:it|that|this|something) wrong|"
    r"(?:that|this|it)(?:'s| is| was) (?:all )?(?:wrong|not right|incorrect|a mistake)|"
    r"wrong (?:booking|room|date|dates|name|reservation|price)|"
    r"not what i (?:asked|said|wanted|booked)|you(?:'ve| have) made a mistake|"
    # English: a manager, a complaint
    r"(?:speak|talk) (?:to|with) (?:a|the|your) (?:manager|supervisor)|manager|supervisor|"
    r"complain\w*|"
    # German
    r"(?:das|es) (?:ist|war) (?:so )?(?:falsch|nicht richtig|ein fehler)|"
    r"(?:stimmt|passt) (?:so )?(?:überhaupt |gar )?nicht|falsche[nrs]? (?:buchung|zimmer|datum|name)|"
    r"sie haben (?:da |einen )?fehler|beschwer\w*|vorgesetzte\w*|geschäftsführ\w*|"
    r"(?:mit|den) (?:dem |ihrem )?(?:chef|manager)"
    r")\b",
    re.IGNORECASE,
)


def is_complaint(text: str) -> bool:
    return bool(text) and _COMPLAINT.search(text) is not None
