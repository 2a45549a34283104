#!/usr/bin/env python3
"""Generate the GB planning data wattif ships for AI growth zones.

Run by tools/gen_data.py (which imports this module); it can also be run on
its own:  python3 tools/gen_planning.py REFERENCE_DIR [--out REPO_ROOT]
(REFERENCE_DIR: a reference folder with the layout described in
docs/data.md, "Refreshing the shipped data").

Writes (and owns) these files:
  data/grids/gb_regional_factors.yaml   regional factors from NESO's 2023 data
  data/pathways/gb_planning.yaml        DESNZ CP2030 metric history, the FES 2025
                                        derived proxy, the DESNZ Green Book
                                        long-run marginal factors, the DESNZ
                                        reporting factors
  data/planning/gb_water_stress.yaml    Environment Agency 2021 water stress
  data/planning/gb_datacentre_demand.yaml  GB/UK data-centre demand figures

Rules, as tools/gen_data.py's, with one exception stated beside it: the
regional factors are DERIVED here (a mean over half-hours of the shipped
series files), and every entry says so, with the files, the year and the
method.  Everything else is copied as text from a reference CSV row.
"""

import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_data as G  # noqa: E402  (the shared helpers: Yaml, read_csv, die)

REGIONAL_2023 = "gb_regional_2023_halfhourly.csv"
REGIONAL_2025 = "gb_regional_2025_halfhourly.csv"
NATIONAL_2023 = "gb_neso_national_2023_halfhourly.csv"

# NESO region id -> wattif grid id (the 14 DNO regions).
DNO = {k: v for k, v in G.GB_IDS.items() if int(k) <= 14}

# How far the 2025 figure may move (relative to the 14-region mean) before
# the entry says the factor moves.
MOVES = 0.10

NESO_ATTRIB = ("NESO Data Portal \"Regional Carbon Intensity Forecast\" (regional, forecast "
               "values, not outturn) and NESO Carbon Intensity API national `actual` "
               "(estimated outturn); attribute NESO (CC BY 4.0 per the API terms, or the NESO "
               "Open Data Licence); both copied through repositories without a licence file "
               "(AlsworthN/House-Heating commit 6029a0cc; avagm/neso-carbon-intensity)")


def read_series(path):
    """{region id: {timestamp: value}} of a long-format series (gaps left out)."""
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            v = (r.get("intensity_g_per_kwh") or "").strip()
            if not v:
                continue
            out.setdefault(r.get("region_id", "GB"), {})[r["timestamp_utc"]] = float(v)
    return out


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def fmt(x):
    return "%.6f" % x


