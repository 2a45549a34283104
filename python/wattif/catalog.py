"""Catalog, Result, Projection and Sweep: libwattif from Python."""
import ctypes
import math
import os
import re
import weakref

from . import _native, _yaml
from .errors import Error, from_wf

QUANTILES = ("mean", "sd", "p05", "p50", "p95")


def _outputs(lib):
    names, i = [], 0
    while True:
        n = lib.wf_output_name(i)
        if not n:
            return tuple(names)
        names.append(n.decode())
        i += 1


def _num(x):
    """A double as a Python float, None when absent (NaN)."""
    return x if math.isfinite(x) else None


def _check(rc, err, source_text=None):
    if rc != 0:
        raise from_wf(err, rc, source_text)


def _assignments(sets):
    """set={PATH: VALUE} or ["PATH=VALUE", ...] as "PATH=VALUE" texts."""
    if not sets:
        return []
    if isinstance(sets, dict):
        return ["%s=%s" % (k, _yaml.flow(v)) for k, v in sets.items()]
    if isinstance(sets, str):
        return [sets]
    return [str(s) for s in sets]


def _results_of(r, outputs, get):
    out = {}
    v = ctypes.c_double()
    for i, name in enumerate(outputs):
        out[name] = _num(v.value) if get(r, i, ctypes.byref(v)) == 0 else None
    return out


def _quantiles_of(r, outputs, getq):
    out = {}
    q = _native.WfQuantiles()
    for i, name in enumerate(outputs):
        if getq(r, i, ctypes.byref(q)) == 0:
            out[name] = {k: getattr(q, k) for k in QUANTILES}
    return out


class Result:
    """The figures of one scenario run.

    results     -- {output name: value in the unit its name says, or None
                   when the scenario cannot give it (water without WUE data)}
    quantiles   -- {output name: {"mean", "sd", "p05", "p50", "p95"}} when
                   sampled (samples > 1), else {}
    samples     -- Monte Carlo samples behind the quantiles (0 when none)
    sensitivity -- {"emissions_total_kg": [(input, rho, share), ...]} when
                   run with sensitivity=True, else {}
    bases       -- location-, market-based and marginal emissions side by side
    periods     -- the job's window period by period (an hourly series), or []
    notes       -- the notes a reader must see beside the figures
    scenario, unit, year -- the scenario's id, the functional unit of
                   sci_g_per_unit, the calendar year (0 when none)
    embodied_scope -- what emissions_embodied_kg covers ("accelerator boards
                   + hosts + network + building (method vendor)"), None when
                   embodied carbon is not included
    intensity   -- what the intensity is: {"region", "year", "basis", "method",
                   "accounting", "source", "held", "label", "profile"} (as the
                   JSON's "intensity"; year None when none, profile None unless
                   source is "profile")
    """

    def __init__(self, lib, r, scenario, outputs):
        self.scenario = scenario
        self.unit = _native.text(lib.wf_result_unit(r))
        self.embodied_scope = _native.text(lib.wf_result_embodied_scope(r)) or None
        self.year = lib.wf_result_year(r)
        self.results = _results_of(r, outputs, lib.wf_result_get)
        self.samples = lib.wf_result_samples(r)
        self.quantiles = _quantiles_of(r, outputs, lib.wf_result_quantiles)
        self.notes = [n for n in _native.text(lib.wf_result_notes(r)).split("\n") if n]
        self._explain = _native.text(lib.wf_result_explain(r))
        b = _native.WfBases()
        lib.wf_result_bases(r, ctypes.byref(b))
        self.bases = {
            "location_kg": _num(b.location_kg),
            "location_g_per_kwh": _num(b.location_g_per_kwh),
            "market_kg": _num(b.market_kg), "market_g_per_kwh": _num(b.market_g_per_kwh),
            "market_declared": bool(b.market_declared),
            "marginal_kg": _num(b.marginal_kg),
            "marginal_g_per_kwh": _num(b.marginal_g_per_kwh),
        }
        ci = _native.WfIntensityInfo()
        lib.wf_result_intensity(r, ctypes.byref(ci))
        self.intensity = {
            "region": _native.text(ci.region), "year": ci.year or None,
            "basis": _native.text(ci.basis), "method": _native.text(ci.method),
            "accounting": _native.text(ci.accounting), "source": _native.text(ci.source),
            "held": bool(ci.held), "label": _native.text(ci.label),
            "profile": _native.text(ci.profile) or None,
        }
        self.sensitivity = {}
        n = lib.wf_result_sensitivity_count(r)
        if n:
            rows = []
            total = outputs.index("emissions_total_kg")
            name, rho, share = ctypes.c_char_p(), ctypes.c_double(), ctypes.c_double()
            for k in range(n):
                if lib.wf_result_sensitivity(r, total, k, ctypes.byref(name),
                                             ctypes.byref(rho), ctypes.byref(share)) == 0:
                    rows.append((_native.text(name.value), rho.value, share.value))
            self.sensitivity["emissions_total_kg"] = rows
        self.periods = []
        p = _native.WfPeriod()
        for k in range(lib.wf_result_period_count(r)):
            if lib.wf_result_period(r, k, ctypes.byref(p)) == 0:
                self.periods.append({f: getattr(p, f) for f, _ in p._fields_})
        share = lib.wf_result_demand_share(r)
        self.demand_share = _num(share)

    def explain(self):
        """The derivation: each output's formula with the numbers that went
        in, then every input with its value and origin (as `wattif explain`)."""
        return self._explain

    def to_dict(self):
        """The object `wattif run --format json` prints (plus the notes)."""
        d = {"scenario": self.scenario, "unit": self.unit,
             "embodied_scope": self.embodied_scope, "results": dict(self.results)}
        if self.samples:
            d["samples"] = self.samples
            d["quantiles"] = {k: dict(v) for k, v in self.quantiles.items()}
        d["notes"] = list(self.notes)
        return d

    def __getitem__(self, name):
        return self.results[name]

    def __repr__(self):
        v = self.results.get("emissions_total_kg")
        return "<wattif.Result %s: emissions_total_kg=%s>" % (
            self.scenario, "n/a" if v is None else "%.6g" % v)


