"""After a question for a code, the answer is decoded with the prompt for characters.

The runtime's last question travels with the reply (SpeechArgs.expect, set by INTEL when
it asks for a confirmation number or a spelling); the ear decodes the utterances that
begin after it with media/asr/hints.py ``code_prompt``, and nothing else with it. The
decodes are the real tiny.en's; the wrapper only notes which prompt each one got.
"""

from __future__ import annotations

from config.sections.media import MediaConfig
from media.asr.decoder import InlineDecoder
from media.asr.hints import code_prompt
from media.asr.streaming import StreamingRecognizer
from tests.media_asr.asr_testkit import feed_all


class PromptsSeen:
    """tiny.en, noting the prompt of every decode."""

    def __init__(self, model):
        self.model, self.prompts = model, []
        self.language, self.multilingual = model.language, model.multilingual

    def transcribe(self, x, **kw):
        self.prompts.append(kw.get("prompt", ""))
        return self.model.transcribe(x, **kw)


def _recognizer(model, **config) -> StreamingRecognizer:
    return StreamingRecognizer.from_config(InlineDecoder(model), MediaConfig(**config))


def test_only_the_answer_to_a_question_for_characters_gets_the_prompt(tiny, speaker):
    said = speaker.english("S O V one five five three.")
    seen = PromptsSeen(tiny)
    rec = _recognizer(seen)
    rec.expect("characters")
    finals = [e for e in feed_all(rec, said) if e.kind == "final"]
    assert finals and seen.prompts and set(seen.prompts) == {code_prompt("en")}

    rec.expect("")  # the next reply asked for something else
    seen.prompts.clear()
    feed_all(rec, said)
    assert set(seen.prompts) == {""}


def test_the_prompt_can_be_switched_off(tiny, speaker):
    seen = PromptsSeen(tiny)
    rec = _recognizer(seen, asr_characters_prompt=False)
    rec.expect("characters")
    feed_all(rec, speaker.english("S O V one five five three."))
    assert seen.prompts and set(seen.prompts) == {""}


def test_the_prompt_is_characters_in_each_language_and_nothing_for_others():
    for lang in ("en", "de"):
        p = code_prompt(lang)
        assert sum(ch.isdigit() for ch in p) >= 2 and "X" in p
    assert "Kilo" in code_prompt("en") and "wie" in code_prompt("de")
    assert code_prompt("fr") == ""
