from __future__ import annotations

import pytest
from babel import Locale

from service.content.models import Geo
from service.render.distances import KM_PER_MILE, Distance, distance_km, spoken

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


def test_a_distance_is_rounded_no_finer_than_its_points_allow() -> None:
    d = Distance.between(SANTA_MONICA_PIER, LAX)
    exact_miles = distance_km(SANTA_MONICA_PIER, LAX) / KM_PER_MILE
    assert d.miles * 2 == int(d.miles * 2)  # half miles
    assert abs(d.miles - exact_miles) <= 0.25
    assert isinstance(d.km, int)


def test_a_short_distance_is_never_zero() -> None:
    d = Distance.between(LAX, Geo(lat=33.94170, lon=-118.40860))
    assert (d.miles, d.km) == (0.5, 1)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", ("2.5 miles", "4 km")),
        ("es_US", ("2.5 millas", "4 km")),
        ("zh_Hans", ("2.5英里", "4公里")),
    ],
)
def test_units_are_written_as_each_language_writes_them(
    locale: str, expected: tuple[str, str]
) -> None:
    assert spoken(Distance(miles=2.5, km=4), Locale.parse(locale)) == expected
