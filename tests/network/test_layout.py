"""The drawn map's geometry, without Flask: nothing overlaps, text stays inside, every entry is accounted for."""
import itertools
import random

import pytest

from aftercare.network.layout import (CENTRE, RADII, RINGS_HEIGHT, SECTOR_START, Item, lay_out, shorten,
                                      text_width)

CIRCLES = ("close", "between", "distant")
SPHERES = ("family", "friends", "local", "activities", "peers", "helpers")
SECTOR_NAMES = ["Familie", "Venner", "Nærmiljø", "Jobb, skole", "Likepersoner", "Hjelpere"]
NAMES = ["Kari", "Ola Nordmann-Hansen", "Mamma", "NA-gruppa på torsdager", "Fastlegen", "Tante Åse", "B.", "Jo"]


def _items(count, seed, unplaced_every=9):
    rnd = random.Random(seed)
    return [Item(key, rnd.choice(NAMES), None if key % unplaced_every == 0 else rnd.choice(CIRCLES),
                 rnd.choice(SPHERES), rnd.choice(["steadies", "pulls", "mixed", None])) for key in range(count)]


def _crowded(count):
    """Everyone close, in the family: the hardest case for spreading."""
    return [Item(key, f"Person {key}", "close", "family") for key in range(count)]


CASES = [(n, seed) for n in (10, 30, 60) for seed in range(1, 13)]


@pytest.mark.parametrize("count,seed", CASES)
def test_no_two_boxes_overlap(count, seed):
    drawing = lay_out(_items(count, seed), CIRCLES, SPHERES, SECTOR_NAMES)
    boxes = drawing.boxes()
    overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert overlapping == []


@pytest.mark.parametrize("count,seed", CASES)
def test_text_stays_inside_the_drawing(count, seed):
    drawing = lay_out(_items(count, seed), CIRCLES, SPHERES, SECTOR_NAMES)
    for box in drawing.boxes():
        assert box.inside(0, 0, drawing.width, drawing.height), box
    for mark in drawing.marks:
        estimated = text_width(mark.text)
        start = mark.text_x if mark.anchor == "start" else mark.text_x - estimated
        assert mark.box.left <= start and start + estimated <= mark.box.right


@pytest.mark.parametrize("count,seed", CASES + [(60, "crowded")])
def test_every_entry_is_drawn_or_folded_into_a_count(count, seed):
    items = _crowded(count) if seed == "crowded" else _items(count, seed)
    drawing = lay_out(items, CIRCLES, SPHERES, SECTOR_NAMES)
    keys = sorted(key for mark in drawing.marks for key in mark.keys)
    assert keys == list(range(count))
    for mark in drawing.marks:
        if mark.folded:
            assert mark.text == f"+{len(mark.keys)}"


def test_ten_entries_in_different_cells_are_all_drawn_with_their_names():
    items = [Item(i, name, CIRCLES[i % 3], SPHERES[i % 6]) for i, name in enumerate(NAMES[:6] + ["Per", "Liv"])]
    drawing = lay_out(items, CIRCLES, SPHERES, SECTOR_NAMES)
    assert not any(mark.folded for mark in drawing.marks)
    assert sorted(mark.text for mark in drawing.marks) == sorted(shorten(item.label, 10) for item in items)


def test_a_crowded_cell_folds_into_plus_n():
    drawing = lay_out(_crowded(30), CIRCLES, SPHERES, SECTOR_NAMES)
    folds = [mark for mark in drawing.marks if mark.folded]
    assert len(folds) == 1 and folds[0].text == f"+{len(folds[0].keys)}"
    assert len(drawing.marks) < 30


def _polar(x, y):
    import math

    dx, dy = x - CENTRE[0], y - CENTRE[1]
    return math.hypot(dx, dy), (math.degrees(math.atan2(dy, dx)) - SECTOR_START) % 360


@pytest.mark.parametrize("count,seed", CASES)
def test_each_marker_sits_in_its_own_ring_and_sector(count, seed):
    items = {item.key: item for item in _items(count, seed)}
    drawing = lay_out(list(items.values()), CIRCLES, SPHERES, SECTOR_NAMES)
    for mark in drawing.marks:
        item = items[mark.keys[0]]
        if item.circle is None:
            assert mark.y > RINGS_HEIGHT  # the strip under the rings
            continue
        radius, angle = _polar(mark.x, mark.y)
        band = CIRCLES.index(item.circle)
        assert RADII[band] < radius < RADII[band + 1]
        assert int(angle // 60) == SPHERES.index(item.sphere)


def test_an_empty_map_is_only_rings():
    drawing = lay_out([], CIRCLES, SPHERES, SECTOR_NAMES)
    assert drawing.marks == [] and drawing.strip_top is None and drawing.height == RINGS_HEIGHT
    assert len(drawing.spokes) == 6 and len(drawing.sector_labels) == 6


def test_long_names_are_shortened_for_the_drawing_only():
    assert shorten("NA-gruppa på torsdager", 10) == "NA-gruppa…"
    drawing = lay_out([Item(1, "NA-gruppa på torsdager", "close", "peers")], CIRCLES, SPHERES, SECTOR_NAMES)
    assert drawing.marks[0].full_labels == ["NA-gruppa på torsdager"]
