"""Intent detection with the real all-MiniLM-L6-v2 weights, English and German phrasings
that are NOT among the configured examples."""

import pytest

CASES = [
    ("Hi, I'd like to book a room for next weekend", "book"),
    ("Do you have any rooms free on Friday?", "book"),
    ("I need to reserve a room for two nights", "book"),
    ("Ich hätte gerne ein Zimmer für morgen", "book"),
    ("Haben Sie am Wochenende ein Doppelzimmer frei?", "book"),
    ("I have to move my booking to next month", "modify"),
    ("Please cancel my reservation", "cancel"),
    ("I won't be able to make it, please cancel", "cancel"),
    ("Ich möchte stornieren", "cancel"),
    ("Could you look up my reservation?", "lookup"),
    ("What time can I check in?", "fact.check_in"),
    ("when do I need to check out", "fact.check_out"),
    ("is there somewhere to park", "fact.parking"),
    ("do you have internet", "fact.wifi"),
    ("what about breakfast", "fact.breakfast"),
    ("can I bring my cat", "fact.pets"),
    ("Gibt es bei Ihnen WLAN?", "fact.wifi"),
    ("Wann gibt es morgens Frühstück?", "fact.breakfast"),
    ("Kann ich meinen Hund mitnehmen?", "fact.pets"),
    ("Wo kann ich parken?", "fact.parking"),
    ("hello there", "greeting"),
    ("thanks, bye", "goodbye"),
    ("I want to talk to someone at the front desk", "human"),
    ("nope", "deny"),
    ("ja, genau", "affirm"),
    ("my name is Peter Miller", "provide_info"),
    ("what is the capital of France", "unknown"),
    ("asdf qwer zxcv", "unknown"),
]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_intent_by_similarity(classifier, text, intent):
    r = classifier.classify(text)
    assert r.intent == intent, r
    if intent == "unknown":
        assert r.confidence == 0.0
    else:
        assert 0.0 < r.confidence <= 1.0


def test_batch_equals_single(classifier):
    texts = [t for t, _ in CASES[:6]]
    many = classifier.classify_many(texts)
    assert [m.intent for m in many] == [classifier.classify(t).intent for t in texts]


def test_facts_the_hotel_lacks_are_not_intents(settings):
    from agents.understanding.embedded import build_classifier

    s = settings.model_copy(deep=True)
    s.hotel.facts = {k: v for k, v in s.hotel.facts.items() if k != "pets"}
    c = build_classifier(s, encoder=None)
    assert "fact.pets" not in c.intents and "fact.wifi" in c.intents


def test_no_examples_is_a_clear_error(classifier):
    from agents.understanding.intents import IntentClassifier

    with pytest.raises(ValueError, match="intent_examples"):
        IntentClassifier(classifier.encoder, {})
