"""Where everything of the drawn network map goes: pure geometry, no Flask, no database.

Rings around "me" stand for the circles (close in the middle, distant outside), sectors for the spheres of
life. Each entry is a marker with a short label beside it, on the side away from the centre. Boxes around
labels never overlap and stay inside the drawing: an entry that finds no free place is folded, with the
others of its cell that did not fit, into a "+n" marker. Entries with no circle or no sphere are drawn in a
strip under the rings. Text widths are estimated generously, so the real text is narrower than its box."""
import math
from dataclasses import dataclass, field

WIDTH = 360
RINGS_HEIGHT = 360
CENTRE = (180.0, 180.0)
ME_RADIUS = 26.0
RADII = (ME_RADIUS, 72.0, 116.0, 156.0)  # me | close | in between | distant
FONT_SIZE = 13
SECTOR_FONT_SIZE = 12
# Advance widths in ems, close to DejaVu Sans (one of the widest sans-serif fonts phones and printers fall
# back on), so that a label in any common font is at most as wide as its estimate.
_WIDTHS = {**dict.fromkeys("mæ", 0.99), **dict.fromkeys("MWÆŒœ…", 1.0), "w": 0.82, "+": 0.84, "%": 0.95,
           **dict.fromkeys("ijlI'|!", 0.30), **dict.fromkeys(" .,:;", 0.33), **dict.fromkeys("ft-()[]", 0.40),
           "r": 0.42}
_UPPER, _OTHER = 0.80, 0.65
LABEL_CHARS = 10
SECTOR_LABEL_CHARS = 15
MARKER_RADIUS = 7.0
GAP = 3.0  # between a marker and its label
BOX_HEIGHT = 18.0
EDGE = 3.0  # nothing comes closer to the border of the drawing
STRIP_COLUMNS = 3
STRIP_ROWS = 4
STRIP_ROW_HEIGHT = 22.0
# Sector k covers the angles START + k·60° … START + (k+1)·60° (0° points right, angles grow clockwise):
# the first sphere sits at the top, so that sector labels fit in the free corners above and below the rings.
SECTOR_START = -120.0


@dataclass(frozen=True)
class Item:
    key: int
    label: str
    circle: str | None = None  # one of `circles`
    sphere: str | None = None  # one of `spheres`
    effect: str | None = None


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other):
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, left, top, right, bottom):
        return self.left >= left and self.top >= top and self.right <= right and self.bottom <= bottom


@dataclass
class Mark:
    """A drawn marker: one entry, or a fold of several ("+3", keys holds them all)."""
    keys: list
    x: float
    y: float
    text: str
    anchor: str  # "start" (label right of the marker) or "end"
    text_x: float
    text_y: float
    box: Box
    effect: str | None = None
    full_labels: list = field(default_factory=list)

    @property
    def folded(self):
        return len(self.keys) > 1


@dataclass
class SectorLabel:
    text: str
    x: float
    y: float
    anchor: str
    box: Box


@dataclass
class Drawing:
    width: float
    height: float
    centre: tuple
    radii: tuple
    spokes: list  # (x1, y1, x2, y2)
    sector_labels: list
    marks: list
    strip_top: float | None  # where the strip of entries not placed on the rings begins, if any
    me_box: Box

    def boxes(self):
        return [mark.box for mark in self.marks] + [label.box for label in self.sector_labels] + [self.me_box]


def text_width(text, size=FONT_SIZE):
    """A generous estimate of the text's width in the drawing's units."""
    return size * sum(_WIDTHS.get(char, _UPPER if char.isupper() else _OTHER) for char in text)


def shorten(text, limit):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _mark_at(x, y, text, centre_x):
    width = text_width(text)
    if x >= centre_x:
        box = Box(x - MARKER_RADIUS - 1, y - BOX_HEIGHT / 2, x + MARKER_RADIUS + GAP + width + 1, y + BOX_HEIGHT / 2)
        return box, "start", x + MARKER_RADIUS + GAP
    box = Box(x - MARKER_RADIUS - GAP - width - 1, y - BOX_HEIGHT / 2, x + MARKER_RADIUS + 1, y + BOX_HEIGHT / 2)
    return box, "end", x - MARKER_RADIUS - GAP


