"""Opening hours in words: day ranges, times and holiday closures as each language writes them.

Day and time names come from CLDR through Babel (lower-case weekdays in
Spanish, 7:30 a.m. in US Spanish); only the joining words and the holiday
names are in the catalogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale as BabelLocale
from babel.dates import format_time, get_day_names
from babel.lists import format_list

from service.content.models import Clinic, DayOfWeek, Holiday, OpeningHours

Gettext = Callable[[str], str]


def holiday_name(holiday: Holiday, _: Gettext) -> str:
    names = {
        Holiday.new_years_day: _("New Year's Day"),
        Holiday.memorial_day: _("Memorial Day"),
        Holiday.independence_day: _("Independence Day"),
        Holiday.labor_day: _("Labor Day"),
        Holiday.thanksgiving: _("Thanksgiving"),
        Holiday.christmas: _("Christmas Day"),
    }
    return names[holiday]


@dataclass(frozen=True)
class HoursRow:
    days: str  # "Tuesday to Saturday"
    times: str  # "7:30 AM–4:00 PM"


@dataclass(frozen=True)
class Hours:
    rows: tuple[HoursRow, ...]
    closed_days: str  # "Sunday and Monday", or "" when open every day
    holidays: str  # "New Year's Day, Memorial Day … and Christmas Day", or ""
    summary: str  # one line for the top of every page


def _clock(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def _days(days: list[DayOfWeek], locale: BabelLocale, _: Gettext) -> str:
    """Days in the order the reader's week runs (it starts on Sunday in the US)."""
    names = get_day_names("wide", locale=locale)
    first = locale.first_week_day
    positions = sorted({(d.weekday - first) % 7 for d in days})
    ordered = [(p + first) % 7 for p in positions]
    contiguous = positions == list(range(positions[0], positions[-1] + 1))
    if contiguous and len(ordered) >= 3:
        return _("%(first)s to %(last)s") % {
            "first": names[ordered[0]],
            "last": names[ordered[-1]],
        }
    return format_list([names[i] for i in ordered], locale=locale)


def _row(row: OpeningHours, locale: BabelLocale, _: Gettext) -> HoursRow:
    opens = format_time(_clock(row.opens), format="short", locale=locale)
    closes = format_time(_clock(row.closes), format="short", locale=locale)
    return HoursRow(_days(row.days, locale, _), f"{opens}–{closes}")


def describe_hours(clinic: Clinic, locale: BabelLocale, _: Gettext) -> Hours:
    rows = tuple(_row(row, locale, _) for row in clinic.hours)
    open_days = {day for row in clinic.hours for day in row.days}
    closed = [day for day in DayOfWeek if day not in open_days]
    closed_days = _days(closed, locale, _) if closed else ""
    holidays = format_list([holiday_name(h, _) for h in clinic.closed_on], locale=locale)
    opening = format_list(
        [_("%(days)s, %(times)s") % {"days": row.days, "times": row.times} for row in rows],
        locale=locale,
    )
    # No closing full stop: a time may end with one already ("4:00 p.m.").
    if closed_days:
        summary = _("Open %(hours)s; closed %(days)s") % {"hours": opening, "days": closed_days}
    else:
        summary = _("Open %(hours)s") % {"hours": opening}
    return Hours(rows, closed_days, holidays if clinic.closed_on else "", summary)
