"""WER and DER against worked examples small enough to check by hand."""

from __future__ import annotations

import pytest

from bench.recording_scores import correct_words, der, read_rttm, wer


def test_wer_counts_substitutions_deletions_and_insertions() -> None:
    # "sat" -> "sit" (substitution), "the" before "mat" dropped (deletion): 2 of 6 words.
    assert wer("The cat sat on the mat.", "the cat sit on mat") == pytest.approx(2 / 6)
    # One word added: 1 of 3.
    assert wer("ask not what", "ask not now what") == pytest.approx(1 / 3)
    assert wer("Don't stop", "don't, STOP!") == 0.0


def test_der_confusion_miss_and_false_alarm() -> None:
    reference = [(0.0, 10.0, "A"), (10.0, 20.0, "B")]
    # The boundary 2 s late: 2 s of 20 given to the wrong speaker.
    assert der(reference, [(0.0, 12.0, "x"), (12.0, 20.0, "y")], collar=0) == pytest.approx(0.1)
    # One speaker throughout: all of B's 10 s is confused.
    assert der(reference, [(0.0, 20.0, "x")], collar=0) == pytest.approx(0.5)
    # 5 s of A missed.
    assert der(reference, [(0.0, 5.0, "x"), (10.0, 20.0, "y")], collar=0) == pytest.approx(0.25)
    # 2 s of speech where there is none.
    assert der(reference, [(0.0, 10.0, "x"), (10.0, 22.0, "y")], collar=0) == pytest.approx(0.1)
    # Within the collar of a boundary nothing is scored: a 0.2 s late boundary is no error.
    assert der(reference, [(0.0, 10.2, "x"), (10.2, 20.0, "y")], collar=0.25) == 0.0


def test_rttm_lines_are_read_as_turns() -> None:
    text = "SPEAKER sample 1 6.690 0.430 <NA> <NA> speaker90 <NA> <NA>\n"
    assert read_rttm(text) == [(6.69, pytest.approx(7.12), "speaker90")]


def test_correct_words_marks_each_word_of_the_model_by_the_best_alignment() -> None:
    hypothesis = ["The", "staff,", "owns", "it", "now.", "um", "co-op"]
    right = correct_words("the staff own it now a co op", hypothesis)
    assert right == [True, True, False, True, True, False, True]
