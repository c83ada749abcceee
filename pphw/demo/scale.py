"""A large, realistic data set for measuring speed (DESIGN.md, "Scale").

Generated in batches of people: everything a batch needs (names, dates,
ratings, words) is drawn in Python first, then written with
``bulk_create_with_history`` so every row gets its history row, with the team's
practitioner as the history user. No query is made per row.

Scale data is recognised by its team names (``TEAM_PREFIX``) and its logins
(``USER_PREFIX``); :func:`delete_scale_data` removes it all, history included.
"""

from __future__ import annotations

import datetime
import random
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalChanges
from simple_history.utils import bulk_create_with_history, get_history_model_for_model

from conversations.models import Conversation, LastConversation, Preparation
from conversations.summaries import last_conversation_rebuild
from outcomes.models import Outcome, Reflection, Step
from outcomes.vocabulary import CATEGORY_CODES, Achievement, Lifecycle, StepStatus, StepWho
from pphw.community.counts import category_counts_rebuild
from pphw.community.models import (
    Location,
    Organisation,
    Place,
    SearchPlace,
    Service,
    postcode_district,
)
from pphw.community.search_places import search_places_rebuild
from pphw.community.services import place_import
from pphw.demo.common import (
    PROCESS_FIELDS,
    SCALE_MAX_CHI_SERIAL,
    achievement_status,
    local_time,
    met_status,
    set_history,
)
from pphw.people.models import Membership, Person, Team, User
from pphw.people.validators import make_chi_number
from reviews.models import (
    CaseloadOutcomes,
    CaseloadPeople,
    ReportDay,
    ReportDistance,
    ReportOutcomes,
    ReportPerson,
    Review,
    ReviewSummary,
)
from reviews.summaries import counts_rebuild, summary_rebuild

TEAM_PREFIX = "Scale team"
# Scale services and organisations carry an ALISS id with this prefix.
SERVICE_PREFIX = "scale-"
USER_PREFIX = "scale-"
DEFAULT_PASSWORD = "pphw-scale-demo"  # noqa: S105 - documented benchmark password
CHANGE_REASON = "Generated scale data set"
INSERT_BATCH = 2000
YEARS = 3

