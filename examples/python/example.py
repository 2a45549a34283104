#!/usr/bin/env python3
"""Evaluate a wattif scenario from Python through ctypes (standard library only).

    WATTIF_LIB=build/libwattif.so python3 examples/python/example.py examples/llama-65b.yaml

The shipped catalog is read from $WATTIF_DATA (default: the current directory).
"""
import ctypes
import math
import os
import sys


class WfError(ctypes.Structure):
    """struct wf_error from wattif.h."""
    _fields_ = [("code", ctypes.c_int), ("module", ctypes.c_char * 16),
                ("file", ctypes.c_char * 512), ("line", ctypes.c_int),
                ("col", ctypes.c_int), ("message", ctypes.c_char * 1024)]


def load_library(path):
    lib = ctypes.CDLL(path)
    vp, cp, ip = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    pe = ctypes.POINTER(WfError)
    lib.wf_global_init.restype = ip
    lib.wf_catalog_new.argtypes = [ctypes.POINTER(vp)]
    lib.wf_catalog_load.argtypes = [vp, cp, pe]
    lib.wf_catalog_finish.argtypes = [vp, pe]
    lib.wf_catalog_free.argtypes = [vp]
    lib.wf_scenario_load.argtypes = [ctypes.POINTER(vp), vp, cp, pe]
    lib.wf_scenario_set.argtypes = [vp, cp, pe]
    lib.wf_scenario_free.argtypes = [vp]
    lib.wf_scenario_evaluate.argtypes = [ctypes.POINTER(vp), vp, pe]
    lib.wf_result_get.argtypes = [vp, ip, ctypes.POINTER(ctypes.c_double)]
    lib.wf_result_free.argtypes = [vp]
    lib.wf_output_name.argtypes = [ip]
    lib.wf_output_name.restype = cp
    lib.wf_error_format.argtypes = [pe, cp, ctypes.c_size_t]
    lib.wf_error_format.restype = cp
    return lib


class WattifError(Exception):
    pass


def check(lib, rc, err):
    if rc != 0:
        buf = ctypes.create_string_buffer(2048)
        raise WattifError(lib.wf_error_format(ctypes.byref(err), buf, 2048).decode())


def evaluate(lib, root, scenario, sets=()):
    """Return {output name: value or None} for a scenario file."""
    err = WfError()
    cat, sc, res = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    lib.wf_global_init()
    check(lib, lib.wf_catalog_new(ctypes.byref(cat)), err)
    try:
        for sub in ("models", "data"):
            path = os.path.join(root, sub).encode()
            check(lib, lib.wf_catalog_load(cat, path, ctypes.byref(err)), err)
        check(lib, lib.wf_catalog_finish(cat, ctypes.byref(err)), err)
        check(lib, lib.wf_scenario_load(ctypes.byref(sc), cat, scenario.encode(),
                                        ctypes.byref(err)), err)
        for s in sets:
            check(lib, lib.wf_scenario_set(sc, s.encode(), ctypes.byref(err)), err)
        check(lib, lib.wf_scenario_evaluate(ctypes.byref(res), sc, ctypes.byref(err)), err)
        out = {}
        i = 0
        while lib.wf_output_name(i):
            v = ctypes.c_double()
            ok = lib.wf_result_get(res, i, ctypes.byref(v)) == 0
            out[lib.wf_output_name(i).decode()] = v.value if ok and math.isfinite(v.value) else None
            i += 1
        return out
    finally:
        lib.wf_result_free(res)
        lib.wf_scenario_free(sc)
        lib.wf_catalog_free(cat)


def main():
    if len(sys.argv) < 2:
        print("usage: example.py SCENARIO.yaml [PATH=VALUE ...]", file=sys.stderr)
        return 2
    lib = load_library(os.environ.get("WATTIF_LIB", "libwattif.so"))
    try:
        results = evaluate(lib, os.environ.get("WATTIF_DATA", "."), sys.argv[1], sys.argv[2:])
    except WattifError as e:
        print("example.py: %s" % e, file=sys.stderr)
        return 2
    for name, value in results.items():
        print("%-26s %s" % (name, "n/a" if value is None else "%.6g" % value))
    return 0


if __name__ == "__main__":
    sys.exit(main())
