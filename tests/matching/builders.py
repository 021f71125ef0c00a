"""Small builders for matching tests: one profile with overrides, or a random population."""
import random
from datetime import datetime, timedelta, timezone

from aftercare.matching.engine import ALL_SLOTS, MatchRequest, VolunteerProfile

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def volunteer(id=1, **overrides):
    fields = {"languages": {"nb"}, "area": "Oslo", "capacity": 1}
    fields.update(overrides)
    return VolunteerProfile(id=id, **fields)


def request(id=1, *, waited_days=10, **overrides):
    fields = {"participant_id": 100 + id, "languages": {"nb"}, "area": "Oslo",
              "waiting_since": NOW - timedelta(days=waited_days)}
    fields.update(overrides)
    return MatchRequest(id=id, **fields)


def population(seed, requests=30, volunteers=20):
    """Random requests and time-givers over small vocabularies, so overlaps, ties and every
    hard constraint all occur."""
    rng = random.Random(seed)
    activities = ["walks", "coffee", "cinema", "gym", "fishing", "cooking"]
    interests = ["music", "nature", "film", "sports", "books"]
    places = [("Oslo", "Sagene"), ("Oslo", "Frogner"), ("Oslo", None), ("Bergen", "Fana"),
              ("Bergen", "Sagene"), ("", None)]

    def some(items, low, high):
        return frozenset(rng.sample(items, rng.randint(low, high)))

    people = []
    for number in range(1, volunteers + 1):
        area, district = rng.choice(places)
        capacity = rng.choice((0, 1, 1, 2, 2, 3))
        people.append(VolunteerProfile(
            id=number * 7 % 101, activities=some(activities, 0, 4), interests=some(interests, 0, 3),
            languages=some(["nb", "en", "ar"], 0, 2), area=area, district=district,
            availability=frozenset(rng.sample(ALL_SLOTS[:9], rng.randint(0, 5))),
            capacity=capacity, current_load=rng.randint(0, capacity), active=rng.random() < 0.9,
            gender=rng.choice(("woman", "man", None)),
            excluded_participant_ids=frozenset(rng.sample(range(1, requests + 1), rng.randint(0, 1))),
            matched_participant_ids=frozenset(rng.sample(range(1, requests + 1), rng.randint(0, 1)))))
    asks = []
    for number in range(1, requests + 1):
        area, district = rng.choice(places)
        asks.append(MatchRequest(
            id=1000 - number, participant_id=number, activities=some(activities, 0, 3),
            interests=some(interests, 0, 2), languages=some(["nb", "en", "ar"], 0, 2),
            area=area, district=district,
            availability=frozenset(rng.sample(ALL_SLOTS[:9], rng.randint(0, 4))),
            preferred_gender=rng.choice((None, None, "woman", "man")),
            excluded_volunteer_ids=frozenset(rng.sample([v.id for v in people], rng.randint(0, 2))),
            avoid_own_neighbourhood=rng.random() < 0.3,
            waiting_since=NOW - timedelta(days=rng.choice((1, 5, 5, 30, 90)))))
    return asks, people
