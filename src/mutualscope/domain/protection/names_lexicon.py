"""Given names, nicknames and the words that are both: the built-in lists for people.

The lists are written for English transcripts from UK public services: common given names
of the people who work in and use them, of many origins. They are a net for names the
project does not know; the project's own gazetteer (participants, speakers) comes first.
"""

from __future__ import annotations

from typing import Final


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


GIVEN_NAMES: Final = _words(
    """
    aaron abdul abdullah abigail abimbola ada adam adebayo adele adeola adrian afia agata
    agnieszka ahmed aidan aileen aisha alan alana alastair albert alex alexander alexandra
    alfie ali alice alicia alison alistair allan amanda amar amara amelia amina amir amit
    amy ana andrea andrew andy angela angus anil anita ann anna anne annette annie anthony
    antonia anuj anwar arjun arthur asha ashley asif asma audrey ava ayesha barbara barry
    beatrice becky belinda ben benjamin bernadette bernard beth bethan bethany beverley
    bilal blessing bogdan brenda brendan brian bridget bronwen bryony caitlin callum cameron
    carl carla carmel caroline carys catherine cathy cerys charles charlie charlotte chidi
    chinedu chioma chloe chris christina christine christopher ciara claire clare colin
    connor craig dafydd daniel danielle darren dave david dawit debbie deborah declan deepak
    denise dennis derek dev devi dhruv diana diane dominic donna dorothy dylan eamon ebony
    edward eileen elaine eleanor elena elizabeth ella ellie eloise emeka emily emma emmanuel
    eric erin esther ethan eugene evan evelyn ewa fatima fergus fiona folake francesca
    francis frankie fraser freddie frederick funmi gareth gary gavin gemma geoffrey george
    georgia gerald geraldine gillian gina glenn gordon graham gregory gurpreet gwen hamid
    hannah harjit harold harpreet harriet harry harvey hassan hayley heidi helen henry hugh
    hussein ian ibrahim ifeoma imogen imran ioan irene isaac isabel isabella isla ismail
    jacqueline jacqui jake james jamal jamie jan jane janet janice jasmine jason jasvinder
    jayne jeffrey jennifer jenny jeremy jessica jill jo joanna joanne jodie joe joel john
    jonathan jordan joseph joshua josie joyce judith julia julian julie justin kamal karen
    karim kasia katarzyna kate katherine kathleen kathryn katie kayleigh keith kelly kemi
    kenneth kerry kevin khadija kieran kim kirsty kofi krishna kwame kyle lakshmi laura lauren
    leah leanne lena leon leslie liam linda lindsay lisa liz lizzie lorna lorraine louise
    lucy luke lydia lynn lynne maciej madeleine mahmood maisie malcolm mandeep mandy manoj
    margaret maria marian marie marion martin martina mary matthew maureen megan meera melanie
    melissa michael michelle mick mike mohammed mohamed muhammad mohammad molly monica
    morag moira nadia naomi natalie natasha nathan neha neil niamh nicholas nicola nicole nigel
    nikhil nina nisha noah nkechi norman obinna oliver olivia olu oluwaseun omar oscar owen
    paige pamela paolo patrick paul paula pauline peter philip phillip phoebe piotr pooja
    priya priyanka rachel rahul raj rajesh rakesh ravi rebecca reece rhian rhys richard
    rita robert roberta robyn rohan ronald rory rosemary ross rosie roy ruth ryan sadia saira
    sajid sally salma samantha samir samuel sandeep sandra sanjay sara sarah sean sebastian
    shabana shahid shanice sharon sheila shirley shona simon siobhan sonia sophie stacey
    stanley stella stephen steve steven stuart sukhwinder sunil susan suzanne sylvia tamara
    tanya tariq teresa theresa thomas tina toby tom tomasz tony tracey tracy trevor tunde
    usha uzma valerie vanessa vicky victoria vijay vikram vincent wayne wendy wojciech yasmin
    yusuf yvonne zainab zara zoe zofia zubair
    """
)