def _point(radius, degrees):
    angle = math.radians(degrees)
    return CENTRE[0] + radius * math.cos(angle), CENTRE[1] + radius * math.sin(angle)


def _candidates(band, sector, count):
    """Marker positions inside one cell (ring band × sector), the middle of the cell first."""
    inner, outer = RADII[band] + MARKER_RADIUS + 2, RADII[band + 1] - MARKER_RADIUS - 2
    start = SECTOR_START + sector * 360.0 / count
    span = 360.0 / count
    middle_r, middle_a = (inner + outer) / 2, start + span / 2
    found = []
    radius = inner
    while radius <= outer + 0.01:
        margin = math.degrees(math.asin(min(1.0, (MARKER_RADIUS + 2) / radius)))
        angle = start + margin
        while angle <= start + span - margin + 0.01:
            found.append((abs(radius - middle_r) / (outer - inner + 1) + abs(angle - middle_a) / span,
                          radius, angle))
            angle += 2.5
        radius += 4.0
    found.sort()
    return [(radius, angle) for _score, radius, angle in found]


def _sector_labels(names):
    """Sector names in the free corners above and below the rings; at most six sectors are labelled there."""
    spots = [("middle", "top"), ("end", "top"), ("end", "bottom"), ("middle", "bottom"), ("start", "bottom"),
             ("start", "top")]
    labels = []
    for name, (anchor, side) in zip(names, spots):
        text = shorten(name, SECTOR_LABEL_CHARS)
        width = text_width(text, SECTOR_FONT_SIZE)
        top = EDGE if side == "top" else RINGS_HEIGHT - EDGE - BOX_HEIGHT
        x = {"middle": WIDTH / 2, "end": WIDTH - EDGE, "start": EDGE}[anchor]
        left = {"middle": x - width / 2, "end": x - width, "start": x}[anchor]
        labels.append(SectorLabel(text, x, top + BOX_HEIGHT / 2 + SECTOR_FONT_SIZE * 0.35, anchor,
                                  Box(left, top, left + width, top + BOX_HEIGHT)))
    return labels


def _fold(placed, cell_items, taken):
    """The last mark of a full cell becomes "+n" for itself and every item of the cell that found no place.
    "+n" may be wider than the name it replaces: if it would then touch another box, the mark before it is
    folded in too. Returns the marks that stay."""
    while placed:
        last = placed.pop()
        taken.remove(last.box)
        rest = cell_items[len(placed):]
        text = f"+{len(rest)}"
        box, anchor, text_x = _mark_at(last.x, last.y, text, CENTRE[0])
        if box.inside(EDGE, EDGE, WIDTH - EDGE, RINGS_HEIGHT - EDGE) and not any(box.overlaps(o) for o in taken):
            last.keys, last.text, last.box, last.anchor, last.text_x = [i.key for i in rest], text, box, anchor, text_x
            last.effect, last.full_labels = None, [i.label for i in rest]
            taken.append(box)
            return placed + [last]
    return []


