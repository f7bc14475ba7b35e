from __future__ import annotations

import json

from service.render.structured_data import schema_telephone, to_script_json


def test_script_json_cannot_close_the_script_element() -> None:
    text = to_script_json({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & more"


def test_schema_telephone_is_international_with_dashes() -> None:
    assert schema_telephone("(310) 555-0142", "US") == "+1-310-555-0142"
