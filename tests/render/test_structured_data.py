from __future__ import annotations

import json

from service.audit.checks.vocabulary import vocabulary_problems
from service.render.structured_data import schema_telephone, to_script_json


def test_script_json_cannot_close_the_script_element() -> None:
    text = to_script_json({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & more"


def test_schema_telephone_is_international_with_dashes() -> None:
    assert schema_telephone("(310) 555-0142", "US") == "+1-310-555-0142"


def test_vocabulary_flags_unknown_types_and_properties() -> None:
    node = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "MedicalClinic", "name": "x", "colour": "red"},
            {"@type": "Clinicc"},
            {"@type": "Person", "medicalSpecialty": "x"},
        ],
    }
    problems = list(vocabulary_problems(node))
    assert any("unknown property 'colour'" in p for p in problems)
    assert any("unknown type 'Clinicc'" in p for p in problems)
    assert any("'medicalSpecialty' is not a property of Person" in p for p in problems)


def test_vocabulary_accepts_a_valid_node() -> None:
    node = {
        "@type": "MedicalClinic",
        "name": "x",
        "address": {"@type": "PostalAddress", "postalCode": "90025"},
        "isAcceptingNewPatients": True,
    }
    assert list(vocabulary_problems(node)) == []
