"""Finding and loading libw2v.so.

The places, in order (the first that loads and has a compatible version wins):

1. ``$W2V_LIBRARY``, a path to the library. When set, it is the only place tried: an explicit choice
   that fails is an error, never silently replaced by another copy.
2. ``libw2v.so`` inside this package's folder (``w2v/libw2v.so``): the wheel carries it there
   (``scripts/build-wheel``, ``pip install ./bindings/python``).
3. The build tree of the libw2v repository, when this package is used from a checkout (the package's
   folder lies inside it): ``.build/release/libw2v.so``, then ``.build/debug/libw2v.so``.
4. The system's search path, as a C program finds the library: its SONAME ``libw2v.so.<major>``,
   ``ctypes.util.find_library("w2v")``, then ``libw2v.so`` (``LD_LIBRARY_PATH``, the ld.so cache).

Never the current working directory: what Python loads must not depend on where it was started.

After loading, ``w2v_version() // 10000`` must equal :data:`REQUIRED_MAJOR`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path
from typing import Callable, List, Mapping, Sequence, Tuple

from .errors import LibraryNotFoundError

LIBRARY_FILE = "libw2v.so"
#: The major version of the C API this package is written against (include/w2v.h W2V_VERSION_MAJOR).
REQUIRED_MAJOR = 0

PACKAGE_DIR = Path(__file__).resolve().parent


def _is_repository(directory: Path) -> bool:
    return (directory / "Package.swift").is_file() and (directory / "Sources" / "W2V").is_dir()


def repository_roots(start_points: Sequence[Path]) -> List[Path]:
    """The libw2v checkouts containing any of ``start_points`` (each searched upwards), without repeats."""
    roots: List[Path] = []
    for start in start_points:
        try:
            start = start.resolve()
        except OSError:
            continue
        for directory in [start, *start.parents]:
            if _is_repository(directory):
                if directory not in roots:
                    roots.append(directory)
                break
    return roots


def candidates(
    environ: Mapping[str, str] = os.environ,
    package_dir: Path = PACKAGE_DIR,
    system: bool = True,
) -> List[Tuple[str, str]]:
    """Every place to try, in order, as ``(description, path or name for the dynamic loader)``."""
    explicit = environ.get("W2V_LIBRARY")
    if explicit:
        return [("$W2V_LIBRARY", explicit)]
    places = [("the package folder", str(package_dir / LIBRARY_FILE))]
    for root in repository_roots([package_dir]):
        for config in ("release", "debug"):
            places.append(("the repository build tree", str(root / ".build" / config / LIBRARY_FILE)))
    if system:
        places.append(("the system library path (SONAME)", "%s.%d" % (LIBRARY_FILE, REQUIRED_MAJOR)))
        found = ctypes.util.find_library("w2v")
        if found and found != "%s.%d" % (LIBRARY_FILE, REQUIRED_MAJOR):
            places.append(("ctypes.util.find_library('w2v')", found))
        places.append(("the dynamic loader's search path", LIBRARY_FILE))
    return places


def check_version(version: int, where: str) -> None:
    """Raises unless ``version`` (as ``w2v_version()`` returns it) has the major this package needs."""
    major = version // 10000
    if major != REQUIRED_MAJOR:
        raise LibraryNotFoundError(
            "%s is libw2v %d.%d.%d, but this w2v package needs major version %d"
            % (where, major, version // 100 % 100, version % 100, REQUIRED_MAJOR)
        )


def load(
    places: Sequence[Tuple[str, str]],
    opener: Callable[[str], ctypes.CDLL] = ctypes.CDLL,
) -> Tuple[ctypes.CDLL, str]:
    """Loads the first usable library among ``places``; returns it and its path.

    Raises :class:`LibraryNotFoundError` listing every place tried and why each failed.
    """
    tried: List[Tuple[str, str]] = []
    for description, path in places:
        label = "%s (%s)" % (path, description)
        if os.sep in path and not os.path.exists(path):
            tried.append((label, "no such file"))
            continue
        try:
            library = opener(path)
        except OSError as error:
            tried.append((label, str(error) or "could not be loaded"))
            continue
        try:
            version_function = library.w2v_version
        except AttributeError:
            tried.append((label, "loaded, but it has no w2v_version: not libw2v"))
            continue
        version_function.argtypes = []
        version_function.restype = ctypes.c_int32
        try:
            check_version(int(version_function()), path)
        except LibraryNotFoundError as error:
            tried.append((label, str(error)))
            continue
        return library, os.path.abspath(path) if os.sep in path else path
    lines = ["libw2v.so could not be loaded; tried, in order:"]
    lines += ["  - %s: %s" % entry for entry in tried]
    lines.append(
        "Install the wheel that carries it (scripts/build-wheel in the libw2v repository), install the C "
        "library (scripts/install), or point W2V_LIBRARY at a built libw2v.so."
    )
    raise LibraryNotFoundError("\n".join(lines), tried)