def gen_regional_factors(out, report):
    """Each DNO region's mean over 2023 divided by the GB national mean over
    the same half-hours (gaps in either left out of both): DERIVED."""
    sdir = os.path.join(out, "data", "series")
    reg = read_series(os.path.join(sdir, REGIONAL_2023))
    nat = read_series(os.path.join(sdir, NATIONAL_2023)).get("GB", {})
    r25 = read_series(os.path.join(sdir, REGIONAL_2025))
    if sorted(reg, key=int) != sorted(DNO, key=int) or sorted(r25, key=int) != sorted(DNO, key=int):
        G.die("the 2023 and 2025 regional series must hold the 14 DNO regions")
    if not nat:
        G.die("%s holds no values" % NATIONAL_2023)
    # the 14-region means over the half-hours every region has, per year
    # (for the 2025 comparison only: no national series for 2025 ships)
    def rel(series):
        common = set.intersection(*[set(d) for d in series.values()])
        means = {k: sum(d[t] for t in common) / len(common) for k, d in series.items()}
        avg = sum(means.values()) / len(means)
        return {k: m / avg for k, m in means.items()}, avg, len(common)
    rel23, avg23, n23 = rel(reg)
    rel25, avg25, n25 = rel(r25)
    y = G.Yaml()
    y.comment("Regional factors: a GB DNO region's mean intensity over 2023 relative to the GB\n"
              "national mean over the same half-hours (DERIVED by tools/gen_planning.py from\n"
              "the shipped series; see data/SOURCES.md).  A scenario asks for one with\n"
              "grid: {pathway: ..., regional_factor: neso-2023}: the pathway's national\n"
              "figure for each year x the factor.")
    y.key("regional_factors")
    recs = []
    moved = []
    for rid in sorted(DNO, key=int):
        gid = DNO[rid]
        d = reg[rid]
        common = sorted(t for t in d if t in nat)
        rm = sum(d[t] for t in common) / len(common)
        nm = sum(nat[t] for t in common) / len(common)
        vals = [d[t] for t in d]
        med = median(vals)
        mean25 = sum(r25[rid].values()) / len(r25[rid])
        change = rel25[rid] / rel23[rid] - 1
        moves = None
        if abs(change) > MOVES:
            moves = ("2025 (%s) moves this region: its mean relative to the unweighted 14-region "
                     "mean went from %.3f in 2023 to %.3f in 2025 (%+.0f%%; region mean %.1f "
                     "g/kWh in 2025 against %.1f in 2023). No national series for 2025 ships, "
                     "so the factor stays the 2023 one; read it as %s."
                     % (REGIONAL_2025, rel23[rid], rel25[rid], 100 * change, mean25, rm,
                        "an understatement for this region now" if change > 0 else
                        "an overstatement for this region now"))
            moved.append((gid, change))
        zero = ""
        if med == 0:
            zero = (" Median 0 g/kWh: most half-hours are zero-carbon, with multi-day spells "
                    "of high intensity when the wind drops (maximum %.0f g/kWh), so the mean "
                    "is well above the median." % max(vals))
        note = ("DERIVED here, not a published figure: factor = the region's mean / the GB "
                "national mean over the %d half-hours of 2023 that both series have (gaps in "
                "either are left out of both, like with like). Regional values are NESO "
                "forecasts (the regional file has no outturn); the national series is NESO's "
                "estimated outturn; both operational CO2 on the consumption side, including "
                "inter-regional flows (a low figure does not mean the load adds no emissions "
                "to the system: see the marginal basis). Applied to a national pathway it "
                "assumes the 2023 regional pattern holds in later years.%s"
                % (len(common), zero))
        recs.append([("id", "plain", gid + "-neso-2023"),
                     ("name", "text", "%s relative to GB, NESO 2023: factor %.4f (DERIVED)" % (gid, rm / nm)),
                     ("region", "plain", gid),
                     ("national", "plain", "GB"),
                     ("method", "plain", "neso-2023"),
                     ("year", "plain", "2023"),
                     ("regional_mean", "plain", fmt(rm) + " g/kWh"),
                     ("national_mean", "plain", fmt(nm) + " g/kWh"),
                     ("half_hours", "plain", str(len(common))),
                     ("regional_median", "plain", "%g g/kWh" % med),
                     ("regional_file", "text", "../series/" + REGIONAL_2023),
                     ("national_file", "text", "../series/" + NATIONAL_2023),
                     ("compare_year", "plain", "2025"),
                     ("compare_mean", "plain", fmt(mean25) + " g/kWh"),
                     ("moves", "text", moves),
                     ("source", "text", NESO_ATTRIB),
                     ("note", "text", note)])
    for r in recs:
        y.record(r)
    y.write(os.path.join(out, "data", "grids", "gb_regional_factors.yaml"))
    report["regional"] = dict(n=len(recs), half_hours=len(common), moved=moved,
                              avg23=avg23, avg25=avg25, n23=n23, n25=n25)


def num(s):
    """A reference cell as a number text (kg/kWh cells keep their digits)."""
    if not G.is_num(s):
        G.die("not a number: %r" % s)
    return s


