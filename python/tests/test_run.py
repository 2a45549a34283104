"""Catalog.run: the same figures as `wattif run --format json`, and
hand-computed ones."""
import json
import os

import pytest

import wattif
from conftest import g12, tool, tool_json

# LLaMA-65B as its paper reports it (examples/llama-65b.yaml): 1022362
# GPU-hours at 400 W, PUE 1.1, 385 g/kWh.
LLAMA_FACILITY_KWH = 1022362 * 0.400 * 1.1       # 449839.28 kWh
LLAMA_EMISSIONS_KG = LLAMA_FACILITY_KWH * 0.385   # 173188.1228 kg = 173.2 t


def same_as_tool(got, want):
    """Every output equal to the tool's JSON to its 12 digits."""
    assert list(got) == list(want)
    for k in want:
        assert g12(got[k]) == (None if want[k] is None else "%.12g" % want[k]), k


def test_llama_65b_by_hand(cat):
    r = cat.run("examples/llama-65b.yaml")
    assert r.scenario == "llama-65b"
    assert r.results["device_hours"] == 1022362
    assert r.results["energy_facility_kwh"] == pytest.approx(LLAMA_FACILITY_KWH, rel=1e-13)
    assert r.results["emissions_operational_kg"] == pytest.approx(LLAMA_EMISSIONS_KG, rel=1e-13)
    assert round(r.results["emissions_operational_kg"] / 1000, 1) == 173.2
    assert r.results["water_l"] is None          # no WUE data for an inline site
    assert r.results["emissions_embodied_kg"] is None   # embodied: false
    assert r["intensity_g_per_kwh"] == 385
    assert r.unit == "run" and r.samples == 0 and r.quantiles == {}
    assert any("explicit override" in n for n in r.notes)


@pytest.mark.parametrize("example", [
    "examples/llama-65b.yaml", "examples/inference-service.yaml",
    "examples/training-from-flops.yaml", "examples/carbon-aware-week.yaml",
    "examples/uk-regions-what-if.yaml"])
def test_examples_as_the_tool(cat, example):
    r = cat.run(example)
    want = tool_json("run", example, "--format", "json")
    assert r.scenario == want["scenario"] and r.unit == want["unit"]
    same_as_tool(r.results, want["results"])
    # the derivation is the tool's, byte for byte
    assert r.explain() == tool("explain", example).stdout


def test_set_overrides_as_the_tool(cat):
    sets = {"workload.device_hours": 2000000, "grid.intensity": "200 g/kWh",
            "site.pue": 1.25}
    r = cat.run("examples/llama-65b.yaml", set=sets)
    assert r.results["emissions_operational_kg"] == pytest.approx(
        2000000 * 0.4 * 1.25 * 0.2, rel=1e-13)
    want = tool_json("run", "examples/llama-65b.yaml", "--format", "json",
                     "--set", "workload.device_hours=2000000",
                     "--set", "grid.intensity=200 g/kWh", "--set", "site.pue=1.25")
    same_as_tool(r.results, want["results"])
    # the same as a list of assignments
    r2 = cat.run("examples/llama-65b.yaml", set=["workload.device_hours=2000000",
                                                 "grid.intensity=200 g/kWh", "site.pue=1.25"])
    assert r2.results == r.results
    # the origin of an override is the assignment
    assert "--set site.pue=1.25" in r.explain()


