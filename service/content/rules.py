"""Rules across content files: references, lengths, careful language, placeholders.

Structural problems (a missing field, a wrong type) are the models' job; these
rules need the whole site, e.g. that a related condition exists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

from service import PROJECT_ROOT
from service.content.models import Site
from service.text import display_width, word_count

TITLE_MAX_WIDTH = 60
DESCRIPTION_WIDTH = (120, 156)
SHORT_NAME_MAX_WIDTH = 22
MIN_CONDITION_WORDS = 600

# Words that promise a result. Careful medical language says "may help".
FORBIDDEN_CLAIMS = re.compile(
    r"\b(?:cure[sd]?|curing|guarantee[sd]?|miracle\w*|permanent relief"
    r"|cura|curar|curaci[oó]n|garantiza\w*|milagro\w*)\b|治愈|根治|保证|包治|神奇",
    re.IGNORECASE,
)
# North American numbers 555-0100 to 555-0199 are reserved for fiction.
FICTIONAL_PHONE = re.compile(r"555-?01\d\d$")
PLACEHOLDER_WORDS = re.compile(r"\b(?:placeholder|example|tbd|todo|lorem)\b", re.IGNORECASE)
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", ".example", ".test", ".invalid")


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _file(content_dir: Path, *parts: str) -> str:
    from service.content.loader import display_path

    return display_path(content_dir.joinpath(*parts))


def check_site(site: Site, content_dir: Path, *, today: dt.date) -> Report:
    report = Report()
    _check_locales(site, content_dir, report)
    _check_clinic(site, content_dir, report, today)
    _check_conditions(site, content_dir, report, today)
    _check_neighborhoods(site, content_dir, report, today)
    _check_unique_heads(site, content_dir, report)
    return report


def _check_locales(site: Site, content_dir: Path, report: Report) -> None:
    where = _file(content_dir, "site.yaml")
    codes = [loc.code for loc in site.locales]
    prefixes = [loc.prefix for loc in site.locales]
    if site.config.default_locale not in codes:
        report.errors.append(
            f"{where}: default_locale: {site.config.default_locale!r} is not listed"
        )
    for label, values in (("code", codes), ("prefix", prefixes)):
        for value in {v for v in values if values.count(v) > 1}:
            report.errors.append(f"{where}: locales: duplicate {label} {value!r}")
    for i, loc in enumerate(site.locales):
        is_default = loc.code == site.config.default_locale
        if is_default != (loc.prefix == ""):
            report.errors.append(
                f"{where}: locales[{i}].prefix: only the default locale is served without a prefix"
            )


def _check_claims(text: str, where: str, report: Report) -> None:
    for match in FORBIDDEN_CLAIMS.finditer(text):
        report.errors.append(
            f"{where}: promises a result ({match.group(0)!r}); say what may help instead"
        )


def _check_date(value: dt.date, today: dt.date, where: str, report: Report) -> None:
    if value > today:
        report.errors.append(f"{where}: {value.isoformat()} is in the future")


def _check_head(title: str, description: str, where: str, report: Report) -> None:
    if display_width(title) > TITLE_MAX_WIDTH:
        report.errors.append(
            f"{where}.title: {display_width(title)} characters wide, at most {TITLE_MAX_WIDTH}"
        )
    low, high = DESCRIPTION_WIDTH
    width = display_width(description)
    if not low <= width <= high:
        report.errors.append(
            f"{where}.description: {width} characters wide, should be {low}-{high}"
        )


def _check_clinic(site: Site, content_dir: Path, report: Report, today: dt.date) -> None:
    where = _file(content_dir, "clinic.yaml")
    clinic = site.clinic
    _check_date(clinic.updated_on, today, f"{where}: updated_on", report)
    try:
        number = phonenumbers.parse(clinic.telephone, clinic.address.country)
        if not phonenumbers.is_possible_number(number):
            report.errors.append(f"{where}: telephone: {clinic.telephone!r} is not a phone number")
    except phonenumbers.NumberParseException as exc:
        report.errors.append(f"{where}: telephone: {clinic.telephone!r}: {exc}")
    digits = re.sub(r"\D", "", clinic.telephone)
    if FICTIONAL_PHONE.search(f"{digits[-7:-4]}-{digits[-4:]}"):
        report.warnings.append(
            f"{where}: telephone: {clinic.telephone} is a fictional 555-01xx placeholder; "
            "replace it with the clinic's real number"
        )
    if PLACEHOLDER_WORDS.search(clinic.address.street):
        report.warnings.append(
            f"{where}: address.street: {clinic.address.street!r} is a placeholder; "
            "replace it with the clinic's real address"
        )
    host = (urlsplit(clinic.booking_url).hostname or "").lower()
    if host.endswith(PLACEHOLDER_HOSTS) or host in {h.lstrip(".") for h in PLACEHOLDER_HOSTS}:
        report.warnings.append(
            f"{where}: booking_url: {clinic.booking_url} is a placeholder; "
            "replace it with the clinic's booking page"
        )
    for item in clinic.unconfirmed:
        report.warnings.append(f"{where}: {item}: not yet confirmed with the clinic")
    static = (PROJECT_ROOT / "static").resolve()
    image = (static / clinic.image).resolve()
    if not image.is_relative_to(static):
        report.errors.append(f"{where}: image: {clinic.image!r} must be a file inside static/")
    elif not image.is_file():
        report.errors.append(f"{where}: image: static/{clinic.image} does not exist")
    codes = {loc.code for loc in site.locales}
    for i, modality in enumerate(clinic.modalities):
        for code in codes:
            _check_claims(modality.description.get(code, ""), f"{where}: modalities[{i}]", report)
    for code in codes:
        _check_claims(clinic.description.get(code, ""), f"{where}: description.{code}", report)
        _check_claims(clinic.first_visit.get(code, ""), f"{where}: first_visit.{code}", report)


def _check_conditions(site: Site, content_dir: Path, report: Report, today: dt.date) -> None:
    practitioners = {p.id for p in site.clinic.practitioners}
    for slug, condition in site.conditions.items():
        where = _file(content_dir, "conditions", f"{slug}.yaml")
        for i, other in enumerate(condition.related):
            if other == slug:
                report.errors.append(f"{where}: related[{i}]: a condition cannot relate to itself")
            elif other not in site.conditions:
                report.errors.append(f"{where}: related[{i}]: unknown condition {other!r}")
        if condition.reviewed_by not in practitioners:
            report.errors.append(
                f"{where}: reviewed_by: unknown practitioner {condition.reviewed_by!r}"
            )
        for i, source in enumerate(condition.sources):
            if source not in site.sources:
                report.errors.append(f"{where}: sources[{i}]: unknown source {source!r}")
        _check_date(condition.reviewed_on, today, f"{where}: reviewed_on", report)
        for code, text in condition.texts.items():
            _check_head(text.title, text.description, f"{where}: {code}", report)
            if display_width(text.short_name) > SHORT_NAME_MAX_WIDTH:
                report.errors.append(
                    f"{where}: {code}.short_name: wider than {SHORT_NAME_MAX_WIDTH} characters"
                )
            words = word_count(text.substantive_text())
            if words < MIN_CONDITION_WORDS:
                report.errors.append(
                    f"{where}: {code}: {words} words of substantive text, "
                    f"at least {MIN_CONDITION_WORDS} needed"
                )
            _check_claims(text.substantive_text(), f"{where}: {code}", report)


def _check_neighborhoods(site: Site, content_dir: Path, report: Report, today: dt.date) -> None:
    for slug, hood in site.neighborhoods.items():
        where = _file(content_dir, "neighborhoods", f"{slug}.yaml")
        for i, other in enumerate(hood.nearby):
            if other == slug:
                report.errors.append(f"{where}: nearby[{i}]: a neighborhood cannot be near itself")
            elif other not in site.neighborhoods:
                report.errors.append(f"{where}: nearby[{i}]: unknown neighborhood {other!r}")
        _check_date(hood.updated_on, today, f"{where}: updated_on", report)
        for code, text in hood.texts.items():
            _check_head(text.title, text.description, f"{where}: {code}", report)
            body = "\n".join([text.intro, text.getting_here, text.parking, *text.transit])
            _check_claims(body, f"{where}: {code}", report)


def _check_unique_heads(site: Site, content_dir: Path, report: Report) -> None:
    """Titles and descriptions must differ between pages of one locale."""
    seen: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for slug, condition in site.conditions.items():
        for code, text in condition.texts.items():
            where = _file(content_dir, "conditions", f"{slug}.yaml")
            seen[("title", code, text.title)].append(where)
            seen[("description", code, text.description)].append(where)
    for slug, hood in site.neighborhoods.items():
        for code, ntext in hood.texts.items():
            where = _file(content_dir, "neighborhoods", f"{slug}.yaml")
            seen[("title", code, ntext.title)].append(where)
            seen[("description", code, ntext.description)].append(where)
    for (kind, code, _value), files in seen.items():
        if len(files) > 1:
            for where in files:
                others = ", ".join(f for f in files if f != where)
                report.errors.append(f"{where}: {code}.{kind}: the same as in {others}")
