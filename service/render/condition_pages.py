"""Condition guides, and a condition for patients coming from one neighborhood.

Both carry what a patient landing from a search must see: when to see a
doctor first, what the research does and does not show (with its sources),
and the cautions of any treatment the page speaks of.
"""

from __future__ import annotations

from dataclasses import replace

from service.content.models import Condition, ConditionText
from service.pages.kinds import AREA, CONDITION, CONDITION_AREA
from service.pages.registry import Page
from service.pages.urls import PageKey
from service.render.headings import fit_description, fit_title
from service.render.kit import LocaleKit
from service.render.sections import Citations, Items, Link, Links, Note, Paragraphs, Section
from service.render.view import Body, Dated, Headings

RED_FLAGS_ID = "when-to-see-a-doctor"


def _condition(page: Page, kit: LocaleKit) -> tuple[Condition, ConditionText]:
    assert page.key.condition is not None
    condition = kit.site.conditions[page.key.condition]
    return condition, condition.texts[kit.code]


def byline(condition: Condition, kit: LocaleKit) -> tuple[Dated, ...]:
    fmt, _ = kit.formatter, kit.gettext
    lines = [
        Dated.of(
            _("Last updated %(date)s"),
            fmt.date(condition.updated_on),
            condition.updated_on.isoformat(),
        )
    ]
    if condition.review is not None:
        person = kit.site.clinic.practitioner(condition.review.by)
        lines.append(
            Dated.of(
                _("Reviewed by %(name)s, %(credentials)s, on %(date)s"),
                fmt.date(condition.review.on),
                condition.review.on.isoformat(),
                name=person.name,
                credentials=person.honorific_suffix,
            )
        )
    return tuple(lines)


def red_flags(text: ConditionText, kit: LocaleKit) -> Section:
    _ = kit.gettext
    return Section(
        RED_FLAGS_ID,
        _("When to see a doctor first"),
        (Items(tuple(text.red_flags)),),
    )


def cautions(condition: Condition, kit: LocaleKit) -> tuple[Note, ...]:
    """The cautions of the treatments the page speaks of, then the condition's own."""
    ids = [kit.site.clinic.modality(t).caution for t in condition.possible_treatments] + list(
        condition.cautions
    )
    label = kit.gettext("Safety")
    return tuple(
        Note(kit.site.cautions[c][kit.code], style="caution", label=label)
        for c in dict.fromkeys(ids)
        if c is not None
    )


def evidence_citations(kit: LocaleKit) -> Citations:
    return Citations(tuple(kit.citation(s) for s in kit.site.evidence.sources))


# -- a condition guide ---------------------------------------------------------------


def condition_headings(page: Page, kit: LocaleKit) -> Headings:
    """The h1 names the condition; the title says the same, then where, as room allows."""
    _ = kit.gettext
    text = _condition(page, kit)[1]
    h1 = _("Acupuncture for %(condition)s") % {"condition": text.phrase}
    place = {"region": kit.copy.area_name, "clinic": kit.site.clinic.short_name}
    title = fit_title(
        [
            _("Acupuncture for %(condition)s in %(region)s") % {"condition": phrase, **place}
            for phrase in (text.phrase, text.short_phrase)
        ]
        + [
            _("Acupuncture for %(condition)s | %(clinic)s") % {"condition": text.phrase, **place},
            h1,
        ]
    )
    return Headings(title, text.description, h1)


def condition_body(page: Page, kit: LocaleKit) -> Body:
    condition, text = _condition(page, kit)
    _ = kit.gettext
    evidence = kit.site.evidence.texts[kit.code]
    faq = tuple(
        Section(f"faq-{i}", item.q, (Paragraphs(item.a),), level=3)
        for i, item in enumerate(text.faq, start=1)
    )
    related = tuple(
        Link(kit.site.conditions[s].texts[kit.code].name, kit.url(CONDITION, s))
        for s in condition.related
    )
    areas = tuple(
        Link(hood.texts[kit.code].name, kit.url(CONDITION_AREA, condition.slug, slug))
        for slug, hood in kit.site.neighborhoods.items()
    )
    sections = (
        Section("lead", "", (Paragraphs(text.summary),)),
        Section("symptoms", _("Symptoms"), (Items(tuple(text.symptoms)),)),
        Section("causes", _("Common causes"), (Items(tuple(text.causes)),)),
        red_flags(text, kit),
        Section("care", _("Conventional medical care"), (Paragraphs(text.conventional_care),)),
        Section("tcm", _("How Traditional Chinese Medicine sees it"), (Paragraphs(text.tcm_view),)),
        Section(
            "acupuncture",
            _("How acupuncture and related therapies are used"),
            (Paragraphs(text.acupuncture), *cautions(condition, kit)),
        ),
        Section(
            "research",
            _("What research says"),
            (Paragraphs(evidence.summary), Paragraphs(text.research), evidence_citations(kit)),
        ),
        Section("faq", _("Frequently asked questions"), children=faq),
        Section(
            "sources",
            _("Sources"),
            (Citations(tuple(kit.citation(s) for s in condition.sources)),),
        ),
        Section("related", _("Related conditions"), (Links(related),)),
        Section(
            "areas",
            _("Acupuncture for %(condition)s by neighborhood") % {"condition": text.phrase},
            (Links(areas),),
        ),
    )
    return Body(sections, byline(condition, kit))


