"""The region map as SVG geometry: country outlines, links coloured by load/capacity, a route."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The region drawn (degrees): west, east, south, north; equirectangular at the middle latitude.
WEST, EAST, SOUTH, NORTH = 22.0, 124.0, 14.0, 58.0
WIDTH = 1000.0
_COS = math.cos(math.radians((SOUTH + NORTH) / 2))
_SCALE = WIDTH / ((EAST - WEST) * _COS)
HEIGHT = round((NORTH - SOUTH) * _SCALE, 1)


def xy(lon: float, lat: float) -> tuple[float, float]:
    return round((lon - WEST) * _COS * _SCALE, 1), round((NORTH - lat) * _SCALE, 1)


def on_map(lon: float, lat: float) -> bool:
    return WEST <= lon <= EAST and SOUTH <= lat <= NORTH


@cache
def country_paths() -> tuple[tuple[str, str], ...]:
    """(name, SVG path data) of every country outline near the region."""
    data = json.loads(resources.files("accord.connectivity").joinpath("boundaries.json").read_text("utf-8"))
    out = []
    for country in data["countries"]:
        parts = []
        for ring in country["rings"]:
            pts = [xy(ring[i], ring[i + 1]) for i in range(0, len(ring), 2)]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in pts) + "Z")
        out.append((country["name"], "".join(parts)))
    return tuple(out)


# Load / capacity classes, lowest first: (upper ratio, css class).
LOAD_CLASSES = ((0.5, "low"), (0.9, "mid"), (1.0, "high"), (math.inf, "over"))


def load_class(ratio: float | None) -> str:
    if ratio is None:
        return "none"
    return next(name for upper, name in LOAD_CLASSES if ratio <= upper)


@dataclass(frozen=True)
class Segment:
    id: str
    name: str
    x1: float
    y1: float
    x2: float
    y2: float
    mode: str
    css: str
    title: str