def gen_pathways(refdir, out, report):
    fes = G.read_csv(refdir, "gb_pathways_fes.csv")
    lrmf = G.read_csv(refdir, "gb_emission_factors_appraisal.csv")
    rep = G.read_csv(refdir, "gb_reporting_factors.csv")
    recs = []
    hist = [r for r in fes if r["scenario"].startswith("historical (DESNZ Clean Power 2030")]
    if [r["year"] for r in hist] != [str(y) for y in range(2020, 2026)]:
        G.die("gb_pathways_fes.csv: expected the DESNZ CP2030 metrics for 2020-2025")
    recs.append([("id", "plain", "GB-cp2030-metrics"),
                 ("name", "text", "GB power-sector emissions intensity 2020-2025 (DESNZ Clean "
                  "Power 2030 metrics)"),
                 ("region", "plain", "GB"), ("scenario", "plain", "cp2030-metrics"),
                 ("basis", "plain", "unstated"), ("status", "plain", "history"),
                 ("intensity", "map", [(r["year"], num(r["intensity_g_per_kwh"]) + " g/kWh")
                                       for r in hist]),
                 ("interpolation", "plain", "linear"),
                 ("source", "text", hist[0]["source"] + "; values as extracted in " +
                  hist[0]["retrieved_via"].split(",")[0] + " (SECONDARY: the workbook itself "
                  "was not opened)"),
                 ("note", "text", "History, not a projection: DESNZ's 'Estimated power sector "
                  "emissions intensity', the Clean Power 2030 headline metric (its definition "
                  "note was not read). It differs from the 171 g/kWh the CP2030 Action Plan "
                  "gives for 2023 (clean-power-2030), so the two are not joined.")])
    proxy = [r for r in fes if r["scenario"].startswith("NESO FES 2025") and "DERIVED" in r["scenario"]]
    if not proxy:
        G.die("gb_pathways_fes.csv: no FES 2025 derived rows")
    recs.append([("id", "plain", "GB-fes-2025-holistic-transition-proxy"),
                 ("name", "text", "GB FES 2025 Holistic Transition, emissions / demand (DERIVED "
                  "proxy, 2023-2050)"),
                 ("region", "plain", "GB"),
                 ("scenario", "plain", "fes-2025-holistic-transition-proxy"),
                 ("basis", "plain", "unstated"), ("status", "plain", "history+projection"),
                 ("intensity", "map", [(r["year"], num(r["intensity_g_per_kwh"]) + " g/kWh")
                                       for r in sorted(proxy, key=lambda r: int(r["year"]))]),
                 ("interpolation", "plain", "linear"),
                 ("source", "text", proxy[0]["source"] + ", as extracted in randomer108/"
                  "clean-power-quiz data/data.json (commit 0270300; no licence file; numbers "
                  "only, attributed to NESO)"),
                 ("note", "text", "DERIVED proxy, NOT NESO's published intensity: FES 2025 "
                  "figure F.10 power-generation emissions (MtCO2e, calendar year?) / table ED1 "
                  "total GB system demand (TWh, fiscal year). 2023-2024 are FES history, 2025 "
                  "on the Holistic Transition pathway. The published per-pathway series (FES "
                  "2025 table ES1) was not found; replace this when it can be loaded.")])
    years = [r["year"] for r in lrmf]
    if years != [str(y) for y in range(2025, 2040)]:
        G.die("gb_emission_factors_appraisal.csv: expected 2025-2039")
    r0 = lrmf[0]
    recs.append([("id", "plain", "GB-desnz-green-book-lrmf"),
                 ("name", "text", "GB long-run marginal factors 2025-2039 (DESNZ Green Book "
                  "appraisal, Table 1, commercial/public, consumption-based)"),
                 ("region", "plain", "GB"), ("scenario", "plain", "desnz-green-book-lrmf"),
                 ("basis", "plain", "unstated"), ("status", "plain", "appraisal"),
                 ("accounting", "plain", "marginal"),
                 ("intensity", "map", [(r["year"], num(r["long_run_marginal_kg_per_kwh"]) +
                                        " kg/kWh") for r in lrmf]),
                 ("interpolation", "plain", "linear"),
                 ("source", "text", r0["source"] + "; SECONDARY: " +
                  r0["retrieved_via"].replace("SECONDARY: ", "") + " Edition INFERRED "
                  "(likely the November 2023 tables; not checked against the primary "
                  "file)."),
                 ("note", "text", "Consequential (long-run marginal) factors for appraisal: "
                  "what added demand causes on the system, not a share of today's grid "
                  "average. " + r0["basis"] + ". SECONDARY copy; edition INFERRED (likely the "
                  "November 2023 tables, not checked against the primary file). Only "
                  "2025-2039 were found: later years are held at 2039 (said in the notes), "
                  "earlier years have no marginal figure. Not scaled by any regional factor: "
                  "the margin is system-wide.")])
    comps = [("", "electricity_generation_kg_per_kwh", "UK electricity generated (Scope 2, "
              "location-based; excludes T&D losses)"),
             ("-td", "td_losses_kg_per_kwh", "T&D losses of UK electricity (Scope 3 category "
              "3)"),
             ("-wtt", "wtt_generation_kg_per_kwh", "well-to-tank, UK electricity generation "
              "(Scope 3 category 3, upstream)"),
             ("-wtt-td", "wtt_td_kg_per_kwh", "well-to-tank, UK electricity T&D (Scope 3 "
              "category 3, upstream)")]
    for suffix, col, what in comps:
        recs.append([("id", "plain", "GB-desnz-reporting" + suffix),
                     ("name", "text", "DESNZ GHG reporting factor 2019-2026: " + what),
                     ("region", "plain", "GB"), ("scenario", "plain", "desnz-reporting" + suffix),
                     ("basis", "plain", "unstated"), ("status", "plain", "reporting"),
                     ("intensity", "map", [(r["year"], num(r[col]) + " kg/kWh") for r in rep]),
                     ("interpolation", "plain", "linear"),
                     ("source", "text", "BEIS/DESNZ 'Greenhouse gas reporting: conversion "
                      "factors' 2019-2026 (Crown copyright, OGL v3.0), each year's workbook read "
                      "in copies kept in public repositories: " + "; ".join(
                          "%s: %s" % (r["year"], r["retrieved_via"].split(" (")[0].split(";")[0])
                          for r in rep)),
                     ("note", "text", "The UK government's factor for company reporting, one "
                      "figure per publication year (UK-wide, AR5 GWP100). Use the publication "
                      "year that matches the reporting year; years after 2026 need hold: true "
                      "and are not projections. The 2025 workbook says the WTT factors were "
                      "last updated in the 2023 publication.")])
    y = G.Yaml()
    y.comment("GB pathways for planning: history (DESNZ CP2030 metrics), a derived FES 2025\n"
              "proxy, the DESNZ Green Book long-run marginal factors (the consequential\n"
              "basis a GB campus is shown on beside the location-based one) and the DESNZ\n"
              "company-reporting factors.  status: history, target, projection, appraisal,\n"
              "reporting; accounting: marginal marks a consequential basis.")
    y.key("pathways")
    for r in recs:
        y.record(r)
    y.write(os.path.join(out, "data", "pathways", "gb_planning.yaml"))
    report["planning_pathways"] = dict(n=len(recs))


