"""Intent by the trained head with the real all-MiniLM-L6-v2 weights, English and German
phrasings that are NOT among the seed examples."""

import json

import numpy as np
import pytest

from agents.understanding.intents import HEAD_FILE, LABELS, HeadMismatchError, IntentHead

CASES = [
    ("Hi, I'd like to book a room for next weekend", "book"),
    ("Do you have any rooms free on Friday?", "book"),
    ("I need to reserve a room for two nights", "book"),
    ("Haben Sie am Wochenende ein Doppelzimmer frei?", "book"),
    ("I have to move my booking to next month", "modify"),
    ("Please cancel my reservation", "cancel"),
    ("I won't be able to make it, please cancel", "cancel"),
    ("Ich möchte stornieren", "cancel"),
    ("Could you look up my reservation?", "lookup"),
    ("What time can I check in?", "fact.check_in"),
    ("when do I need to check out", "fact.check_out"),
    ("is there somewhere to park", "fact.parking"),
    ("is the wifi free in the rooms", "fact.wifi"),
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
    ("could you repeat the confirmation number", "repeat"),
    ("what is the capital of France", "unknown"),
    ("asdf qwer zxcv", "unknown"),
]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_intent_of_unseen_phrasings(reader, text, intent):
    r = reader.read(text)
    assert r.intent == intent, r.explain()
    assert 0.5 < r.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "yes, the double is perfect, book it",
        "go ahead with the twin",
        "sure, the twin is fine, go ahead",
        "passt so, bitte buchen",
        "ja, das Zweibettzimmer ist gut, bitte buchen",
    ],
)
def test_affirmations_that_restate_the_offer_are_affirm(reader, text):
    from agents.understanding.backend import polarity

    r = reader.read(text)
    assert r.intent == "affirm", r.explain()
    assert polarity(text, r.intent) == "affirm"


@pytest.mark.parametrize(
    "text",
    [
        "okay thanks, that's all I needed",
        "alright, I'll call back later, thank you",
        "great, thank you so much, that's everything",
        "Okay danke, das war's schon",
    ],
)
def test_closings_with_thanks_are_goodbye_and_no_yes(reader, text):
    from agents.understanding.backend import polarity

    r = reader.read(text)
    assert r.intent == "goodbye", r.explain()
    # "okay"/"alright" opens them, yet a pending booking must not read them as a yes.
    assert polarity(text, r.intent) == ""


def test_explanation_names_probability_and_runner_up(classifier):
    s = classifier.classify("Please cancel my reservation")
    assert s.intent == "cancel" and s.runner_up in LABELS and s.runner_up != "cancel"
    assert s.explain().startswith("p(cancel)=") and "runner-up" in s.explain()
    assert s.confidence + s.runner_up_p <= 1.0


def test_batch_equals_single(classifier):
    texts = [t for t, _ in CASES[:6]]
    many = classifier.classify_many(texts)
    assert [m.intent for m in many] == [classifier.classify(t).intent for t in texts]


def test_probabilities_sum_to_one(classifier):
    texts = ["hello", "I want to book", "xyz"]
    p = classifier.head.probs(texts, classifier.embed(texts))
    assert p.shape == (3, len(LABELS)) and np.allclose(p.sum(1), 1.0)


def test_head_for_other_encoder_weights_is_refused_naming_the_command(tmp_path, classifier):
    head = classifier.head
    other = IntentHead(
        weights=head.weights, bias=head.bias, labels=head.labels,
        temperature=head.temperature, weights_digest="000000000000",
    )  # fmt: skip
    path = tmp_path / "head.npz"
    other.save(path)
    with pytest.raises(HeadMismatchError, match="sovren understanding train"):
        IntentHead.load(path, classifier.encoder.weights_digest)
    with pytest.raises(HeadMismatchError, match="sovren understanding train"):
        IntentHead.load(tmp_path / "missing.npz", classifier.encoder.weights_digest)


def test_shipped_head_matches_the_packaged_encoder(classifier):
    assert IntentHead.load(HEAD_FILE, classifier.encoder.weights_digest).labels == LABELS


def test_configured_example_overrides_the_head_as_a_hint(classifier):
    from agents.understanding.intents import IntentModel

    hinted = IntentModel(
        classifier.encoder, classifier.head, hints={"human": ["I want the night porter"]}
    )
    s = hinted.classify("I want the night porter")
    assert s.intent == "human" and s.hint == "I want the night porter"
    assert "configured example" in s.explain()
    # Hints are optional: far from every hint, the head decides.
    assert hinted.classify("Please cancel my reservation").intent == "cancel"


