#!/usr/bin/env python3
"""import_roundtrip.py - each importer's fixture converted by `wattif import`
and run through `wattif run` as a grid's `series:`: the run's intensity is
the window mean of the source, computed here on its own from the source
file (its own CSV/JSON reading, its own CET/CEST rule, its own
Σ G EF / Σ G), to 1e-9 relative.

Run by tests/import.sh (BUILD names the build directory).
"""
import csv
import datetime as dt
import json
import os
import subprocess
import tempfile
import unittest

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WATTIF = os.path.join(ROOT, os.environ.get("BUILD", "build"), "wattif")
DATA = os.path.join(ROOT, "tests", "data", "import")
UTC = dt.timezone.utc

SCENARIO = """grids:
  - id: XX-imported
    name: imported series
    series: {series}{region}
    series_basis: {basis}
scenario:
  id: import-roundtrip
  workload:
    kind: training
    accelerator: nvidia-h100-sxm5-80gb
    devices: 8
    wall_time: {hours} h
    power_per_device: 700 W
  site: {{region: XX-imported, pue: 1.1}}
  start: {start}
"""


def utc(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)


def window_mean(rows, step, start, hours):
    """Σ v * overlap / T over rows (t, v) of length step; every second of
    the window must be covered by a value."""
    a, b = start.timestamp(), start.timestamp() + hours * 3600
    total = covered = 0.0
    for t, v in rows:
        lo, hi = max(t.timestamp(), a), min(t.timestamp() + step, b)
        if hi > lo:
            assert v is not None, "the test window touches a gap at %s" % t
            total += v * (hi - lo)
            covered += hi - lo
    assert abs(covered - (b - a)) < 1e-6, "the test window leaves the series"
    return total / (b - a)


# ------------------------------------------------- the sources, read here

def em_rows(path, zone):
    with open(path, newline="", encoding="utf-8") as f:
        out = []
        for r in csv.DictReader(f):
            if r["Zone id"] != zone:
                continue
            t = dt.datetime.strptime(r["Datetime (UTC)"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            v = r["Carbon intensity gCO₂eq/kWh (direct)"]
            out.append((t, float(v) if v else None))
    return sorted(out)


def neso_rows(paths, region_id):
    out = {}
    for p in paths:
        with open(p) as f:
            data = json.load(f)["data"]
        for period in data:
            for reg in period["regions"]:
                if reg["regionid"] == region_id:
                    out[utc(period["from"])] = float(reg["intensity"]["forecast"])
    return sorted(out.items())


def neso_national_rows(path):
    out = []
    with open(path) as f:
        data = json.load(f)["data"]
    for period in data:
        a = period["intensity"]["actual"]
        out.append((utc(period["from"]), None if a is None else float(a)))
    return out


def last_sunday(year, month):
    d = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def cet_to_utc(wall, seen):
    """Europe's CET/CEST: UTC+2 from 01:00Z on the last Sunday of March to
    01:00Z on the last Sunday of October, else UTC+1; the repeated hour is
    summer time the first time it is seen."""
    y = wall.year
    start = dt.datetime.combine(last_sunday(y, 3), dt.time(1), UTC)
    end = dt.datetime.combine(last_sunday(y, 10), dt.time(1), UTC)
    summer = (wall - dt.timedelta(hours=2)).replace(tzinfo=UTC)
    winter = (wall - dt.timedelta(hours=1)).replace(tzinfo=UTC)
    if start <= summer < end and not start <= winter < end:
        return winter if wall in seen else summer
    return summer if start <= summer < end else winter


def entsoe_rows(path, factors, drop):
    seen, out = set(), []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            wall = dt.datetime.strptime(r["MTU (CET/CEST)"].split(" - ")[0], "%d.%m.%Y %H:%M")
            t = cet_to_utc(wall, seen)
            seen.add(wall)
            num = den = 0.0
            for col, v in r.items():
                if not col.endswith("- Actual Aggregated [MW]") or v == "n/e":
                    continue
                fuel = col.split("  - ")[0].lower().replace(" ", "_").replace("/", "_")
                if fuel in drop:
                    continue
                num += float(v) * factors[fuel]
                den += float(v)
            out.append((t, num / den))
    return out


# ------------------------------------------------------------ the runs

class RoundTrip(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def wattif(self, *args):
        p = subprocess.run([WATTIF] + list(args), capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p

    def run_window(self, series, region, basis, start, hours):
        yml = os.path.join(self.tmp.name, "scenario.yaml")
        with open(yml, "w") as f:
            region = '\n    series_region: "%s"' % region if region else ""
            f.write(SCENARIO.format(series=os.path.basename(series), region=region,
                                    basis=basis, start=start.strftime("%Y-%m-%dT%H:%MZ"),
                                    hours=hours))
        p = self.wattif("run", yml, "--format", "json")
        doc = json.loads(p.stdout)
        explain = self.wattif("explain", yml).stdout
        self.assertIn(os.path.basename(series), explain)
        return doc["results"]["intensity_g_per_kwh"]

    def check(self, got, want):
        self.assertLessEqual(abs(got - want), 1e-9 * abs(want), "run %r, source %r" % (got, want))

    def test_electricitymaps(self):
        src = os.path.join(DATA, "em_two_zones.csv")
        out = os.path.join(self.tmp.name, "em.csv")
        self.wattif("import", "electricitymaps", src, "-o", out)
        for zone, start, hours in (("SE", utc("2024-01-01T01:15Z"), 4.5),
                                   ("DE", utc("2024-01-01T00:30Z"), 1.5)):
            want = window_mean(em_rows(src, zone), 3600, start, hours)
            self.check(self.run_window(out, zone, "direct", start, hours), want)

    def test_neso_regional(self):
        srcs = [os.path.join(DATA, "neso_regional_%d.json" % k) for k in (1, 2)]
        out = os.path.join(self.tmp.name, "neso.csv")
        self.wattif("import", "neso-json", "--from", "2024-03-01T00:00Z", *srcs, "-o", out)
        for rid, name in ((13, "London"), (1, "North Scotland")):
            start = utc("2024-03-01T00:15Z")
            want = window_mean(neso_rows(srcs, rid), 1800, start, 3.25)
            self.check(self.run_window(out, name, "direct", start, 3.25), want)

    def test_neso_national(self):
        src = os.path.join(DATA, "neso_national.json")
        out = os.path.join(self.tmp.name, "national.csv")
        self.wattif("import", "neso-json", src, "-o", out)
        start = utc("2024-03-01T00:10Z")
        want = window_mean(neso_national_rows(src), 1800, start, 2.5)
        self.check(self.run_window(out, None, "direct", start, 2.5), want)

    def test_entsoe_factors(self):
        src = os.path.join(DATA, "entsoe_de_cet.csv")
        models = os.path.join(DATA, "entsoe_factors.yaml")
        out = os.path.join(self.tmp.name, "entsoe.csv")
        self.wattif("import", "entsoe", src, "--factors", "test-entsoe-lifecycle",
                    "--models", models, "--drop", "hydro_pumped_storage", "-o", out)
        with open(models) as f:
            fs = yaml.safe_load(f)["factors"][0]["values"]
        factors = {k: float(v.split()[0]) for k, v in fs.items()}
        rows = entsoe_rows(src, factors, {"hydro_pumped_storage"})
        # across the night the clocks go back (CEST to CET)
        start = utc("2024-10-26T20:30Z")
        want = window_mean(rows, 3600, start, 7)
        self.check(self.run_window(out, None, "lifecycle", start, 7), want)


if __name__ == "__main__":
    unittest.main(verbosity=1)
