"""Synthetic content of any size, valid for `nearme check`, for tests and benchmarks.

Text is pseudo-words drawn from a seeded generator, so every condition and
neighborhood has distinct wording (its combined pages stay indexable) and two
runs with the same arguments write the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

from service.content.models import CLINIC_FACTS
from service.paths import DEFAULT_CONTENT_DIR

# The real site's locales, then two more for scale tests.
LOCALES = [
    {"code": "en", "prefix": "", "name": "English"},
    {"code": "es", "prefix": "es", "name": "Español"},
    {"code": "zh-Hans", "prefix": "zh", "name": "简体中文"},
    {"code": "ko", "prefix": "ko", "name": "한국어"},
    {"code": "vi", "prefix": "vi", "name": "Tiếng Việt"},
]
MAX_LOCALES = len(LOCALES)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
_HAN = [chr(cp) for cp in range(0x4E00, 0x4E00 + 3000)]
_REVIEWED = dt.date(2026, 1, 15)


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def word(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3)))

    def sentence(self, words: int, code: str) -> str:
        if code == "zh-Hans":
            return "".join(self.rng.choice(_HAN) for _ in range(words)) + "。"
        body = " ".join(self.word() for _ in range(words))
        return body[0].upper() + body[1:] + "."

    def paragraph(self, sentences: int, code: str) -> str:
        return " ".join(self.sentence(self.rng.randint(9, 14), code) for _ in range(sentences))

    def fitted(self, prefix: str, code: str, low: int, high: int) -> str:
        """A line of ``prefix`` plus filler whose display width lies in [low, high]."""
        from service.content.text import display_width

        text = prefix.replace(":", "：") if code == "zh-Hans" else prefix
        while display_width(text) < low:
            text += self.rng.choice(_HAN) if code == "zh-Hans" else " " + self.word()
        while display_width(text) > high:
            text = text[:-1]
        return text


def _condition(slug: str, index: int, codes: list[str], slugs: list[str], seed: int) -> dict:
    w = _Writer(seed)
    others = [s for s in slugs if s != slug][:3] or slugs[:1]
    data: dict = {
        "slug": slug,
        "related": others,
        "updated_on": _REVIEWED + dt.timedelta(days=index % 300),
        "sources": ["synthetic-source"],
        "possible_treatments": ["acupuncture"],
    }
    for code in codes:
        name = f"Condition {index}"
        data[code] = {
            "name": name,
            "phrase": name,
            "short_phrase": f"Cond {index}",
            "description": w.fitted(f"{name}:", code, 125, 150),
            "summary": w.paragraph(3, code),
            "symptoms": [w.sentence(6, code) for _ in range(5)],
            "causes": [w.sentence(6, code) for _ in range(4)],
            "red_flags": [w.sentence(7, code) for _ in range(3)],
            "conventional_care": w.paragraph(13, code),
            "tcm_view": w.paragraph(13, code),
            # Its treatments must be mentioned in every language (see possible_treatments).
            "acupuncture": "Acupuncture. " + w.paragraph(8, code),
            "research": w.paragraph(5, code),
            "faq": [{"q": w.sentence(8, code), "a": w.paragraph(3, code)} for _ in range(3)],
        }
    return data


def _neighborhood(slug: str, index: int, codes: list[str], slugs: list[str], seed: int) -> dict:
    w = _Writer(seed)
    ring = [slugs[(index + k) % len(slugs)] for k in (1, -1)]
    nearby = list(dict.fromkeys(s for s in ring if s != slug)) or [slug]
    data: dict = {
        "slug": slug,
        # Spread over the Westside: 0.001 degree steps on a grid around the clinic.
        "geo": {
            "lat": round(33.95 + (index % 100) * 0.002, 5),
            "lon": round(-118.55 + (index // 100) * 0.002, 5),
        },
        "zip_codes": [f"{90000 + index % 1000:05d}"],
        "nearby": nearby,
        "updated_on": _REVIEWED + dt.timedelta(days=index % 200),
    }
    for code in codes:
        name = f"Area {index}"
        data[code] = {
            "name": name,
            "title": w.fitted(f"Acupuncture near {name}", code, 25, 55),
            "description": w.fitted(f"{name}:", code, 125, 150),
            "intro": w.paragraph(12, code),
            "getting_here": w.paragraph(5, code),
            "roads": [f"{w.word().title()} Boulevard", f"{w.word().title()} Avenue"],
            "transit": [w.sentence(5, code) for _ in range(2)],
            "parking": w.paragraph(3, code),
        }
    return data


def _localized(value: str, codes: list[str]) -> dict[str, str]:
    return {code: value for code in codes}


def _site(chosen: list[dict], codes: list[str], seed: int) -> dict:
    w = _Writer(seed + 3)
    data: dict = {"default_locale": "en", "locales": chosen}
    for code in codes:
        data[code] = {
            "area_name": "Synthetic Town",
            **{
                f"{page}_{field}": value
                for page in ("home", "conditions", "areas")
                for field, value in (
                    ("title", w.fitted(f"{page.title()} of Synthetic Town", code, 25, 55)),
                    ("description", w.fitted(f"{page.title()}:", code, 125, 150)),
                    ("h1", f"{page.title()} of Synthetic Town"),
                    ("lead", w.paragraph(2, code)),
                )
            },
            "home_about": w.paragraph(4, code),
            "not_found_description": w.fitted("Not found:", code, 125, 150),
        }
    return data


def _sources() -> dict:
    return {
        "synthetic-source": {
            "title": "Synthetic source",
            "publisher": "nearme tests",
            "confirms": list(CLINIC_FACTS),
            "confirmed_on": _REVIEWED.isoformat(),
        },
        "synthetic-paper": {
            "title": "A synthetic paper",
            "authors": ["Doe J"],
            "publisher": "nearme tests",
            "doi": "10.0000/nearme.synthetic",
        },
    }


def _combination(index: int, codes: list[str], seed: int, words: int) -> dict:
    w = _Writer(seed)
    data: dict = {"updated_on": _REVIEWED + dt.timedelta(days=index % 100)}
    for code in codes:
        text = ""
        while len(text.split()) < words if code != "zh-Hans" else len(text) < words:
            text += w.paragraph(4, code) + "\n\n"
        data[code] = {"text": text.strip()}
    return data


def write_synthetic_site(
    out: Path,
    *,
    conditions: int,
    neighborhoods: int,
    locales: int = 3,
    seed: int = 1,
    combinations: int = 0,
    combination_words: int = 450,
    doorway: dict[str, float] | None = None,
) -> Path:
    """Write a complete content folder to ``out``; returns ``out``.

    ``combinations`` condition x neighborhood pages get text of their own
    (``combination_words`` words each), which makes them candidates for indexing.
    """
    if not 1 <= locales <= MAX_LOCALES:
        raise ValueError(f"locales must be 1-{MAX_LOCALES}")
    if conditions < 2 or neighborhoods < 2:
        raise ValueError("at least 2 conditions and 2 neighborhoods are needed")
    chosen = LOCALES[:locales]
    codes = [loc["code"] for loc in chosen]
    if out.exists():
        shutil.rmtree(out)
    (out / "conditions").mkdir(parents=True)
    (out / "neighborhoods").mkdir()

    def dump(path: Path, data: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    site = _site(chosen, codes, seed)
    if doorway is not None:  # e.g. {"min_unique_share": 0, "min_words": 0}: index every page
        site["doorway"] = doorway
    dump(out / "site.yaml", site)
    clinic = yaml.safe_load((DEFAULT_CONTENT_DIR / "clinic.yaml").read_text("utf-8"))
    first_visit = _Writer(seed).paragraph(3, "en")
    clinic.update(
        description=_localized("A synthetic clinic used to test nearme at scale.", codes),
        first_visit=_localized(first_visit, codes),
        practitioners=[
            {
                "id": "practitioner-one",
                "name": "Pat Doe",
                "honorific_suffix": "L.Ac.",
                "job_title": _localized("Licensed acupuncturist", codes),
                "bio": _localized("Licensed acupuncturist.", codes),
            }
        ],
        modalities=[
            {
                "id": "acupuncture",
                "name": _localized("Acupuncture", codes),
                "description": _localized("Fine needles at chosen points.", codes),
            }
        ],
    )
    dump(out / "clinic.yaml", clinic)
    dump(
        out / "disclaimer.yaml",
        _localized(
            "Synthetic education text; not evaluated by the FDA; not meant to diagnose or treat; "
            "no substitute for a physician.",
            codes,
        ),
    )
    dump(out / "sources.yaml", _sources())
    evidence: dict = {"sources": ["synthetic-paper"]}
    for code in codes:
        evidence[code] = {
            "summary": _Writer(seed + 5).paragraph(4, code),
            "caveat": _Writer(seed + 6).paragraph(2, code),
        }
    dump(out / "evidence.yaml", evidence)
    dump(out / "safety.yaml", {})
    condition_slugs = [f"condition-{i}" for i in range(conditions)]
    hood_slugs = [f"area-{i}" for i in range(neighborhoods)]
    for i, slug in enumerate(condition_slugs):
        dump(
            out / "conditions" / f"{slug}.yaml",
            _condition(slug, i, codes, condition_slugs, seed * 100_003 + i),
        )
    for i, slug in enumerate(hood_slugs):
        dump(
            out / "neighborhoods" / f"{slug}.yaml",
            _neighborhood(slug, i, codes, hood_slugs, seed * 7_919 + 50_000 + i),
        )
    pairs = [(c, n) for c in condition_slugs for n in hood_slugs][:combinations]
    for i, (condition, hood) in enumerate(pairs):
        dump(
            out / "combinations" / condition / f"{hood}.yaml",
            _combination(i, codes, seed * 31 + i, combination_words),
        )
    return out
