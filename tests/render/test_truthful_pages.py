"""What a careful patient and a search quality reviewer would check on every page.

Facts come from the clinic's own published facts, research is stated as the
papers state it and linked, and every landing page tells a patient when to
see a doctor first.
"""

from __future__ import annotations

import re

import pytest

from service.pages import kinds as k
from service.render.website import Website
from tests.utils import Parsed, check_all, graph_nodes, jsonld

pytestmark = pytest.mark.slow  # whole-site renders, servers or subprocesses

META_ANALYSIS = "https://doi.org/10.3389/fneur.2022.1076993"
COCHRANE = "https://doi.org/10.1002/14651858.CD012057.pub2"


def test_no_page_publishes_a_placeholder(parsed: Parsed) -> None:
    def check(page, doc, html):
        return [f"contains {p!r}" for p in ("555-01", "example.com", "Placeholder") if p in html]

    check_all(parsed, check)


def test_the_clinic_is_placed_only_where_its_address_puts_it(parsed: Parsed) -> None:
    """No sentence about the clinic says where it sits beyond its address (earlier drafts
    invented "just south of Wilshire", "next door to our clinic") or how long the trip is."""
    invented = re.compile(
        r"next door|just (?:south|north|east|west|across|past|beyond)|minutes? (?:away|drive)"
        r"|short (?:drive|hop|walk)|around the corner",
        re.IGNORECASE,
    )

    def check(page, doc, _):
        if page.locale.code != "en":
            return []
        main = doc.select_one("main")
        assert main is not None
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(main.get_text(" ").split()))
        return [
            f"says {sentence!r}"
            for sentence in sentences
            if re.search(r"\b(?:clinic|our office|us)\b", sentence) and invented.search(sentence)
        ]

    check_all(parsed, check)


def test_every_condition_page_links_the_research_it_states(parsed: Parsed) -> None:
    def check(page, doc, _):
        if page.kind != k.CONDITION:
            return []
        research = doc.select_one("section#research")
        if research is None:
            return ["no research section"]
        links = {a["href"] for a in research.select("a[href]")}
        problems = [f"no link to {doi}" for doi in (META_ANALYSIS, COCHRANE) if doi not in links]
        text = research.get_text(" ")
        problems += [f"does not say {fact!r}" for fact in ("338", "8") if fact not in text]
        if "1,000" in text or "16 studies" in text:
            problems.append("repeats the overstated summary")
        return problems

    check_all(parsed, check)


def test_no_mechanism_is_offered_as_the_reason_it_works(parsed: Parsed) -> None:
    def check(page, doc, _):
        main = doc.select_one("main")
        assert main is not None
        text = main.get_text(" ")
        return [
            f"mentions {word}" for word in ("NGF", "BDNF", "nerve growth factor") if word in text
        ]

    check_all(parsed, check)


def test_landing_pages_say_when_to_see_a_doctor_first(website: Website, parsed: Parsed) -> None:
    def check(page, doc, _):
        if page.kind not in (k.CONDITION, k.CONDITION_AREA):
            return []
        section = doc.select_one("section#when-to-see-a-doctor")
        if section is None:
            return ["no when-to-see-a-doctor section"]
        assert page.key.condition is not None
        flags = website.site.conditions[page.key.condition].texts[page.locale.code].red_flags
        shown = [li.get_text(" ", strip=True) for li in section.select("li")]
        return [] if shown == list(flags) and 3 <= len(flags) <= 6 else ["red flags not shown"]

    check_all(parsed, check)


def test_combination_pages_carry_the_evidence_caveat(website: Website, parsed: Parsed) -> None:
    def check(page, doc, _):
        if page.kind != k.CONDITION_AREA:
            return []
        research = doc.select_one("section#research")
        caveat = website.site.evidence.texts[page.locale.code].caveat
        if research is None or " ".join(caveat.split()) not in " ".join(
            research.get_text().split()
        ):
            return ["no evidence caveat"]
        return (
            [] if research.select(f'a[href="{META_ANALYSIS}"]') else ["caveat without its source"]
        )

    check_all(parsed, check)