def test_dev_calibration_meets_the_target(classifier):
    """ECE on the dev split <= 0.05: recomputed with the shipped head when the corpus it was
    trained on is in the checkout, else as `sovren understanding train` reported it."""
    from agents.understanding.train import DEFAULT_CORPUS, dev_calibration, file_digest

    report = json.loads(HEAD_FILE.with_suffix(".json").read_text())
    assert report["dev"]["ece"] <= 0.05, report["dev"]
    assert report["dev"]["accuracy"] >= 0.85
    assert report["facts"]["wrong_fact_rate"] == 0.0
    if DEFAULT_CORPUS.is_file() and file_digest(DEFAULT_CORPUS) == report["corpus_sha256"]:
        got = dev_calibration(classifier, DEFAULT_CORPUS)
        assert got["n"] == report["dev_turns"]
        assert got["ece"] <= 0.05 and abs(got["accuracy"] - report["dev"]["accuracy"]) < 0.01


def test_spelled_runs_and_codes_are_not_read_for_the_intent():
    from agents.understanding.intents import without_codes

    assert (
        without_codes(
            "können sie meine buchung sov1131 ändern, der name schreibt sich w wie wuppertal e wie "
            "essen r wie rostock"
        )
        == "können sie meine buchung ändern, der name schreibt sich"
    )
    assert without_codes("Cancel S O V one two three four please") == "Cancel please"
    # A turn that is nothing but the code stays what it is (a bare answer).
    assert without_codes("S O V 1 0 0 1") == "S O V 1 0 0 1"
    assert without_codes("Yes please") == "Yes please"
    assert without_codes("Gibt es WLAN?") == "Gibt es WLAN?"  # an acronym is a word


def test_the_head_reads_the_features_it_was_trained_on(tmp_path, classifier):
    """The shipped head reads words, stems and character n-grams; a head saved before the
    feature kind existed reads words only; an unknown kind is refused naming the command."""
    from agents.understanding.intents import BOW_DIM, CHAR_DIM, text_features

    head = classifier.head
    assert head.features_kind == "words+stems+chars" and head.bow_dim == BOW_DIM + CHAR_DIM
    f = text_features(["wir bräuchten ein Zimmer"], "words+stems+chars", BOW_DIM + CHAR_DIM)
    g = text_features(["ich brauche ein Zimmer"], "words+stems+chars", BOW_DIM + CHAR_DIM)
    words = text_features(["wir bräuchten ein Zimmer"], "words", BOW_DIM)
    h = text_features(["ich brauche ein Zimmer"], "words", BOW_DIM)
    assert float(f[0] @ g[0]) > float(words[0] @ h[0])  # inflected forms meet
    old = IntentHead(
        weights=np.zeros((384 + BOW_DIM, len(LABELS)), np.float32), bias=head.bias,
        labels=head.labels, temperature=1.0, weights_digest=head.weights_digest,
    )  # fmt: skip
    path = tmp_path / "old.npz"
    old.save(path)
    with np.load(path) as z:  # as heads were written before the kind was stored
        fields = {k: z[k] for k in z.files if k != "features_kind"}
    np.savez_compressed(path, **fields)
    assert IntentHead.load(path, head.weights_digest).features_kind == "words"
    with pytest.raises(HeadMismatchError, match="sovren understanding train"):
        text_features(["x"], "letters", 10)


def test_a_refit_can_keep_the_shipped_fact_thresholds(classifier):
    """`sovren understanding train --keep-fact-thresholds` refits the intent head only: the fact
    thresholds it writes are the shipped head's (hand-kept, docs/understanding.md)."""
    from agents.understanding.train import kept_fact_thresholds

    head = classifier.head
    kept = kept_fact_thresholds(head.weights_digest)
    assert (kept["fact_min"], kept["fact_margin"], kept["topic_drop"], kept["fact_bonus"]) == (
        head.fact_min,
        head.fact_margin,
        head.topic_drop,
        head.fact_bonus,
    )
    with pytest.raises(HeadMismatchError, match="sovren understanding train"):
        kept_fact_thresholds("0" * 12)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("could you tell me what the street address of the hotel is", "question"),
        ("how much will the whole stay come to", "question"),
        ("do you happen to know if the rooms have a hairdryer", "question"),
        ("what number can I reach you on", "question"),
        ("yeah the cheaper option works for me", "affirm"),
        ("the first option sounds lovely", "affirm"),
        ("nah, not that one", "deny"),
        ("not at the moment, thanks", "deny"),
        ("that's everything I needed, much obliged", "goodbye"),
        ("could you look whether anything is free for me on the 5th", "book"),
        ("I'll be checking in on the 3rd", "provide_info"),
    ],
)
def test_kinds_of_turn_that_failed_on_public_data(reader, text, intent):
    """Kinds of turn the head missed on SGD's train/dev splits (questions phrased as requests,
    choosing an offer, putting off, closings without bye, dates said with check-in), in
    phrasings that are neither SGD's nor in the training data."""
    r = reader.read(text)
    got = "question" if r.intent.startswith("fact.") else r.intent
    assert got == intent, r.explain()
