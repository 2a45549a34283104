#!/usr/bin/env python3
"""test_neso_download.py - tools/neso_download.py against a stand-in for
the Carbon Intensity API on 127.0.0.1 (no test uses the network).

The stand-in answers /regional/intensity/{from}/{to}[/regionid/{id}] in the
API's documented shape (carbon-intensity/api-definitions, "Regional
From-To" and "Regional ID") with synthetic values, and, as the real API
does, starts with the half-hour that contains `from` (the one that ends at
`from` when `from` is on a boundary).  It refuses more than 14 days, as the
API does.  Checked: the requests (14-day pieces, one minute inside each
boundary), every half-hour of the range once per region with the values
the stand-in served and its generation mix, the responses kept as files,
one region, an API error answer, and a range the importer must clip.

Run by tests/import.sh (BUILD names the build directory).
"""
import csv
import datetime as dt
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "tools", "neso_download.py")
WATTIF = os.path.join(ROOT, os.environ.get("BUILD", "build"), "wattif")
HALF = dt.timedelta(minutes=30)
REGIONS = [(1, "Scottish Hydro Electric Power Distribution", "North Scotland"),
           (13, "UKPN London", "London"),
           (18, "GB", "GB")]
FUELS = ["biomass", "coal", "imports", "gas", "nuclear", "other", "hydro", "solar", "wind"]


def forecast(rid, t):
    """The stand-in's value for region rid at the half-hour starting t."""
    k = int(t.timestamp() // 1800)
    return (k * 7 + rid * 13) % 300


def mix(rid, t):
    k = int(t.timestamp() // 1800)
    gas = (k + rid) % 40
    shares = [2.5, 0, 10, gas, 15, 0.5, 1, 3]
    return [{"fuel": f, "perc": v} for f, v in zip(FUELS, shares + [100 - sum(shares)])]


def parse(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%MZ").replace(tzinfo=dt.timezone.utc)


def slots(a, b):
    """The half-hours the API returns for [a, b]."""
    t = a - dt.timedelta(seconds=1)
    t = t.replace(minute=30 if t.minute >= 30 else 0, second=0)
    while t < b:
        yield t
        t += HALF


def region_entry(rid, dno, short, t):
    return {"regionid": rid, "dnoregion": dno, "shortname": short,
            "intensity": {"forecast": forecast(rid, t), "index": "moderate"},
            "generationmix": mix(rid, t)}


class Api(http.server.BaseHTTPRequestHandler):
    requests = []
    fail = False

    def log_message(self, *args):
        pass

    def answer(self, code, doc):
        body = json.dumps(doc, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Api.requests.append(self.path)
        parts = self.path.strip("/").split("/")
        if Api.fail:
            return self.answer(400, {"error": {"code": "400 Bad Request",
                                               "message": "Please enter a valid date"}})
        if parts[:2] != ["regional", "intensity"] or len(parts) not in (4, 6):
            return self.answer(404, {"error": {"code": "404", "message": "no such path"}})
        a, b = parse(parts[2]), parse(parts[3])
        if b - a > dt.timedelta(days=14):
            return self.answer(400, {"error": {"code": "400 Bad Request",
                                               "message": "range over 14 days"}})
        if len(parts) == 6:
            rid = int(parts[5])
            dno, short = [(d, s) for r, d, s in REGIONS if r == rid][0]
            data = {"regionid": rid, "dnoregion": dno, "shortname": short, "data": [
                {"from": t.strftime("%Y-%m-%dT%H:%MZ"),
                 "to": (t + HALF).strftime("%Y-%m-%dT%H:%MZ"),
                 "intensity": {"forecast": forecast(rid, t), "index": "low"},
                 "generationmix": mix(rid, t)} for t in slots(a, b)]}
            return self.answer(200, {"data": data})
        data = [{"from": t.strftime("%Y-%m-%dT%H:%MZ"),
                 "to": (t + HALF).strftime("%Y-%m-%dT%H:%MZ"),
                 "regions": [region_entry(r, d, s, t) for r, d, s in REGIONS]}
                for t in slots(a, b)]
        return self.answer(200, {"data": data})


class Download(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
        cls.url = "http://127.0.0.1:%d" % cls.server.server_address[1]
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        Api.requests = []
        Api.fail = False
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def run_script(self, *args):
        out = os.path.join(self.tmp.name, "series.csv")
        cmd = [sys.executable, SCRIPT, "--base-url", self.url, "--wattif", WATTIF,
               "--dir", os.path.join(self.tmp.name, "responses"), "-o", out] + list(args)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        rows = []
        if p.returncode == 0:
            with open(out, newline="") as f:
                rows = list(csv.DictReader(f))
        return p, rows

    def test_all_regions_in_14_day_pieces(self):
        p, rows = self.run_script("--from", "2024-01-01", "--to", "2024-01-31")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(Api.requests, [
            "/regional/intensity/2024-01-01T00:01Z/2024-01-14T23:59Z",
            "/regional/intensity/2024-01-15T00:01Z/2024-01-28T23:59Z",
            "/regional/intensity/2024-01-29T00:01Z/2024-01-30T23:59Z"])
        self.assertEqual(len(os.listdir(os.path.join(self.tmp.name, "responses"))), 3)
        self.assertEqual(len(rows), 30 * 48 * len(REGIONS))
        start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
        seen = set()
        for r in rows:
            t = dt.datetime.strptime(r["timestamp_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=dt.timezone.utc)
            rid = int(r["region_id"])
            self.assertTrue(start <= t < start + dt.timedelta(days=30))
            self.assertEqual(float(r["intensity_g_per_kwh"]), forecast(rid, t))
            self.assertEqual(float(r["gas_pct"]), mix(rid, t)[3]["perc"])
            self.assertAlmostEqual(sum(float(r[f + "_pct"]) for f in FUELS), 100, places=9)
            seen.add((rid, t))
        self.assertEqual(len(seen), len(rows))
        self.assertEqual({r["region"] for r in rows}, {"North Scotland", "London", "GB"})
        self.assertIn("3 regions, step 30 min", p.stderr)

    def test_one_region_and_clipping(self):
        # a range off the half-hour boundaries: the importer clips to it
        p, rows = self.run_script("--from", "2024-02-01T06:00Z", "--to", "2024-02-02T06:00Z",
                                  "--region", "13")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(Api.requests,
                         ["/regional/intensity/2024-02-01T06:01Z/2024-02-02T05:59Z/regionid/13"])
        self.assertEqual(len(rows), 48)
        self.assertEqual(rows[0]["timestamp_utc"], "2024-02-01T06:00:00Z")
        self.assertEqual(rows[-1]["timestamp_utc"], "2024-02-02T05:30:00Z")
        self.assertEqual({r["region"] for r in rows}, {"London"})

    def test_api_error(self):
        Api.fail = True
        p, rows = self.run_script("--from", "2024-01-01", "--to", "2024-01-02")
        self.assertEqual(p.returncode, 1)
        self.assertIn("HTTP 400: 400 Bad Request Please enter a valid date", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "series.csv")))

    def test_bad_range(self):
        p, rows = self.run_script("--from", "2024-01-02", "--to", "2024-01-01")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--to must come after --from", p.stderr)
        self.assertEqual(Api.requests, [])


if __name__ == "__main__":
    unittest.main(verbosity=1)
