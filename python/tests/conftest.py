"""Shared set-up: the source tree's root as working directory (the files
the tests name are relative to it), the library under test ($WATTIF_LIB,
default build/libwattif.so), the `wattif` tool built beside it, and one
shipped catalog for the session."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
os.chdir(ROOT)
os.environ.setdefault("WATTIF_LIB", os.path.join(ROOT, "build", "libwattif.so"))
os.environ.setdefault("WATTIF_DATA", ROOT)
sys.path.insert(0, os.path.join(ROOT, "python"))

import wattif  # noqa: E402  (after the path is set)

BUILD = os.path.dirname(os.path.abspath(os.environ["WATTIF_LIB"]))
TOOL = os.path.join(BUILD, "wattif")


def tool(*args, check=True):
    """Run the command-line tool built beside the library; its stdout."""
    p = subprocess.run([TOOL] + list(args), capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError("wattif %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p


def tool_json(*args):
    return json.loads(tool(*args).stdout)


def g12(x):
    """A number as the tool prints it in JSON and CSV (%.12g), None as null."""
    return None if x is None else "%.12g" % x


@pytest.fixture(scope="session")
def cat():
    c = wattif.Catalog()
    yield c
    c.close()
