"""Catalog.sweep: the rows `wattif sweep` writes, as dicts or a DataFrame."""
import csv
import io
import sys

import pytest

import wattif
from conftest import tool


def tool_rows(path):
    out = tool("sweep", path).stdout
    return list(csv.reader(io.StringIO(out)))


def test_rows_are_the_tool_csv(cat):
    sw = cat.sweep("tests/sweeps/product.yaml")
    want = tool_rows("tests/sweeps/product.yaml")
    assert list(sw.columns) == want[0]
    assert sw.axes == ("site.region", "site.pue", "workload.devices")
    assert sw.described == ("region", "year", "basis", "intensity_source", "profile")
    assert len(sw) == 12 == len(want) - 1
    rows = list(sw)
    assert len(rows) == 12
    for got, w in zip(rows, want[1:]):
        assert list(got) == want[0]
        for k, text in zip(want[0], w):
            v = got[k]
            if k in sw.axes:
                assert str(v) == text
            elif k in sw.described:
                # what the intensity is: text, year a number, None when none
                assert v == (int(text) if k == "year" and text else text or None), k
            elif text == "":
                assert v is None, k
            else:
                # the tool writes the shortest text that reads back the same double
                assert v == float(text), k
    # region outermost, devices fastest; numbers as numbers
    assert [(r["site.region"], r["site.pue"], r["workload.devices"]) for r in rows[:3]] == \
        [("FR", 1.1, 8), ("FR", 1.1, 64), ("FR", 1.35, 8)]
    # a row is the scenario run with those values
    r = cat.run("tests/sweeps/base.yaml", set={"site.region": "DE", "site.pue": 1.35,
                                               "workload.devices": 64})
    row = [x for x in rows if x["site.region"] == "DE" and x["site.pue"] == 1.35
           and x["workload.devices"] == 64][0]
    for name, v in r.results.items():
        assert row[name] == pytest.approx(v, rel=1e-12) if v is not None else row[name] is None
    assert (row["region"], row["year"], row["basis"], row["intensity_source"]) == \
        (r.intensity["region"], r.intensity["year"], r.intensity["basis"],
         r.intensity["source"])
    sw.close()
    with pytest.raises(ValueError):
        len(sw)


def test_sampled_sweep_has_quantile_columns(cat):
    sw = cat.sweep("tests/sweeps/sampled.yaml")
    assert sw.samples == 300
    assert sw.values == ("energy_facility_kwh", "emissions_total_kg") + tuple(
        "%s_%s" % (o, q) for o in ("energy_facility_kwh", "emissions_total_kg")
        for q in wattif.QUANTILES)
    want = tool_rows("tests/sweeps/sampled.yaml")
    assert list(sw.columns) == want[0]
    for got, w in zip(sw.rows(1, 3), want[2:4]):
        nv = len(sw.values)
        assert [got[k] for k in sw.values] == [float(t) for t in
                                               w[len(sw.axes):len(sw.axes) + nv]]
        assert got["emissions_total_kg_p05"] < got["emissions_total_kg_p95"]


def test_dataframe(cat):
    pandas = pytest.importorskip("pandas")
    df = cat.sweep("tests/sweeps/product.yaml", as_dataframe=True)
    assert isinstance(df, pandas.DataFrame)
    assert df.shape == (12, 3 + 17 + 5)
    rows = list(cat.sweep("tests/sweeps/product.yaml"))
    assert df["emissions_total_kg"].tolist() == [r["emissions_total_kg"] for r in rows]
    assert df["site.region"].tolist()[::4] == ["FR", "DE", "PL"]


def test_dataframe_without_pandas(cat, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)   # import pandas fails
    with pytest.raises(ImportError, match="needs pandas"):
        cat.sweep("tests/sweeps/product.yaml").to_dataframe()


def expected_errors():
    with open("tests/sweeps/bad/expected.txt") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


@pytest.mark.parametrize("line", expected_errors())
def test_bad_sweeps(cat, line):
    path, ln, col, msg = line.split(":", 3)
    with pytest.raises(wattif.Error) as e:
        cat.sweep(path)
    assert (e.value.file, e.value.line, e.value.col) == (path, int(ln), int(col))
    assert str(e.value).startswith(line)   # the tool's message, "wattif: " aside


def test_max_points(cat):
    with pytest.raises(wattif.Error, match="12 points, more than the 11"):
        cat.sweep("tests/sweeps/product.yaml", max_points=11)


def test_point_that_fails(cat):
    sw = cat.sweep("tests/sweeps/evalerr.yaml")
    assert len(sw) == 4000
    with pytest.raises(wattif.Error) as e:
        list(sw.rows(3990, 4000))
    want = tool("sweep", "tests/sweeps/evalerr.yaml", check=False)
    assert want.returncode == 2
    assert "wattif: " + str(e.value) in want.stderr