class Projection:
    """A scenario that spans years (a campus with years: {from, to}), run
    year by year along its region's grid pathway.

    results   -- totals over the span (sums of energy and emissions, the
                 largest peak power, the energy-weighted intensity, ...)
    quantiles -- of the additive totals, when sampled
    years     -- one Result per calendar year (each with .year)
    notes     -- every year's notes, in order, without repeats
    """

    def __init__(self, lib, p, scenario, outputs):
        self.scenario = scenario
        self.results = _results_of(p, outputs, lib.wf_projection_total)
        self.quantiles = _quantiles_of(p, outputs, lib.wf_projection_quantiles)
        self.years = []
        y = ctypes.c_int()
        for k in range(lib.wf_projection_count(p)):
            r = lib.wf_projection_row(p, k, ctypes.byref(y))
            self.years.append(Result(lib, r, scenario, outputs))
        self.samples = self.years[0].samples if self.years else 0
        self.unit = self.years[0].unit if self.years else ""
        self.notes = []
        for r in self.years:
            for n in r.notes:
                if n not in self.notes:
                    self.notes.append(n)

    def explain(self):
        """Each year's derivation under a "===== YEAR =====" line."""
        return "\n".join("===== %d =====\n%s" % (r.year, r.explain()) for r in self.years)

    def to_dict(self):
        """The object `wattif run --format json` prints for a projection."""
        d = {"scenario": self.scenario,
             "years": [{"year": r.year, "results": dict(r.results)} for r in self.years],
             "totals": dict(self.results)}
        if self.quantiles:
            d["totals_quantiles"] = {k: dict(v) for k, v in self.quantiles.items()}
        return d

    def __getitem__(self, name):
        return self.results[name]

    def __repr__(self):
        span = "%d-%d" % (self.years[0].year, self.years[-1].year) if self.years else "-"
        return "<wattif.Projection %s %s>" % (self.scenario, span)


_INT = re.compile(r"^[+-]?[0-9]+$")
_FLOAT = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


def _axis_value(s):
    """An axis value as written: a number becomes int or float, anything
    with a unit, an id or a date stays text (as pandas reads the CSV)."""
    if _INT.match(s):
        return int(s)
    if _FLOAT.match(s):
        return float(s)
    return s


