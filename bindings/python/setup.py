"""Builds the w2v package with libw2v.so inside it (the metadata is in pyproject.toml).

The wheel carries the self-contained library (the Swift runtime linked in; it needs only glibc,
libstdc++ and libgcc_s) as ``w2v/libw2v.so``, so it is tagged for the platform (``py3-none-linux_x86_64``:
any Python 3, since the package is pure Python over ctypes, but one machine architecture). The library
comes from, in order:

1. ``$W2V_BUNDLE_LIBRARY``, a path to a built libw2v.so (``scripts/build-wheel`` sets it);
2. ``w2v/libw2v.so`` already in the package's source folder (copied there by hand);
3. the libw2v repository this folder lies in: ``scripts/build-release`` builds it (Swift 6.3 needed,
   for this path only).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:  # setuptools >= 70.1
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # older setuptools with the wheel package (Debian 12: 66 and 0.38)
    from wheel.bdist_wheel import bdist_wheel

HERE = Path(__file__).resolve().parent
LIBRARY_FILE = "libw2v.so"


def built_by_the_repository() -> Path:
    repository = HERE.parent.parent
    script = repository / "scripts" / "build-release"
    if not script.is_file():
        raise SystemExit(
            "w2v: no libw2v.so to put in the package: set W2V_BUNDLE_LIBRARY to a built libw2v.so, copy one "
            "to %s, or build from a libw2v checkout (which builds it with Swift)" % (HERE / "w2v" / LIBRARY_FILE)
        )
    if shutil.which("swift") is None:
        raise SystemExit(
            "w2v: building libw2v.so from the source tree needs Swift 6.3 (`swift` is not on PATH); or set "
            "W2V_BUNDLE_LIBRARY to a libw2v.so built elsewhere (scripts/build-release)"
        )
    scratch = Path(os.environ.get("W2V_RELEASE_SCRATCH", repository / ".build-release-static"))
    if not scratch.is_absolute():
        scratch = repository / scratch
    print("w2v: building libw2v.so with %s" % script, file=sys.stderr)
    subprocess.run([str(script)], check=True, stdout=sys.stderr)
    version = (scratch / "dist" / "VERSION").read_text().strip()
    return scratch / "dist" / "lib" / ("%s.%s" % (LIBRARY_FILE, version))


class BuildWithLibrary(build_py):
    """build_py, then w2v/libw2v.so in the build folder (a copy of the file, not of a symlink)."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "w2v" / LIBRARY_FILE
        explicit = os.environ.get("W2V_BUNDLE_LIBRARY")
        if explicit:
            source = Path(explicit)
            if not source.is_file():
                raise SystemExit("w2v: W2V_BUNDLE_LIBRARY=%s is not a file" % explicit)
        elif target.is_file():
            return  # copied from the source folder as package data
        else:
            source = built_by_the_repository()
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        shutil.copyfile(source, target)
        os.chmod(target, 0o755)


class WithSharedLibrary(Distribution):
    """Holds a shared library: installed to platlib (the wheel's root) and tagged for the platform."""

    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    """A wheel for one platform (it holds a shared library) but any Python 3 (no extension module)."""

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(distclass=WithSharedLibrary, cmdclass={"build_py": BuildWithLibrary, "bdist_wheel": PlatformWheel})
