from __future__ import annotations

import pytest

from service.content.models import Geo
from service.geo import KM_PER_MILE, distance_km, estimate_trip

SANTA_MONICA_PIER = Geo(lat=34.00830, lon=-118.49870)
LAX = Geo(lat=33.94160, lon=-118.40850)


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert distance_km(Geo(lat=34, lon=-118), Geo(lat=35, lon=-118)) == pytest.approx(
        111.19, abs=0.01
    )


def test_longitude_degrees_shrink_with_latitude() -> None:
    at_equator = distance_km(Geo(lat=0, lon=0), Geo(lat=0, lon=1))
    at_los_angeles = distance_km(Geo(lat=34, lon=0), Geo(lat=34, lon=1))
    assert at_los_angeles == pytest.approx(at_equator * 0.829, rel=0.01)  # cos(34 degrees)


def test_distance_is_symmetric_and_zero_to_itself() -> None:
    assert distance_km(LAX, SANTA_MONICA_PIER) == distance_km(SANTA_MONICA_PIER, LAX)
    assert distance_km(LAX, LAX) == 0


def test_trip_is_a_range_in_five_minute_steps() -> None:
    trip = estimate_trip(SANTA_MONICA_PIER, LAX)
    assert trip.road_km > trip.straight_km
    assert trip.road_miles == pytest.approx(trip.road_km / KM_PER_MILE)
    assert trip.minutes_low < trip.minutes_high
    assert trip.minutes_low % 5 == 0 and trip.minutes_high % 5 == 0


def test_a_short_trip_is_never_under_five_minutes() -> None:
    trip = estimate_trip(LAX, Geo(lat=33.94170, lon=-118.40860))
    assert trip.minutes_low == 5 and trip.minutes_high == 10
