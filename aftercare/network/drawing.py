"""The drawn map for a page: her entries (or a day's snapshots) turned into layout items, in her language."""
from .labels import SPHERES_SHORT, entry_name
from .layout import Item, lay_out
from .models import CIRCLES, SPHERES

# The shapes stand for "effect on my recovery" as well as the colours, so that colour is never needed.
SHAPES = {"steadies": "circle", "pulls": "triangle", "mixed": "diamond", None: "ring"}


def drawing_of(pairs):
    """`pairs` is a list of (key, fields) with fields as NetworkEntry.fields() gives them."""
    items = [Item(key, entry_name(fields), fields.get("circle"), fields.get("sphere"), fields.get("effect"))
             for key, fields in pairs]
    return lay_out(items, CIRCLES, SPHERES, [str(SPHERES_SHORT[code]) for code in SPHERES])


def shape_points(shape, x, y, size=7.0):
    """The corners of a triangle or a diamond around (x, y), as an SVG points list."""
    if shape == "triangle":
        corners = [(x, y - size), (x + size, y + size * 0.8), (x - size, y + size * 0.8)]
    else:
        corners = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in corners)
