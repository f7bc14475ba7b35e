"""Rules across content files: references, dates, lengths and what each page must carry.

Structural problems (a missing field, a wrong type) are the models' job; these
rules need the whole site, e.g. that a related condition exists. Rules on
wording wherever it stands are in ``service.content.wording``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers

from service.content.facts import stale_facts_warning
from service.content.files import RawFile, display_path
from service.content.limits import (
    DESCRIPTION_WIDTH,
    MIN_CONDITION_WORDS,
    SHORT_PHRASE_MAX_WIDTH,
    TITLE_MAX_WIDTH,
)
from service.content.models import Condition, Site
from service.content.text import display_width, word_count
from service.content.wording import check_wording
from service.paths import STATIC_DIR

# Words that make a licensed acupuncturist sound like a physician.
PHYSICIAN_WORDS = re.compile(
    r"\b(?:physician|doctor|m\.d\.|médic[oa]s?)(?!\w)|医师|医生|大夫", re.IGNORECASE
)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_site(site: Site, content_dir: Path, files: list[RawFile], *, today: dt.date) -> Report:
    report = Report()
    _check_locales(site, content_dir, report)
    _check_clinic(site, content_dir, report, today)
    _check_sources(site, content_dir, report)
    _check_conditions(site, content_dir, report, today)
    _check_neighborhoods(site, content_dir, report, today)
    _check_combinations(site, content_dir, report, today)
    _check_unique_heads(site, content_dir, report)
    report.errors += check_wording(site, files)
    return report


def _file(content_dir: Path, *parts: str) -> str:
    return display_path(content_dir.joinpath(*parts))


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


def _check_date(value: dt.date, today: dt.date, where: str, report: Report) -> None:
    if value > today:
        report.errors.append(f"{where}: {value.isoformat()} is in the future")


def _check_head(title: str, description: str, where: str, report: Report) -> None:
    if display_width(title) > TITLE_MAX_WIDTH:
        report.errors.append(
            f"{where}.title: {display_width(title)} characters wide, at most {TITLE_MAX_WIDTH}"
        )
    _check_description(description, where, report)


def _check_description(description: str, where: str, report: Report) -> None:
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
    stale = stale_facts_warning(site.sources, _file(content_dir, "sources.yaml"), today)
    if stale:
        report.warnings.append(stale)
    static = STATIC_DIR.resolve()
    image = (static / clinic.image).resolve()
    if not image.is_relative_to(static):
        report.errors.append(f"{where}: image: {clinic.image!r} must be a file inside static/")
    elif not image.is_file():
        report.errors.append(f"{where}: image: static/{clinic.image} does not exist")
    for i, person in enumerate(clinic.practitioners):
        for key in ("job_title", "bio"):
            for code, text in getattr(person, key).items():
                if PHYSICIAN_WORDS.search(text):
                    report.errors.append(
                        f"{where}: practitioners[{i}].{key}.{code}: {text!r} reads as a "
                        "physician; say what licence they hold (licensed acupuncturist)"
                    )
    for i, modality in enumerate(clinic.modalities):
        if modality.caution is not None and modality.caution not in site.cautions:
            report.errors.append(
                f"{where}: modalities[{i}].caution: unknown caution {modality.caution!r} "
                "(safety.yaml)"
            )
        if modality.heat and modality.caution is None:
            report.errors.append(
                f"{where}: modalities[{i}].caution: it warms the skin, so it needs a caution "
                "about burns on numb skin"
            )


def _check_sources(site: Site, content_dir: Path, report: Report) -> None:
    where = _file(content_dir, "sources.yaml")
    for key, source in site.sources.items():
        if source.title is None and source.label is None:
            report.errors.append(f"{where}: {key}: give a title (as published) or a label")
    evidence_file = _file(content_dir, "evidence.yaml")
    for i, source_id in enumerate(site.evidence.sources):
        cited = site.sources.get(source_id)
        if cited is None:
            report.errors.append(f"{evidence_file}: sources[{i}]: unknown source {source_id!r}")
        elif cited.link is None:
            report.errors.append(
                f"{where}: {source_id}: research must link its source (give a doi or url)"
            )


def _check_conditions(site: Site, content_dir: Path, report: Report, today: dt.date) -> None:
    practitioners = {p.id for p in site.clinic.practitioners}
    modalities = {m.id for m in site.clinic.modalities}
    for slug, condition in site.conditions.items():
        where = _file(content_dir, "conditions", f"{slug}.yaml")
        for i, other in enumerate(condition.related):
            if other == slug:
                report.errors.append(f"{where}: related[{i}]: a condition cannot relate to itself")
            elif other not in site.conditions:
                report.errors.append(f"{where}: related[{i}]: unknown condition {other!r}")
        if condition.review is not None:
            if condition.review.by not in practitioners:
                report.errors.append(
                    f"{where}: review.by: unknown practitioner {condition.review.by!r}"
                )
            _check_date(condition.review.on, today, f"{where}: review.on", report)
        for i, source in enumerate(condition.sources):
            if source not in site.sources:
                report.errors.append(f"{where}: sources[{i}]: unknown source {source!r}")
        for i, treatment in enumerate(condition.possible_treatments):
            if treatment not in modalities:
                report.errors.append(
                    f"{where}: possible_treatments[{i}]: unknown modality {treatment!r}"
                )
        for i, caution in enumerate(condition.cautions):
            if caution not in site.cautions:
                report.errors.append(f"{where}: cautions[{i}]: unknown caution {caution!r}")
        _check_date(condition.updated_on, today, f"{where}: updated_on", report)
        for code, text in condition.texts.items():
            _check_description(text.description, f"{where}: {code}", report)
            if display_width(text.short_phrase) > SHORT_PHRASE_MAX_WIDTH:
                report.errors.append(
                    f"{where}: {code}.short_phrase: wider than {SHORT_PHRASE_MAX_WIDTH} characters"
                )
            words = word_count(text.substantive_text())
            if words < MIN_CONDITION_WORDS:
                report.errors.append(
                    f"{where}: {code}: {words} words of substantive text, "
                    f"at least {MIN_CONDITION_WORDS} needed"
                )
        report.errors += _treatment_problems(site, condition, where)


def mentions(site: Site, modality_id: str, code: str) -> tuple[str, ...]:
    """The words that name a modality in one language, lower-cased."""
    modality = site.clinic.modality(modality_id)
    words = [modality.name[code], *modality.mentions.get(code, [])]
    return tuple(word.lower() for word in words)


def _treatment_problems(site: Site, condition: Condition, where: str) -> list[str]:
    """The treatments a page claims (JSON-LD) must be ones its text speaks of, in every language;
    and heat spoken of for a condition must come with the caution about numb skin."""
    problems = []
    known = {m.id for m in site.clinic.modalities}
    shown_cautions = set(condition.cautions)
    for treatment in condition.possible_treatments:
        if treatment in known and site.clinic.modality(treatment).caution:
            shown_cautions.add(str(site.clinic.modality(treatment).caution))
    for code, text in condition.texts.items():
        body = text.substantive_text().lower()
        for treatment in condition.possible_treatments:
            if treatment in known and not any(w in body for w in mentions(site, treatment, code)):
                problems.append(
                    f"{where}: {code}: possible_treatments lists {treatment!r}, "
                    "but the text never mentions it"
                )
        for modality in site.clinic.modalities:
            if (
                modality.heat
                and modality.caution not in shown_cautions
                and any(w in body for w in mentions(site, modality.id, code))
            ):
                problems.append(
                    f"{where}: {code}: the text mentions {modality.id!r}; list the caution "
                    f"{modality.caution!r} under cautions (or the modality under "
                    "possible_treatments) so the page warns about burns on numb skin"
                )
    return problems


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


def _check_combinations(site: Site, content_dir: Path, report: Report, today: dt.date) -> None:
    for (condition, hood), combination in site.combinations.items():
        where = _file(content_dir, "combinations", condition, f"{hood}.yaml")
        _check_date(combination.updated_on, today, f"{where}: updated_on", report)


def _check_unique_heads(site: Site, content_dir: Path, report: Report) -> None:
    """Titles and descriptions must differ between pages of one locale."""
    seen: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for slug, condition in site.conditions.items():
        for code, text in condition.texts.items():
            where = _file(content_dir, "conditions", f"{slug}.yaml")
            seen[("phrase", code, text.phrase)].append(where)
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
