"""A coded interview project for measuring suggestions, larger than the demo.

The benchmark corpus (:mod:`bench.corpus`) draws words at random and places codings at
random, so no model could find its codings from their meaning. This one is written to be
coded: each code has sentence patterns in the words people use in the demo's interviews
and in the written evidence (``{a|b}`` picks one), most of them without the code's own
name; answers mix such sentences with talk about nothing in the codebook. A fictional
coder codes the sentence of a theme with its code 85% of the time (people miss some),
and now and then codes a sentence with a neighbouring code as well.

Seeded: the same arguments always give the same project. ``python -m bench.assist_corpus
--interviews 60 --out DIR`` writes the transcripts as ``.txt`` and the codings as
``codings.csv`` (document, code, start, end, coder) and ``codebook.csv``.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

CODES: dict[str, tuple[str, list[str]]] = {
    "Austerity": (
        "Spending pressure that puts short-term savings before experimentation.",
        [
            "{The council|The CCG|Our commissioner|The trust} {cut|reduced|took} "
            "{a third off our budget|ten per cent off the contract|two million out of the "
            "block contract} {last year|this spring|in the last round}.",
            "{Everyone|Every commissioner|The whole system} is {under huge financial pressure|"
            "squeezed|chasing savings}, so {anything that pays back in five years|prevention|"
            "a new pilot} {loses out|never gets funded|is the first thing to go}.",
            "{With austerity|Since the cuts|With budgets frozen} we {had to stop|dropped|"
            "could not keep} the {outreach work|falls service|evening clinic}.",
            "{The money|Funding} {is tighter every year|keeps shrinking|has not kept up with "
            "demand}, and {we are asked to do more with less|the savings target keeps going "
            "up|staff feel the squeeze}.",
        ],
    ),
    "Competition": (
        "Competitive tendering and its effects: larger bidders, guarded ideas.",
        [
            "{We compete for contracts against|We are bidding against|We lost the tender to} "
            "{national charities|private providers|big firms} with {bid teams of twenty|"
            "whole departments writing bids|lawyers on hand}.",
            "{You think twice|We are careful} before {you share|we hand over} {a new pathway|"
            "our model|an idea} because {the same people|the partner next door|they} "
            "{may bid against us|could take it to the next tender}.",
            "{The tender|Procurement|The retendering} {is scored on price|rewards the "
            "cheapest bid|takes a year of our time}, {and small providers lose|so we cannot "
            "win on quality}.",
            "Our {lawyers|board} {talk about|worry about} intellectual property, which "
            "{was unthinkable in the health service|nobody cared about before the spin-out}.",
        ],
    ),
    "Social value": (
        "Benefits to people and communities beyond the contract, and valuing them.",
        [
            "{That social value is real|The good we do in the community|What we add for "
            "families} {but nobody can count it|and it never shows in the tender|yet it is "
            "not in the specification}.",
            "We {employ local people|run a lunch club|train volunteers} {that the contract "
            "does not pay for|on top of the service|because the community asked}.",
            "{The Social Value Act|The guidance} asks {commissioners|buyers} to {consider|"
            "weigh} {wider benefits|the community impact}, {and then the score is on price|"
            "but it counts for five per cent}.",
        ],
    ),
    "Surplus": (
        "A surplus earned on contracts, spent on new services or experiments.",
        [
            "{Last year|This year|In our second year} we made {a small surplus|a surplus of "
            "about a hundred thousand|some money over} on {the community nursing contract|"
            "the counselling contracts|our main contract}.",
            "The {staff council|board|members} {voted on|decided} where {the surplus|the "
            "money left over|it} should go, and {they chose|we put it into} {a falls "
            "prevention service|a new clinic|training for healthcare assistants}.",
            "{What is left at the end of the year|Any profit|The money we make} {goes back "
            "into|is reinvested in|pays for} {services the commissioners do not cover|new "
            "ideas|pilots}.",
        ],
    ),
    "Philanthropy": (
        "Donations, fundraising, or a charity beside the organisation to raise money.",
        [
            "{I set up|We started|The founders created} {a charity|a small trust|a friends "
            "group} {to raise money|so we could take donations|to fund what the contract "
            "will not}.",
            "{We apply to|We get grants from|We have money from} {charitable trusts|the "
            "lottery|a local foundation} {that a statutory service never could|for the "
            "garden project|to pilot new work}.",
            "{Fundraising|The sponsored walk|Donations from families} {paid for|bought} "
            "{the sensory room|a minibus|the first year of the project}.",
        ],
    ),
    "Freedom and risk": (
        "Greater freedom to experiment after the spin-out, risks taken.",
        [
            "{I can be more open and free about it now|We have much more freedom now|"
            "Nobody has to ask permission any more}, {so we try things|and people try new "
            "ideas|so the team just gets on with it}.",
            "{There is less personal risk|Nobody gets their wrist slapped|It is fine} "
            "{in trying something|if a pilot fails|when an idea does not work}, {but more "
            "commercial risk for the organisation|and we learn from it}.",
            "{We were allowed|Staff are encouraged|The board lets us} to {experiment|try "
            "things out|take a chance} {without fear of blame|and fail sometimes|with new "
            "ways of working}.",
            "{In the trust|Before the spin-out|In the NHS} {I would have needed six "
            "signatures|everything went to a committee|nobody dared} {to change a rota|to "
            "try something new|to move money between budgets}.",
        ],
    ),
    "Users in design": (
        "Service users or people with lived experience shaping services or governance.",
        [
            "{Two of our trustees|Three board members|Several directors} are {former "
            "clients|people who used the service|carers}, and {they read every new "
            "proposal|they are not shy|they ask the hard questions}.",
            "{Service users|Patients|Families} {helped design|co-produced|shaped} {the new "
            "pathway|the drop-in|the way we book appointments}.",
            "We {hold|run} {a user forum|listening events|a reference group} {every month|"
            "before any change|with the people we serve}.",
        ],
    ),
    "Staff engagement": (
        "Staff having a voice or a stake: shares, membership, votes, councils.",
        [
            "{Every member of staff|All our employees|Nine in ten staff} {owns a share|is a "
            "member|can vote at the annual meeting}.",
            "The {staff council|employee forum|members' board} {has a real say|meets every "
            "month|signs off the big decisions}.",
            "{People feel it is theirs|Staff feel listened to|The nurses feel they own the "
            "place}, {which was not true in the trust|and turnover has fallen}.",
        ],
    ),
    "Commissioning": (
        "Relations with the bodies that buy the services.",
        [
            "{The commissioners|Our commissioner|The CCG team} {like things that keep their "
            "paymasters off their back|see us as an ally|want a quick win}.",
            "{The commissioning team|Our contact at the council|The CCG} has changed {three "
            "times in four years|twice this year|again}, and {each time you start again|you "
            "lose the relationship}.",
            "{We meet the commissioners|The contract review happens} {every quarter|each "
            "month}, {and it is all about activity numbers|and they ask for more data}.",
        ],
    ),
    "Resistance to change": (
        "Groups or habits that hold change back.",
        [
            "{People came from the NHS where nobody was a risk taker|Some staff wanted to "
            "stay in the NHS|A few managers dug their heels in}.",
            "{The consultants|Some of the older staff|The unions} {were against|did not want|"
            "resisted} {opting out|the new rotas|moving to the new model} {at first|for a "
            "long time}.",
            "{Old habits|The way things were always done|The hierarchy} {took years to "
            "shift|still gets in the way|came with us from the trust}.",
        ],
    ),
    "Partnerships": (
        "Working with businesses, NHS bodies, councils and voluntary organisations.",
        [
            "We {work with|partner with|joined up with} {the local college|a housing "
            "association|two GP practices|a software firm} {on the new service|to run the "
            "hub|for the bid}.",
            "{A joint bid with|Sharing a building with|A research project with} {the "
            "university|another mutual|the hospice} {opened doors|saved us money|brought "
            "new ideas}.",
        ],
    ),
}
NEIGHBOURS = {
    "Austerity": "Commissioning",
    "Competition": "Social value",
    "Surplus": "Freedom and risk",
    "Philanthropy": "Partnerships",
    "Staff engagement": "Users in design",
}
FILLER = [
    "{I have worked here|I joined the team|I moved to the organisation} {six years ago|in "
    "2012|after my training}.",
    "{The clinic|Our office|The main site} is {on the high street|next to the hospital|in "
    "an old school building}.",
    "{We see|The team sees|We have} about {two hundred|four hundred|a thousand} {patients|"
    "people|families} {a week|a month|a year}.",
    "{The rota|The timetable|The booking system} {changes in September|is done on "
    "Fridays|runs on a spreadsheet}.",
    "{My role|My job|Most of my week} is {mostly clinical|half management|visiting people "
    "at home}.",
    "{It is a busy place|The phones never stop|Mondays are the worst}, {but I like it|to "
    "be honest|as you can imagine}.",
    "{The car park|Parking|The bus route} {is a problem|has improved|is the first thing "
    "people mention}.",
    "{We moved|The records went|Our systems changed} {to a new IT system|online|to the "
    "cloud} {last year|in the spring|during the pandemic}.",
]
QUESTIONS = [
    "Could you tell me about your role?",
    "How did the spin-out change things?",
    "Where does the money for new ideas come from?",
    "How do you work with the commissioners?",
    "What holds you back?",
    "Who has a say in how things are run?",
    "Can you give me an example?",
    "What happened next?",
]
ROLES = ("CEO", "Nurse", "Manager", "Trustee", "Therapist", "Director")
_CHOICE = re.compile(r"\{([^{}]*)\}")


def expand(pattern: str, rng: random.Random) -> str:
    """One sentence from a pattern, each ``{a|b}`` replaced by one of its options."""
    return _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), pattern)


@dataclass
class CodedInterview:
    name: str
    text: str
    turns: list[tuple[str, int, int]] = field(default_factory=list)
    codings: list[tuple[str, int, int]] = field(default_factory=list)


def make_interview(index: int, rng: random.Random, turns: int = 24) -> CodedInterview:
    """An interview of ``turns`` question-and-answer pairs, coded as a person would."""
    speaker = rng.choice(ROLES)
    interview = CodedInterview(name=f"interview-{index:03d}.txt", text="")
    for _ in range(turns // 2):
        for who, sentences in (
            ("Interviewer", [(rng.choice(QUESTIONS), None)]),
            (speaker, _answer(rng)),
        ):
            label = f"{who}: "
            interview.text += label
            start = len(interview.text)
            for n, (sentence, code) in enumerate(sentences):
                if n:
                    interview.text += " "
                at = len(interview.text)
                interview.text += sentence
                if code is not None and rng.random() < 0.85:
                    interview.codings.append((code, at, len(interview.text)))
                    if code in NEIGHBOURS and rng.random() < 0.15:
                        interview.codings.append((NEIGHBOURS[code], at, len(interview.text)))
            interview.turns.append((who, start, len(interview.text)))
            interview.text += "\n\n"
    return interview


def _answer(rng: random.Random) -> list[tuple[str, str | None]]:
    sentences: list[tuple[str, str | None]] = []
    for _ in range(rng.randint(2, 6)):
        if rng.random() < 0.45:
            code = rng.choice(list(CODES))
            sentences.append((expand(rng.choice(CODES[code][1]), rng), code))
        else:
            sentences.append((expand(rng.choice(FILLER), rng), None))
    return sentences


def make_project(interviews: int, seed: int = 17) -> list[CodedInterview]:
    rng = random.Random(seed)
    return [make_interview(i, rng) for i in range(interviews)]


def write(project: list[CodedInterview], out: Path) -> None:
    """Transcripts as .txt, codings and codebook as CSV, under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for interview in project:
        (out / interview.name).write_text(interview.text, encoding="utf-8")
    with (out / "codings.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "code", "start", "end", "coder"])
        for interview in project:
            for code, start, end in interview.codings:
                writer.writerow([interview.name, code, start, end, "ana"])
    with (out / "codebook.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "definition"])
        for code, (definition, _) in CODES.items():
            writer.writerow([code, definition])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=60)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write(make_project(args.interviews, args.seed), args.out)


if __name__ == "__main__":
    main()
