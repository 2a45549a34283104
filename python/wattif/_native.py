"""ctypes declarations of libwattif's public API (include/wattif.h) and the
search for the library and the shipped catalog.

Nothing here is compiled: the package reads libwattif.so, built by `make`
(build/libwattif.so) or installed by `make install` (PREFIX/lib).
"""
import ctypes
import ctypes.util
import os
import sys

# Error codes (wattif.h: WF_E*).
CODES = {0: "OK", -1: "EINPUT", -2: "EDIM", -3: "ENOTFOUND", -4: "ENUMERIC",
         -5: "ENOMEM", -6: "EIO"}

# wf_kind, in the header's order.
KINDS = ("accelerators", "nodes", "grids", "facilities", "workloads", "factors",
         "pathways", "pue_curves", "embodied_factors", "regional_factors", "water_areas",
         "demand_projections")


class WfError(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("module", ctypes.c_char * 16),
                ("file", ctypes.c_char * 512), ("line", ctypes.c_int),
                ("col", ctypes.c_int), ("message", ctypes.c_char * 1024)]


class WfQuantiles(ctypes.Structure):
    _fields_ = [(n, ctypes.c_double) for n in ("mean", "sd", "p05", "p50", "p95")]


class WfRunOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("samples", ctypes.c_long),
                ("seed", ctypes.c_ulong), ("sensitivity", ctypes.c_int),
                ("threads", ctypes.c_int), ("explain", ctypes.c_int),
                ("keep_samples", ctypes.c_int)]


class WfBases(ctypes.Structure):
    _fields_ = [("location_kg", ctypes.c_double), ("location_g_per_kwh", ctypes.c_double),
                ("market_kg", ctypes.c_double), ("market_g_per_kwh", ctypes.c_double),
                ("market_declared", ctypes.c_int),
                ("marginal_kg", ctypes.c_double), ("marginal_g_per_kwh", ctypes.c_double)]


class WfIntensityInfo(ctypes.Structure):
    _fields_ = [("region", ctypes.c_char_p), ("basis", ctypes.c_char_p),
                ("method", ctypes.c_char_p), ("accounting", ctypes.c_char_p),
                ("source", ctypes.c_char_p), ("year", ctypes.c_int), ("held", ctypes.c_int),
                ("label", ctypes.c_char_p), ("profile", ctypes.c_char_p)]


class WfPeriod(ctypes.Structure):
    _fields_ = [(n, ctypes.c_double) for n in (
        "t_start", "t_end", "intensity_g_per_kwh", "pue", "energy_facility_kwh",
        "emissions_kg")]


class WfSweepOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("max_points", ctypes.c_ulonglong)]


class WfEntryInfo(ctypes.Structure):
    _fields_ = [("id", ctypes.c_char_p), ("name", ctypes.c_char_p),
                ("source", ctypes.c_char_p), ("file", ctypes.c_char_p),
                ("line", ctypes.c_int),
                ("tdp_w", ctypes.c_double), ("peak_bf16_flop_per_s", ctypes.c_double),
                ("peak_fp16_flop_per_s", ctypes.c_double),
                ("peak_fp32_flop_per_s", ctypes.c_double),
                ("memory_bytes", ctypes.c_double), ("pue", ctypes.c_double),
                ("wue_l_per_j", ctypes.c_double), ("intensity_kg_per_j", ctypes.c_double),
                ("intensity_year", ctypes.c_int), ("basis", ctypes.c_char_p),
                ("parent", ctypes.c_char_p), ("count", ctypes.c_int),
                ("estimate", ctypes.c_int), ("component", ctypes.c_char_p),
                ("method", ctypes.c_char_p), ("value", ctypes.c_double),
                ("value_dim", ctypes.c_int), ("status", ctypes.c_char_p),
                ("accounting", ctypes.c_char_p), ("first_year", ctypes.c_int)]


RUN_OPTIONS_VERSION = 1
SWEEP_OPTIONS_VERSION = 1

_vp, _cp, _int, _size = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_size_t
_pvp, _pe = ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(WfError)
_pd = ctypes.POINTER(ctypes.c_double)