def test_monte_carlo_as_the_tool(cat):
    r = cat.run("examples/uncertain-training.yaml", samples=400, seed=11, sensitivity=True)
    want = tool_json("run", "examples/uncertain-training.yaml", "--format", "json",
                     "--samples", "400", "--seed", "11", "--sensitivity")
    assert r.samples == want["samples"] == 400
    assert set(r.quantiles) == set(want["quantiles"])
    for name, q in want["quantiles"].items():
        for k in wattif.QUANTILES:
            assert g12(r.quantiles[name][k]) == "%.12g" % q[k], (name, k)
    tq = r.quantiles["emissions_total_kg"]
    assert tq["p05"] < tq["p50"] < tq["p95"] and tq["sd"] > 0
    inputs = [row[0] for row in r.sensitivity["emissions_total_kg"]]
    assert inputs == [s["input"] for s in want["sensitivity"]["emissions_total_kg"]]
    assert sum(row[2] for row in r.sensitivity["emissions_total_kg"]) == pytest.approx(1, rel=1e-9)
    # the same seed gives the same numbers whatever the threads
    r4 = cat.run("examples/uncertain-training.yaml", samples=400, seed=11, threads=4)
    assert r4.quantiles == r.quantiles
    # samples=1 is the deterministic run
    assert cat.run("examples/uncertain-training.yaml", samples=1).quantiles == {}


def test_projection_as_the_tool(cat):
    p = cat.run("examples/campus-ie.yaml")
    assert isinstance(p, wattif.Projection)
    want = tool_json("run", "examples/campus-ie.yaml", "--format", "json")
    assert [y.year for y in p.years] == [y["year"] for y in want["years"]]
    same_as_tool(p.results, want["totals"])
    for got, w in zip(p.years, want["years"]):
        same_as_tool(got.results, w["results"])
    # totals are the sums of the years
    assert p.results["energy_facility_kwh"] == pytest.approx(
        sum(y.results["energy_facility_kwh"] for y in p.years), rel=1e-12)
    assert p.explain() == tool("explain", "examples/campus-ie.yaml").stdout


LLAMA_DICT = {
    "id": "llama-dict",
    "workload": {"kind": "training", "accelerator": "nvidia-a100-sxm4-80gb",
                 "device_hours": 1022362, "power_per_device": "400 W"},
    "site": {"region": "US", "pue": 1.1},
    "grid": {"intensity": "385 g/kWh"},
    "embodied": False,
}


def test_dict_scenario(cat):
    r = cat.run(LLAMA_DICT)
    f = cat.run("examples/llama-65b.yaml")
    assert r.scenario == "llama-dict"
    assert r.results == f.results
    # a whole model file: its own accelerator, visible to this run only
    doc = {"accelerators": [{"id": "dict-gpu", "name": "Dict GPU", "source": "test",
                             "tdp": "500 W"}],
           "scenario": dict(LLAMA_DICT, workload={
               "kind": "training", "accelerator": "dict-gpu",
               "device_hours": 1000, "power_per_device": "500 W"})}
    r = cat.run(doc)
    assert r.results["energy_facility_kwh"] == pytest.approx(1000 * 0.5 * 1.1, rel=1e-13)
    with pytest.raises(wattif.Error) as e:
        cat.run(dict(LLAMA_DICT, workload=dict(LLAMA_DICT["workload"], accelerator="dict-gpu")))
    assert "dict-gpu" in e.value.message
    # distributions written in a dict, sampled
    r = cat.run(dict(LLAMA_DICT, site={"region": "US", "pue": "tri(1.05, 1.1, 1.3)"}),
                samples=300, seed=5)
    q = r.quantiles["energy_facility_kwh"]
    assert 1.05 * 408944.8 < q["p05"] < q["p50"] < q["p95"] < 1.3 * 408944.8


def test_result_to_dict_is_the_tool_json(cat):
    d = cat.run("examples/inference-service.yaml").to_dict()
    want = tool_json("run", "examples/inference-service.yaml", "--format", "json")
    assert json.loads(json.dumps(d))["scenario"] == want["scenario"]
    same_as_tool(d["results"], want["results"])


