"""The dict-to-YAML writer: what PyYAML reads back is what was written, and
strings that YAML would misread are quoted."""
import pytest

yaml = pytest.importorskip("yaml")

from wattif import _yaml  # noqa: E402


class TextLoader(yaml.SafeLoader):
    """Every scalar as its text, as libwattif's loader reads it."""


TextLoader.add_constructor("tag:yaml.org,2002:str", TextLoader.construct_yaml_str)
for tag in ("int", "float", "bool", "null", "timestamp"):
    TextLoader.add_constructor("tag:yaml.org,2002:" + tag, TextLoader.construct_yaml_str)


def as_text(v):
    if isinstance(v, dict):
        return {as_text(k): as_text(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [as_text(x) for x in v]
    return _yaml.scalar(v) if not isinstance(v, str) else v


DOC = {
    "scenario": {
        "id": "a-b.c_1",
        "workload": {"kind": "training", "devices": 4096, "mfu": 0.4,
                     "power_per_device": "tri(300 W, 400 W, 500 W)", "estimate": True},
        "start": "2026-07-01T00:00Z",
        "note": "a: colon, a # hash, 'quotes' and \"double\", and a trailing space ",
        "empty": "", "dash": "-5 W", "star": "*alias", "brace": "{x}", "pct": "95%",
        "unicode": "45 °C, m³ and ₂",
        "newline": "two\nlines",
        "list": [1, "two", {"k": "v", "k2": [3, 4]}, [5, 6], [], {}],
        "none": None, "no": False,
        2024: "385 g/kWh",
    },
    "grids": [],
}


def test_round_trip():
    text = _yaml.dump(DOC)
    assert yaml.load(text, Loader=TextLoader) == as_text(DOC)
    # block style: one key per line, so errors point at a key
    assert "\n  workload:\n    kind: training\n" in text
    assert "  start: \"2026-07-01T00:00Z\"\n" in text
    assert "    power_per_device: tri(300 W, 400 W, 500 W)\n" in text


def test_flow_values():
    assert _yaml.flow("200 g/kWh") == "200 g/kWh"
    assert _yaml.flow(4096) == "4096"
    assert _yaml.flow([1.1, 1.2]) == "[1.1, 1.2]"
    assert yaml.safe_load(_yaml.flow({"daily": [0.5] * 24})) == {"daily": [0.5] * 24}
    with pytest.raises(ValueError):
        _yaml.flow(float("inf"))
    with pytest.raises(TypeError):
        _yaml.dump("scenario")