# Water company -> the wattif GB regions whose main company it is, only where
# the reference's notes place it (mapped by wattif; no source states it).
WATER_REGIONS = {
    "Northumbrian Water (Northumbria area)": ["GB-north-east-england"],
    "Dwr Cymru Welsh Water (Wales)": ["GB-south-wales", "GB-north-wales", "GB-wales"],
    "Scottish Water (all Scotland)": ["GB-north-scotland", "GB-south-scotland", "GB-scotland"],
}


def gen_water(refdir, out, report):
    rows = G.read_csv(refdir, "uk_water_stress.csv")
    y = G.Yaml()
    y.comment("Water stress: the Environment Agency's 2021 classification of water-company areas\n"
              "in England (a regulatory determination for compulsory-metering decisions, which\n"
              "the agency says must not be used for development planning: wattif shows it as\n"
              "that flag only).  Wales and Scotland are outside it: not assessed.  regions:\n"
              "the wattif GB regions whose main company this is, where the reference notes\n"
              "place it (mapped by wattif); elsewhere a scenario names site.water_company.")
    y.key("water_areas")
    ids = []
    for r in rows:
        name = r["area_or_water_company"]
        wid = G.slug(name.replace("Dwr", "dwr"))
        ids.append(wid)
        y.record([("id", "plain", wid), ("name", "text", name),
                  ("status", "text", r["status"]), ("nation", "plain", r["nation"]),
                  ("year", "plain", r["year_of_classification"] or None),
                  ("regions", "list", WATER_REGIONS.get(name)),
                  ("source", "text", r["source"]),
                  ("note", "text", r["notes"])])
    missing = set(WATER_REGIONS) - {r["area_or_water_company"] for r in rows}
    if missing:
        G.die("uk_water_stress.csv: no row for %s" % sorted(missing))
    y.write(os.path.join(out, "data", "planning", "gb_water_stress.yaml"))
    report["water"] = dict(n=len(rows))