def test_entries(cat):
    a100 = cat.entries("accelerators", "^nvidia-a100-sxm4-80gb$")
    assert len(a100) == 1 and a100[0]["tdp_w"] == 400
    assert a100[0]["file"].endswith(".yaml") and a100[0]["line"] > 0
    # the ids `wattif list grids '^GB'` shows (its first column)
    listed = [l.split()[0] for l in tool("list", "grids", "^GB").stdout.splitlines()[1:]
              if not l.startswith(" ")]  # indented lines: a grid's series
    gb = cat.entries("grids", "^GB")
    assert len(listed) > 10
    assert sorted(e["id"] for e in gb) == sorted(listed)
    # GB's latest annual figure, as listed: 216.5 g/kWh (kg/J x 3.6e9)
    row = [l for l in tool("list", "grids", "^GB$").stdout.splitlines()[1:]][0].split()
    g = [e for e in gb if e["id"] == "GB"][0]
    assert "%.1f" % (g["intensity_kg_per_j"] * 3.6e9) == row[2]
    assert g["intensity_year"] == int(row[1])
    with pytest.raises(ValueError):
        cat.entries("gpus")


def test_embodied_by_component(cat):
    r = cat.run("examples/h100-server-year.yaml")
    want = tool_json("run", "examples/h100-server-year.yaml", "--format", "json")
    assert r.embodied_scope == want["embodied_scope"] == \
        "accelerator boards + hosts + network + building (method vendor)"
    parts = ["emissions_embodied_%s_kg" % p for p in
             ("accelerators", "hosts", "network", "building")]
    assert r.results["emissions_embodied_kg"] == pytest.approx(
        sum(r.results[p] for p in parts), rel=1e-12)
    # 8 GPUs for a year: a fifth of NVIDIA's HGX H100 PCF (1312 kg / 8 per GPU)
    assert r.results["emissions_embodied_accelerators_kg"] == pytest.approx(1312 / 5, rel=1e-12)
    assert cat.run("examples/llama-65b.yaml").embodied_scope is None
    f = cat.entries("embodied_factors", "^nvidia-hgx-h100-pcf-per-gpu$")
    assert len(f) == 1 and f[0]["value"] == 164 and f[0]["component"] == "board"
    assert f[0]["basis"] == "cradle-to-gate" and f[0]["method"] == "vendor"


def test_intensity_basis_and_year(cat):
    # a GB job in June 2023: NESO's national series, direct CO2
    r = cat.run("tests/scenarios/gb_neso_june.yaml")
    i = r.intensity
    assert (i["region"], i["year"], i["basis"], i["source"]) == ("GB", 2023, "direct", "series")
    assert "gb_neso_national_2023_halfhourly.csv" in i["label"] and i["profile"] is None
    # the same job next March: a typical-year profile at the 2024 figure, held
    f = cat.run("tests/scenarios/gb_neso_june.yaml", set={"start": "2027-03-01T00:00Z"})
    i = f.intensity
    assert (i["source"], i["year"], i["held"], i["basis"]) == ("profile", 2024, True, "lifecycle")
    assert "typical year" in i["profile"]
    # the CLI's JSON says the same
    j = json.loads(tool("run", "tests/scenarios/gb_neso_june.yaml", "--format", "json",
                        "--set", "start=2027-03-01T00:00Z").stdout)
    assert j["basis"] == "lifecycle" and j["year"] == 2024
    assert j["intensity"]["source"] == "profile" and j["intensity"]["held"] is True
    assert j["intensity"]["profile"] == i["profile"]


def test_cache_same_figures(tmp_path):
    """A catalog read through a cache (cold, then warm) gives the figures
    one read without it gives; a cache that is not a directory is refused."""
    cache = tmp_path / "cache"
    plain = wattif.Catalog()
    cold = wattif.Catalog(cache=cache)
    assert len([p for p in os.listdir(cache) if p.endswith(".wfdoc")]) >= 10
    warm = wattif.Catalog(cache=cache)
    for c in (cold, warm):
        assert c.run("examples/llama-65b.yaml").results == \
            plain.run("examples/llama-65b.yaml").results
    (tmp_path / "file").write_text("x")
    with pytest.raises(wattif.Error, match="not a directory"):
        wattif.Catalog(cache=tmp_path / "file")
    for c in (plain, cold, warm):
        c.close()
