"""The demo data set: two teams, their staff, and the people they support.

Everything here is invented. The words are written as people say them, so that
every page of the demo reads like a real record. ``seed_demo`` turns it into
rows; dates are relative to the day it runs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from outcomes.vocabulary import Lifecycle, StepStatus

DEMO_PASSWORD = "pphw-demo"  # noqa: S105 - the documented demo password

TEAMS = [
    ("North", "Highland: Inverness, Ross-shire and the far north"),
    ("South", "Dumfries and Galloway"),
]

# username, first name, last name, team, role
STAFF = [
    ("morag", "Morag", "MacLeod", "North", "lead"),
    ("callum", "Callum", "Fraser", "North", "practitioner"),
    ("aileen", "Aileen", "Stewart", "South", "lead"),
    ("ravi", "Ravi", "Sharma", "South", "practitioner"),
]

# Who in each team records conversations and reviews.
PRACTITIONER_OF = {"North": "callum", "South": "ravi"}
LEAD_OF = {"North": "morag", "South": "aileen"}

# Step statuses, short for the tables below.
PLANNED, DOING, DONE, DROPPED = (
    StepStatus.PLANNED,
    StepStatus.IN_PROGRESS,
    StepStatus.DONE,
    StepStatus.NOT_GOING_AHEAD,
)


@dataclass
class StepSpec:
    what: str
    who: str  # person / family / practitioner / community / other
    who_name: str = ""
    status: str = PLANNED


@dataclass
class OutcomeSpec:
    statement: str
    category: str
    why: str
    strengths: str
    baseline: int
    reason: str
    target: int
    could_help: str
    steps: list[StepSpec]
    # The person's rating at each review, oldest first; only the reviews that
    # fit between the conversation and today are kept (the newest ones).
    ratings: list[int]
    changes: list[str]  # "what changed", one per review, oldest first
    helped: str
    in_the_way: str
    due_in: int  # days from today to the next review (negative: overdue)
    conversation: int = 0  # which of the person's conversations identified it
    interval: int = 90
    lifecycle: str = Lifecycle.ACTIVE


@dataclass
class ConversationSpec:
    days_ago: int
    mode: str
    others: str
    what_matters: str
    strengths: str
    notes: str
    agreed: bool = True


@dataclass
class PersonSpec:
    given: str
    family: str
    team: str
    birth: datetime.date
    place: str
    conversations: list[ConversationSpec]
    outcomes: list[OutcomeSpec]
    username: str = ""
    preferred: str = ""
    communication: str = ""
    reflections: list[tuple[int, int, str, int | None]] = field(default_factory=list)
    preparation: tuple[str, str, str] | None = None
    # An unpaid carer's own record: their outcomes use the carers' categories.
    is_carer: bool = False
    # Whom they care for: (that person's username, how related, caring for how many
    # days, the care given in the carer's words).
    cares_for: tuple[str, str, int, str] | None = None


S = StepSpec

PEOPLE: list[PersonSpec] = [
    PersonSpec(
        username="isla",
        given="Isla",
        family="Munro",
        team="North",
        place="Inverness",
        birth=datetime.date(1991, 3, 14),
        conversations=[
            ConversationSpec(
                400,
                "in_person",
                "",
                "Since I was ill last year I've lost my nerve. I used to swim three times a "
                "week and work full time at the library. Now I hardly leave the flat. I want "
                "my life back, bit by bit, and I don't want to be rushed.",
                "My sister Kirsty phones every night. I'm good with computers and I love "
                "reading. The library staff have kept in touch. Merkinch Community Centre "
                "runs a walking group that a friend goes to.",
                "Isla was open and thoughtful. Anxiety is worst in the mornings. She asked "
                "for things in writing after we meet.",
            ),
            ConversationSpec(
                150,
                "video",
                "Kirsty (sister)",
                "I'm doing more than I was. The swimming is the thing I'm proudest of. What "
                "worries me now is going back to work and whether I'll cope.",
                "The walking group has become a real lift. Kirsty comes with me to the pool "
                "on Saturdays. My manager at the library is willing to talk about a phased "
                "return.",
                "Isla has made steady progress. She wants to plan the return to work herself "
                "with support, not have it planned for her.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want to get back in the pool at the Aquadome without panicking.",
                "staying_well",
                "Swimming was how I looked after myself. When I swim I sleep.",
                "I'm a strong swimmer. Kirsty will come with me.",
                2,
                "I've not been since I got ill. Even thinking about the changing rooms makes "
                "my heart race.",
                8,
                "Going at quiet times, and someone with me the first few times.",
                [
                    S("Ring the Aquadome to ask when it is quietest", "person", "", DONE),
                    S("Go with Kirsty on a Saturday morning", "family", "Kirsty", DONE),
                    S("Swim on my own once a week", "person", "", DOING),
                ],
                [3, 5, 6, 7],
                [
                    "I phoned the pool and found out Tuesday mornings are quiet.",
                    "I've been in the water three times with Kirsty. The first time I only "
                    "managed ten minutes but I did it.",
                    "I'm swimming most Saturdays now and I stayed for forty minutes last week.",
                    "I went on my own for the first time. I felt shaky in the changing room "
                    "but fine once I was in.",
                ],
                "Kirsty coming with me, and knowing the quiet times.",
                "A bad week with my sleep in the winter knocked me back for a bit.",
                -6,
            ),
            OutcomeSpec(
                "I want to be listened to when I say I'm not ready, and not be pushed.",
                "listened_to",
                "Before, people made plans for me and I felt like a problem to be fixed.",
                "I know myself and I can say what I need if I'm given time.",
                4,
                "Some services have been good, some haven't. I've felt rushed.",
                9,
                "Having time at the start of meetings to say how I am.",
                [
                    S("Start each meeting with how Isla is today", "practitioner", "Callum", DONE),
                    S("Write down what we agreed and send it to Isla", "practitioner", "Callum"),
                ],
                [6, 7, 8, 8],
                [
                    "Callum asks me how I am before anything else and waits for the answer.",
                    "I said I wasn't ready for the job centre and that was respected.",
                    "I feel I have a say in the pace. That's new.",
                    "It's still going well. I trust the team now.",
                ],
                "Being given time, and getting the notes in writing afterwards.",
                "A locum GP was brisk with me in the summer and it set me back a wee bit.",
                40,
            ),
            OutcomeSpec(
                "I'd like to feel confident enough to go back to work at the library, even "
                "a couple of mornings.",
                "improved_confidence",
                "Work was a big part of who I was. I miss the people and feeling useful.",
                "I was good at my job and my manager wants me back.",
                3,
                "I want to go back but the thought of the front desk scares me.",
                7,
                "A phased return and a quiet room to go to if I need it.",
                [
                    S("Meet my manager for a coffee to talk it over", "person", "", DONE),
                    S("Ask occupational health about a phased return", "practitioner", "Callum"),
                    S("Volunteer at the Saturday book group", "community", "Inverness Library"),
                    S("Sign up for a confidence course at the college", "person", "", DROPPED),
                ],
                [3, 4, 5],
                [
                    "I met my manager in town. It was less frightening than I thought.",
                    "I've been thinking about it more and it feels possible.",
                    "We've agreed I'll start with two mornings in the back office.",
                ],
                "My manager being kind about it. Callum helping me plan it.",
                "The college course clashed with swimming so I let it go.",
                9,
                conversation=0,
            ),
            OutcomeSpec(
                "I want to see my friends from the walking group outside the walks too.",
                "seeing_people",
                "I'd got so isolated. These are people who get it.",
                "I'm a good listener and people seem to like having me around.",
                4,
                "I see them on Wednesdays but I always go straight home after.",
                7,
                "Saying yes when they ask me for a coffee.",
                [
                    S("Stay for the coffee after the Wednesday walk", "person", "", DOING),
                    S("Invite Jen round for tea", "person", "Isla"),
                ],
                [5],
                ["I stayed for coffee twice. I enjoyed it more than I expected."],
                "The group are welcoming and nobody asks awkward questions.",
                "I still get tired quickly in the afternoons.",
                75,
                conversation=1,
            ),
        ],
        reflections=[
            (0, 60, "Swam 20 lengths today on my own. Felt brilliant afterwards.", 7),
            (2, 20, "Nervous about the back office but excited too.", 5),
        ],
        preparation=(
            "How the first weeks back at work might go, and what to do on a bad morning.",
            "Keeping up the swimming when I'm back at work.",
            "I'm sleeping better and I've been to the walking group every week.",
        ),
    ),
    PersonSpec(
        username="euan",
        given="Euan",
        family="Mackenzie",
        team="North",
        place="Dingwall",
        birth=datetime.date(1953, 8, 2),
        communication="Hard of hearing in his left ear: sit on his right and speak clearly.",
        conversations=[
            ConversationSpec(
                380,
                "in_person",
                "Fiona (daughter)",
                "Since Margaret died it's been awful quiet. The hip op has kept me in. I "
                "want to get out to the Men's Shed and back to my garden before it goes to "
                "ruin. I don't want to end up in a home.",
                "Fiona lives in Strathpeffer and calls in twice a week. I was a joiner for "
                "forty years. The Dingwall Men's Shed has asked after me. My neighbour Alec "
                "helps with the bins.",
                "Euan is proud and independent. Grieving. Physio exercises are not being "
                "done regularly. Fiona worries about falls.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want to get back to the Men's Shed on a Tuesday and be useful with my hands.",
                "things_to_do",
                "I've always made things. Sitting in all day is no life.",
                "Forty years a joiner. The lads at the Shed want me back.",
                2,
                "Haven't been since the op. Can't manage the bus steps yet.",
                8,
                "A lift, and getting my walking better.",
                [
                    S("Ask the Shed about a lift on Tuesdays", "practitioner", "Callum", DONE),
                    S("Go along for an hour to see the lads", "person", "", DONE),
                    S(
                        "Teach the young ones dovetail joints",
                        "community",
                        "Dingwall Men's Shed",
                        DOING,
                    ),
                ],
                [3, 5, 7, 8],
                [
                    "Callum found out Davie from the Shed passes my door and can give me a lift.",
                    "I went for an hour. Sat down most of the time but it was grand.",
                    "I'm going every week now. Made a bird box for Fiona's garden.",
                    "They've asked me to show the younger ones how to do joints properly.",
                ],
                "Davie's lifts. Being asked for my know-how.",
                "A chest infection in February kept me in for three weeks.",
                -14,
                conversation=0,
                interval=90,
            ),
            OutcomeSpec(
                "I want to get my garden back in shape so I can sit out in it like we used to.",
                "living_as_you_want",
                "Margaret and I built that garden. It's where I feel close to her.",
                "I know what I'm doing in a garden. Alec will lend a hand.",
                3,
                "It's overgrown and I can't kneel with the hip.",
                7,
                "Raised beds, and someone to help with the heavy work.",
                [
                    S("Build two raised beds", "person", "Euan, with Alec", DONE),
                    S(
                        "Ask Ross-shire Gardening Volunteers about a hand",
                        "community",
                        "Ross-shire Gardening Volunteers",
                        DROPPED,
                    ),
                    S("Plant out the tatties in spring", "person", "", PLANNED),
                ],
                [3, 4, 4, 6],
                [
                    "Nothing much yet; the weather has been against me.",
                    "Alec and I built one raised bed. Took a week but it's solid.",
                    "The second bed is done. I sat out in the sun on Sunday.",
                    "The garden's coming back. Fiona says it looks like Margaret's again.",
                ],
                "Alec, and the raised beds so I don't have to kneel.",
                "The volunteers had a waiting list so we did it ourselves.",
                3,
            ),
            OutcomeSpec(
                "When I phone the team I want someone to get back to me the same day.",
                "responded_to",
                "When I'm stuck I worry, and waiting makes it worse.",
                "I don't phone unless I need to.",
                4,
                "Last time I waited three days for a call back.",
                9,
                "A named person to phone, and knowing when they'll ring back.",
                [
                    S("Give Euan Callum's direct number and hours", "practitioner", "Callum", DONE),
                    S("Agree a back-up contact when Callum is off", "practitioner", "Morag", DOING),
                ],
                [6, 7, 7, 6],
                [
                    "I have Callum's number on the fridge now.",
                    "Called twice and got a call back the same afternoon both times.",
                    "Good. No complaints.",
                    "When Callum was on holiday nobody rang back for two days.",
                ],
                "Having one name and one number.",
                "Holidays: nobody covered Callum's calls.",
                12,
            ),
            OutcomeSpec(
                "I want to walk to the Co-op and back with my stick, about half a mile.",
                "improved_mobility",
                "Then I can get my own messages and not rely on Fiona for everything.",
                "I'm stubborn. I did my exercises after the last op.",
                2,
                "I can get to the end of the road and then I need to sit.",
                8,
                "Doing the physio exercises every day, and a bench halfway.",
                [
                    S("Do the physio exercises every morning", "person", "", DOING),
                    S(
                        "Ask the council about the broken bench on Station Road",
                        "practitioner",
                        "Callum",
                        DONE,
                    ),
                    S("Walk to the Co-op with Fiona", "family", "Fiona", PLANNED),
                ],
                [3, 3, 5, 6],
                [
                    "I've started the exercises but I keep forgetting.",
                    "Same as before. The bench on Station Road is still broken.",
                    "The council fixed the bench. I got to the Co-op with one stop.",
                    "Did it twice last week. Legs were sore but I got my own paper.",
                ],
                "The fixed bench. Fiona's encouragement.",
                "The chest infection and the icy pavements in January.",
                -2,
            ),
        ],
        reflections=[
            (0, 30, "Finished a bird box at the Shed. Fiona's put it up.", 8),
            (3, 10, "Made it to the Co-op and back. Knackered but pleased.", 6),
        ],
    ),
    PersonSpec(
        given="Donald",
        preferred="Donnie",
        family="MacRae",
        team="North",
        place="Ullapool",
        birth=datetime.date(1944, 11, 21),
        communication="Gaelic is his first language; he likes to speak Gaelic with Morag.",
        conversations=[
            ConversationSpec(
                390,
                "in_person",
                "Peggy (neighbour)",
                "I've lived in this house all my days and I'll leave it in a box. I'm not "
                "for a home. I'd like to get out on the boat again with my nephew.",
                "My nephew Kenny fishes out of Ullapool. Peggy next door looks in every day. "
                "The church folk bring me the Stornoway Gazette.",
                "Donnie is sharp and very clear about what he wants. Falls risk in the "
                "bathroom. Spoke partly in Gaelic; Morag joined.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want to stay in my own house, whatever happens.",
                "living_as_you_want",
                "It's my home. My father built the extension.",
                "I'm careful, and Peggy and Kenny are close by.",
                6,
                "I'm managing but the bathroom frightens me since I slipped.",
                9,
                "A grab rail and a shower instead of the bath.",
                [
                    S("Occupational therapy home visit", "practitioner", "Callum", DONE),
                    S("Fit grab rails in the bathroom", "other", "Care and Repair", DONE),
                    S(
                        "Swap the bath for a level-access shower",
                        "other",
                        "Highland Council",
                        DOING,
                    ),
                ],
                [6, 7, 7, 8],
                [
                    "The OT came and we talked it through.",
                    "Grab rails are in. I feel safer already.",
                    "Keeping going well at home. No falls.",
                    "The shower is booked for next month.",
                ],
                "Care and Repair were quick. Peggy keeps an eye.",
                "The wait for the council's shower list.",
                -20,
                lifecycle=Lifecycle.ACTIVE,
            ),
            OutcomeSpec(
                "I want folk to talk to me, not to Kenny, when they come about my care.",
                "treated_with_respect",
                "I'm old, I'm not daft.",
                "I know my own mind and I say it.",
                3,
                "The last social worker talked over me to Kenny the whole time.",
                9,
                "Speak to me first. In Gaelic if you can.",
                [
                    S("Agree that meetings are with Donnie first", "practitioner", "Morag", DONE),
                    S("Ask Kenny to let Donnie speak for himself", "family", "Kenny", DONE),
                ],
                [6, 8, 9],
                [
                    "Morag spoke to me in Gaelic and asked me what I wanted. That was right.",
                    "Kenny's been good about it.",
                    "I'm treated like a man that knows his own business.",
                ],
                "Morag speaking Gaelic with me.",
                "Nothing much.",
                50,
                lifecycle="completed",
            ),
            OutcomeSpec(
                "I'd like to get out on Kenny's boat in the summer.",
                "improved_mobility",
                "The sea is in my blood. Even an hour out would do me good.",
                "Kenny will take me. I know boats.",
                1,
                "Haven't been out in three years. My balance isn't good.",
                7,
                "Better balance, and a calm day.",
                [
                    S(
                        "Balance class at the village hall",
                        "community",
                        "Ullapool Village Hall",
                        DROPPED,
                    ),
                    S("Do balance exercises at home with the leaflet", "person", "", DOING),
                    S("Go out with Kenny on a calm day in June", "family", "Kenny", PLANNED),
                ],
                [1, 2, 2, 3],
                [
                    "Not much change yet.",
                    "The class was too far to get to in winter, so I'm doing the leaflet at home.",
                    "I'm steadier on my feet in the kitchen.",
                    "Kenny says June. I'm looking forward to it.",
                ],
                "The exercises on the leaflet, a bit every day.",
                "The hall is a long walk and there's no bus.",
                30,
            ),
        ],
    ),
    PersonSpec(
        given="Shona",
        family="Grant",
        team="North",
        place="Nairn",
        birth=datetime.date(1980, 5, 30),
        conversations=[
            ConversationSpec(
                360,
                "phone",
                "",
                "MS has taken a lot from me. I want to keep working as long as I can and "
                "not have my daughter looking after me. She's sixteen, she should be out "
                "with her pals.",
                "I'm organised, I'm a planner. My daughter Eilidh is a star. The MS Society "
                "Highland group meets in Inverness. My boss is understanding.",
                "Shona worries about Eilidh being a young carer. Fatigue is the main problem.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want Eilidh to have her own life and not be my carer.",
                "living_as_you_want",
                "She's doing her Highers. I don't want her missing out because of me.",
                "We talk about everything. She's got good pals.",
                3,
                "She's doing the shopping and the cooking most days.",
                8,
                "Some help at home and a young carers group for her.",
                [
                    S("Refer Eilidh to Highland young carers", "practitioner", "Callum", DONE),
                    S("Online shopping delivery each week", "person", "", DONE),
                    S("Carer assessment for Eilidh", "practitioner", "Callum", DOING),
                ],
                [4, 5, 5, 6],
                [
                    "Eilidh has been to the young carers group twice.",
                    "The shopping comes on a Thursday now, so that's one thing less for her.",
                    "Much the same.",
                    "She went on the young carers' trip to Aviemore. She loved it.",
                ],
                "The young carers group. The delivery.",
                "Her exams: she still worries about me.",
                20,
            ),
            OutcomeSpec(
                "I want to have a say in when the carers come, so it fits my good times.",
                "having_a_say",
                "I'm best in the morning. Help in the evening is no use to me.",
                "I know my pattern well.",
                2,
                "They come at 7 at night when I'm already done in.",
                8,
                "Moving the visits to the morning.",
                [
                    S(
                        "Ask the provider to move visits to the morning",
                        "practitioner",
                        "Callum",
                        DONE,
                    ),
                    S("Try self-directed support option 2", "practitioner", "Callum", PLANNED),
                ],
                [2, 6, 7, 7],
                [
                    "They said they can't change it yet.",
                    "Visits moved to 9 in the morning. Huge difference.",
                    "Still working well.",
                    "Still fine. Thinking about managing my own budget.",
                ],
                "Callum pushing for the time change.",
                "The provider had no morning staff at first.",
                60,
            ),
            OutcomeSpec(
                "I want my fatigue not to wipe out my whole weekend.",
                "reduced_symptoms",
                "Weekends are when I see my family. I sleep through them now.",
                "I pace myself at work already.",
                3,
                "I'm in bed most of Saturday.",
                6,
                "Pacing, and the fatigue course from the MS nurse.",
                [
                    S("Fatigue management course", "community", "MS Society Highland", DONE),
                    S("Keep a pacing diary for a month", "person", "", DONE),
                    S("Ask the GP about the new medication", "person", "", DROPPED),
                ],
                [4, 3, 5, 5],
                [
                    "The course is helping me understand it.",
                    "Bad relapse in the winter. Back to square one.",
                    "Better again. I had a good Saturday at the beach with Eilidh.",
                    "Holding steady.",
                ],
                "The course. Planning rest before I crash.",
                "The relapse in December.",
                -9,
            ),
        ],
    ),
    PersonSpec(
        given="Alasdair",
        family="Ross",
        team="North",
        place="Inverness",
        birth=datetime.date(1997, 1, 9),
        communication="Easy read, please. Short sentences and pictures help.",
        conversations=[
            ConversationSpec(
                370,
                "in_person",
                "Mum (Catriona) and Lewis (support worker)",
                "I want my own flat. I want to pick my own tea. I want a job with animals.",
                "I can cook pasta. I get the bus to town on my own. I go to the Highland "
                "Hospice shop on Fridays to help. Lewis helps me with money.",
                "Easy read plan made with Alasdair. His mum is supportive but anxious.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want my own flat near my mum.",
                "living_as_you_want",
                "I am 28. My brother has his own flat.",
                "I can cook pasta and soup. I am tidy.",
                2,
                "I live at Mum's. I like it but I want my own place.",
                9,
                "Learning about bills and rent. A flat near Mum.",
                [
                    S("Money skills course with Lewis", "community", "Lewis, Key Housing", DONE),
                    S("Go on the housing list", "practitioner", "Callum", DONE),
                    S("Practise staying over at the training flat", "person", "", DOING),
                ],
                [3, 4, 5, 6],
                [
                    "I did the first money class. I paid for my shopping myself.",
                    "I am on the housing list now.",
                    "I stayed two nights in the training flat. I made my tea.",
                    "I stayed a whole week. Mum said well done.",
                ],
                "Lewis. The training flat.",
                "The housing list is long.",
                4,
            ),
            OutcomeSpec(
                "I want people to explain things so I understand.",
                "having_a_say",
                "Letters are hard. I feel stupid when I don't understand.",
                "I ask questions.",
                4,
                "Letters from the council are too hard.",
                8,
                "Easy read letters. Someone to go through them with me.",
                [
                    S("Send all letters in easy read", "practitioner", "Callum", DONE),
                    S("Go through letters with Lewis on Mondays", "community", "Lewis", DOING),
                ],
                [5, 7, 8],
                [
                    "I got my plan in easy read. I liked the pictures.",
                    "Lewis helps me on Mondays.",
                    "I understood my housing letter by myself.",
                ],
                "Pictures. Lewis.",
                "The council sent one letter the old way.",
                35,
            ),
            OutcomeSpec(
                "I want to learn to work with animals.",
                "improved_skills",
                "I love dogs. I want a real job.",
                "I am kind to animals. I am on time.",
                2,
                "I only help at the shop.",
                7,
                "Volunteering with animals first.",
                [
                    S("Volunteer at the Inverness dog rescue", "community", "Dog rescue", DOING),
                    S("Ask about the college animal care course", "person", "", PLANNED),
                    S("Work trial at the pet shop", "other", "Pet shop", DROPPED),
                ],
                [2, 4, 5],
                [
                    "The pet shop said no trial after all.",
                    "I started at the dog rescue. I walk the dogs on Saturdays.",
                    "They gave me a badge. I am a proper volunteer.",
                ],
                "The dog rescue team are nice to me.",
                "The pet shop changing their mind.",
                70,
            ),
        ],
    ),
    PersonSpec(
        given="Mairi",
        family="Campbell",
        team="North",
        place="Aviemore",
        birth=datetime.date(1959, 9, 17),
        conversations=[
            ConversationSpec(
                395,
                "in_person",
                "",
                "The COPD has me scared to go up even a wee hill. I walked the Cairngorms my "
                "whole life. I'd like to get up to Loch an Eilein again and not feel I'm "
                "going to die on the way.",
                "My walking pals still ask me out. I've a good GP. I'm in the Badenoch "
                "choir, singing helps my breathing.",
                "Mairi is frightened of breathlessness. Pulmonary rehab offered before but "
                "she missed it.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want to walk round Loch an Eilein with my pals again.",
                "improved_mobility",
                "That walk is my happy place.",
                "I know the paths, and my pals will go at my pace.",
                2,
                "I get breathless walking up the road to the shop.",
                8,
                "Pulmonary rehab, and practising on the flat first.",
                [
                    S("Pulmonary rehab at the Badenoch hospital", "practitioner", "Callum", DONE),
                    S("Walk the flat path by the Spey twice a week", "person", "", DOING),
                    S(
                        "Loch an Eilein with the walking group",
                        "community",
                        "Badenoch Walkers",
                        PLANNED,
                    ),
                ],
                [2, 4, 5, 6],
                [
                    "Started the rehab class. It's hard going.",
                    "I can walk for half an hour on the flat.",
                    "Did the Spey path without stopping.",
                    "Nearly ready for the loch, my pals say.",
                ],
                "The rehab team. The choir for my breathing.",
                "A bad chest in the autumn.",
                -4,
            ),
            OutcomeSpec(
                "I want to be able to trust the carers will turn up when they say.",
                "reliability",
                "I plan my day round them.",
                "I'm patient, up to a point.",
                3,
                "Three times last month nobody came and nobody phoned.",
                9,
                "A phone call if they're late.",
                [
                    S("Raise missed visits with the provider", "practitioner", "Morag", DONE),
                    S(
                        "Agreement that the office phones if a visit is late",
                        "other",
                        "Care provider",
                        DONE,
                    ),
                ],
                [4, 6, 6, 7],
                [
                    "Morag spoke to the provider.",
                    "They phone now if they're running late.",
                    "Only one late visit, and they phoned.",
                    "Reliable now.",
                ],
                "Morag taking it up.",
                "Staff shortages in the summer.",
                55,
            ),
            OutcomeSpec(
                "I want to keep singing with the choir.",
                "things_to_do",
                "It's good for my breathing and my spirits.",
                "I've a good voice and the choir are my friends.",
                7,
                "I'm still going, but I worry I'll have to stop.",
                8,
                "Keep going. A lift on the bad days.",
                [
                    S(
                        "Lift from Jean on the choir nights",
                        "community",
                        "Jean, Badenoch choir",
                        DONE,
                    ),
                    S(
                        "Use the community minibus on choir nights",
                        "community",
                        "Badenoch community transport",
                        DROPPED,
                    ),
                ],
                [7, 8, 8, 8],
                [
                    "Still singing.",
                    "We did a concert in Kingussie. Wonderful.",
                    "Keeping it going.",
                    "Still going every week.",
                ],
                "Jean's lifts.",
                "Nothing.",
                80,
            ),
        ],
    ),
    PersonSpec(
        given="Jessie",
        family="MacKay",
        team="North",
        place="Thurso",
        birth=datetime.date(1938, 4, 4),
        communication="Early memory difficulties: one thing at a time; her daughter Ann helps.",
        conversations=[
            ConversationSpec(
                385,
                "in_person",
                "Ann (daughter)",
                "I like my own routines. I want to keep going to the lunch club on a "
                "Thursday and I don't want to forget who my grandchildren are.",
                "Ann is very good to me. The Thurso lunch club at the church hall. I knit "
                "for the hospital. I know every hymn.",
                "Jessie is cheerful and sociable. Ann is tired and would like a break.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want to keep going to the lunch club and seeing my friends.",
                "seeing_people",
                "It's my outing of the week.",
                "Everybody knows me there.",
                7,
                "I love it. Sometimes I forget it's Thursday.",
                8,
                "A reminder, and the minibus.",
                [
                    S("Calendar by the phone with Thursdays marked", "family", "Ann", DONE),
                    S("Book the lunch club minibus", "community", "Thurso lunch club", DONE),
                ],
                [7, 7, 8, 8],
                [
                    "Going every week with the minibus.",
                    "Keeping it going.",
                    "Went to the Christmas lunch as well.",
                    "Still going. She sang at the harvest lunch.",
                ],
                "The minibus. The calendar.",
                "A cold in March.",
                15,
                lifecycle=Lifecycle.ACTIVE,
            ),
            OutcomeSpec(
                "I want to be kept in the loop about what's happening with my care.",
                "listened_to",
                "I get muddled when nobody tells me things.",
                "I ask if I'm told I can.",
                4,
                "People arrange things with Ann and I don't know.",
                8,
                "A note on the fridge of who's coming and when.",
                [
                    S("Weekly note on the fridge of visits", "practitioner", "Callum", DOING),
                    S("Memory clinic review", "other", "Caithness General", PLANNED),
                ],
                [5, 6, 6],
                [
                    "The fridge note helps.",
                    "I know who's coming now.",
                    "Same.",
                ],
                "The note. Ann reading it with me.",
                "A visit was changed without telling her.",
                -1,
            ),
            OutcomeSpec(
                "I want to keep my memory as good as I can for as long as I can.",
                "reduced_symptoms",
                "I want to know my great-grandchildren.",
                "I do the crossword every day. I knit.",
                5,
                "It's slipping a bit, Ann says.",
                6,
                "Keeping busy, and the memory group.",
                [
                    S("Memory cafe at the library", "community", "Thurso Memory Cafe", DOING),
                    S("Photo book of the family", "family", "Ann", DONE),
                    S("Tablet games for memory", "other", "", DROPPED),
                ],
                [5, 5, 4, 5],
                [
                    "Enjoying the memory cafe.",
                    "The photo book is lovely. She reads it every night.",
                    "A muddled month after the cold.",
                    "Back to herself mostly.",
                ],
                "The photo book. Routine.",
                "The tablet was too fiddly.",
                25,
            ),
        ],
    ),
    PersonSpec(
        username="fatima",
        given="Fatima",
        family="Khan",
        team="South",
        place="Dumfries",
        birth=datetime.date(1974, 6, 12),
        communication="Prefers written information in English and Urdu.",
        conversations=[
            ConversationSpec(
                390,
                "in_person",
                "Samira (daughter)",
                "Since the diabetes diagnosis and losing my job I have felt very low. I want "
                "to feel like myself again, cook for my family without worrying, and get "
                "out of the house.",
                "My daughters are very supportive. I am a good cook. The women's group at "
                "the mosque on Saturdays. My neighbour Brenda walks every morning.",
                "Fatima is low in mood and unsure about her diabetes diet. Her English is "
                "good; she asked for leaflets in Urdu for her husband.",
            ),
            ConversationSpec(
                110,
                "phone",
                "",
                "I am feeling more hopeful. I would like to think about some work or "
                "volunteering now.",
                "The walking with Brenda has become a habit. The dietitian was kind.",
                "Fatima's mood is lifting. Talked about volunteering at the Stove in Dumfries.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want to cook the food my family loves in a way that is good for my sugar.",
                "staying_well",
                "Food is how I look after my family. I do not want to cook two meals.",
                "I am a good cook. My daughter Samira reads the labels with me.",
                3,
                "I am confused about what I can eat and I worry every meal.",
                8,
                "The dietitian, and recipes that work for us.",
                [
                    S("See the dietitian at Dumfries Infirmary", "practitioner", "Ravi", DONE),
                    S("Try the South Asian diabetes cookbook recipes", "person", "", DONE),
                    S(
                        "Share recipes at the women's group",
                        "community",
                        "Mosque women's group",
                        DOING,
                    ),
                ],
                [4, 5, 6, 7],
                [
                    "The dietitian gave me ideas for chapatis and rice portions.",
                    "My HbA1c came down. The doctor was pleased.",
                    "I cooked for Eid and my sugar was fine.",
                    "The women at the group asked for my recipes.",
                ],
                "The dietitian, Samira, and the cookbook.",
                "Weddings and big family meals are still hard.",
                -11,
            ),
            OutcomeSpec(
                "I want to get out of the house every day, even a short walk.",
                "things_to_do",
                "When I stay in I feel worse.",
                "Brenda next door walks every morning.",
                2,
                "Some days I do not get dressed.",
                7,
                "Walking with Brenda.",
                [
                    S("Walk with Brenda on weekday mornings", "community", "Brenda", DONE),
                    S(
                        "Join the Dock Park walking group",
                        "community",
                        "Dumfries Healthy Walks",
                        DOING,
                    ),
                ],
                [3, 5, 6, 6],
                [
                    "Walked with Brenda three mornings.",
                    "Most mornings now.",
                    "Joined the Dock Park group on Wednesdays.",
                    "Keeping it going through the winter.",
                ],
                "Brenda knocking on my door.",
                "Rainy weeks.",
                28,
            ),
            OutcomeSpec(
                "I want to be treated with respect and not judged because of my weight.",
                "treated_with_respect",
                "At the surgery I felt ashamed.",
                "I know I am trying hard.",
                3,
                "I stopped going to the surgery because of how I was spoken to.",
                8,
                "A different nurse. Being spoken to kindly.",
                [
                    S("Ask for an appointment with a different practice nurse", "person", "", DONE),
                    S("Write a complaint to the practice", "person", "", DROPPED),
                ],
                [5, 6, 7],
                [
                    "The new nurse was kind. I went back.",
                    "I feel more confident at appointments.",
                    "I go without dreading it now.",
                ],
                "The new nurse.",
                "I decided not to complain in the end; I just wanted to move on.",
                45,
            ),
            OutcomeSpec(
                "I want to feel confident enough to volunteer, maybe at a cafe.",
                "improved_confidence",
                "I used to work. I want to feel useful outside the home.",
                "I am good with people and I can cook.",
                3,
                "I want to but I am nervous.",
                7,
                "A taster session with someone I know.",
                [
                    S(
                        "Visit the Stove cafe volunteer morning",
                        "community",
                        "The Stove Network",
                        PLANNED,
                    ),
                    S("Talk to Samira about it", "family", "Samira", DONE),
                ],
                [4],
                ["Samira said she would come with me to the taster morning."],
                "Samira's encouragement.",
                "Nerves.",
                -3,
                conversation=1,
                interval=60,
            ),
        ],
        reflections=[
            (0, 40, "Cooked biryani with brown rice. Nobody noticed!", 7),
            (1, 15, "Walked every day this week even in the rain.", 6),
        ],
    ),
    PersonSpec(
        given="Jean",
        family="Maxwell",
        team="South",
        place="Stranraer",
        birth=datetime.date(1949, 2, 27),
        conversations=[
            ConversationSpec(
                375,
                "in_person",
                "",
                "I look after Bill since his stroke. I love him but I'm worn out. I'd like "
                "a bit of time for me, just an afternoon, and not to feel guilty.",
                "My sister Nan in Newton Stewart. The bowling club. Carers Centre in "
                "Stranraer. I'm stubborn, I get things done.",
                "Jean is exhausted and has not had a break for two years.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want one afternoon a week for me, without worrying about Bill.",
                "living_as_you_want",
                "I've lost myself in caring.",
                "Nan will sit with Bill. The bowling club would have me back.",
                2,
                "I haven't had an afternoon off in two years.",
                8,
                "A sitter, and Nan.",
                [
                    S(
                        "Carers Centre respite sitter on Wednesdays",
                        "community",
                        "Stranraer Carers Centre",
                        DONE,
                    ),
                    S("Back to bowls on Wednesday afternoons", "person", "", DOING),
                ],
                [3, 5, 7, 7],
                [
                    "The sitter started. I went to the shops and had a coffee on my own.",
                    "I'm back at the bowling club.",
                    "Played in the summer competition. We lost but I didn't care.",
                    "Still getting my afternoons.",
                ],
                "The sitter. Nan.",
                "When the sitter was off sick there was no cover.",
                7,
            ),
            OutcomeSpec(
                "I want to be asked what I think about Bill's care, not just told.",
                "having_a_say",
                "I know him better than anyone.",
                "I've looked after him for three years.",
                3,
                "The hospital changed his tablets and didn't tell me.",
                8,
                "Being at the reviews.",
                [
                    S("Invite Jean to Bill's care reviews", "practitioner", "Ravi", DONE),
                    S("Carer's support plan", "practitioner", "Ravi", DOING),
                ],
                [5, 6, 6],
                [
                    "I was at Bill's review for the first time.",
                    "They asked me what I thought. I felt heard.",
                    "Same. Good.",
                ],
                "Ravi making sure I'm invited.",
                "The GP still phones Bill, not me.",
                -8,
            ),
            OutcomeSpec(
                "I want to sleep through the night.",
                "reduced_symptoms",
                "I'm up three times a night with Bill and I'm exhausted.",
                "I can nap when Bill naps.",
                2,
                "I'm grey with tiredness.",
                6,
                "A night sensor so I don't have to listen out.",
                [
                    S("Fit a bed sensor for Bill", "other", "Community alarm service", DONE),
                    S("Ask the GP about Bill's night-time toileting", "practitioner", "Ravi", DONE),
                    S("Overnight respite once a month", "community", "Carers Centre", PLANNED),
                    S("Try sleeping tablets", "person", "", DROPPED),
                ],
                [3, 4, 3, 5],
                [
                    "The sensor is in. I sleep a bit deeper.",
                    "Better after Bill's tablets were changed.",
                    "Bad month: Bill had an infection.",
                    "Sleeping four or five hours at a stretch now.",
                ],
                "The sensor.",
                "Bill's infection in the spring. I didn't want tablets in case Bill needs me.",
                30,
            ),
        ],
    ),
    PersonSpec(
        given="Thomas",
        preferred="Tam",
        family="Irving",
        team="South",
        place="Annan",
        birth=datetime.date(1966, 10, 3),
        communication="Aphasia after a stroke: short questions, give him time, pictures help.",
        conversations=[
            ConversationSpec(
                365,
                "in_person",
                "Linda (wife)",
                "Talk. Want to talk. Pub with the boys. Football.",
                "Linda. Queen of the South season ticket. The stroke club in Annan. Good "
                "sense of humour.",
                "Tam understands well; expressive aphasia. Used a picture board. Linda "
                "helped but let Tam lead.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "Talk better. Order a pint myself.",
                "improved_skills",
                "Linda says he wants to be his own man again, not have her speak for him.",
                "He practises every day and he's determined.",
                2,
                "Words won't come.",
                7,
                "Speech therapy, practice at home, the stroke club.",
                [
                    S("Speech and language therapy", "practitioner", "Ravi", DONE),
                    S("Practise the phrase cards with Linda", "family", "Linda", DOING),
                    S("Order at the Blue Bell with the boys", "person", "", PLANNED),
                ],
                [2, 3, 4, 5],
                [
                    "Started speech therapy.",
                    "More words. Said Linda's name clearly.",
                    "Ordered a coffee in the cafe.",
                    "Phoned his brother and had a wee chat.",
                ],
                "The therapist. Linda's patience.",
                "Getting tired: words go when he's tired.",
                -16,
            ),
            OutcomeSpec(
                "Football. Palmerston. With my boy.",
                "seeing_people",
                "His son Scott takes him; it's their time together.",
                "Season ticket. Scott.",
                4,
                "He went once but the crowd was too much.",
                8,
                "Going early, a seat near the exit.",
                [
                    S("Ask the club about an accessible seat", "practitioner", "Ravi", DONE),
                    S("Go to the home games with Scott", "family", "Scott", DOING),
                ],
                [5, 6, 8],
                [
                    "The club moved his seat.",
                    "Went to three home games.",
                    "Hasn't missed a home game since August.",
                ],
                "The club. Scott.",
                "Winter evening kick-offs are hard.",
                65,
            ),
            OutcomeSpec(
                "People wait. Let me talk.",
                "listened_to",
                "People finish his sentences and he hates it.",
                "He gets there if you give him time.",
                3,
                "Everyone rushes.",
                8,
                "Time. A picture board.",
                [
                    S("Use the picture board at every appointment", "practitioner", "Ravi", DONE),
                    S("Aphasia card in his wallet", "person", "", DONE),
                    S("Talk to the pharmacy about aphasia", "practitioner", "Ravi", DROPPED),
                ],
                [5, 6, 7],
                [
                    "Ravi waits. Good.",
                    "Showed his card at the bank. They waited.",
                    "Better. Most people wait now.",
                ],
                "The card.",
                "The pharmacy moved to a new owner, so we started again elsewhere.",
                22,
            ),
        ],
    ),
    PersonSpec(
        given="Kirsty",
        family="Murray",
        team="South",
        place="Castle Douglas",
        birth=datetime.date(1987, 12, 1),
        conversations=[
            ConversationSpec(
                355,
                "video",
                "Dot (peer worker)",
                "I've been sober eight months. I want to stay that way and get my kids back "
                "for weekends. I want people to see me, not my past.",
                "Dot from the recovery cafe. My gran. I'm a good mum when I'm well. I can "
                "do hair; I was a hairdresser.",
                "Kirsty is motivated and honest. Peer support is her anchor.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want to stay sober and have my kids at weekends.",
                "feeling_safe",
                "They're my reason.",
                "Eight months sober. Dot. My gran.",
                4,
                "I'm sober but I only see the kids at the contact centre.",
                9,
                "Recovery cafe, and showing social work I'm steady.",
                [
                    S(
                        "Recovery cafe every Thursday",
                        "community",
                        "Castle Douglas recovery cafe",
                        DOING,
                    ),
                    S("Supervised contact at gran's house", "family", "Gran", DONE),
                    S("Overnight weekend with the kids", "person", "", PLANNED),
                ],
                [5, 6, 6, 8],
                [
                    "Twelve months sober now.",
                    "Contact moved to gran's house. Much more natural.",
                    "A hard month, but I didn't drink.",
                    "First full day with the kids on my own.",
                ],
                "Dot. The recovery cafe.",
                "Anniversary of my mum's death was hard.",
                2,
            ),
            OutcomeSpec(
                "I want to be treated like a person, not a file.",
                "treated_with_respect",
                "People read my history and stop listening.",
                "I'm honest about where I've been.",
                3,
                "At the housing office they looked at me like dirt.",
                8,
                "People who know recovery. Dot at appointments.",
                [
                    S("Dot to come to housing appointments", "community", "Dot, peer worker", DONE),
                    S("Ask for the same housing officer each time", "person", "", DOING),
                ],
                [4, 6, 7],
                [
                    "Dot came to housing with me. Different meeting altogether.",
                    "Got the same officer twice now.",
                    "She knows my story now and is decent.",
                ],
                "Dot.",
                "Staff changes at the housing office.",
                -5,
            ),
            OutcomeSpec(
                "I want to get back to hairdressing, even part time.",
                "improved_skills",
                "It's who I am. And I need the money.",
                "Qualified, eight years in a salon.",
                2,
                "Haven't cut hair in three years; my hands shake when I think about it.",
                7,
                "A refresher at the college, practise on gran.",
                [
                    S(
                        "Refresher course at Dumfries and Galloway College",
                        "community",
                        "D&G College",
                        DOING,
                    ),
                    S("Cut gran's hair", "family", "Gran", DONE),
                    S("Apply to the salon on King Street", "person", "", DROPPED),
                ],
                [3, 4, 5],
                [
                    "Cut gran's hair. She was delighted.",
                    "Started the refresher course.",
                    "Halfway through the course. The salon wasn't right, I'll look elsewhere.",
                ],
                "Gran. The college tutor.",
                "Childcare on course days.",
                48,
            ),
        ],
    ),
    PersonSpec(
        username="fiona",
        given="Fiona",
        family="Mackenzie",
        team="North",
        place="Strathpeffer",
        birth=datetime.date(1979, 6, 18),
        is_carer=True,
        cares_for=(
            "euan",
            "daughter",
            400,
            "I call in on Dad twice a week after work and every Sunday: his messages, his "
            "pills in the dosette box, the washing. Since his hip op I'm on the phone to him "
            "every night. I work full time and I've two teenagers, so it's a lot.",
        ),
        conversations=[
            ConversationSpec(
                330,
                "in_person",
                "",
                "I love my dad but I'm running on empty. I haven't been to my choir since his "
                "op. I worry he'll fall and nobody will know. I'd like to know what help there "
                "is, and have a bit of my own life back.",
                "My husband Neil does the school runs. Dad's neighbour Alec keeps an eye. I'm "
                "organised: I run a dental practice. The carers' group at the hall meets "
                "monthly.",
                "Fiona is Euan's main carer and is exhausted; she has not had a carer's "
                "assessment before. Offered an adult carer support plan; she agreed.",
            ),
        ],
        outcomes=[
            OutcomeSpec(
                "I want one evening a week that is mine, back at the choir.",
                "carer_life_of_own",
                "Singing is what keeps me sane. I've not been since August.",
                "Neil can cover Tuesdays. The choir kept my place.",
                2,
                "Every evening goes on Dad or the kids.",
                8,
                "Someone looking in on Dad on choir night.",
                [
                    S("Ask Alec to look in on Dad on Tuesday evenings", "family", "Fiona", DONE),
                    S("Go back to the choir on a Tuesday", "person", "", DOING),
                    S(
                        "Ask about a sitter from the carers' service",
                        "practitioner",
                        "Callum",
                        DROPPED,
                    ),
                ],
                [3, 5, 7],
                [
                    "Nothing yet; I felt guilty even thinking about it.",
                    "Alec said yes straight away. I went to the choir twice.",
                    "I've been every week this month. I sleep better on a Tuesday.",
                ],
                "Alec, and Neil doing bedtime.",
                "Dad's chest infection in February: I missed three weeks.",
                -5,
            ),
            OutcomeSpec(
                "I want to know what to do if Dad falls when I'm not there.",
                "carer_informed",
                "It's the thing that keeps me awake at night.",
                "I'm a planner. Dad will wear a pendant if I explain it right.",
                3,
                "There's no plan; I just hope.",
                9,
                "A community alarm and an emergency plan written down.",
                [
                    S("Refer Euan for a community alarm", "practitioner", "Callum", DONE),
                    S("Write down who to ring and where the keys are", "person", "", DONE),
                    S("Carers' first aid course at the hall", "person", "", PLANNED),
                ],
                [4, 6, 8],
                [
                    "The referral for the alarm is in.",
                    "Dad has the pendant now; he wears it most days.",
                    "The plan is on his fridge and on my phone. I feel calmer.",
                ],
                "Callum's referral; the plan on the fridge.",
                "Dad forgetting the pendant in the garden.",
                20,
            ),
            OutcomeSpec(
                "I want the team to ask me before they change Dad's visits.",
                "carer_having_a_say",
                "Twice the visits were changed and I found out from Dad.",
                "I know his routine better than anyone.",
                3,
                "I'm told afterwards, if at all.",
                8,
                "Being copied in, and a phone call before a change.",
                [
                    S(
                        "Add Fiona as the contact for changes to Euan's visits",
                        "practitioner",
                        "Callum",
                        DONE,
                    ),
                    S(
                        "Ring Fiona before any change to the visits",
                        "practitioner",
                        "Callum",
                        DOING,
                    ),
                ],
                [4, 6, 7],
                [
                    "Callum has put my number on Dad's file.",
                    "The last change, they rang me first.",
                    "Mostly good; one change in the holidays came as a surprise.",
                ],
                "Having my number on the file.",
                "Holidays: cover staff didn't know.",
                9,
            ),
        ],
    ),
]

# Generic words for the parts of reviews that are not tied to one outcome.
WHAT_NEXT = [
    "Keep going as we are and look again at the next review.",
    "Carry on with the steps we agreed; add one new small step.",
    "Keep the good things going; check in by phone in a month.",
    "Focus on the next step and celebrate what has gone well.",
]
OTHERS_AT_REVIEW = ["", "", "family member", "", "peer worker", ""]
FEEDBACK_COMMENTS = [
    "I felt listened to today.",
    "It helps that I see the same person.",
    "I'd like a bit more notice when things change.",
    "",
]


# --- the directory of local services -------------------------------------------
# Invented services with plausible names for the two teams' areas. Phone numbers
# are from Ofcom's range for drama (01632 960xxx), which no real line uses.


@dataclass
class ServiceSpec:
    name: str
    organisation: str
    description: str
    categories: list[str]
    who_for: str
    when: str
    phone: str
    place: str
    address: str
    locality: str
    postcode: str
    latitude: str = ""
    longitude: str = ""
    cost: str = "Free"
    getting_there: str = ""
    accessibility: str = ""
    tags: str = ""
    closed: bool = False
    checked_days_ago: int = 60


SERVICES: list[ServiceSpec] = [
    ServiceSpec(
        "Merkinch Walking Group",
        "Merkinch Community Centre",
        "A gentle hour's walk along the canal and back, at the pace of the slowest walker, "
        "then tea and a blether at the centre. Nobody is left behind.",
        ["staying_well", "seeing_people", "improved_confidence"],
        "Anyone; new walkers are paired with a regular for their first few weeks.",
        "Tuesdays and Fridays, 10am from the centre's front door",
        "01632 960101",
        "Merkinch Community Centre",
        "12 Coronation Park",
        "Inverness",
        "IV3 8AD",
        "57.488100",
        "-4.240500",
        getting_there="Bus 1 from the city centre to Grant Street; level walk from the stop.",
        accessibility="Flat paths; benches every few hundred metres; accessible toilet.",
        tags="walking, health walk, outdoors, tea",
    ),
    ServiceSpec(
        "Dingwall Men's Shed",
        "Dingwall Men's Shed",
        "A workshop where men (and anyone else) make, mend and chat. Tools, wood and "
        "patience provided.",
        ["things_to_do", "seeing_people", "improved_skills"],
        "Adults of any age and skill.",
        "Monday, Wednesday and Thursday, 10am to 3pm",
        "01632 960102",
        "The old fire station",
        "4 Station Road",
        "Dingwall",
        "IV15 9JX",
        cost="£2 a session; tea included",
        getting_there="Five minutes' walk from Dingwall station.",
        tags="woodwork, repairs, shed",
    ),
    ServiceSpec(
        "Badenoch Walkers",
        "Badenoch Walkers",
        "Walks in Badenoch and Strathspey graded from easy to hill days, with a driver "
        "for those who need a lift.",
        ["staying_well", "improved_mobility", "seeing_people"],
        "Adults; the easy walks suit people getting back to walking.",
        "Saturdays; the programme is on the noticeboard at the library",
        "01632 960103",
        "Meets at the Kingussie library car park",
        "Ardvonie Road",
        "Kingussie",
        "PH21 1ER",
        "57.080000",
        "-4.052000",
        tags="walking, hills, lift share",
    ),
    ServiceSpec(
        "Thurso Memory Cafe",
        "Caithness Memory Friends",
        "A relaxed cafe for people living with memory loss and the people who care for "
        "them: music, reminiscence and someone to talk to.",
        ["seeing_people", "staying_well"],
        "People with memory loss, and their carers.",
        "First and third Thursday of the month, 2pm to 4pm",
        "01632 960104",
        "Thurso Library meeting room",
        "Davidson's Lane",
        "Thurso",
        "KW14 7AF",
        accessibility="Ground floor; hearing loop.",
        tags="dementia, memory, carers, cafe",
    ),
    ServiceSpec(
        "Dumfries Healthy Walks",
        "Nithsdale Health Walks",
        "Short, led walks around Dock Park and the river, for people who want to be a "
        "bit more active with company.",
        ["staying_well", "seeing_people", "improved_mobility"],
        "Anyone; the walk leaders are trained in first aid.",
        "Mondays and Thursdays, 10.30am at the Dock Park bandstand",
        "01632 960105",
        "Dock Park bandstand",
        "Dock Park",
        "Dumfries",
        "DG1 2RY",
        "55.065000",
        "-3.609000",
        tags="walking, health walk, park",
    ),
    ServiceSpec(
        "Stranraer Carers Centre",
        "Wigtownshire Carers",
        "Advice, a sitter service and breaks for unpaid carers, and a carers' support plan.",
        ["feeling_safe", "living_as_you_want", "staying_well"],
        "Unpaid carers of any age, and the people they care for.",
        "Monday to Friday, 9am to 5pm",
        "01632 960106",
        "Carers Centre",
        "21 George Street",
        "Stranraer",
        "DG9 7JP",
        tags="carers, respite, sitter, advice",
    ),
    ServiceSpec(
        "Castle Douglas Recovery Cafe",
        "Stewartry Recovery Network",
        "A drop-in cafe run by people in recovery from drink and drugs, for anyone in "
        "recovery or thinking about it.",
        ["seeing_people", "reduced_symptoms", "dealing_with_stigma"],
        "Anyone in or thinking about recovery, and their families.",
        "Thursdays, 12 noon to 3pm",
        "01632 960107",
        "Church hall",
        "60 King Street",
        "Castle Douglas",
        "DG7 1AE",
        tags="recovery, peer support, cafe",
    ),
    ServiceSpec(
        "Annan Friday Lunch Club",
        "Annan Community Lunches",
        "A two-course lunch with company for older people. It closed in the summer when "
        "its hall was sold.",
        ["seeing_people"],
        "Older people.",
        "Fridays, 12 noon (closed)",
        "01632 960108",
        "The old church hall",
        "2 Church Street",
        "Annan",
        "DG12 6AA",
        cost="£4",
        tags="lunch, older people",
        closed=True,
        checked_days_ago=120,
    ),
]

# Demo small steps (by what they say) that use a service of the directory.
STEP_SERVICES = {
    "Teach the young ones dovetail joints": "Dingwall Men's Shed",
    "Loch an Eilein with the walking group": "Badenoch Walkers",
    "Memory cafe at the library": "Thurso Memory Cafe",
    "Join the Dock Park walking group": "Dumfries Healthy Walks",
    "Carers Centre respite sitter on Wednesdays": "Stranraer Carers Centre",
    "Recovery cafe every Thursday": "Castle Douglas Recovery Cafe",
}

# Conversations (by the start of their strengths) that name directory services
# the person already uses.
CONVERSATION_SERVICES = {
    "The walking group has become a real lift.": ["Merkinch Walking Group"],
}


# --- places staff may search near (the gazetteer) --------------------------------
# Towns and postcode districts of the two areas, at their approximate centres, so
# that "near Dingwall" or "near IV3" works without the internet.
PLACES: list[tuple[str, str, str]] = [
    ("Inverness", "57.477800", "-4.224700"),
    ("IV1", "57.480000", "-4.224000"),
    ("IV3", "57.481000", "-4.250000"),
    ("Dingwall", "57.595700", "-4.428200"),
    ("IV15", "57.595000", "-4.430000"),
    ("Kingussie", "57.080500", "-4.052600"),
    ("PH21", "57.080000", "-4.052000"),
    ("Thurso", "58.593000", "-3.522000"),
    ("KW14", "58.593000", "-3.522000"),
    ("Dumfries", "55.070700", "-3.605100"),
    ("DG1", "55.070000", "-3.605000"),
    ("Stranraer", "54.903000", "-5.024000"),
    ("DG9", "54.903000", "-5.024000"),
    ("Castle Douglas", "54.940000", "-3.929000"),
    ("DG7", "54.940000", "-3.929000"),
    ("Annan", "54.989000", "-3.258000"),
    ("DG12", "54.989000", "-3.258000"),
]
