import pytest

from agents.strike.fast import ORIGIN_ACK, ORIGIN_ANSWER, CallContext, StrikeBrain
from ipc.messages import Proposal, Transcript
from ipc.payloads import SpeechArgs


@pytest.fixture(scope="module")
def strike(settings, reader):
    return StrikeBrain(settings, reader)


def test_fact_answered_from_config(strike, settings):
    p = strike.propose(Transcript(text="Is there somewhere to park my car?", turn=3))
    assert isinstance(p, Proposal)
    assert (p.action, p.intent, p.origin, p.turn) == (
        "speak.answer",
        "fact.parking",
        ORIGIN_ANSWER,
        3,
    )
    assert p.args == SpeechArgs(text=settings.hotel.fact_text("parking", "en")) and p.reply == settings.hotel.fact_text("parking", "en")
    assert p.confidence > 0.5 and p.latency_us > 0


def test_fact_in_german_uses_the_german_text(strike, settings):
    p = strike.propose(Transcript(text="Ab wann kann man einchecken?"))
    assert p.intent == "fact.check_in"
    assert p.reply == settings.hotel.fact_text("check_in", "de")


@pytest.mark.parametrize(
    "text",
    ["I'd like to book a room", "Please cancel my booking", "I need to change my reservation"],
)
def test_intel_intents_get_an_acknowledgement(strike, text):
    p = strike.propose(Transcript(text=text))
    assert p.origin == ORIGIN_ACK and p.action == "speak.answer"
    assert p.reply == "One moment, let me check."
    assert p.intent in ("book", "cancel", "modify")


def test_ack_follows_the_callers_language(strike):
    p = strike.propose(Transcript(text="Ich möchte ein Zimmer buchen"))
    assert p.intent == "book" and p.reply == "Einen Moment, ich sehe nach."


def test_greeting_goodbye_human(strike):
    g = strike.propose(Transcript(text="Good morning!"))
    assert g.intent == "greeting" and "Hotel Sovren" in g.reply
    b = strike.propose(Transcript(text="Thanks, that's all. Bye!"))
    assert b.action == "call.end" and b.args.text == b.reply
    h = strike.propose(Transcript(text="Can I please speak to a real person?"))
    assert h.action == "transfer.human" and h.args.reason


def test_answers_inside_intels_dialogue_are_left_to_intel(strike):
    p = strike.propose(Transcript(text="yes please"), CallContext(task="book"))
    assert p.origin == ORIGIN_ACK


@pytest.mark.parametrize("text", ["", "   ", "#!@$%^&*", "zxcvbnmq wrtzpkl"])
def test_empty_and_garbage_ask_again_with_zero_confidence(strike, text):
    p = strike.propose(Transcript(text=text))
    assert (p.action, p.intent, p.confidence) == ("speak.ask", "unknown", 0.0)
    assert "didn't catch" in p.reply


def test_very_long_transcript_is_cut_and_less_confident(strike):
    long = "Do you have parking? " + "and also I wanted to say something else " * 60
    p = strike.propose(Transcript(text=long))
    short = strike.propose(Transcript(text="Do you have parking?"))
    assert p.confidence < short.confidence


def test_batch_of_transcripts(strike):
    ps = strike.propose_many(
        [(Transcript(text="Gibt es WLAN?"), None), (Transcript(text=""), None),
         (Transcript(text="hello"), None)]
    )  # fmt: skip
    assert [p.intent for p in ps] == ["fact.wifi", "unknown", "greeting"]


def test_strike_speaks_the_hotels_own_greeting_and_goodbye(settings, classifier):
    """hotel.phrases overrides the fixed sentences STRIKE says, as it does INTEL's."""
    from agents.understanding.reading import build_reader

    s = settings.model_copy(deep=True)
    s.hotel.phrases = {"en": {"greeting": "Welcome to {hotel}, this is the front desk robot."}}
    brain = StrikeBrain(s, reader=build_reader(s, encoder=classifier.encoder))
    p = brain.propose(Transcript(text="Hello"))
    assert p.reply == "Welcome to Hotel Sovren, this is the front desk robot."
    de = brain.propose(Transcript(text="Guten Tag"))
    assert de.reply.startswith("Guten Tag, hier ist das Hotel Sovren")  # no German override
