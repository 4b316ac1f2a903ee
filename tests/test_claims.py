"""Tests for sitrep.claims (real spaCy pipeline) and its PolNeAR scorer (tiny fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep import claims, nlp, records
from sitrep.claims import quotes
from sitrep.errors import MissingDataError
from sitrep.eval import claims as eval_claims

pytestmark = pytest.mark.slow


def _run(text: str) -> list[records.Attribution]:
    result = claims.run(nlp.load()(text))
    for a in result:
        for span in (a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return result


def _only(text: str) -> records.Attribution:
    result = _run(text)
    assert len(result) == 1, result
    return result[0]


def test_said_after_clause() -> None:
    a = _only("Russian forces shelled the town overnight, the regional governor said.")
    assert a.source is not None and a.source.text == "the regional governor"
    assert a.cue.text == "said"
    assert a.content.text == "Russian forces shelled the town overnight"
    assert a.stance == "asserted"


def test_said_before_clause_without_that() -> None:
    a = _only("Ukraine's army said its forces had recaptured the village.")
    assert a.source is not None and a.source.text == "Ukraine's army"
    assert a.content.text == "its forces had recaptured the village"


def test_told_reporters_keeps_that() -> None:
    a = _only("The governor told reporters that the attack had killed three people.")
    assert a.source is not None and a.source.text == "The governor"
    assert a.cue.text == "told"
    assert a.content.text == "that the attack had killed three people"


@pytest.mark.parametrize(
    "text",
    [
        "According to the health ministry, 12 civilians were killed in the strike.",
        "12 civilians were killed in the strike, according to the health ministry.",
    ],
)
def test_according_to(text: str) -> None:
    a = _only(text)
    assert a.source is not None and a.source.text == "the health ministry"
    assert a.cue.text.lower() == "according to"
    assert a.content.text == "12 civilians were killed in the strike"


def test_denial_with_clause() -> None:
    a = _only("The Kremlin denied that its troops had crossed the border.")
    assert a.stance == "denied"
    assert a.source is not None and a.source.text == "The Kremlin"
    assert a.content.text == "that its troops had crossed the border"


def test_dismissed_reports_is_denied() -> None:
    a = _only("The ministry dismissed reports that its jets had bombed a market.")
    assert a.stance == "denied"
    assert a.content.text.startswith("reports that its jets")


def test_confirmed_and_claimed_stances() -> None:
    assert _only("Officials confirmed that two soldiers died.").stance == "confirmed"
    a = _only("The fighters crossed into Belgorod, claiming to have entered the town.")
    assert a.stance == "claimed"
    assert a.source is not None and a.source.text == "The fighters"
    assert a.content.text == "to have entered the town"


def test_quote_spanning_sentences_before_cue() -> None:
    text = (
        '"The situation is very difficult. We will not give up. That is our conclusion," '
        "Mr Denis Kapustin, leader of the Russian Volunteer Corps, told a press conference."
    )
    a = _only(text)
    assert a.cue.text == "told"
    assert a.source is not None and a.source.text.startswith("Mr Denis Kapustin")
    assert a.content.start == 0
    assert a.content.text.endswith('conclusion,"')


def test_inverted_quote_with_said_first() -> None:
    a = _only("“We hit the depot,” said a spokesman for the army.")
    assert a.source is not None and a.source.text == "a spokesman for the army"
    assert a.content.text == "“We hit the depot,”"


def test_unverified_marker_with_outlet() -> None:
    result = _run(
        "Rebels said they had shot down two helicopters. "
        "Reuters could not independently verify the battlefield claims."
    )
    assert [a.stance for a in result] == ["asserted", "unverified"]
    marker = result[1]
    assert marker.source is not None and marker.source.text == "Reuters"
    assert marker.content.text == "the battlefield claims"
    assert "verify" in marker.cue.text


def test_unverified_passive_and_no_confirmation() -> None:
    a = _only("The claims could not be independently verified.")
    assert a.stance == "unverified" and a.source is None
    assert a.content.text == "The claims"
    result = _run("The militia said it killed 20 soldiers. There was no independent confirmation.")
    assert result[-1].stance == "unverified"
    assert result[-1].content.text == "The militia said it killed 20 soldiers"


def test_plain_sentence_has_no_attribution() -> None:
    assert _run("The army shelled the village on Tuesday and moved north.") == []


def test_quote_regions_pair_marks() -> None:
    text = "He said “one. two,” then ''three'' and \"four\nfive"
    regions = quotes.quote_regions(text)
    assert [text[s:e] for s, e in regions] == ["“one. two,”", "''three''"]


# --- scorer -------------------------------------------------------------------------------

_TEXT = "Title.\n\nThe army shelled the town, officials said.\n"


def _offsets(part: str) -> str:
    start = _TEXT.index(part)
    return f"{start} {start + len(part)}\t{part}"


_ANN = (
    f"T1\tContent {_offsets('The army shelled the town')}\n"
    f"T2\tSource {_offsets('officials')}\n"
    f"T3\tCue {_offsets('said')}\n"
    f"T4\tAttribution {_offsets('said')}\n"
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
    "#1\tAnnotatorNotes T1\tnote\n"
)


def _corpus(root: Path, ann: str, split: str = "dev") -> Path:
    folder = root / "polnear" / split
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "a.txt").write_text(_TEXT, encoding="utf-8")
    (folder / "attributions" / "a_x.ann").write_text(ann, encoding="utf-8")
    (folder / "attributions" / "a_y.ann").write_text("", encoding="utf-8")
    return root


def test_read_brat_ties_event_spans() -> None:
    gold = eval_claims._read_brat(_ANN + "T5\tContent 0 2;3 5\tTi tl\n")
    assert len(gold) == 1
    assert gold[0].content == ((8, 33),)
    assert gold[0].source == ((35, 44),)
    assert eval_claims._read_brat("T5\tContent 0 2;3 5\tTi tl\nE1\tContent:T5 Cue:T5\n")[
        0
    ].content == ((0, 2), (3, 5))


def test_evaluate_scores_first_annotator(tmp_path: Path) -> None:
    metrics = eval_claims.evaluate(_corpus(tmp_path, _ANN))
    assert metrics["articles"] == 1
    assert metrics["gold_attributions"] == 1
    assert metrics["content_f1"] == 1.0
    assert metrics["source_f1"] == 1.0
    assert metrics["attribution_f1"] == 1.0


def test_evaluate_penalises_missing_gold(tmp_path: Path) -> None:
    extra = "T9\tContent 0 5\tTitle\nT10\tCue 5 6\t.\nE2\tContent:T9 Cue:T10\n"
    metrics = eval_claims.evaluate(_corpus(tmp_path, _ANN + extra))
    assert metrics["content_r"] == 0.5
    assert metrics["content_p"] == 1.0


def test_evaluate_reads_the_split_it_is_given(tmp_path: Path) -> None:
    root = _corpus(tmp_path, _ANN, split="train")
    assert eval_claims.evaluate(root, split="train")["content_f1"] == 1.0
    with pytest.raises(MissingDataError, match="polnear/dev"):
        eval_claims.evaluate(root)


def test_evaluate_without_data(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError, match="PolNeAR"):
        eval_claims.evaluate(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        'The group known as "Wagner" said it had taken the town.',
        'Officials from the so-called "People\'s Republic" said the town was shelled.',
        "The spokesman for “Azov” said the town was shelled.",
    ],
)
def test_source_never_starts_or_ends_with_a_quote_mark(text):
    source = _only(text).source
    assert source is not None
    assert source.text[0].isalnum() and source.text[-1].isalnum(), source.text


def test_verb_with_preposition_is_one_cue() -> None:
    a = _only("The mayor pointed to the damaged bridge.")
    assert a.cue.text == "pointed to"
    assert a.source is not None and a.source.text == "The mayor"
    assert a.content.text == "the damaged bridge"


def test_as_clause_attributes_main_clause() -> None:
    a = _only("As the ministry reported, the convoy reached the city on Monday.")
    assert a.cue.text == "reported"
    assert a.source is not None and a.source.text == "the ministry"
    assert a.content.text == "the convoy reached the city on Monday"


def test_reporting_verb_with_object_only() -> None:
    a = _only("The army announced heavy losses near the border.")
    assert a.cue.text == "announced"
    assert a.content.text == "heavy losses near the border"


def test_new_reporting_verb_concluded() -> None:
    a = _only("“The ceasefire is over,” the commander concluded.")
    assert a.cue.text == "concluded"
    assert a.source is not None and a.source.text == "the commander"
    assert a.content.text == "“The ceasefire is over,”"


# --- deeper cues: nouns, adjectives, attitude verbs, raising --------------------------------


def test_statement_saying_is_one_cue_with_the_issuer_as_source() -> None:
    a = _only("The ministry issued a statement saying two soldiers were killed.")
    assert a.cue.text == "statement saying"
    assert a.source is not None and a.source.text == "The ministry"
    assert a.content.text == "two soldiers were killed"


def test_possessive_claim_that() -> None:
    result = _run("The rebels' claim that they shot down a jet was denied.")
    claim = next(a for a in result if a.cue.text == "claim")
    assert claim.stance == "claimed"
    assert claim.source is not None and claim.source.text == "The rebels"
    assert claim.content.text == "that they shot down a jet"


def test_criticism_of_names_its_object_and_author() -> None:
    a = _only("Criticism of the offensive from the opposition grew.")
    assert a.cue.text == "Criticism"
    assert a.source is not None and a.source.text == "the opposition"
    assert a.content.text == "the offensive"


@pytest.mark.parametrize(
    ("text", "cue", "stance", "content"),
    [
        (
            "Kyiv accused Moscow of shelling the plant.",
            "accused",
            "claimed",
            "of shelling the plant",
        ),
        (
            "The governor warned that more strikes would follow.",
            "warned",
            "asserted",
            "that more strikes would follow",
        ),
        (
            "The army insisted it had not targeted civilians.",
            "insisted",
            "claimed",
            "it had not targeted civilians",
        ),
        ("The mayor endorsed the evacuation plan.", "endorsed", "asserted", "the evacuation plan"),
    ],
)
def test_attitude_verbs(text: str, cue: str, stance: str, content: str) -> None:
    a = _only(text)
    assert (a.cue.text, a.stance, a.content.text) == (cue, stance, content)


def test_attitude_adjective_takes_the_copula_subject_as_source() -> None:
    a = _only("The senator was critical of the deployment.")
    assert a.cue.text == "critical"
    assert a.source is not None and a.source.text == "The senator"
    assert a.content.text == "the deployment"


def test_seemed_to_has_no_source() -> None:
    a = _only("The truce seemed to hold overnight.")
    assert a.cue.text == "seemed" and a.source is None
    assert "The truce" in a.content.text and "hold overnight" in a.content.text


def test_attitude_words_inside_a_quote_are_the_speakers_own() -> None:
    a = _only("“I think we will win and I support the plan,” the general said.")
    assert a.cue.text == "said"
    assert a.source is not None and a.source.text == "the general"


def test_attitude_inside_reported_speech_is_not_separate() -> None:
    a = _only("The minister said he supports the ceasefire.")
    assert a.cue.text == "said"
    assert a.content.text == "he supports the ceasefire"


# --- quotes in their own paragraph ----------------------------------------------------------


def test_quote_in_its_own_paragraph_goes_to_the_last_named_speaker() -> None:
    text = (
        "Colonel Ivan Petrov told reporters the town had been retaken.\n\n"
        "“We will not give up. The enemy is retreating.”\n\n"
        "The town was quiet on Monday."
    )
    result = _run(text)
    quote = next(a for a in result if a.content.text.startswith("“We will not"))
    assert quote.source is not None and quote.source.text == "Colonel Ivan Petrov"
    assert quote.cue.text == "told"
    assert quote.content.text.endswith("retreating.”")


def test_quote_paragraph_without_a_named_speaker_is_left_alone() -> None:
    text = "Officials said the town had been retaken.\n\n“We will not give up.”\n"
    assert all("give up" not in a.content.text for a in _run(text))


# --- nested sources and verification caveats --------------------------------------------


def test_nested_source_keeps_the_relaying_speaker() -> None:
    result = _run("The mayor said officials told him that 12 people were killed.")
    inner = next(a for a in result if a.cue.text == "told")
    assert inner.source is not None and inner.source.text == "officials"
    assert inner.relayed_by is not None and inner.relayed_by.text == "The mayor"
    outer = next(a for a in result if a.cue.text == "said")
    assert outer.relayed_by is None


def test_caveat_covers_only_the_claims_it_names() -> None:
    text = (
        "Police said three people were killed in the blast. "
        "The rebels said they destroyed 40 tanks. "
        "Reuters could not independently verify the rebels' claims."
    )
    result = _run(text)
    caveat = next(a for a in result if a.stance == "unverified")
    assert [c.text for c in caveat.covers] == ["they destroyed 40 tanks"]


def test_caveat_about_figures_covers_the_nearest_claims_with_numbers() -> None:
    text = (
        "The army said it repelled an attack. "
        "Local officials said 15 civilians died. The governor said the town was calm. "
        "The figures could not be verified."
    )
    caveat = next(a for a in _run(text) if a.stance == "unverified")
    assert [c.text for c in caveat.covers] == ["15 civilians died"]


def test_caveat_naming_a_previous_sentence_covers_its_attribution() -> None:
    result = _run("The militia said it killed 20 soldiers. There was no independent confirmation.")
    assert [c.text for c in result[-1].covers] == ["it killed 20 soldiers"]