# name: (restype, argtypes)
_SIGNATURES = {
    "wf_global_init": (_int, []),
    "wf_strerror": (_cp, [_int]),
    "wf_error_format": (_cp, [_pe, _cp, _size]),
    "wf_output_name": (_cp, [_int]),
    "wf_catalog_new": (_int, [_pvp]),
    "wf_catalog_load": (_int, [_vp, _cp, _pe]),
    "wf_catalog_set_cache": (_int, [_vp, _cp, _pe]),
    "wf_catalog_finish": (_int, [_vp, _pe]),
    "wf_catalog_free": (None, [_vp]),
    "wf_catalog_count": (_size, [_vp, _int]),
    "wf_catalog_entry": (_int, [ctypes.POINTER(WfEntryInfo), _vp, _int, _size]),
    "wf_catalog_check_paths": (_int, [_pvp, _vp, ctypes.POINTER(_cp), _size, _pe]),
    "wf_catalog_scenario_count": (_size, [_vp]),
    "wf_scenario_load": (_int, [_pvp, _vp, _cp, _pe]),
    "wf_scenario_load_text": (_int, [_pvp, _vp, _cp, _size, _cp, _pe]),
    "wf_scenario_set": (_int, [_vp, _cp, _pe]),
    "wf_scenario_id": (_cp, [_vp]),
    "wf_scenario_is_projection": (_int, [_vp]),
    "wf_scenario_free": (None, [_vp]),
    "wf_scenario_run": (_int, [_pvp, _vp, ctypes.POINTER(WfRunOptions), _pe]),
    "wf_result_samples": (ctypes.c_long, [_vp]),
    "wf_result_quantiles": (_int, [_vp, _int, ctypes.POINTER(WfQuantiles)]),
    "wf_result_sensitivity_count": (_size, [_vp]),
    "wf_result_sensitivity": (_int, [_vp, _int, _size, ctypes.POINTER(_cp), _pd, _pd]),
    "wf_result_get": (_int, [_vp, _int, _pd]),
    "wf_result_unit": (_cp, [_vp]),
    "wf_result_embodied_scope": (_cp, [_vp]),
    "wf_result_explain": (_cp, [_vp]),
    "wf_result_notes": (_cp, [_vp]),
    "wf_result_bases": (_int, [_vp, ctypes.POINTER(WfBases)]),
    "wf_result_intensity": (_int, [_vp, ctypes.POINTER(WfIntensityInfo)]),
    "wf_result_period_count": (_size, [_vp]),
    "wf_result_period": (_int, [_vp, _size, ctypes.POINTER(WfPeriod)]),
    "wf_result_year": (_int, [_vp]),
    "wf_result_demand_share": (ctypes.c_double, [_vp]),
    "wf_result_free": (None, [_vp]),
    "wf_scenario_project": (_int, [_pvp, _vp, ctypes.POINTER(WfRunOptions), _pe]),
    "wf_projection_count": (_size, [_vp]),
    "wf_projection_row": (_vp, [_vp, _size, ctypes.POINTER(_int)]),
    "wf_projection_total": (_int, [_vp, _int, _pd]),
    "wf_projection_quantiles": (_int, [_vp, _int, ctypes.POINTER(WfQuantiles)]),
    "wf_projection_free": (None, [_vp]),
    "wf_sweep_load": (_int, [_pvp, _vp, _cp, ctypes.POINTER(WfSweepOptions), _pe]),
    "wf_sweep_free": (None, [_vp]),
    "wf_sweep_point_count": (_size, [_vp]),
    "wf_sweep_axis_count": (_size, [_vp]),
    "wf_sweep_value_count": (_size, [_vp]),
    "wf_sweep_column_count": (_size, [_vp]),
    "wf_sweep_column": (_cp, [_vp, _size]),
    "wf_sweep_axis_text": (_size, [_cp, _size, _vp, _size, _size]),
    "wf_sweep_samples": (ctypes.c_long, [_vp]),
    "wf_sweep_worker_new": (_int, [_pvp, _vp, _pe]),
    "wf_sweep_worker_free": (None, [_vp]),
    "wf_sweep_eval": (_int, [_vp, _size, _pd, _pe]),
    "wf_sweep_worker_intensity": (_int, [_vp, ctypes.POINTER(WfIntensityInfo)]),
}