GIVEN_NAMES = [
    "Aileen",
    "Alasdair",
    "Alison",
    "Andrew",
    "Angus",
    "Ann",
    "Archie",
    "Callum",
    "Catriona",
    "Calum",
    "Craig",
    "Donald",
    "Duncan",
    "Eilidh",
    "Elspeth",
    "Euan",
    "Ewan",
    "Fergus",
    "Fiona",
    "Flora",
    "Fraser",
    "Gordon",
    "Graham",
    "Hamish",
    "Hazel",
    "Iain",
    "Innes",
    "Isla",
    "Isobel",
    "Jamie",
    "Janet",
    "Jean",
    "Jessie",
    "Kenneth",
    "Kirsty",
    "Lachlan",
    "Lorna",
    "Lewis",
    "Magnus",
    "Mairi",
    "Malcolm",
    "Margaret",
    "Marion",
    "Morag",
    "Moira",
    "Murdo",
    "Neil",
    "Niamh",
    "Rhona",
    "Rory",
    "Ross",
    "Ruaridh",
    "Sandy",
    "Seonaid",
    "Shona",
    "Sorcha",
    "Stuart",
    "Struan",
    "Tam",
    "Una",
    "Fatima",
    "Amir",
    "Priya",
    "Agnieszka",
    "Tomasz",
    "Zainab",
    "Omar",
    "Mei",
    "Kofi",
]
FAMILY_NAMES = [
    "Anderson",
    "Bain",
    "Baird",
    "Cameron",
    "Campbell",
    "Chisholm",
    "Craig",
    "Docherty",
    "Douglas",
    "Duncan",
    "Ferguson",
    "Fraser",
    "Gillies",
    "Gordon",
    "Graham",
    "Grant",
    "Gunn",
    "Henderson",
    "Hunter",
    "Johnston",
    "Kerr",
    "Khan",
    "Lamont",
    "MacAskill",
    "MacDonald",
    "MacGregor",
    "MacInnes",
    "MacIver",
    "MacKay",
    "Mackenzie",
    "MacLean",
    "MacLeod",
    "MacNeil",
    "MacPherson",
    "MacRae",
    "Malik",
    "Matheson",
    "Maxwell",
    "McAllister",
    "McBride",
    "McCulloch",
    "McIntosh",
    "Morrison",
    "Munro",
    "Murray",
    "Nicolson",
    "Paterson",
    "Reid",
    "Robertson",
    "Ross",
    "Scott",
    "Sinclair",
    "Smith",
    "Stewart",
    "Sutherland",
    "Thomson",
    "Urquhart",
    "Walker",
    "Wallace",
    "Watson",
    "Wilson",
    "Young",
    "Kowalski",
    "Nowak",
    "Chen",
    "Mensah",
]
AREAS = [
    "Inverness",
    "Lochaber",
    "Skye and Lochalsh",
    "Caithness",
    "Sutherland",
    "Moray",
    "Aberdeen",
    "Dundee",
    "Perth and Kinross",
    "Fife",
    "Stirling",
    "Falkirk",
    "West Lothian",
    "Edinburgh",
    "Glasgow North",
    "Glasgow South",
    "Inverclyde",
    "Ayrshire",
    "Dumfries and Galloway",
    "Scottish Borders",
]
COMMUNICATION = [
    "Large print, please.",
    "BSL interpreter.",
    "Hard of hearing: face them and speak clearly.",
    "Easy read.",
    "Prefers phone calls to letters.",
    "Polish interpreter for appointments.",
]
STATEMENTS = {
    "feeling_safe": [
        "I want to feel safe in my own home at night.",
        "I don't want to be frightened of falling when I'm on my own.",
    ],
    "things_to_do": [
        "I want something to get up for in the morning.",
        "I'd like to get back to the Men's Shed on a Tuesday.",
        "I want to do some volunteering, even just a morning a week.",
    ],
    "seeing_people": [
        "I want to see my grandchildren more.",
        "I'd like to get to the lunch club and see my friends.",
        "I want to stop feeling so lonely in the evenings.",
    ],
    "staying_well": [
        "I want to stay as well as I can so I can keep looking after my dog.",
        "I want to get my sugar under control without giving up the food I love.",
    ],
    "living_as_you_want": [
        "I want to stay in my own house.",
        "I want my own flat near my mum.",
        "I want an afternoon a week that is just for me.",
    ],
    "dealing_with_stigma": [
        "I want people to see me, not my diagnosis.",
        "I want to be able to go to the shops without people staring.",
    ],
    "listened_to": [
        "I want people to listen when I say I'm not ready.",
        "I want to be asked what I think, not just told.",
    ],
    "having_a_say": [
        "I want a say in when the carers come.",
        "I want to choose who helps me with my personal care.",
    ],
    "treated_with_respect": [
        "I want to be spoken to, not talked about.",
        "I want to be treated like an adult.",
    ],
    "responded_to": [
        "When I phone I want somebody to get back to me the same day.",
        "I want to know someone will come if I press my alarm.",
    ],
    "reliability": [
        "I want the carers to come when they say they will.",
        "I want to see the same faces, not somebody new every week.",
    ],
    "improved_confidence": [
        "I want to feel confident going out on my own.",
        "I'd like to feel like myself again.",
    ],
    "improved_skills": [
        "I want to learn to cook a few simple meals.",
        "I want to manage my own money.",
        "I want to learn to use the computer to talk to my family.",
    ],
    "improved_mobility": [
        "I want to walk to the shop and back with my stick.",
        "I want to get up and down my stairs safely.",
    ],
    "reduced_symptoms": [
        "I want to sleep through the night.",
        "I want the pain not to stop me getting out.",
        "I want to be less breathless when I walk up the hill.",
    ],
}
WHY = [
    "It's what makes me feel like me.",
    "My family worry about me and I want to show them I'm managing.",
    "I've lost a lot of my independence and I want some of it back.",
    "It's the thing I miss most.",
]
STRENGTHS = [
    "My daughter phones every day. I'm stubborn and I don't give up.",
    "My neighbour looks in. I go to the church on Sundays.",
    "I'm good with my hands. The Men's Shed lads ask after me.",
    "My pals from the walking group. I love my garden.",
    "I'm organised. The carers centre has been a help.",
]
WHAT_MATTERS = [
    "Since my fall I've hardly been out. I want to get my confidence back and see folk.",
    "I want to stay in my own home for as long as I can, with a bit of help.",
    "Looking after my husband takes everything. I need a bit of time for me.",
    "I want to get back to doing the things I enjoy and not feel so low.",
    "I want to manage my health myself and not end up back in hospital.",
]
NOTES = [
    "Warm conversation; agreed to look again in three months.",
    "Carer present and supportive. Person led the conversation.",
    "Person tired today; kept it short and agreed one small step.",
    "Discussed community groups nearby; leaflets left.",
]
OTHERS = ["", "", "", "daughter", "son", "husband", "wife", "peer worker", "neighbour"]
STEP_WHAT = [
    ("Go to the lunch club on Thursday", StepWho.PERSON, ""),
    ("Phone the carers centre about a sitter", StepWho.PRACTITIONER, ""),
    ("Walk to the end of the road and back each day", StepWho.PERSON, ""),
    ("Ask the GP about a review of tablets", StepWho.PERSON, ""),
    ("Help with the shopping on Saturdays", StepWho.FAMILY, "Daughter"),
    ("Referral to the falls team", StepWho.PRACTITIONER, ""),
    ("Try the walking group at the community centre", StepWho.COMMUNITY, "Walking group"),
    ("Fit a grab rail in the bathroom", StepWho.OTHER, "Care and Repair"),
    ("Come along to the Men's Shed", StepWho.COMMUNITY, "Men's Shed"),
    ("Write a list of questions for the next appointment", StepWho.PERSON, ""),
]
CHANGED = [
    "I've been out three times this month on my own.",
    "Not much has changed; it's been a hard few weeks.",
    "I went to the group and I enjoyed it more than I expected.",
    "I feel a bit more like myself.",
    "Things slipped back after I was in hospital.",
    "I'm managing most days now.",
]
HELPED = [
    "My daughter coming with me.",
    "The walking group.",
    "Having the same carer every day.",
    "Knowing who to phone.",
    "",
]
IN_THE_WAY = ["The weather.", "Being unwell for a few weeks.", "No bus on a Sunday.", "", ""]
WHAT_NEXT = [
    "Keep going and look again at the next review.",
    "Add one new small step.",
    "Try the group on a different day.",
]
FEEDBACK = ["yes"] * 7 + ["partly"] * 2 + ["no"]