def gen_demand(refdir, out, report):
    """GB/UK data-centre electricity and capacity figures by year (history,
    targets, projections), each row its own source; grid-queue, world and
    whole-system rows are left out (not data-centre demand)."""
    rows = G.read_csv(refdir, "gb_datacentre_demand.csv")
    y = G.Yaml()
    y.comment("GB/UK data-centre electricity demand and capacity by year, one entry per\n"
              "published figure (figures for the same year disagree: kept apart).  A campus\n"
              "portfolio is set beside them as a share of projected GB data-centre demand.")
    y.key("demand_projections")
    n = 0
    left = []
    seen = set()
    for r in rows:
        sc = r["scenario"]
        scope = r["scope"]
        if (not r["demand_twh"] and not r["capacity_gw"]) or "data cent" not in scope.lower().replace("-", " ") \
                or sc.startswith("grid queue") or "world" in scope or "queue" in scope \
                or "connectable" in scope or "firm demand" in scope:
            left.append("%s %s" % (sc, r["year"]))
            continue
        kind = ("history" if sc.startswith("historical") else
                "target" if sc.startswith("government target") else "projection")
        base = G.slug(sc)
        did = base if base.endswith(r["year"]) else "%s-%s" % (base, r["year"])
        k = 2
        while did in seen:
            did = "%s-%s-%d" % (base, r["year"], k)
            k += 1
        seen.add(did)
        y.record([("id", "plain", did), ("name", "text", sc),
                  ("region", "plain", "GB"), ("year", "plain", r["year"]),
                  ("status", "plain", kind),
                  ("demand", "plain", r["demand_twh"] + " TWh" if r["demand_twh"] else None),
                  ("capacity", "plain", r["capacity_gw"] + " GW" if r["capacity_gw"] else None),
                  ("scope", "text", scope),
                  ("source", "text", r["source"] + " (" + r["retrieved_via"] + ")"),
                  ("note", "text", r["notes"])])
        n += 1
    y.write(os.path.join(out, "data", "planning", "gb_datacentre_demand.yaml"))
    report["demand"] = dict(n=n, left=left)


def generate(refdir, out, report):
    gen_regional_factors(out, report)
    gen_pathways(refdir, out, report)
    gen_water(refdir, out, report)
    gen_demand(refdir, out, report)


