#!/usr/bin/env python3
"""neso_download.py - download NESO regional carbon intensity (with the
generation mix) from the Carbon Intensity API for a date range, in 14-day
requests, and import it with `wattif import neso-json` into one regional
series CSV a grid's `series:` key can name.

usage: tools/neso_download.py --from 2024-01-01 --to 2024-07-01 [-o FILE]
           [--region ID] [--dir DIR] [--base-url URL] [--wattif PATH]

  --from, --to   the range, UTC (YYYY-MM-DD or YYYY-MM-DDTHH:MMZ); intervals
                 that start in [from, to) are kept
  -o FILE        the series CSV (default: standard output)
  --region ID    one NESO region id (1-17) instead of all regions
  --dir DIR      where the API's responses are kept, one JSON file per
                 request, as received (default: a new neso-YYYYMMDD-...
                 directory here)
  --base-url U   the API (default https://api.carbonintensity.org.uk)
  --wattif PATH  the wattif program (default: wattif on PATH, else the
                 build/wattif of this repository)

The API answers at most 14 days per request and returns the half-hour that
contains `from`, so each request asks from one minute after a boundary to
one minute before the next: consecutive responses do not overlap.  If they
do (an API that returns both ends), `wattif import` keeps an interval that
two files give identically once and stops on one given with different
values.  Regional values are NESO forecasts (there is no regional actual).
NESO data: Carbon Intensity API, CC BY 4.0; attribute NESO.
Python 3 standard library only.
"""
import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

API = "https://api.carbonintensity.org.uk"
CHUNK = dt.timedelta(days=14)
MINUTE = dt.timedelta(minutes=1)


def parse_time(text):
    """A UTC time from YYYY-MM-DD or YYYY-MM-DDTHH:MM[Z]."""
    s = text.strip().rstrip("Z")
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(s, fmt)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError("expected YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, got %r" % text)


def api_time(t):
    return t.strftime("%Y-%m-%dT%H:%MZ")


def chunks(start, end):
    """[start, end) in pieces of at most 14 days."""
    out = []
    a = start
    while a < end:
        b = min(a + CHUNK, end)
        out.append((a, b))
        a = b
    return out


def fetch(url, tries=3, timeout=60):
    """The body of a GET, retried on network errors and 5xx answers."""
    req = urllib.request.Request(url, headers={"Accept": "application/json",
                                               "User-Agent": "wattif-neso-download"})
    for k in range(tries):
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            body = e.read()
            if e.code < 500 or k == tries - 1:
                raise RuntimeError("%s: HTTP %d%s" % (url, e.code, api_message(body)))
        except urllib.error.URLError as e:
            if k == tries - 1:
                raise RuntimeError("%s: %s" % (url, e.reason))
        time.sleep(2 ** k)
    raise RuntimeError("%s: no answer" % url)


def api_message(body):
    try:
        err = json.loads(body.decode("utf-8")).get("error", {})
        return ": %s %s" % (err.get("code", ""), err.get("message", ""))
    except (ValueError, AttributeError, UnicodeDecodeError):
        return ""


def find_wattif(given):
    if given:
        return given
    on_path = shutil.which("wattif")
    if on_path:
        return on_path
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "wattif")
    if os.access(here, os.X_OK):
        return os.path.normpath(here)
    raise RuntimeError("no wattif program: give --wattif PATH")


def download(args, start, end):
    """Fetch each 14-day piece into args.dir; returns the files in order."""
    os.makedirs(args.dir, exist_ok=True)
    files = []
    for a, b in chunks(start, end):
        url = "%s/regional/intensity/%s/%s" % (args.base_url.rstrip("/"), api_time(a + MINUTE),
                                               api_time(b - MINUTE))
        if args.region:
            url += "/regionid/%d" % args.region
        body = fetch(url)
        try:
            doc = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise RuntimeError("%s: not JSON (%s)" % (url, e))
        if not isinstance(doc, dict) or "data" not in doc:
            raise RuntimeError("%s: no \"data\" in the answer%s" % (url, api_message(body)))
        path = os.path.join(args.dir, "neso_regional_%s_%s.json" % (
            a.strftime("%Y%m%dT%H%MZ"), b.strftime("%Y%m%dT%H%MZ")))
        with open(path, "wb") as f:
            f.write(body)
        files.append(path)
        print("neso_download: %s (%d bytes)" % (path, len(body)), file=sys.stderr)
    return files


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="start", type=parse_time, required=True)
    p.add_argument("--to", dest="end", type=parse_time, required=True)
    p.add_argument("-o", dest="out")
    p.add_argument("--region", type=int)
    p.add_argument("--dir")
    p.add_argument("--base-url", default=API)
    p.add_argument("--wattif")
    args = p.parse_args(argv)
    if args.end <= args.start:
        p.error("--to must come after --from")
    if args.region is not None and not 1 <= args.region <= 17:
        p.error("--region: expected a NESO region id from 1 to 17")
    if not args.dir:
        args.dir = "neso-%s-%s" % (args.start.strftime("%Y%m%d"), args.end.strftime("%Y%m%d"))
    try:
        wattif = find_wattif(args.wattif)
        files = download(args, args.start, args.end)
    except (RuntimeError, OSError) as e:
        print("neso_download: %s" % e, file=sys.stderr)
        return 1
    cmd = [wattif, "import", "neso-json", "--from", api_time(args.start),
           "--to", api_time(args.end)] + (["-o", args.out] if args.out else []) + files
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