@dataclass
class Sizes:
    people: int = 10_000
    teams: int = 20
    conversations_per_person: float = 3.0
    outcomes_per_person: float = 4.0
    steps_per_outcome: float = 3.0
    reviews_per_outcome: float = 2.6
    batch_size: int = 500
    workers: int = 2
    seed: int = 2026
    # Local services in the directory; None: two for every person (20,000 at full size).
    services: int | None = None

    @property
    def service_count(self) -> int:
        return self.people * 2 if self.services is None else self.services


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, number: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + number


def team_name(number: int) -> str:
    return f"{TEAM_PREFIX} {number:02d}"


def scale_teams() -> models.QuerySet:
    return Team.objects.filter(name__startswith=TEAM_PREFIX)


def scale_data_exists() -> bool:
    return (
        scale_teams().exists()
        or User.objects.filter(username__startswith=USER_PREFIX).exists()
        or Service.objects.filter(aliss_id__startswith=SERVICE_PREFIX).exists()
    )


class ScaleDataInUse(Exception):
    """The scale data cannot be removed because records kept for good point at it."""


def _history(model):
    return get_history_model_for_model(model).objects


def _raw_delete(queryset: models.QuerySet) -> int:
    """One DELETE statement: no rows loaded, no signals, so no deletion history is written."""
    # Nothing to delete (no scale teams yet) answers None rather than 0.
    return queryset._raw_delete(queryset.db) or 0


