"""Finding libw2v.so: the order of places, the error listing them, the version check."""

import ctypes
import ctypes.util
import os
import tempfile
import unittest
from pathlib import Path

import support  # first: puts the package beside the tests on sys.path
import w2v
from w2v import _loader


class LoaderTests(unittest.TestCase):
    def setUp(self):
        self.directory = Path(tempfile.mkdtemp(prefix="w2v-loader-"))

    def tearDown(self):
        import shutil

        shutil.rmtree(self.directory, ignore_errors=True)

    def test_explicit_variable_is_the_only_place(self):
        places = _loader.candidates(environ={"W2V_LIBRARY": "/x/libw2v.so"}, package_dir=self.directory)
        self.assertEqual(places, [("$W2V_LIBRARY", "/x/libw2v.so")])

    def test_order_package_then_repository_then_system(self):
        package = support.PACKAGE_ROOT / "w2v"
        places = _loader.candidates(environ={}, package_dir=package)
        paths = [p for _, p in places]
        self.assertEqual(paths[0], str(package / "libw2v.so"))
        self.assertEqual(paths[1], str(support.REPOSITORY.resolve() / ".build" / "release" / "libw2v.so"))
        self.assertEqual(paths[2], str(support.REPOSITORY.resolve() / ".build" / "debug" / "libw2v.so"))
        self.assertEqual(paths[3], "libw2v.so.%d" % _loader.REQUIRED_MAJOR, "the system's: the SONAME first")
        self.assertEqual(paths[-1], "libw2v.so", "last: the dynamic loader's own search")

    def test_working_directory_is_never_searched(self):
        outside = self.directory / "site-packages" / "w2v"
        outside.mkdir(parents=True)
        previous = os.getcwd()
        os.chdir(support.REPOSITORY / "bindings")
        try:
            places = _loader.candidates(environ={}, package_dir=outside, system=False)
        finally:
            os.chdir(previous)
        self.assertEqual([p for _, p in places], [str(outside / "libw2v.so")])

    def test_error_lists_every_place_tried(self):
        places = [("first", str(self.directory / "libw2v.so")), ("second", str(self.directory / "other" / "libw2v.so")),
                  ("system", "libw2v-surely-not-installed.so")]
        with self.assertRaises(w2v.LibraryNotFoundError) as caught:
            _loader.load(places)
        error = caught.exception
        self.assertIsInstance(error, ImportError)
        self.assertEqual(len(error.tried), 3)
        for _, path in places:
            self.assertIn(path, str(error))
        self.assertIn("no such file", str(error))
        self.assertIn("W2V_LIBRARY", str(error), "the message says how to fix it")

    def test_a_library_that_is_not_libw2v(self):

        libc = ctypes.util.find_library("c")
        if libc is None:
            self.skipTest("no libc found by name")
        with self.assertRaises(w2v.LibraryNotFoundError) as caught:
            _loader.load([("libc", libc)])
        self.assertIn("not libw2v", str(caught.exception))
        not_a_library = self.directory / "libw2v.so"
        not_a_library.write_text("not ELF")
        with self.assertRaises(w2v.LibraryNotFoundError) as caught:
            _loader.load([("bogus", str(not_a_library))])
        self.assertIn(str(not_a_library), str(caught.exception))

    def test_version_check(self):
        _loader.check_version(_loader.REQUIRED_MAJOR * 10000 + 203, "x")
        with self.assertRaises(w2v.LibraryNotFoundError) as caught:
            _loader.check_version((_loader.REQUIRED_MAJOR + 1) * 10000 + 2 * 100 + 3, "/some/libw2v.so")
        self.assertIn("/some/libw2v.so is libw2v %d.2.3" % (_loader.REQUIRED_MAJOR + 1), str(caught.exception))
        self.assertIn("needs major version %d" % _loader.REQUIRED_MAJOR, str(caught.exception))

    def test_loaded_library(self):
        path = w2v.library_path()
        self.assertTrue(os.path.exists(path) or os.sep not in path)
        if os.environ.get("W2V_LIBRARY"):
            self.assertEqual(os.path.realpath(path), os.path.realpath(os.environ["W2V_LIBRARY"]))
        self.assertEqual(int(w2v.library_version().split(".")[0]), _loader.REQUIRED_MAJOR)
        self.assertEqual(w2v._capi.lib().missing, [], "every declared function is in the library")


if __name__ == "__main__":
    unittest.main()