# Given names that are also everyday English words. They count as names only with help:
# a capital letter away from the start of a sentence, a surname after them, an apostrophe
# of possession, or the project's gazetteer.
NAMES_THAT_ARE_WORDS: Final = _words(
    """
    amber april august bill bob carol chase dawn dean don drew faith frank grace guy hazel
    heather holly hope iris ivy jack jade jean jewel joy june kay lily mark max may miles
    olive pat patience pearl penny ray rich robin rod rose ruby sandy sky summer sue sunny
    victor will nick rob dev harry sally jan mo
    """
)

# Short and familiar forms. A participant called Elizabeth may be Liz, Beth or Lizzie in
# what colleagues say; each form maps to the full names it may stand for.
NICKNAMES: Final[dict[str, tuple[str, ...]]] = {
    "alex": ("alexander", "alexandra"),
    "andy": ("andrew",),
    "becky": ("rebecca",),
    "ben": ("benjamin",),
    "beth": ("elizabeth", "bethan", "bethany"),
    "bill": ("william",),
    "bob": ("robert",),
    "cathy": ("catherine", "cathryn"),
    "charlie": ("charles", "charlotte"),
    "chris": ("christopher", "christine", "christina"),
    "dan": ("daniel",),
    "dave": ("david",),
    "debbie": ("deborah",),
    "ed": ("edward",),
    "fran": ("frances", "francesca"),
    "frankie": ("francesca", "frances"),
    "freddie": ("frederick",),
    "gill": ("gillian",),
    "jacqui": ("jacqueline",),
    "jen": ("jennifer",),
    "jenny": ("jennifer",),
    "jim": ("james",),
    "jimmy": ("james",),
    "jo": ("joanne", "joanna", "josephine"),
    "joe": ("joseph",),
    "kasia": ("katarzyna",),
    "kate": ("katherine", "kathryn", "catherine"),
    "katie": ("katherine", "kathryn", "catherine"),
    "kemi": ("oluwakemi",),
    "liz": ("elizabeth",),
    "lizzie": ("elizabeth",),
    "maggie": ("margaret",),
    "mandy": ("amanda",),
    "matt": ("matthew",),
    "meg": ("margaret", "megan"),
    "mick": ("michael",),
    "mike": ("michael",),
    "mo": ("mohammed", "maureen"),
    "nick": ("nicholas",),
    "nicky": ("nicola",),
    "pat": ("patrick", "patricia"),
    "pete": ("peter",),
    "phil": ("philip", "phillip"),
    "raj": ("rajesh",),
    "rob": ("robert",),
    "sam": ("samuel", "samantha"),
    "sandy": ("sandra",),
    "steve": ("stephen", "steven"),
    "sue": ("susan",),
    "ted": ("edward",),
    "tom": ("thomas",),
    "tony": ("anthony",),
    "vicky": ("victoria",),
    "will": ("william",),
}

# Written before a name: "Dr Okafor", "Cllr. Hughes". The title is left out of the finding.
HONORIFICS: Final = _words(
    """
    mr mrs ms miss mx dr doctor prof professor sir dame lord lady councillor cllr
    nurse sister reverend rev father
    """
)

# Capitalised words that never carry on a name ("Sarah Monday" is not a full name) and
# speaker labels that are roles, not people.
NOT_SURNAMES: Final = _words(
    """
    i i'm i've i'd i'll a an the and or but so if then when we they he she it you our my
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december nhs gp ceo chair director
    manager trust council cic ltd pct ccg icb board team said says told yes no okay ok
    well um erm er yeah right so interviewer interviewee respondent participant speaker
    facilitator moderator unknown inaudible crosstalk laughs laughter pause
    """
)

ROLE_LABELS: Final = _words(
    """
    interviewer interviewee respondent participant speaker facilitator moderator chair
    ceo coo cfo director manager nurse staff trustee user commissioner partner member
    researcher observer note-taker unknown all group both
    """
)
