"""schema/wattif.schema.json: every shipped model file and example
validates, the bad corpus's unknown keys do not, the quantity patterns
accept exactly what the library's parser accepts, and every scenario and
sweep key the schema lists is one the library knows."""
import copy
import ctypes
import glob
import json
import os
import re
import subprocess

import pytest

import wattif
from conftest import BUILD

jsonschema = pytest.importorskip("jsonschema")
yaml = pytest.importorskip("yaml")

SCHEMA_FILE = "schema/wattif.schema.json"
with open(SCHEMA_FILE) as f:
    SCHEMA = json.load(f)
DEFS = SCHEMA["definitions"]
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2 core schema):
    dates stay text, only true/false are booleans, 1e15 is a number."""


Yaml12Loader.yaml_implicit_resolvers = {
    c: [(t, r) for t, r in rs if t not in ("tag:yaml.org,2002:timestamp",
                                          "tag:yaml.org,2002:bool",
                                          "tag:yaml.org,2002:float")]
    for c, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))


def as_json(v):
    """Keys as JSON has them: text."""
    if isinstance(v, dict):
        return {str(k): as_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [as_json(x) for x in v]
    return v


def load(path):
    with open(path, encoding="utf-8") as f:
        return as_json(yaml.load(f, Loader=Yaml12Loader))


def errors(doc):
    return sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.absolute_path).__len__())


SHIPPED = sorted(set(glob.glob("models/**/*.yaml", recursive=True) +
                     glob.glob("data/**/*.yaml", recursive=True) +
                     glob.glob("examples/**/*.yaml", recursive=True)))


def test_schema_is_draft7_and_current():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    # the checked-in file is what the generator writes now (make schema-check)
    got = subprocess.run([os.path.join(BUILD, "tools", "gen_schema")], capture_output=True,
                         check=True).stdout
    with open(SCHEMA_FILE, "rb") as f:
        assert f.read() == got, "schema/wattif.schema.json is stale: run make schema"


def test_shipped_files_are_all_there():
    assert len(SHIPPED) >= 50
    assert "examples/llama-65b.yaml" in SHIPPED and "models/hardware/nvidia.yaml" in SHIPPED


@pytest.mark.parametrize("path", SHIPPED)
def test_shipped_files_validate(path):
    errs = errors(load(path))
    assert not errs, "%s: %s at %s" % (path, errs[0].message[:300], list(errs[0].absolute_path))


def unknown_key_cases():
    """The bad corpus's files whose expected error is an unknown key."""
    out = []
    for path in sorted(glob.glob("tests/bad/*.yaml")) + sorted(glob.glob("tests/sweeps/bad/*.yaml")):
        # the first line only: a case about bad bytes has them further down
        with open(path, "rb") as f:
            first = f.readline().decode("utf-8", "replace")
        m = re.search(r'unknown (?:top-level )?key "([^"]+)"', first)
        if m:
            out.append((path, m.group(1)))
    with open("tests/sweeps/bad/expected.txt") as f:
        for line in f:
            m = re.match(r'([^:]+):\d+:\d+: unknown key "([^"]+)" in sweep', line)
            if m:
                out.append((m.group(1), m.group(2)))
    return out


def test_unknown_key_corpus_is_there():
    keys = [k for _, k in unknown_key_cases()]
    assert {"tpd", "accelerator", "sitee", "temperature", "varry"} <= set(keys), keys


def walk(errs):
    """The errors and, under anyOf/oneOf, the errors of each branch."""
    for e in errs:
        yield e
        yield from walk(e.context or [])


@pytest.mark.parametrize("path,key", unknown_key_cases())
def test_unknown_keys_fail(path, key):
    errs = [e for e in walk(VALIDATOR.iter_errors(load(path)))
            if e.validator == "additionalProperties"]
    assert errs, path
    assert any("'%s' was unexpected" % key in e.message for e in errs), \
        [e.message for e in errs]


def test_other_bad_values_fail():
    """A few of the bad corpus's wrong values that a schema can see."""
    for path, where in [("tests/bad/01-tdp-wrong-dimension.yaml", "tdp"),
                        ("tests/bad/02-unknown-unit.yaml", "tdp"),
                        ("tests/bad/04-missing-tdp.yaml", "required"),
                        ("tests/bad/11-bad-peak-precision.yaml", "bf61"),
                        ("tests/bad/12-peak-wrong-dimension.yaml", "bf16"),
                        ("tests/bad/14-not-a-sequence.yaml", "array")]:
        errs = list(VALIDATOR.iter_errors(load(path)))
        assert errs, path
        text = " ".join("%s %s" % (e.message, list(e.absolute_path)) for e in errs)
        assert where in text, (path, text[:300])