@transaction.atomic
def delete_scale_data() -> dict[str, int]:
    """Remove every scale team, login and care record, and their history rows."""
    deleted: dict[str, int] = {}
    teams = scale_teams()
    people = Person.objects.filter(team__in=teams)
    outcomes = Outcome.objects.filter(person__in=people)
    care = [
        (Review, Review.objects.filter(outcome__in=outcomes)),
        (Reflection, Reflection.objects.filter(outcome__in=outcomes)),
        (Step, Step.objects.filter(outcome__in=outcomes)),
        (Outcome, outcomes),
        (Preparation, Preparation.objects.filter(person__in=people)),
        (Conversation, Conversation.objects.filter(person__in=people)),
    ]
    # Rows kept for good elsewhere (the append-only record-access log) pin the people
    # they point at: refuse before removing anything.
    known = {model for model, _ in care} | {LastConversation, ReportDistance, ReportPerson}
    for relation in Person._meta.related_objects:
        related = relation.related_model
        if related in known or issubclass(related, HistoricalChanges):
            continue
        pinned = related._default_manager.filter(**{f"{relation.field.name}__in": people})
        if pinned.exists():
            raise ScaleDataInUse(
                f"{related._meta.verbose_name_plural.capitalize()} refer to scale people and "
                "cannot be removed, so neither can the scale data: use a fresh database."
            )
    # History rows first, while the live rows still say which ones they are.
    for model, queryset in [*care, (Person, people)]:
        deleted[f"history of {model.__name__}"] = _raw_delete(
            _history(model).filter(id__in=queryset.values("pk"))
        )
    # The report's summary rows of the outcomes (they keep no history of their own).
    deleted["ReviewSummary"] = _raw_delete(ReviewSummary.objects.filter(outcome__in=outcomes))
    # Each person's latest conversation, kept beside the conversations (no history either).
    deleted["LastConversation"] = _raw_delete(LastConversation.objects.filter(person__in=people))
    deleted["ReportDay"] = _raw_delete(ReportDay.objects.filter(team__in=teams))
    deleted["ReportOutcomes"] = _raw_delete(ReportOutcomes.objects.filter(team__in=teams))
    deleted["ReportDistance"] = _raw_delete(ReportDistance.objects.filter(person__in=people))
    deleted["ReportPerson"] = _raw_delete(ReportPerson.objects.filter(person__in=people))
    deleted["CaseloadOutcomes"] = _raw_delete(CaseloadOutcomes.objects.filter(team__in=teams))
    deleted["CaseloadPeople"] = _raw_delete(CaseloadPeople.objects.filter(team__in=teams))
    for model, queryset in care:
        deleted[model.__name__] = _raw_delete(queryset)
    deleted["Person"] = _raw_delete(people)

    services = Service.objects.filter(aliss_id__startswith=SERVICE_PREFIX)
    places = Location.objects.filter(service__in=services)
    organisations = Organisation.objects.filter(aliss_id__startswith=SERVICE_PREFIX)
    for model, queryset in ((Location, places), (Service, services), (Organisation, organisations)):
        deleted[f"history of {model.__name__}"] = _raw_delete(
            _history(model).filter(id__in=queryset.values("pk"))
        )
    deleted["SearchPlace"] = _raw_delete(SearchPlace.objects.filter(service__in=services))
    deleted["Location"] = _raw_delete(places)
    deleted["Service"] = _raw_delete(services)
    deleted["Organisation"] = _raw_delete(organisations)
    # The counts of linkable services per category, without the services removed.
    category_counts_rebuild()

    users = User.objects.filter(username__startswith=USER_PREFIX)
    user_ids = list(users.values_list("pk", flat=True))
    team_ids = list(teams.values_list("pk", flat=True))
    history = {
        "history of Membership": _history(Membership).filter(team_id__in=team_ids),
        "history of User": _history(User).filter(id__in=user_ids),
        "history of Team": _history(Team).filter(id__in=team_ids),
    }
    # Their history first: its "changed by" protects every user named in it.
    for name, queryset in history.items():
        deleted[name] = _raw_delete(queryset)
    deleted["Membership"] = Membership.objects.filter(team_id__in=team_ids).delete()[0]
    deleted["User"] = users.delete()[0]
    deleted["Team"] = teams.delete()[0]
    # Then the history rows those deletions wrote.
    for name, queryset in history.items():
        deleted[name] += _raw_delete(queryset)
    return deleted