def lay_out(items, circles, spheres, sphere_names):
    """A Drawing for `items`; `circles` and `spheres` list the codes in drawing order (close first), and
    `sphere_names` the sector labels in the same order as `spheres`."""
    sector_labels = _sector_labels(sphere_names)
    me_box = Box(CENTRE[0] - ME_RADIUS, CENTRE[1] - ME_RADIUS, CENTRE[0] + ME_RADIUS, CENTRE[1] + ME_RADIUS)
    taken = [label.box for label in sector_labels] + [me_box]
    cells, unplaced = {}, []
    for item in items:
        if item.circle in circles and item.sphere in spheres:
            cells.setdefault((circles.index(item.circle), spheres.index(item.sphere)), []).append(item)
        else:
            unplaced.append(item)
    marks = []
    for band in range(len(circles)):
        band_cells = {s: cells[(band, s)] for s in range(len(spheres)) if (band, s) in cells}
        candidates = {s: _candidates(band, s, len(spheres)) for s in band_cells}
        placed = {s: [] for s in band_cells}
        full = set()
        # Round by round, one more entry for each sector, so that no sector crowds out its neighbours.
        for position in range(max((len(v) for v in band_cells.values()), default=0)):
            for sector, cell_items in band_cells.items():
                if sector in full or position >= len(cell_items):
                    continue
                item = cell_items[position]
                mark = _place(item, candidates[sector], taken)
                if mark is None:
                    full.add(sector)
                    continue
                placed[sector].append(mark)
                taken.append(mark.box)
        for sector, cell_items in band_cells.items():
            if len(placed[sector]) < len(cell_items) and placed[sector]:
                placed[sector] = _fold(placed[sector], cell_items, taken)
            if not placed[sector]:
                fold = _place(Item(0, f"+{len(cell_items)}"), candidates[sector], taken)
                if fold is not None:  # the whole cell behind one "+n"
                    fold.keys, fold.full_labels = [i.key for i in cell_items], [i.label for i in cell_items]
                    placed[sector].append(fold)
                    taken.append(fold.box)
            marks += placed[sector]
    strip_top = None
    height = RINGS_HEIGHT
    if unplaced:
        strip_top = RINGS_HEIGHT + 4
        marks += _strip(unplaced, strip_top + BOX_HEIGHT + 4)
        rows = min(STRIP_ROWS, math.ceil(len(unplaced) / STRIP_COLUMNS))
        height = strip_top + BOX_HEIGHT + 4 + rows * STRIP_ROW_HEIGHT + EDGE
    spokes = []
    for sector in range(len(spheres)):
        degrees = SECTOR_START + sector * 360.0 / len(spheres)
        spokes.append((*_point(RADII[0], degrees), *_point(RADII[-1], degrees)))
    return Drawing(WIDTH, height, CENTRE, RADII, spokes, sector_labels, marks, strip_top, me_box)


def _place(item, candidates, taken):
    text = shorten(item.label, LABEL_CHARS) or "?"
    for radius, angle in candidates:
        x, y = _point(radius, angle)
        box, anchor, text_x = _mark_at(x, y, text, CENTRE[0])
        if not box.inside(EDGE, EDGE, WIDTH - EDGE, RINGS_HEIGHT - EDGE):
            continue
        if any(box.overlaps(other) for other in taken):
            continue
        return Mark([item.key], x, y, text, anchor, text_x, y + FONT_SIZE * 0.35, box, item.effect, [item.label])
    return None


def _strip(items, top):
    """Entries without a circle or a sphere, in rows under the rings; the last place folds the rest."""
    slot = (WIDTH - 2 * EDGE) / STRIP_COLUMNS
    places = STRIP_COLUMNS * STRIP_ROWS
    shown = items if len(items) <= places else items[:places - 1]
    marks = []
    for index, item in enumerate(shown):
        marks.append(_strip_mark(index, [item], shorten(item.label, LABEL_CHARS) or "?", top, slot, item.effect))
    if len(shown) < len(items):
        rest = items[len(shown):]
        marks.append(_strip_mark(len(shown), rest, f"+{len(rest)}", top, slot, None))
    return marks


def _strip_mark(index, items, text, top, slot, effect):
    row, column = divmod(index, STRIP_COLUMNS)
    x = EDGE + column * slot + MARKER_RADIUS + 1
    y = top + row * STRIP_ROW_HEIGHT + BOX_HEIGHT / 2
    box = Box(x - MARKER_RADIUS - 1, y - BOX_HEIGHT / 2, x + MARKER_RADIUS + GAP + text_width(text) + 1,
              y + BOX_HEIGHT / 2)
    return Mark([i.key for i in items], x, y, text, "start", x + MARKER_RADIUS + GAP, y + FONT_SIZE * 0.35, box,
                effect, [i.label for i in items])