# ------------------------------------------- patterns against the parser

class WfValue(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("dim", ctypes.c_int), ("p", ctypes.c_double * 3)]


class WfParseError(ctypes.Structure):
    _fields_ = [("offset", ctypes.c_int), ("message", ctypes.c_char * 256)]


DIMS = ("none", "power", "energy", "time", "mass", "intensity", "compute", "compute_rate",
        "data", "volume", "water_intensity", "rate", "power_per_data", "date", "temperature",
        "mass_per_data", "mass_per_power")
ANY = len(DIMS)   # WF_DIM_COUNT_


@pytest.fixture(scope="module")
def parse():
    lib = ctypes.CDLL(os.environ["WATTIF_LIB"])
    fn = lib.wf_value_parse
    fn.argtypes = [ctypes.POINTER(WfValue), ctypes.c_char_p, ctypes.c_int,
                   ctypes.POINTER(WfParseError)]

    def dim_of(text):
        """The dimension the library parses text to (a temperature is only
        read where one is expected), or None."""
        v, e = WfValue(), WfParseError()
        if fn(ctypes.byref(v), text.encode(), ANY, ctypes.byref(e)) == 0:
            return DIMS[v.dim]
        if fn(ctypes.byref(v), text.encode(), DIMS.index("temperature"), ctypes.byref(e)) == 0:
            return "temperature"
        return None
    return dim_of


def pattern(dim):
    d = DEFS["quantity." + dim]
    if "pattern" in d:
        return re.compile(d["pattern"])
    return re.compile([a for a in d["anyOf"] if "pattern" in a][0]["pattern"])


@pytest.fixture(scope="module")
def units():
    out = subprocess.run([os.path.join(BUILD, "tools", "gen_schema"), "--units"],
                         capture_output=True, text=True, check=True).stdout
    us = [l.split("\t")[1:] for l in out.splitlines() if l.startswith("unit\t")]
    return [(u, d, c == "1", a == "1") for u, d, c, a in us]


def corpus(units):
    """Quantity texts: every unit alone, every unit over one of each
    dimension and one of each over every unit, CO2e suffixes,
    distributions in both spellings, number forms and near misses."""
    reps = {}
    for u, d, _, alone in units:
        if not alone:
            reps.setdefault(d, u)
    out = ["2.5 " + u for u, *_ in units]
    for u, _, _, alone in units:
        for r in reps.values():
            out += ["3 %s/%s" % (u, r), "3 %s / %s" % (r, u)]
    out += ["1 /h", "1/s", "5 /Hz", "2 kgCO2e", "2 kg CO2e", "2 t CO2-eq", "2 g CO₂e/kWh",
            "385 gCO2/kWh", "2 W CO2e", "2 CO2e", "1.5e3 W", ".5 W", "5. W", "+5 W", "-5 W",
            "700W", "  700 W  ", "700", "0", "W", "", "1e W", "1 2 W", "7 00 W", "1,5 W",
            "95%", "95 %", "1 token", "12 degC", "12 °C", "12 ℃", "12 C", "12",
            "5 W/%", "5 %/s", "5 W/GB", "3 m³", "3 m^3"]
    for u in ("W", "kWh", "days", "kg", "g/kWh", "TFLOP/s", "GB", "L/kWh", "tokens/s", "%",
              "degC", "FLOP"):
        out += ["tri(1 %s, 2 %s, 3 %s)" % (u, u, u), "tri(1, 2, 3) %s" % u,
                "pert( 1 %s ,2 %s , 3 %s )" % (u, u, u), "uniform(0, 5 %s)" % u,
                "uniform(1, 5) %s" % u, "normal(4 %s, 1 %s)" % (u, u),
                "lognormal(4 %s, 1.2)" % u, "lognormal(4, 1.2) %s" % u,
                "tri(1 %s, 2 %s)" % (u, u), "normal(4 %s, 1 %s, 2 %s)" % (u, u, u),
                "tri(1 %s, 2 %s, 3 %s) %s" % (u, u, u, u), "trix(1, 2, 3) %s" % u]
    out += ["tri(1, 2, 3)", "tri(1.1, 1.2, 1.4)", "normal(1, 0.1)", "tri(1%, 2%, 3%)",
            "tri(1, 2, 3)%", "2026-07-01", "2026-07-01T12:00Z", "2026-07-01 12:00 +01:00",
            "2026-07-01T12:00:30.25+0100", "2026-7-1", "2026-07-01T12Z"]
    return out


