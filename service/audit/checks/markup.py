"""Checks of a page's structured data: valid JSON-LD, known vocabulary, a complete clinic."""

from __future__ import annotations

from collections.abc import Iterator

from service.audit.checks.base import Issue
from service.audit.checks.vocabulary import vocabulary_problems
from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.model import Severity

N = Severity.notice


def jsonld_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.jsonld:
        yield Issue('no <script type="application/ld+json">')


def jsonld_invalid(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for block in doc.jsonld:
        if block.error:
            yield Issue(f"JSON-LD does not parse: {block.error}", selector=block.selector)


def jsonld_schema(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for block in doc.jsonld:
        if block.data is not None:
            for problem in vocabulary_problems(block.data):
                yield Issue(problem, selector=block.selector)


def medicalclinic_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.jsonld or any(b.error for b in doc.jsonld):
        return  # reported by jsonld-missing / jsonld-invalid
    if not doc.clinic_nodes():
        yield Issue("no MedicalClinic (or other LocalBusiness) in the structured data")


def _decimals(value: object) -> int:
    text = str(value)
    return len(text.split(".", 1)[1]) if "." in text else 0


def medicalclinic_incomplete(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for clinic in doc.clinic_nodes():
        missing = [key for key in ("name", "url", "image", "telephone") if not clinic.get(key)]
        if not clinic.get("openingHoursSpecification") and not clinic.get("openingHours"):
            missing.append("openingHoursSpecification")
        address = clinic.get("address")
        if not isinstance(address, dict):
            missing.append("address")
        else:
            missing += [
                f"address.{part}"
                for part in (
                    "streetAddress",
                    "addressLocality",
                    "addressRegion",
                    "postalCode",
                    "addressCountry",
                )
                if not address.get(part)
            ]
        geo = clinic.get("geo")
        if not isinstance(geo, dict) or not geo.get("latitude") or not geo.get("longitude"):
            # Recommended, not required: a clinic that has not confirmed its coordinates
            # is right to leave them out rather than publish a guess.
            yield Issue("no geo coordinates (recommended when they are known exactly)", severity=N)
        elif min(_decimals(geo["latitude"]), _decimals(geo["longitude"])) < 5:
            yield Issue("geo coordinates have fewer than 5 decimal places")
        phone = str(clinic.get("telephone") or "")
        if phone and not phone.startswith("+"):
            yield Issue(f"telephone {phone!r} lacks the country code (+1-...)")
        if missing:
            yield Issue(f"{clinic.get('@type')} lacks {', '.join(missing)}")
