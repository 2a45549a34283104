#!/usr/bin/env python3
"""wattif from Python, notebook style: each "# %%" cell runs on its own in
Jupyter or VS Code, or run the whole file:

    python3 examples/python/example.py [SCENARIO.yaml [PATH=VALUE ...]]

After `make install` the package is on Debian's python3 path; in a source
tree after `make`, this script finds python/wattif and build/libwattif.so
by itself (or set PYTHONPATH=python, WATTIF_LIB, WATTIF_DATA).
"""
# %% Set-up: the package and the shipped catalog
import os
import sys

try:
    import wattif
except ImportError:  # a source tree: python/wattif beside examples/
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                    "python"))
    import wattif

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
scenario = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "examples", "llama-65b.yaml")
overrides = sys.argv[2:]          # PATH=VALUE, as `wattif run --set`

try:
    cat = wattif.Catalog()
except wattif.Error as e:
    sys.exit("example.py: %s" % e)
print("catalog:", cat.data, "-", len(cat.entries("accelerators")), "accelerators,",
      len(cat.entries("grids")), "grids")

# %% One scenario: every output in the unit its name says
try:
    r = cat.run(scenario, set=overrides)
except wattif.Error as e:     # file:line:col and what was expected
    sys.exit("example.py: %s" % e)
print("\nscenario", r.scenario)
for name, value in r.results.items():
    print("  %-26s %s" % (name, "n/a" if value is None else "%.6g" % value))
for note in r.notes:
    print("  note:", note)

# %% Where a figure comes from: the first lines of the derivation
print("\n" + "\n".join(r.explain().splitlines()[:8]))

# %% What if: the same job in three regions, written as a dict
job = {
    "id": "what-if",
    "workload": {"kind": "training", "accelerator": "nvidia-h100-sxm5-80gb",
                 "devices": 512, "wall_time": "14 days"},
    "site": {"region": "FR", "pue": 1.2},
}
print("\n%-6s %14s" % ("region", "t CO2e"))
for region in ("FR", "DE", "PL"):
    e = cat.run(job, set={"site.region": region}).results["emissions_total_kg"]
    print("%-6s %14.1f" % (region, e / 1000))

# %% Uncertainty: PUE as a triangular distribution, 2000 Monte Carlo samples
mc = cat.run(job, set={"site.pue": "tri(1.1, 1.2, 1.5)"}, samples=2000, seed=1)
q = mc.quantiles["emissions_total_kg"]
print("\nFR, PUE tri(1.1, 1.2, 1.5): %.1f t CO2e (90%% interval %.1f to %.1f)"
      % (q["p50"] / 1000, q["p05"] / 1000, q["p95"] / 1000))

# %% A sweep: rows as dicts, or a DataFrame when pandas is installed
sweep = cat.sweep(os.path.join(ROOT, "examples", "sweeps", "pue-by-accelerator.yaml"))
print("\nsweep: %d points over %s" % (len(sweep), ", ".join(sweep.axes)))
try:
    df = sweep.to_dataframe()
    print(df[list(sweep.axes) + ["emissions_total_kg"]].head())
except ImportError:
    for row in sweep.rows(0, 5):
        print("  ", {k: row[k] for k in sweep.axes}, "%.1f kg" % row["emissions_total_kg"])
