"""wattif: power, energy, emissions, water and embodied carbon of AI
workloads and data centres, from Python.

    import wattif
    cat = wattif.Catalog()                      # the shipped catalog
    r = cat.run("examples/llama-65b.yaml")
    r.results["emissions_operational_kg"]       # 173188.1228
    print(r.explain())                          # the derivation
    cat.run({"workload": {...}, "site": {...}}, set={"site.pue": 1.2},
            samples=1000, seed=7).quantiles
    for row in cat.sweep("examples/sweeps/pue-by-accelerator.yaml"): ...
    cat.sweep(path, as_dataframe=True)          # with pandas

A thin layer over libwattif (ctypes; nothing to compile): the numbers are
the library's, the same as `wattif run --format json` prints.  Errors are
wattif.Error with file, line, col and code.
"""
from .catalog import QUANTILES, Catalog, Projection, Result, Sweep
from .errors import Error

__version__ = "0.1.0"
__all__ = ["Catalog", "Error", "Projection", "QUANTILES", "Result", "Sweep",
           "__version__", "library_path", "outputs"]


def library_path():
    """The file libwattif was loaded from ($WATTIF_LIB, beside the package,
    PREFIX/lib, the source tree's build/, or the system's loader)."""
    from . import _native
    return getattr(_native.library(), "_wattif_path", None)


def outputs():
    """The output names, in the library's order ("duration_h", ...)."""
    from . import _native
    from .catalog import _outputs
    return _outputs(_native.library())