def condition_crumb(key: PageKey, kit: LocaleKit) -> str:
    assert key.condition is not None
    return kit.site.conditions[key.condition].texts[kit.code].name


# -- a condition for patients from one neighborhood ------------------------------------


def _names(page: Page, kit: LocaleKit) -> dict[str, str]:
    assert page.key.condition is not None and page.key.neighborhood is not None
    text = kit.site.conditions[page.key.condition].texts[kit.code]
    hood = kit.site.neighborhoods[page.key.neighborhood].texts[kit.code]
    return {
        "condition": text.phrase,
        "short": text.short_phrase,
        "name": text.name,
        "area": hood.name,
    }


def combination_headings(page: Page, kit: LocaleKit) -> Headings:
    _ = kit.gettext
    names = _names(page, kit)
    h1 = _("Acupuncture for %(condition)s near %(area)s") % names
    short = {**names, "condition": names["short"]}
    title = fit_title(
        [
            h1,
            _("Acupuncture for %(condition)s near %(area)s") % short,
            _("%(short)s: Acupuncture near %(area)s") % names,
        ]
    )
    long_pattern = _(
        "Looking for acupuncture for %(condition)s near %(area)s? When to see a doctor first, "
        "what research does and does not show, safety notes and the way to our clinic in "
        "%(region)s."
    )
    description = fit_description(
        [
            long_pattern % {**names, "region": kit.copy.area_name},
            _(
                "Acupuncture for %(condition)s near %(area)s: when to see a doctor first, what "
                "research does and does not show, and how to reach the clinic."
            )
            % names,
            _(
                "Acupuncture for %(condition)s near %(area)s: when to see a doctor first, what "
                "research does and does not show, and how to reach the clinic."
            )
            % short,
            _(
                "Acupuncture for %(condition)s near %(area)s: when to see a doctor first, the "
                "research, safety and the way to the clinic."
            )
            % short,
        ]
    )
    return Headings(title, description, h1)


def combination_body(page: Page, kit: LocaleKit) -> Body:
    condition, text = _condition(page, kit)
    assert page.key.neighborhood is not None
    slug = page.key.neighborhood
    hood = kit.site.neighborhoods[slug]
    area = hood.texts[kit.code].name
    _ = kit.gettext
    own = kit.site.combinations.get((condition.slug, slug))
    guide = Link(
        _("Read the full guide to %(condition)s") % {"condition": text.name},
        kit.url(CONDITION, condition.slug),
    )
    if own is not None:
        lead = Section("lead", "", (Paragraphs(own.texts[kit.code].text),))
        about: tuple[Section, ...] = (
            Section(
                "about",
                _("About %(condition)s") % {"condition": text.name},
                (Paragraphs(text.summary), Note("", link=guide)),
            ),
        )
    else:
        lead = Section("lead", "", (Paragraphs(text.summary), Note("", link=guide)))
        about = ()
    safety = cautions(condition, kit)
    nearby = tuple(
        Link(
            kit.site.neighborhoods[other].texts[kit.code].name,
            kit.url(CONDITION_AREA, condition.slug, other),
            kit.between(slug, other),
        )
        for other in hood.nearby
    )
    related = tuple(
        Link(kit.site.conditions[c].texts[kit.code].name, kit.url(CONDITION_AREA, c, slug))
        for c in condition.related
    )
    sections = (
        lead,
        *about,
        red_flags(text, kit),
        Section(
            "research",
            _("What research says"),
            (Paragraphs(kit.site.evidence.texts[kit.code].caveat), evidence_citations(kit)),
        ),
        *(
            (Section("safety", _("Safety"), tuple(replace(n, label="") for n in safety)),)
            if safety
            else ()
        ),
        Section(
            "getting-here",
            _("Coming to the clinic from %(area)s") % {"area": area},
            (
                Note(kit.from_area_sentence(slug)),
                Note(
                    "",
                    link=Link(
                        _("Main roads, transit and parking from %(area)s") % {"area": area},
                        kit.url(AREA, neighborhood=slug),
                    ),
                ),
            ),
        ),
        Section(
            "nearby",
            _("Acupuncture for %(condition)s in nearby neighborhoods") % {"condition": text.phrase},
            (Links(nearby),),
        ),
        Section(
            "related",
            _("Related conditions near %(area)s") % {"area": area},
            (Links(related),),
        ),
    )
    return Body(sections, byline(condition, kit))


def combination_crumb(key: PageKey, kit: LocaleKit) -> str:
    assert key.neighborhood is not None
    return kit.site.neighborhoods[key.neighborhood].texts[kit.code].name