SERVICE_PLACES = [
    "Inverness",
    "Dingwall",
    "Thurso",
    "Wick",
    "Fort William",
    "Kingussie",
    "Dumfries",
    "Stranraer",
    "Annan",
    "Castle Douglas",
    "Lockerbie",
    "Newton Stewart",
    "Perth",
    "Leith",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SERVICE_DISTRICTS = ["IV1", "IV3", "IV15", "KW1", "KW14", "PH33", "PH21", "DG1", "DG9", "DG12"]
# Rough centres of the scale directory's postcode districts (for distance search).
DISTRICT_CENTRES = {
    "IV1": (57.4800, -4.2240),
    "IV3": (57.4810, -4.2500),
    "IV15": (57.5950, -4.4300),
    "KW1": (58.4390, -3.0940),
    "KW14": (58.5930, -3.5220),
    "PH33": (56.8200, -5.1050),
    "PH21": (57.1900, -3.8300),
    "DG1": (55.0700, -3.6050),
    "DG9": (54.9030, -5.0240),
    "DG12": (54.9890, -3.2580),
}
SERVICE_ACTIVITIES = [
    ("Walking Group", "Gentle walks with company"),
    ("Men's Shed", "Making, mending and a blether"),
    ("Lunch Club", "A hot lunch with company"),
    ("Memory Cafe", "A relaxed cafe for people with memory loss and their carers"),
    ("Carers Support", "Advice and breaks for unpaid carers"),
    ("Recovery Cafe", "Peer support for people in recovery"),
    ("Community Garden", "Growing food and flowers together"),
    ("Knit and Natter", "Knitting, crochet and conversation"),
    ("Chair Exercise", "Seated exercise to music"),
    ("Digital Drop-in", "Help with phones, tablets and getting online"),
]
SERVICE_TAGS = ["outdoors", "tea", "older people", "carers", "free", "peer support", "skills"]
SERVICE_TIMES = ["Mondays 10am", "Tuesdays 2pm", "Wednesdays 12 noon", "Thursdays 10.30am"]
ORGANISATION_KINDS = ["Community Trust", "Voluntary Action", "Health Walks", "Befriending"]


def _gauss_count(rng: random.Random, mean: float, minimum: int, spread: float) -> int:
    return max(minimum, round(rng.gauss(mean, spread)))


class Generator:
    """Builds and writes the data set, one batch of people at a time."""

    def __init__(
        self,
        sizes: Sizes,
        *,
        password: str = DEFAULT_PASSWORD,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.sizes = sizes
        self.password = password
        self.progress = progress or (lambda done, total: None)
        self.rng = random.Random(sizes.seed)
        self.today = timezone.localdate()
        self.counts = Counts()
        self._moments: dict[tuple[datetime.date, int], datetime.datetime] = {}
        self._used_chi: set[str] = set()
        self._lock = threading.Lock()
        self._heavy = self._heavy_indexes()
        self._done = 0

    # --- helpers ------------------------------------------------------------

    def moment(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        """An aware datetime on ``day``; cached, as many rows share a day."""
        key = (day, hour)
        value = self._moments.get(key)
        if value is None:
            value = local_time(day, hour)
            self._moments[key] = value
        return value

    def _write(self, model, objs: list, by: User | None) -> list:
        """Bulk insert with one history row each; per-object history user and date win."""
        if not objs:
            return objs
        created = bulk_create_with_history(
            objs,
            model,
            batch_size=INSERT_BATCH,
            default_user=by,
            default_change_reason=CHANGE_REASON,
        )
        with self._lock:
            self.counts.add(model.__name__, len(created))
        return created

    def _chi(self, rng: random.Random, birth: datetime.date) -> str:
        for _ in range(50):
            chi = make_chi_number(birth, rng.randint(0, SCALE_MAX_CHI_SERIAL - 10))
            with self._lock:
                if chi not in self._used_chi:
                    self._used_chi.add(chi)
                    return chi
        return ""  # this date is crowded: leave the CHI number blank, as it is optional

    # --- staff --------------------------------------------------------------

    def create_staff(self) -> tuple[list[Team], dict[int, User], dict[int, User]]:
        sizes = self.sizes
        encoded = make_password(self.password)  # one hash for every scale login: fast
        teams = [
            Team(name=team_name(n), area=AREAS[(n - 1) % len(AREAS)])
            for n in range(1, sizes.teams + 1)
        ]
        users = []
        for n in range(1, sizes.teams + 1):
            for role in ("prac", "lead"):
                users.append(
                    User(
                        username=f"{USER_PREFIX}{role}-{n}",
                        first_name=self.rng.choice(GIVEN_NAMES),
                        last_name=self.rng.choice(FAMILY_NAMES),
                        email=f"{USER_PREFIX}{role}-{n}@example.org",
                        password=encoded,
                    )
                )
        users.append(
            User(
                username=f"{USER_PREFIX}lead-all",
                first_name="Morag",
                last_name="Henderson",
                email=f"{USER_PREFIX}lead-all@example.org",
                password=encoded,
            )
        )
        users.append(
            User(
                username=f"{USER_PREFIX}lead-multi",
                first_name="Fiona",
                last_name="Sutherland",
                email=f"{USER_PREFIX}lead-multi@example.org",
                password=encoded,
            )
        )
        # Nobody made the logins in the app, so their first history row names no one;
        # the multi-team lead is recorded as having set up the teams and memberships.
        users = self._write(User, users, None)
        self.admin = users[-1]
        teams = self._write(Team, teams, self.admin)
        practitioners = {n: users[2 * (n - 1)] for n in range(1, sizes.teams + 1)}
        leads = {n: users[2 * (n - 1) + 1] for n in range(1, sizes.teams + 1)}
        multi, everywhere = users[-1], users[-2]
        memberships = []
        for n, team in enumerate(teams, start=1):
            memberships.append(
                Membership(user=practitioners[n], team=team, role=Membership.Role.PRACTITIONER)
            )
            memberships.append(Membership(user=leads[n], team=team, role=Membership.Role.LEAD))
            if n <= self.multi_team_count:
                memberships.append(Membership(user=multi, team=team, role=Membership.Role.LEAD))
            # A partnership-wide lead, for the twenty-team report and team page.
            memberships.append(Membership(user=everywhere, team=team, role=Membership.Role.LEAD))
        self._write(Membership, memberships, self.admin)
        return teams, practitioners, leads

    # --- the directory of local services ----------------------------------------

    def create_services(self) -> None:
        """Invented local services, each with one place, spread over the scale areas."""
        rng = random.Random(self.sizes.seed + 1)
        total = self.sizes.service_count
        if not total:
            return
        organisations = self._write(
            Organisation,
            [
                Organisation(
                    name=f"{rng.choice(SERVICE_PLACES)} {kind}", aliss_id=f"{SERVICE_PREFIX}org-{n}"
                )
                for n, kind in enumerate(ORGANISATION_KINDS * max(1, total // 200))
            ],
            self.admin,
        )
        checked_from = self.today - datetime.timedelta(days=700)
        services = []
        for n in range(total):
            place = rng.choice(SERVICE_PLACES)
            activity, words = rng.choice(SERVICE_ACTIVITIES)
            service = Service(
                aliss_id=f"{SERVICE_PREFIX}{n}",
                name=f"{place} {activity} ({n})",
                organisation=organisations[n % len(organisations)],
                description=f"{words} in {place}. Everyone welcome; come along and see.",
                tags=", ".join(rng.sample(SERVICE_TAGS, 2)),
                opening_times=rng.choice(SERVICE_TIMES),
                phone=f"01632 960{n % 1000:03d}",
                status=Service.Status.CLOSED if n % 40 == 0 else Service.Status.OPEN,
                confirmed=n % 10 != 0,
                last_checked_on=checked_from + datetime.timedelta(days=rng.randint(0, 700)),
            )
            service.set_categories(rng.sample(CATEGORY_CODES, rng.randint(1, 3)))
            service.search_document = " ".join(
                [service.name, service.organisation.name, service.description, service.tags]
            )
            services.append(service)
        services = self._write(Service, services, self.admin)
        places = []
        for n, service in enumerate(services):
            inward = f"{rng.randint(1, 9)}{''.join(rng.choices(INWARD_LETTERS, k=2))}"
            district = rng.choice(SERVICE_DISTRICTS)
            postcode = f"{district} {inward}"
            # Within about six miles of the district's centre, spread by the service's number.
            centre_lat, centre_lon = DISTRICT_CENTRES[district]
            places.append(
                Location(
                    service=service,
                    name="Community hall",
                    address=f"{n % 200 + 1} High Street",
                    locality=service.name.split(" ")[0],
                    postcode=postcode,
                    district=postcode_district(postcode),
                    latitude=Decimal(f"{centre_lat + ((n * 37) % 200 - 100) / 1000:.6f}"),
                    longitude=Decimal(f"{centre_lon + ((n * 53) % 300 - 150) / 1000:.6f}"),
                )
            )
        self._write(Location, places, self.admin)
        self.create_gazetteer()

    def create_gazetteer(self) -> None:
        """The districts' centres as gazetteer places, as a real directory imports them
        (``manage.py import_places``), so that a distance search from a district finds
        it in one indexed lookup. Places already known are left as they are, and are
        kept when the scale data is deleted: they are reference data, not invented records."""
        known = set(Place.objects.filter(key__in=SERVICE_DISTRICTS).values_list("key", flat=True))
        rows = [
            (district, Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}"))
            for district, (latitude, longitude) in DISTRICT_CENTRES.items()
            if district not in known
        ]
        # As from the command line: no user, so that deleting the scale logins stays possible.
        report = place_import(rows=rows)
        with self._lock:
            self.counts.add(Place.__name__, report.added)

    @property
    def multi_team_count(self) -> int:
        return min(self.sizes.teams, 5)

    # --- people and their records --------------------------------------------

    def run(self) -> Counts:
        sizes = self.sizes
        self._used_chi = set(
            Person.objects.exclude(chi_number="").values_list("chi_number", flat=True)
        )
        with transaction.atomic():
            staff = self.create_staff()
            self.create_services()
        self._done = 0
        self.progress(0, sizes.people)
        starts = range(0, sizes.people, sizes.batch_size)
        if self.workers() == 1:
            for start in starts:
                self._write_batch(start, staff)
        else:
            with ThreadPoolExecutor(max_workers=self.workers()) as pool:
                for future in [pool.submit(self._write_batch_in_thread, s, staff) for s in starts]:
                    future.result()
        # The reviews and conversations were written in bulk: work the summaries out from them.
        with transaction.atomic():
            summary_rebuild()
            last_conversation_rebuild()
            category_counts_rebuild()
            search_places_rebuild()
            counts_rebuild()
        return self.counts

    def workers(self) -> int:
        """Threads writing batches at once.

        Batches of people are independent once the staff exist, so while one
        thread waits for PostgreSQL another builds its rows: on two cores that
        nearly halves the time. Threads need their own connections, which only
        see committed rows, so this is used only outside a surrounding
        transaction, and not on SQLite, which writes one transaction at a time.
        """
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return 1
        return max(1, self.sizes.workers)

    def _write_batch(self, start: int, staff) -> None:
        stop = min(self.sizes.people, start + self.sizes.batch_size)
        # One random stream per batch: the same data whatever the order batches run in.
        rng = random.Random(f"{self.sizes.seed}-{start}")
        with transaction.atomic():
            self._batch(rng, range(start, stop), *staff)
        with self._lock:
            self._done += stop - start
            self.progress(self._done, self.sizes.people)

    def _write_batch_in_thread(self, start: int, staff) -> None:
        try:
            self._write_batch(start, staff)
        finally:
            connection.close()  # this thread's own connection

    def heavy(self, index: int) -> bool:
        """A few people have 30 or more outcomes; the very first has exactly 30 x 10 steps.

        The others are in other teams, so that the first person is the one with
        the most outcomes in Scale team 01 (the team the benchmark measures).
        """
        return index in self._heavy

    def _heavy_indexes(self) -> frozenset[int]:
        people, teams = self.sizes.people, self.sizes.teams
        count = max(1, people // 2000)
        spacing = max(1, people // count)
        # Person i is in team i % teams + 1: shift each by k to land in team k + 1.
        return frozenset(
            k * spacing + (k % teams if teams > 1 else 0)
            for k in range(count)
            if k * spacing + k % teams < people
        )

    def _batch(self, rng: random.Random, indexes: range, teams, practitioners, leads) -> None:
        sizes, today = self.sizes, self.today
        earliest = today - datetime.timedelta(days=365 * YEARS)

        people, plans = [], []
        for index in indexes:
            number = index % sizes.teams + 1
            team, prac = teams[number - 1], practitioners[number]
            start = earliest + datetime.timedelta(days=rng.randint(0, 365 * YEARS - 30))
            birth = datetime.date(rng.randint(1930, 2006), rng.randint(1, 12), rng.randint(1, 28))
            person = Person(
                given_name=rng.choice(GIVEN_NAMES),
                family_name=rng.choice(FAMILY_NAMES),
                preferred_name="",
                date_of_birth=birth,
                chi_number=self._chi(rng, birth),
                team=team,
                key_worker=prac,
                communication_needs=rng.choice(COMMUNICATION) if rng.random() < 0.1 else "",
                created_at=self.moment(start, 9),
            )
            set_history(person, prac, person.created_at)
            people.append(person)
            plans.append((index, number, start))
        self._write(Person, people, self.admin)

        conversations, conv_plans = [], []
        for person, (_index, number, start) in zip(people, plans, strict=True):
            count = _gauss_count(rng, sizes.conversations_per_person, 1, 1.2)
            span = (today - start).days
            days = sorted([0] + [rng.randint(1, span) for _ in range(count - 1)])
            mine = []
            for offset in days:
                held_on = start + datetime.timedelta(days=offset)
                by = practitioners[number] if rng.random() < 0.85 else leads[number]
                conversation = Conversation(
                    person=person,
                    held_on=held_on,
                    practitioner=by,
                    mode=rng.choice(("in_person", "in_person", "phone", "video")),
                    others_present=rng.choice(OTHERS),
                    what_matters=rng.choice(WHAT_MATTERS),
                    strengths=rng.choice(STRENGTHS),
                    practitioner_notes=rng.choice(NOTES),
                    agreed_with_person=rng.random() < 0.8,
                    created_at=self.moment(held_on, 11),
                )
                set_history(conversation, by, conversation.created_at)
                conversations.append(conversation)
                mine.append(conversation)
            conv_plans.append(mine)
        self._write(Conversation, conversations, self.admin)

        outcomes, outcome_plans = [], []
        for person, (index, number, _start), mine in zip(people, plans, conv_plans, strict=True):
            heavy = self.heavy(index)
            if index == 0:
                count = 30
            elif heavy:
                count = rng.randint(31, 40)
            else:
                count = _gauss_count(rng, sizes.outcomes_per_person, 1, 1.4)
            for _ in range(count):
                conversation = mine[0] if rng.random() < 0.7 else rng.choice(mine)
                outcome, plan = self._outcome(rng, person, conversation, number, heavy, index == 0)
                outcomes.append(outcome)
                outcome_plans.append(plan)
        self._write(Outcome, outcomes, self.admin)

        steps, reviews = [], []
        for outcome, plan in zip(outcomes, outcome_plans, strict=True):
            steps.extend(self._steps(rng, outcome, plan))
            reviews.extend(self._reviews(rng, outcome, plan, practitioners, leads))
        self._write(Step, steps, self.admin)
        self._write(Review, reviews, self.admin)

    def _outcome(self, rng, person, conversation, number: int, heavy: bool, first: bool):
        today = self.today
        category = rng.choice(CATEGORY_CODES)
        baseline = rng.randint(1, 6)
        target = min(10, baseline + rng.randint(2, 5))
        interval = rng.choice((90, 90, 90, 60, 120, 180))
        created = conversation.held_on
        planned_reviews = _gauss_count(rng, self.sizes.reviews_per_outcome, 0, 1.5)
        days = []
        day = created
        for _ in range(planned_reviews):
            day = day + datetime.timedelta(days=interval + rng.randint(-10, 10))
            if day > today:
                break
            days.append(day)
        trend = rng.choices((1, 0, -1), weights=(6, 3, 1))[0]
        ratings, rating = [], baseline
        for _ in days:
            rating = max(0, min(10, rating + trend * rng.randint(0, 2) + rng.choice((-1, 0, 0, 1))))
            ratings.append(rating)
        last = days[-1] if days else created
        finished = len(days) == planned_reviews and planned_reviews > 0
        next_due = last + datetime.timedelta(days=interval)
        achievement = Achievement.IN_PROGRESS
        if ratings:
            previous = ratings[-2] if len(ratings) > 1 else baseline
            achievement = achievement_status(previous, ratings[-1], target)
        if heavy or first:
            lifecycle = Lifecycle.ACTIVE
        elif finished and next_due < today - datetime.timedelta(days=60):
            # Its reviews are over and it is not waiting for another: closed.
            lifecycle = rng.choices(
                (Lifecycle.COMPLETED, Lifecycle.CANCELLED, Lifecycle.ON_HOLD), weights=(7, 2, 1)
            )[0]
        elif not days and rng.random() < 0.15:
            lifecycle = Lifecycle.PROPOSED
        else:
            lifecycle = Lifecycle.ACTIVE
        if lifecycle in (Lifecycle.COMPLETED, Lifecycle.CANCELLED):
            next_due = None
        outcome = Outcome(
            person=person,
            conversation=conversation,
            statement=rng.choice(STATEMENTS[category]),
            why_it_matters=rng.choice(WHY),
            category=category,
            strengths=rng.choice(STRENGTHS),
            baseline_rating=baseline,
            baseline_reason="That's where I am today.",
            target_rating=target,
            what_could_help=rng.choice(HELPED) or "A bit of help to get started.",
            lifecycle_status=lifecycle,
            achievement_status=achievement,
            review_interval_days=interval,
            next_review_due=next_due,
            created_at=self.moment(created, 11),
        )
        set_history(outcome, conversation.practitioner, outcome.created_at)
        closed = lifecycle in (Lifecycle.COMPLETED, Lifecycle.CANCELLED)
        step_count = (
            10 if (heavy or first) else _gauss_count(rng, self.sizes.steps_per_outcome, 0, 1.3)
        )
        return outcome, (number, created, days, ratings, baseline, target, closed, step_count)

    def _steps(self, rng, outcome, plan) -> Iterator[Step]:
        today = self.today
        number, created, _days, _ratings, _b, _t, closed, count = plan
        span = max(1, (today - created).days)
        for order in range(count):
            if closed:
                status = rng.choices((StepStatus.DONE, StepStatus.NOT_GOING_AHEAD), (3, 1))[0]
            else:
                status = rng.choices(
                    (
                        StepStatus.DONE,
                        StepStatus.IN_PROGRESS,
                        StepStatus.PLANNED,
                        StepStatus.NOT_GOING_AHEAD,
                    ),
                    (4, 2.5, 2.5, 1),
                )[0]
            what, who, who_name = rng.choice(STEP_WHAT)
            due_on = created + datetime.timedelta(days=rng.randint(14, 120))
            step = Step(
                outcome=outcome,
                what=what,
                who=who,
                who_name=who_name,
                due_on=due_on,
                status=status,
                done_on=(
                    created + datetime.timedelta(days=rng.randint(1, span))
                    if status == StepStatus.DONE
                    else None
                ),
                order=order,
                created_at=outcome.created_at,
            )
            set_history(step, outcome._history_user, step.created_at)
            yield step

    def _reviews(self, rng, outcome, plan, practitioners, leads) -> Iterator[Review]:
        number, _created, days, ratings, baseline, target, _closed, _steps = plan
        previous = baseline
        interval = datetime.timedelta(days=outcome.review_interval_days)
        for reviewed_on, rating in zip(days, ratings, strict=True):
            by = practitioners[number] if rng.random() < 0.8 else leads[number]
            review = Review(
                outcome=outcome,
                reviewed_on=reviewed_on,
                reviewed_by=by,
                others_present=rng.choice(OTHERS),
                person_rating=rating,
                practitioner_rating=(
                    max(0, min(10, rating + rng.choice((-1, 0, 0, 1))))
                    if rng.random() < 0.4
                    else None
                ),
                achievement_status=achievement_status(previous, rating, target),
                met_status=met_status(baseline, rating, target),
                what_changed=rng.choice(CHANGED),
                what_helped=rng.choice(HELPED),
                what_got_in_the_way=rng.choice(IN_THE_WAY),
                what_next=rng.choice(WHAT_NEXT),
                next_review_due=reviewed_on + interval,
                created_at=self.moment(reviewed_on, 14),
            )
            if rng.random() < 0.3:
                for name in PROCESS_FIELDS:
                    setattr(review, name, rng.choice(FEEDBACK))
            set_history(review, by, review.created_at)
            previous = rating
            yield review