def test_heat_is_never_offered_without_the_burn_warning(website: Website, parsed: Parsed) -> None:
    moxibustion = website.site.clinic.modality("moxibustion")

    def check(page, doc, _):
        if page.kind not in (k.CONDITION, k.CONDITION_AREA):
            return []
        main = doc.select_one("main")
        assert main is not None
        name = moxibustion.name[page.locale.code].lower()
        warning = website.site.cautions["heat-on-numb-skin"][page.locale.code]
        text = " ".join(main.get_text(" ").split())
        if page.kind == k.CONDITION and name in text.lower() and warning not in text:
            return ["speaks of moxibustion without the burn warning"]
        assert page.key.condition is not None
        condition = website.site.conditions[page.key.condition]
        if "moxibustion" in condition.possible_treatments and warning not in text:
            return ["offers moxibustion without the burn warning"]
        return []

    check_all(parsed, check)


def test_structured_data_claims_only_the_treatments_the_text_supports(
    website: Website, parsed: Parsed
) -> None:
    def check(page, doc, _):
        if page.kind != k.CONDITION:
            return []
        main = doc.select_one("main")
        assert main is not None and page.key.condition is not None
        text = main.get_text(" ").lower()
        condition = graph_nodes(jsonld(doc), "MedicalCondition")[0]
        therapies = {t["@id"]: t["name"] for t in graph_nodes(jsonld(doc), "MedicalTherapy")}
        problems = []
        for treatment in condition["possibleTreatment"]:
            slug = treatment["@id"].rsplit("therapy-", 1)[1]
            words = [therapies[treatment["@id"]].lower()]
            words += website.site.clinic.modality(slug).mentions.get(page.locale.code, [])
            if not any(w.lower() in text for w in words):
                problems.append(f"claims {slug}, which the text never mentions")
        return problems

    check_all(parsed, check)


def test_practitioners_are_licensed_acupuncturists_not_physicians(parsed: Parsed) -> None:
    def check(page, doc, _):
        people = doc.select_one(".clinic .people")
        if people is None:
            return ["no practitioners"]
        text = people.get_text(" ")
        problems = [
            f"says {w!r}" for w in ("physician", "Physician", "médico", "医师", "医生") if w in text
        ]
        credential = {
            "en": "licensed acupuncturist",
            "es": "Acupunturista con licencia",
            "zh-Hans": "执业针灸师",
        }
        if credential[page.locale.code].lower() not in text.lower():
            problems.append("no credential")
        return problems

    check_all(parsed, check)


def test_spanish_weekdays_and_numbers_as_spanish_in_the_us_writes_them(parsed: Parsed) -> None:
    def check(page, doc, _):
        if page.locale.code != "es":
            return []
        hours = doc.select_one(".visit-hours")
        assert hours is not None
        text = hours.get_text()
        text = " ".join(text.split())  # CLDR puts a narrow no-break space before "a.m."
        problems = [] if "de martes a sábado" in text and "7:30 a.m." in text else [text]
        main = doc.select_one("main")
        assert main is not None
        if re.search(r"\d,\d(?!\d{2})", main.get_text()):  # a decimal comma beside 1,021
            problems.append("a decimal comma")
        return problems

    check_all(parsed, check)


def test_no_english_left_on_spanish_or_chinese_pages(parsed: Parsed) -> None:
    leftovers = re.compile(r"\b(?:with|near|Interstate|Tuesday|Open|Closed|Call)\b|\d miles?\b")

    def check(page, doc, _):
        if page.locale.code == "en":
            return []
        problems = []
        for part in doc.select("main, .clinic, .site-footer"):
            for cite in part.select("cite"):  # paper titles are quoted as published
                cite.decompose()
            problems += [f"{m.group(0)!r}" for m in leftovers.finditer(part.get_text(" "))]
        return problems

    check_all(parsed, check)
