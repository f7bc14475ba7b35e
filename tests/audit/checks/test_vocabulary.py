"""schema.org terms, expanded as JSON-LD expands them, checked against the current release."""

from __future__ import annotations

import pytest

from service.audit.checks.vocabulary import load_vocabulary, vocabulary_problems
from service.paths import SCHEMAORG_RELEASE


def problems(node: dict) -> list[str]:
    return list(vocabulary_problems(node))


def test_the_vocabulary_is_the_shipped_release() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.release == SCHEMAORG_RELEASE == "30.0"
    assert vocabulary.is_type("Certification") and "hasCertification" in vocabulary.properties


def test_current_terms_pass() -> None:
    node = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": "Clinic",
        "hasCertification": {"@type": "Certification", "name": "L.Ac."},
    }
    assert problems(node) == []


def test_a_misspelt_property_fails() -> None:
    node = {"@context": "https://schema.org", "@type": "MedicalClinic", "telephon": "+1"}
    assert problems(node) == ["$.telephon: unknown property 'telephon'"]


@pytest.mark.parametrize(
    "node",
    [
        {
            "@context": {"schema": "https://schema.org/"},
            "@type": "schema:Person",
            "schema:name": "x",
        },
        {"@context": {"@vocab": "http://schema.org/"}, "@type": "Person", "name": "x"},
        {"@context": "http://schema.org", "@type": "Person", "name": "x"},
        {"@type": "https://schema.org/Person", "http://schema.org/name": "x", "@context": {}},
    ],
    ids=["compact IRI", "@vocab over http", "http context", "full IRIs"],
)
def test_every_way_of_naming_a_term_is_the_same_term(node: dict) -> None:
    assert problems(node) == []


def test_compact_iris_are_checked_too() -> None:
    node = {
        "@context": {"schema": "https://schema.org/"},
        "@type": "schema:Person",
        "schema:nmae": 1,
    }
    assert problems(node) == ["$.schema:nmae: unknown property 'nmae'"]


def test_other_vocabularies_are_not_ours_to_judge() -> None:
    node = {
        "@context": ["https://schema.org", {"ex": "https://example.org/terms/"}],
        "@type": "Person",
        "name": "x",
        "ex:favouriteColour": "teal",
    }
    assert problems(node) == []


def test_types_with_several_parents_accept_their_ancestors_properties() -> None:
    """The release's CSV leaves MedicalSpecialty's property list empty; its parents do not."""
    node = {"@context": "https://schema.org", "@type": "MedicalSpecialty", "name": "Acupuncture"}
    assert problems(node) == []


def test_a_property_of_another_type_is_named() -> None:
    node = {"@context": "https://schema.org", "@type": "Person", "medicalSpecialty": "x"}
    assert problems(node) == ["$.medicalSpecialty: 'medicalSpecialty' is not a property of Person"]


def test_no_context_is_a_problem() -> None:
    assert problems({"@type": "Person", "name": "x"}) == [
        "$: no @context, so its terms name nothing (use https://schema.org)"
    ]