def test_patterns_agree_with_the_parser(parse, units):
    texts = corpus(units)
    assert len(texts) > 2000
    pats = {d: pattern(d) for d in DIMS}
    wrong = []
    for t in texts:
        got = parse(t)
        for d in DIMS:
            if bool(pats[d].search(t)) != (got == d):
                wrong.append((t, d, got))
    assert not wrong, wrong[:20]


def test_patterns_are_looser_only_in_values(parse):
    # the parser checks these values (order, sign, calendar, every argument
    # of one dimension); a pattern does not, and the loader names them
    for t, d in [("tri(3 W, 2 W, 1 W)", "power"), ("2026-13-45", "date"),
                 ("tri(1 W, 2, 3 W)", "power"), ("normal(4 W, -1 W)", "power")]:
        assert pattern(d).search(t) and parse(t) is None, t


def test_plain_numbers_only_where_dimensionless():
    assert VALIDATOR.is_valid({"accelerators": [{"id": "x", "tdp": "700 W", "curve": 1.5}]})
    assert not VALIDATOR.is_valid({"accelerators": [{"id": "x", "tdp": 700}]})
    assert not VALIDATOR.is_valid({"accelerators": [{"id": "x y", "tdp": "700 W"}]})
    assert not VALIDATOR.is_valid({"facilities": [{"id": "f", "pue": 0.9}]})  # minimum 1
    assert VALIDATOR.is_valid({"facilities": [{"id": "f", "pue": "tri(1.1, 1.2, 1.4)"}]})


# ------------------------------------- scenario and sweep keys, each known

SECTIONS = {
    # definition: (a scenario dict that reaches the section's key check,
    #              the path of the section in it)
    "scenario": ("llama", ()),
    "scenario.site": ("llama", ("site",)),
    "scenario.grid": ("llama", ("grid",)),
    "scenario.embodied": ("llama", ("embodied",)),
    "scenario.unit": ("llama", ("unit",)),
    "scenario.campus": ("campus", ("campus",)),
    "scenario.utilisation": ("campus", ("campus", "utilisation")),
    "scenario.mix_shift": ("mix", ("grid", "mix_shift")),
}


def base(name):
    if name == "llama":
        return {"id": "k", "workload": {"kind": "training",
                                        "accelerator": "nvidia-a100-sxm4-80gb",
                                        "device_hours": 1000, "power_per_device": "400 W"},
                "site": {"region": "FR", "pue": 1.1}, "grid": {"intensity": "50 g/kWh"},
                "embodied": {"device": "150 kg"}, "unit": {"name": "token", "count": 1e6}}
    if name == "campus":
        sc = load("examples/campus-ie.yaml")["scenario"]
        sc["campus"]["utilisation"] = {"daily": [0.7] * 24}
        return sc
    sc = load("tests/scenarios/mix_gb.yaml")["scenario"]
    sc.setdefault("grid", {})["mix_shift"] = {"from": "gas_ccgt", "to": "wind", "points": "1%"}
    return sc


def with_key(sc, path, key, value):
    sc = copy.deepcopy(sc)
    m = sc
    for p in path:
        m = m[p]
    m[key] = value
    return sc


def message(cat, sc):
    try:
        cat.run(sc)
        return ""
    except wattif.Error as e:
        return e.message


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_scenario_keys_are_the_engines(cat, section):
    name, path = SECTIONS[section]
    sc = base(name)
    what = section.split(".")[-1]
    # the section is checked: a key it does not know is named
    assert 'unknown key "zz_not_a_key" in %s' % what in \
        message(cat, with_key(sc, path, "zz_not_a_key", 1))
    # and every key the schema lists is one it knows
    for key in DEFS[section]["properties"]:
        m = message(cat, with_key(sc, path, key, "zz-junk"))
        assert 'unknown key "%s"' % key not in m, (section, key, m)


def test_years_and_sweep_keys(cat, tmp_path):
    assert sorted(DEFS["scenario.years"]["properties"]) == ["from", "to"]
    sc = base("campus")
    assert cat.run(sc).years                      # {from, to} runs year by year
    assert "expected {from: YEAR, to: YEAR}" in message(
        cat, with_key(sc, ("years",), "zz_not_a_key", 1))
    for key in list(DEFS["sweep"]["properties"]) + ["zz_not_a_key"]:
        f = tmp_path / ("%s.yaml" % key)
        body = {"base": "../base.yaml", "vary": {"site.pue": [1.1, 1.2]}}
        body[key] = body.get(key, "zz-junk")
        f.write_text(json.dumps({"sweep": body}))
        with pytest.raises(wattif.Error) as e:
            cat.sweep(str(f))
        unknown = 'unknown key "%s" in sweep' % key in e.value.message
        assert unknown == (key == "zz_not_a_key"), (key, e.value.message)
