"""Distances and rough travel times between coordinates.

Straight-line distance understates a drive across a street grid, and Los
Angeles traffic swings widely over a day, so a trip is shown as a range
rather than a single number that would look more precise than it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from service.content.models import Geo

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
ROAD_FACTOR = 1.35  # streets are longer than the crow flies
FAST_KMH = 40.0  # light traffic
SLOW_KMH = 18.0  # rush hour on the Westside


@dataclass(frozen=True)
class Trip:
    straight_km: float
    road_km: float
    minutes_low: int
    minutes_high: int

    @property
    def road_miles(self) -> float:
        return self.road_km / KM_PER_MILE


def distance_km(a: Geo, b: Geo) -> float:
    """Great-circle (haversine) distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _round_minutes(minutes: float) -> int:
    return max(5, int(5 * math.ceil(minutes / 5)))


def estimate_trip(origin: Geo, destination: Geo) -> Trip:
    straight = distance_km(origin, destination)
    road = straight * ROAD_FACTOR
    low = _round_minutes(road / FAST_KMH * 60)
    high = max(low + 5, _round_minutes(road / SLOW_KMH * 60))
    return Trip(straight_km=straight, road_km=road, minutes_low=low, minutes_high=high)
