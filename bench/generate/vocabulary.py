"""Words and sentences that read like verbatim interviews about public service mutuals.

Words are drawn with Zipf-like weights (rank r has weight 1/(r + 2.7)), as in natural
text, so search benchmarks meet a few very common words and a long tail of rare ones.
"""

from __future__ import annotations

import itertools
import random

_FUNCTION_WORDS_TEXT = (
    "the and to of a that we it in was is they you I for so on but with have be there "
    "what as at this not were had our about all from just think because or when do "
    "been are an if would their which more really very them can one some those people "
    "then out there how lot could time also into much kind going got like know well"
)
FUNCTION_WORDS = _FUNCTION_WORDS_TEXT.split()

_DOMAIN_WORDS_TEXT = (
    "staff service services commissioners commissioner organisation board patients "
    "community members contract contracts team teams innovation mutual social enterprise "
    "nurses nursing funding money surplus tender tendering council users user managers "
    "directors change ideas care health value trust ownership shareholders governance "
    "budget savings quality outcomes partners partnership risk freedom culture engagement "
    "clinicians therapists leadership strategy forum meeting meetings referrals waiting "
    "practice pathway pilot project projects evidence report performance targets growth "
    "charity reinvest reinvested investment grant grants loan bid bids competition "
    "competitors austerity cuts efficiency workforce recruitment training wellbeing "
    "involvement consultation feedback voice autonomy accountability regulator inspection "
    "commissioning procurement framework specification pricing tariff income turnover "
    "employees colleagues shareholder council's network collaboration sharing "
    "intellectual property social value act transformation integration prevention "
    "therapy therapies physiotherapy podiatry audiology lymphoedema dental sexual "
    "district visiting caseload clinic clinics school schools leisure libraries housing "
    "youth volunteers carers families residents neighbourhood locality primary "
    "secondary acute hospital hospitals gp practices pharmacy safeguarding outreach "
    "digital telehealth app records systems data dashboard survey surveys experimentation "
    "entrepreneurial culture bureaucracy hierarchy flexibility responsiveness "
    "sustainability resilience legacy transfer transition spin-out spun pct cic "
    "cquin incentive incentives payment payments reward recognition morale sickness "
    "absence retention turnover apprentices apprenticeships equipment premises estates"
)
DOMAIN_WORDS = _DOMAIN_WORDS_TEXT.split()

PHRASES = (
    "Right to Request",
    "social value",
    "the PCT",
    "the clinical commissioning group",
    "the local authority",
    "the staff council",
    "the board",
    "the Social Enterprise Investment Fund",
    "our service users",
    "the Mutuals Support Programme",
)

FILLERS = ("erm,", "you know,", "I mean,", "sort of", "[laughs]", "well,", "yeah,")

QUESTION_OPENERS = (
    "Can you tell me about",
    "How did you find",
    "What happened with",
    "Why do you think",
    "Could you say more about",
    "How would you describe",
    "What difference has it made to",
    "Who was involved in",
)


class TextSource:
    """A seeded stream of sentences; the same seed gives the same text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words: list[str] = FUNCTION_WORDS + DOMAIN_WORDS
        weights = [1.0 / (rank + 2.7) for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))

    def sentence_length(self) -> int:
        # Spoken sentences: mostly 8-25 words, sometimes a long run-on one.
        length = int(self.rng.lognormvariate(2.6, 0.5))
        return max(3, min(length, 70))

    def words_for(self, count: int) -> list[str]:
        rng = self.rng
        words = rng.choices(self.words, cum_weights=self.cumulative, k=count)
        if count > 6 and rng.random() < 0.3:
            words[rng.randrange(1, count - 1)] = rng.choice(PHRASES)
        if count > 6 and rng.random() < 0.2:
            words[rng.randrange(1, count - 1)] = rng.choice(FILLERS)
        return words

    def sentence(self, count: int | None = None, *, end: str = ".") -> tuple[str, int]:
        """One sentence of about ``count`` words and the number of words it has."""
        count = count or self.sentence_length()
        words = self.words_for(count)
        first = words[0]
        words[0] = first[:1].upper() + first[1:]
        text = " ".join(words) + end
        return text, len(text.split())

    def question(self) -> tuple[str, int]:
        opener = self.rng.choice(QUESTION_OPENERS)
        body, _ = self.sentence(self.rng.randint(3, 12), end="?")
        text = f"{opener} {body[:1].lower()}{body[1:]}"
        return text, len(text.split())
