from mutualscope.reports.selection import Candidate, choose_quotes, quality, whole_sentences

GOOD = "We did it under the radar, and nobody asked us for permission to do it."


def cand(text: str, role: str, case: str, n: int) -> Candidate:
    return Candidate(text=text, role=role, case=case, key=("doc", n))


def test_whole_sentences() -> None:
    assert whole_sentences(GOOD)
    assert whole_sentences("\u201cIt just frees your head up.\u201d")
    assert not whole_sentences("and then we did it")
    assert not whole_sentences("We did it and then")


def test_quality_prefers_whole_sentences_of_quotable_length() -> None:
    assert quality(GOOD) > quality(GOOD[:-1] + " and")
    assert quality(GOOD) > quality("Yes.")


def test_choose_quotes_prefers_new_roles_and_cases() -> None:
    candidates = [
        cand(GOOD, "ceo", "Case 1", 1),
        cand(GOOD.replace("radar", "wire"), "ceo", "Case 1", 2),
        cand(GOOD.replace("radar", "hedge"), "nurse", "Case 2", 3),
        cand(GOOD.replace("radar", "moon"), "ceo", "Case 3", 4),
    ]
    assert choose_quotes(candidates, 3) == [0, 2, 3]


def test_choose_quotes_does_not_prefer_a_fragment_for_its_novelty() -> None:
    candidates = [
        cand(GOOD, "ceo", "Case 1", 1),
        cand("so", "nurse", "Case 2", 2),
        cand(GOOD.replace("radar", "wire"), "ceo", "Case 1", 3),
    ]
    assert choose_quotes(candidates, 2) == [0, 2]


def test_choose_quotes_is_deterministic_and_skips_repeats() -> None:
    candidates = [cand(GOOD, "ceo", "Case 1", n) for n in (3, 1, 2)]
    assert choose_quotes(candidates, 3) == [1]
    assert choose_quotes(candidates, 0) == []


def test_choose_quotes_skips_a_passage_overlapping_one_chosen() -> None:
    candidates = [
        Candidate(GOOD, "ceo", "Case 1", ("doc", 10), end=80),
        Candidate(GOOD.replace("radar", "wire"), "nurse", "Case 2", ("doc", 12), end=78),
        Candidate(GOOD.replace("radar", "moon"), "ceo", "Case 1", ("doc", 80), end=150),
    ]
    assert choose_quotes(candidates, 3) == [0, 2]
