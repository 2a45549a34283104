"""`make install` puts the package where Debian's python3 finds it, and the
installed package finds the installed library and catalog by itself."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import BUILD, ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")

ONE_LINER = ("import wattif; c = wattif.Catalog(); "
             "print(c.run('examples/llama-65b.yaml').results['emissions_operational_kg']); "
             "print(wattif.library_path()); print(os.path.realpath(c.data)); "
             "print(wattif.__file__)")


def make(*args):
    # -o all: install what `make` built, never rebuild (BUILD may be a
    # sanitizer or MPI build made with other variables)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    p = subprocess.run(["make", "-s", "-o", "all", "BUILD=" + os.path.relpath(BUILD, ROOT)]
                       + list(args), cwd=ROOT, capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    return p.stdout


def python_dir(prefix):
    """The directory `make install PREFIX=prefix` gives the package."""
    lines = [l for l in make("-n", "install", "PREFIX=" + prefix).splitlines()
             if "python/wattif/" in l]
    assert len(lines) == 1, lines
    return lines[0].split()[-1].rstrip("/").rsplit("/", 1)[0]


def installed_run(pythonpath, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("WATTIF_LIB", "WATTIF_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = pythonpath
    # from the source tree's root (for the example's path), yet nothing of
    # the tree is on the path: python -c puts the working directory first,
    # so run a script from elsewhere instead
    script = tmp_path / "one_liner.py"
    script.write_text("import os\n" + ONE_LINER.replace("; ", "\n") + "\n")
    p = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


@pytest.mark.parametrize("destdir", [False, True])
def test_install_and_import(tmp_path, destdir):
    if destdir:
        stage, prefix = tmp_path / "stage", "/opt/wattif"
        make("install", "PREFIX=" + prefix, "DESTDIR=" + str(stage))
        root = str(stage) + prefix
    else:
        root = str(tmp_path / "prefix")
        make("install", "PREFIX=" + root)
    site = python_dir(prefix if destdir else root)
    if destdir:
        site = str(stage) + site
    assert os.path.isfile(os.path.join(site, "wattif", "__init__.py"))
    value, lib, data, init = installed_run(site, tmp_path)
    assert "%.12g" % float(value) == "173188.1228"
    real = os.path.realpath(root)
    assert os.path.realpath(lib) == os.path.join(real, "lib", "libwattif.so.0.1.0")
    assert data == os.path.join(real, "share", "wattif")
    assert os.path.realpath(init).startswith(real + os.sep)
    make("uninstall", "PREFIX=" + (prefix if destdir else root),
         *(["DESTDIR=" + str(stage)] if destdir else []))
    assert not os.path.exists(os.path.join(site, "wattif"))


def test_debian_python_finds_the_install_dirs():
    """On Debian, /usr/local and /usr installs land on python3's sys.path."""
    debian = "/usr/bin/python3"
    if not os.path.exists(debian) or not os.path.exists("/etc/debian_version"):
        pytest.skip("not Debian's python3")
    path = subprocess.run([debian, "-c", "import sys; print('\\n'.join(sys.path))"],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    for prefix in ("/usr/local", "/usr"):
        assert python_dir(prefix) in path, (prefix, python_dir(prefix), path)