def sources_md(report):
    """The data/SOURCES.md section for these files (lines)."""
    rg = report["regional"]
    moved = ", ".join("`%s` (%+.0f%%)" % (g, 100 * c) for g, c in rg["moved"])
    L = []
    a = L.append
    a("## GB planning data (`data/grids/gb_regional_factors.yaml`, `data/pathways/gb_planning.yaml`, "
      "`data/planning/`)")
    a("")
    a("Written by `tools/gen_planning.py` (run by `tools/gen_data.py`).")
    a("")
    a("- **Regional factors** (`gb_regional_factors.yaml`, %d DNO regions): **DERIVED** here from "
      "the shipped series, not published figures. factor = the region's mean intensity over "
      "2023 (`data/series/%s`) / the GB national mean (`data/series/%s`) over the same %d "
      "half-hours (a half-hour missing or empty in either file is left out of both). Regional "
      "values are NESO **forecasts** (the regional file has no outturn), the national ones "
      "NESO's estimated outturn; both operational CO2, consumption side. A scenario applies "
      "one with `grid.regional_factor: neso-2023`, scaling a national pathway by the 2023 "
      "pattern. The 2025 regional file (`data/series/%s`; no 2025 national series ships) "
      "shows how the pattern moves: relative to the unweighted 14-region mean, these regions "
      "moved by more than %d%% between 2023 and 2025: %s. Their entries say so (`moves`), "
      "and so do the notes of every run that uses them."
      % (rg["n"], REGIONAL_2023, NATIONAL_2023, rg["half_hours"], REGIONAL_2025,
         int(100 * MOVES), moved or "none"))
    a("- **DESNZ Clean Power 2030 metrics** (`GB-cp2030-metrics`, history 2020-2025): "
      "'Estimated power sector emissions intensity' from the DESNZ 'Clean Power 2030 Metrics' "
      "workbook (March 2026, Crown copyright, OGL v3.0), values as extracted in "
      "randomer108/clean-power-quiz `data/data.json` (commit 0270300): **SECONDARY**.")
    a("- **FES 2025 Holistic Transition proxy** (`GB-fes-2025-holistic-transition-proxy`, "
      "2023-2050): **DERIVED** in the reference = FES 2025 figure F.10 power-generation "
      "emissions / table ED1 total GB system demand; NOT NESO's published intensity "
      "(table ES1, a gap). Figures attributed to NESO, via randomer108/clean-power-quiz (no "
      "licence file; numbers only).")
    a("- **DESNZ Green Book long-run marginal factors** (`GB-desnz-green-book-lrmf`, 2025-2039; "
      "`accounting: marginal`): 'Green Book supplementary guidance: valuation of energy use and "
      "greenhouse gas emissions for appraisal', Table 1, long-run marginal, consumption-based "
      "(T&D losses included), commercial/public sector (Crown copyright, OGL v3.0). "
      "**SECONDARY** copy (tan-tanya/energy-optimisation `data/model_parameters.xlsx`, commit "
      "b562c58, no licence file; numbers only); the primary workbook was not opened; edition "
      "**INFERRED** (likely the November 2023 tables). Grid-average, generation-based, "
      "domestic/industrial columns and years outside 2025-2039 were not found: no GB appraisal "
      "grid-average projection ships. A GB campus shows its marginal emissions on these "
      "factors beside the location-based ones; years after 2039 are held at 2039 with a "
      "note.")
    a("- **DESNZ reporting factors** (`GB-desnz-reporting`, `-td`, `-wtt`, `-wtt-td`, 2019-2026): "
      "BEIS/DESNZ 'Greenhouse gas reporting: conversion factors' (Crown copyright, OGL v3.0), "
      "UK electricity generated (Scope 2), T&D losses, well-to-tank of generation and of T&D; "
      "each year's workbook parsed in copies kept by TEC-Toolkit/cfkg (Apache-2.0), "
      "sungkomp/mcp-csv-agent and thelivinsine/susty-automation (row `source` cells name the "
      "file versions).")
    a("- **Water stress** (`gb_water_stress.yaml`, %d areas): Environment Agency 'Water stressed "
      "areas - 2021 classification' (Secretary of State determination, 1 July 2021; Crown "
      "copyright, OGL v3.0), England only. Not-stressed entries, figure-1 numbers and zone "
      "splits are **SECONDARY** (a public research module transcribing the report). Wales: not "
      "in the 2021 determination (not assessed; the 2013 list stressed no Welsh company, an "
      "INFERENCE). Scotland: no determination (SEPA's dynamic scarcity levels cannot give a "
      "static flag). The EA says the determination is for compulsory-metering decisions and "
      "must not be used for development planning: wattif shows it as that regulatory flag "
      "only. Which region's main company an area is (`regions`) is mapped by wattif from the "
      "reference notes for the North East, Wales and Scotland only."
      % report["water"]["n"])
    a("- **Data-centre demand** (`gb_datacentre_demand.yaml`, %d figures): UK/GB data-centre "
      "electricity and capacity by year, one source per entry (Tony Blair Institute; NESO as "
      "quoted by others, incl. the Clean Power 2030 assumption of ~22 TWh and 5.2 GW in 2030 "
      "and FES 2025 2050 range 30-71 TWh from a compiled research note: **SECONDARY**; Oxford "
      "Economics; Forvis Mazars; UK Compute Roadmap (Crown copyright, OGL v3.0); datum.co.uk). "
      "Figures for the same year disagree and are kept apart. Left out: grid-queue, "
      "connection-reform, whole-system and world rows (not data-centre demand)."
      % report["demand"]["n"])
    return L


def main(argv):
    root = os.path.dirname(HERE)
    args = list(argv[1:])
    out = root
    if "--out" in args:
        i = args.index("--out")
        out = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    refdir = args[0]
    report = {}
    generate(refdir, out, report)
    print("gb_regional_factors.yaml: %d regions over %d half-hours"
          % (report["regional"]["n"], report["regional"]["half_hours"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