_LIB = None


def _package_dir():
    return os.path.dirname(os.path.abspath(__file__))


def library_candidates():
    """Where the library is looked for, in order (WATTIF_LIB alone when set)."""
    env = os.environ.get("WATTIF_LIB")
    if env:
        return [env]
    here = _package_dir()
    return [
        # bundled beside the package
        os.path.join(here, "libwattif.so.0"),
        os.path.join(here, "libwattif.so"),
        # make install: PREFIX/lib/python3*/dist-packages/wattif -> PREFIX/lib
        os.path.normpath(os.path.join(here, "..", "..", "..", "libwattif.so.0")),
        # a source tree: python/wattif -> build/
        os.path.normpath(os.path.join(here, "..", "..", "build", "libwattif.so")),
        # make install's usual prefixes, found without ldconfig (a package
        # installed by pip into a virtual environment)
        "/usr/local/lib/libwattif.so.0",
        "/usr/lib/libwattif.so.0",
    ]


def _mapped_path(name):
    """The file a loaded library came from (Linux), or None."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split(None, 5)[-1].strip()
                if os.path.basename(path).startswith(name):
                    return path
    except OSError:
        pass
    return None


def library():
    """The loaded libwattif (ctypes.CDLL), found once."""
    global _LIB
    if _LIB is not None:
        return _LIB
    from .errors import Error
    tried = []
    lib = None
    for path in library_candidates():
        if not os.path.exists(path) and os.sep in path:
            tried.append(path + " (absent)")
            continue
        try:
            lib = ctypes.CDLL(path)
            lib._wattif_path = os.path.abspath(path) if os.sep in path else path
            break
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    if lib is None and not os.environ.get("WATTIF_LIB"):
        # the system's loader: PREFIX/lib in ld.so's path (after ldconfig)
        name = ctypes.util.find_library("wattif") or "libwattif.so.0"
        try:
            lib = ctypes.CDLL(name)
            lib._wattif_path = _mapped_path("libwattif.so") or name
        except OSError as e:
            tried.append("%s (%s)" % (name, e))
    if lib is None:
        raise Error("cannot load libwattif; set WATTIF_LIB to the library file "
                    "(build/libwattif.so after `make`). Tried: " + "; ".join(tried),
                    code=-3)
    for name, (res, args) in _SIGNATURES.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            raise Error("%s lacks %s: it is older than this package; rebuild it "
                        "(make) or point WATTIF_LIB at a newer one"
                        % (lib._wattif_path, name), code=-3) from None
        fn.restype = res
        fn.argtypes = args
    lib.wf_global_init()
    _LIB = lib
    return lib


def _has_catalog(root):
    return (os.path.isdir(os.path.join(root, "models")) and
            os.path.isdir(os.path.join(root, "data")))


def data_candidates(lib_path):
    """Directories that may hold the shipped models/ and data/, in order,
    as the command-line tool looks for them (beside its build tree, then
    the install prefix), then this package's own prefix."""
    out = []
    if lib_path and os.sep in lib_path:
        d = os.path.dirname(os.path.abspath(lib_path))
        out += [os.path.join(d, ".."), os.path.join(d, "..", "share", "wattif")]
    here = _package_dir()
    out += [os.path.join(here, "..", ".."),  # python/wattif in a source tree
            os.path.join(here, "..", "..", "..", "..", "share", "wattif"),
            os.path.join(sys.prefix, "share", "wattif"),
            "/usr/local/share/wattif", "/usr/share/wattif"]
    return [os.path.normpath(p) for p in out]


def data_root(lib_path):
    """The directory holding models/ and data/: $WATTIF_DATA or the first
    candidate that has both."""
    from .errors import Error
    env = os.environ.get("WATTIF_DATA")
    if env:
        if _has_catalog(env):
            return env
        raise Error("WATTIF_DATA=%s has no models/ and data/ directories" % env, code=-3)
    for root in data_candidates(lib_path):
        if _has_catalog(root):
            return root
    raise Error("cannot find the shipped models/ and data/; set WATTIF_DATA to the "
                "directory that holds them", code=-3)


def text(b):
    """A C string from the library as str ("" for NULL)."""
    return b.decode("utf-8", "replace") if b else ""
