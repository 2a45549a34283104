"""wattif.Error: file, line, col, code and message, as the tool reports them."""
import glob
import re

import pytest

import wattif
from conftest import tool

BAD = sorted(glob.glob("tests/bad/*.yaml"))


def expectation(path):
    """("LINE" or "*", "COL" or "*", MESSAGE) from the file's "# expect:" line."""
    with open(path, "rb") as f:
        first = f.readline().decode("utf-8", "replace").rstrip("\n")
    m = re.match(r"# expect: ([0-9*]+):(?:([0-9*]+):)? (.*)$", first)
    assert m, path
    return m.group(1), m.group(2) or "*", m.group(3)


def test_the_corpus_is_there():
    assert len(BAD) >= 50


@pytest.mark.parametrize("path", BAD)
def test_bad_files(cat, path):
    line, col, msg = expectation(path)
    with pytest.raises(wattif.Error) as e:
        cat.check(path)
    err = e.value
    assert err.code in (-1, -2, -3), err.code      # EINPUT, EDIM, ENOTFOUND
    assert msg in err.message
    if line != "*":
        assert (err.file, err.line) == (path, int(line))
    if col != "*":
        assert err.col == int(col)
    # the tool says the same
    p = tool("check", path, check=False)
    assert p.returncode == 2
    assert p.stderr.startswith("wattif: " + str(err))


def test_error_fields(cat):
    with pytest.raises(wattif.Error) as e:
        cat.run("tests/bad/01-tdp-wrong-dimension.yaml")
    err = e.value
    assert (err.file, err.line, err.col) == ("tests/bad/01-tdp-wrong-dimension.yaml", 5, 10)
    assert err.code == -2 and err.code_name == "EDIM"
    assert err.message == 'tdp: expected a power, got a CO2e mass "700 kg"'
    assert str(err) == "tests/bad/01-tdp-wrong-dimension.yaml:5:10: " + err.message
    assert isinstance(err, Exception)


def test_missing_file(cat):
    with pytest.raises(wattif.Error) as e:
        cat.run("no/such/file.yaml")
    assert e.value.code == -3 and e.value.file == "no/such/file.yaml"


def test_dict_error_points_into_its_yaml(cat):
    sc = {"id": "x",
          "workload": {"kind": "training", "accelerator": "nvidia-a100-sxm4-80gb",
                       "device_hours": 10},
          "site": {"region": "FR", "pue": "1.1 W"}}
    with pytest.raises(wattif.Error) as e:
        cat.run(sc)
    err = e.value
    assert err.file == "<dict>" and err.code == -2
    assert err.source.strip() == "pue: 1.1 W"
    assert err.message.startswith("pue: expected a dimensionless number")
    # {"scenario": {...}}: line 1 is "scenario:", then id, workload and its
    # 3 keys, site, region, then "    pue: 1.1 W" on line 9, its value at column 10
    assert (err.line, err.col) == (9, 10)
    with pytest.raises(wattif.Error) as e:
        cat.run(dict(sc, sitee={"pue": 1.1}, site={"pue": 1.1}))
    assert 'unknown key "sitee" in scenario (did you mean "site"?)' in str(e.value)


def test_set_errors(cat):
    with pytest.raises(wattif.Error) as e:
        cat.run("examples/llama-65b.yaml", set=["nonsense"])
    assert e.value.file == "--set" and "expected PATH=VALUE" in e.value.message
    with pytest.raises(wattif.Error) as e:
        cat.run("examples/llama-65b.yaml", set={"site.pue": "0.5"})
    assert "pue" in e.value.message
    with pytest.raises(ValueError):
        cat.run("examples/llama-65b.yaml", set={"site.pue": float("nan")})
    with pytest.raises(TypeError):
        cat.run(42)


def test_data_not_found(tmp_path, monkeypatch):
    monkeypatch.setenv("WATTIF_DATA", str(tmp_path))
    with pytest.raises(wattif.Error, match="has no models/ and data/"):
        wattif.Catalog()
    with pytest.raises(wattif.Error, match="has no models/ and data/"):
        wattif.Catalog(data=str(tmp_path))


def test_closed_catalog():
    c = wattif.Catalog()
    sw = c.sweep("tests/sweeps/product.yaml")
    c.close()
    with pytest.raises(ValueError):
        c.run("examples/llama-65b.yaml")
    with pytest.raises(ValueError):
        list(sw)          # closed with its catalog
    c.close()             # twice is fine


def test_own_models_on_top(tmp_path):
    own = tmp_path / "mine.yaml"
    own.write_text("accelerators:\n  - {id: my-gpu, name: Mine, source: test, tdp: 250 W}\n")
    with wattif.Catalog(paths=[str(own)]) as c:
        r = c.run({"workload": {"kind": "training", "accelerator": "my-gpu",
                                "device_hours": 100},
                   "site": {"region": "FR", "pue": 1.2}})
        # 100 h at the power curve's load of a 250 W TDP: at most 250 W x 1.2
        assert 0 < r.results["energy_facility_kwh"] <= 100 * 0.25 * 1.2
        assert c.entries("accelerators", "^my-gpu$")[0]["file"] == str(own)
    dup = tmp_path / "dup.yaml"
    dup.write_text("accelerators:\n  - {id: nvidia-a100-sxm4-80gb, name: X, source: t, tdp: 1 W}\n")
    with pytest.raises(wattif.Error) as e:
        wattif.Catalog(paths=[str(dup)])
    assert e.value.file == str(dup) and e.value.line == 2 and "duplicate" in e.value.message