class _Closing:
    """close() when garbage-collected or at the end of a with block."""

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Sweep(_Closing):
    """A grid of scenarios from a file's `sweep:`, evaluated point by point.

    Iterating yields one dict per point: the axes (their paths, "site.pue")
    with their values, then the outputs (None when absent), then, when the
    sweep samples, NAME_mean ... NAME_p95, then what the point's intensity
    is: region, year (None when none), basis, intensity_source and profile
    (None unless a typical-year profile): the columns and numbers of
    `wattif sweep -o OUT.csv`.  len() is the number of points.
    """

    def __init__(self, catalog, path, max_points=None):
        lib = catalog._lib
        self._lib = lib
        self._catalog = catalog  # must outlive the sweep
        self.path = os.fspath(path)
        cat = catalog._handle()
        opt = _native.WfSweepOptions(_native.SWEEP_OPTIONS_VERSION, max_points or 0)
        err = _native.WfError()
        sw = ctypes.c_void_p()
        _check(lib.wf_sweep_load(ctypes.byref(sw), cat, os.fsencode(self.path),
                                 ctypes.byref(opt), ctypes.byref(err)), err)
        self._sw = sw
        catalog._sweeps.add(self)
        na, nv = lib.wf_sweep_axis_count(sw), lib.wf_sweep_value_count(sw)
        cols = [_native.text(lib.wf_sweep_column(sw, j))
                for j in range(lib.wf_sweep_column_count(sw))]
        self.axes = tuple(cols[:na])
        self.values = tuple(cols[na:na + nv])
        self.described = tuple(cols[na + nv:])  # region, year, basis, ...
        self.columns = tuple(cols)
        self.samples = lib.wf_sweep_samples(sw)

    def _handle(self):
        if not getattr(self, "_sw", None):
            raise ValueError("wattif: the sweep is closed")
        return self._sw

    def __len__(self):
        return self._lib.wf_sweep_point_count(self._handle())

    def __iter__(self):
        return self.rows()

    def rows(self, start=0, stop=None):
        """Yield the rows of points start..stop-1 (all by default)."""
        lib = self._lib
        sw = self._handle()
        n = len(self)
        stop = n if stop is None else min(stop, n)
        err = _native.WfError()
        w = ctypes.c_void_p()
        _check(lib.wf_sweep_worker_new(ctypes.byref(w), sw, ctypes.byref(err)), err)
        vals = (ctypes.c_double * max(1, len(self.values)))()
        na = len(self.axes)
        buf = ctypes.create_string_buffer(256)
        ci = _native.WfIntensityInfo()
        try:
            for k in range(start, stop):
                rc = lib.wf_sweep_eval(w, k, vals, ctypes.byref(err))
                _check(rc, err)
                row = {}
                for a in range(na):
                    n = lib.wf_sweep_axis_text(buf, len(buf), sw, k, a)
                    if n >= len(buf):
                        buf = ctypes.create_string_buffer(n + 1)
                        lib.wf_sweep_axis_text(buf, len(buf), sw, k, a)
                    row[self.axes[a]] = _axis_value(_native.text(buf.value))
                for j, name in enumerate(self.values):
                    row[name] = _num(vals[j])
                lib.wf_sweep_worker_intensity(w, ctypes.byref(ci))
                row.update({"region": _native.text(ci.region), "year": ci.year or None,
                            "basis": _native.text(ci.basis),
                            "intensity_source": _native.text(ci.source),
                            "profile": _native.text(ci.profile) or None})
                yield row
        finally:
            lib.wf_sweep_worker_free(w)

    def to_dataframe(self):
        """Every point as a pandas.DataFrame, one column per sweep column
        (ImportError when pandas is not installed)."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("wattif: Sweep.to_dataframe needs pandas "
                              "(apt-get install python3-pandas); iterate the "
                              "sweep for plain dict rows") from e
        return pandas.DataFrame.from_records(list(self.rows()), columns=list(self.columns))

    def close(self):
        if getattr(self, "_sw", None):
            self._lib.wf_sweep_free(self._sw)
            self._sw = None

    def __repr__(self):
        return "<wattif.Sweep %s: %d points, axes %s>" % (self.path, len(self), list(self.axes))


def _tidy(d):
    """A directory as the tool names it: relative to the working directory
    when below it (so origins read "data/grids/..."), else absolute."""
    real, cwd = os.path.realpath(d), os.path.realpath(os.getcwd())
    if real == cwd:
        return "."
    if real.startswith(cwd + os.sep):
        return os.path.relpath(real, cwd)
    return real


def _is_under(path, root):
    p, r = os.path.realpath(path), os.path.realpath(root)
    return p == r or p.startswith(r + os.sep) or r.startswith(p + os.sep)


class Catalog(_Closing):
    """The shipped catalog of hardware, grids, facilities and workloads
    (models/ and data/), loaded once and read by every run.

    data  -- the directory holding models/ and data/; by default found as
             the command-line tool finds it: $WATTIF_DATA, beside the
             library's build tree, then the install prefix's share/wattif
    paths -- more model files or directories to load on top (your own
             accelerators, grids, ...)
    cache -- a directory to keep parsed model files in, so that the next
             Catalog (in any process) skips the YAML parser: what
             WATTIF_CACHE is to the command line (made mode 0700 when
             missing; yours alone).  None (the default): no cache
    """

    def __init__(self, data=None, paths=(), cache=None):
        lib = _native.library()
        self._lib = lib
        self._cat = None
        self._sweeps = weakref.WeakSet()
        self.outputs = _outputs(lib)
        self.data = _tidy(os.fspath(data) if data is not None else _native.data_root(
            getattr(lib, "_wattif_path", None)))
        if not os.path.isdir(os.path.join(self.data, "models")) or \
                not os.path.isdir(os.path.join(self.data, "data")):
            raise Error("%s has no models/ and data/ directories" % self.data, code=-3)
        self.paths = tuple(os.fspath(p) for p in paths)
        self.cache = os.fspath(cache) if cache is not None else None
        self._cat = self._load(self._shipped_dirs() + list(self.paths))

    def _shipped_dirs(self, skip=()):
        return [_tidy(d) for d in (os.path.join(self.data, "models"),
                                   os.path.join(self.data, "data"))
                if not any(_is_under(d, s) for s in skip)]

    def _load(self, dirs):
        lib = self._lib
        cat, err = ctypes.c_void_p(), _native.WfError()
        _check(lib.wf_catalog_new(ctypes.byref(cat)), err)
        try:
            if self.cache is not None:
                _check(lib.wf_catalog_set_cache(cat, self.cache.encode(), ctypes.byref(err)),
                       err)
            for d in dirs:
                _check(lib.wf_catalog_load(cat, d.encode(), ctypes.byref(err)), err)
            _check(lib.wf_catalog_finish(cat, ctypes.byref(err)), err)
        except Error:
            lib.wf_catalog_free(cat)
            raise
        return cat

    def _handle(self):
        if not self._cat:
            raise ValueError("wattif: the catalog is closed")
        return self._cat

    # ---------------------------------------------------------- scenarios

    def _scenario(self, scenario, sets):
        """Load a scenario (path or dict) and apply the assignments; returns
        (handle, the YAML text when it came from a dict)."""
        lib, cat = self._lib, self._handle()
        err, sc = _native.WfError(), ctypes.c_void_p()
        text = None
        if isinstance(scenario, dict):
            doc = scenario if "scenario" in scenario else {"scenario": scenario}
            text = _yaml.dump(doc)
            raw = text.encode("utf-8")
            rc = lib.wf_scenario_load_text(ctypes.byref(sc), cat, raw, len(raw),
                                           b"<dict>", ctypes.byref(err))
        elif isinstance(scenario, (str, bytes, os.PathLike)):
            path = os.fsencode(scenario)
            rc = lib.wf_scenario_load(ctypes.byref(sc), cat, path, ctypes.byref(err))
        else:
            raise TypeError("wattif: a scenario is a file path or a dict, got %s"
                            % type(scenario).__name__)
        try:
            _check(rc, err, text)
            for a in _assignments(sets):
                _check(lib.wf_scenario_set(sc, a.encode("utf-8"), ctypes.byref(err)), err)
        except Error:
            lib.wf_scenario_free(sc)
            raise
        return sc, text

    def run(self, scenario, set=None, samples=None, seed=None, sensitivity=False,
            threads=None, explain=True):
        """Run a scenario: a model file's path, or a dict holding the
        scenario mapping (or a whole model file: {"scenario": ..., "grids":
        [...]}).  Relative paths in a dict resolve against the working
        directory.

        set         -- overrides, {"workload.devices": 4096, "site.pue":
                       "tri(1.1, 1.2, 1.4)"} or ["grid.intensity=200 g/kWh"]
                       (as `wattif run --set`); a str value is YAML text
        samples     -- Monte Carlo samples over every input given as a
                       distribution (1: deterministic; None: the scenario's)
        seed        -- random seed (None: the scenario's, or 1)
        sensitivity -- rank the uncertain inputs by their share of variance
        threads     -- sampling threads (results do not depend on it)
        explain     -- build the derivation text (Result.explain())

        Returns a Result, or a Projection for a scenario spanning years.
        Raises wattif.Error naming file:line:col for bad input.
        """
        lib = self._lib
        opt = _native.WfRunOptions(_native.RUN_OPTIONS_VERSION, samples or 0, seed or 0,
                                   1 if sensitivity else 0, threads or 1,
                                   1 if explain else 0, 0)
        sc, text = self._scenario(scenario, set)
        err, out = _native.WfError(), ctypes.c_void_p()
        try:
            sid = _native.text(lib.wf_scenario_id(sc))
            if lib.wf_scenario_is_projection(sc):
                rc = lib.wf_scenario_project(ctypes.byref(out), sc, ctypes.byref(opt),
                                             ctypes.byref(err))
                try:
                    _check(rc, err, text)
                    return Projection(lib, out, sid, self.outputs)
                finally:
                    lib.wf_projection_free(out)
            rc = lib.wf_scenario_run(ctypes.byref(out), sc, ctypes.byref(opt),
                                     ctypes.byref(err))
            try:
                _check(rc, err, text)
                return Result(lib, out, sid, self.outputs)
            finally:
                lib.wf_result_free(out)
        finally:
            lib.wf_scenario_free(sc)

    def explain(self, scenario, set=None, **kw):
        """The derivation text of a run (`wattif explain`)."""
        return self.run(scenario, set=set, **kw).explain()

    def sweep(self, path, as_dataframe=False, max_points=None):
        """The sweep of a model file (its `sweep:`): a Sweep to iterate for
        dict rows, or, with as_dataframe=True, a pandas.DataFrame of every
        point."""
        sw = Sweep(self, path, max_points)
        if as_dataframe:
            with sw:
                return sw.to_dataframe()
        return sw

    def check(self, *paths):
        """Validate model files or directories as `wattif check` does: load
        them over the shipped catalog, resolve every reference and evaluate
        every scenario.  Returns the number of scenarios; raises
        wattif.Error at the first problem."""
        if not paths:
            raise TypeError("wattif: check needs at least one file or directory")
        lib = self._lib
        paths = [os.fspath(p) for p in paths]
        # like the tool: shipped directories named (or holding a named
        # file) are left out of the base, so their ids are not doubled
        skip = self._shipped_dirs(paths)
        own = skip != self._shipped_dirs()
        base = self._load(skip + list(self.paths)) if own else self._handle()
        arr = (ctypes.c_char_p * len(paths))(*[os.fsencode(p) for p in paths])
        err, out = _native.WfError(), ctypes.c_void_p()
        try:
            _check(lib.wf_catalog_check_paths(ctypes.byref(out), base, arr, len(paths),
                                              ctypes.byref(err)), err)
            n = lib.wf_catalog_scenario_count(out)
            lib.wf_catalog_free(out)
            return n
        finally:
            if own:
                lib.wf_catalog_free(base)

    def entries(self, kind, pattern=None):
        """The entries of a kind ("accelerators", "grids", ...) whose id or
        name matches a regular expression (Python's re), as dicts of their
        key figures in SI units (absent figures are None)."""
        if kind not in _native.KINDS:
            raise ValueError("wattif: kind must be one of %s, got %r"
                             % (", ".join(_native.KINDS), kind))
        lib, cat = self._lib, self._handle()
        k = _native.KINDS.index(kind)
        rx = re.compile(pattern) if pattern else None
        info, out = _native.WfEntryInfo(), []
        for i in range(lib.wf_catalog_count(cat, k)):
            if lib.wf_catalog_entry(ctypes.byref(info), cat, k, i):
                continue
            e = {}
            for f, t in info._fields_:
                v = getattr(info, f)
                if t is ctypes.c_char_p:
                    v = _native.text(v) or None
                elif t is ctypes.c_double:
                    v = _num(v)
                e[f] = v
            e["estimate"] = bool(e["estimate"])
            if rx is None or rx.search(e["id"]) or (e["name"] and rx.search(e["name"])):
                out.append(e)
        return out

    def close(self):
        """Free the catalog now (runs after this raise ValueError)."""
        if getattr(self, "_cat", None):
            for sw in list(self._sweeps):
                sw.close()
            self._lib.wf_catalog_free(self._cat)
            self._cat = None

    def __repr__(self):
        return "<wattif.Catalog %s>" % self.data
