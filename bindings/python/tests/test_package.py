"""The package itself: public names, typing marker, metadata, optional NumPy."""

import os
import re
import unittest

import support  # first: puts the package beside the tests on sys.path
import w2v


class PackageTests(unittest.TestCase):
    def test_public_names(self):
        for name in w2v.__all__:
            self.assertTrue(hasattr(w2v, name), name)

    def test_typed_and_versioned(self):
        package = support.PACKAGE_ROOT / "w2v"
        self.assertTrue((package / "py.typed").is_file())
        pyproject = (support.PACKAGE_ROOT / "pyproject.toml").read_text()
        version = re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1)
        self.assertEqual(version, w2v.__version__)
        self.assertIn('"py.typed"', pyproject)

    def test_numpy_switch(self):
        forced_off = os.environ.get("W2V_NO_NUMPY", "") not in ("", "0")
        if forced_off:
            self.assertFalse(w2v.HAS_NUMPY)
        else:
            try:
                import numpy  # noqa: F401

                self.assertTrue(w2v.HAS_NUMPY)
            except ImportError:
                self.assertFalse(w2v.HAS_NUMPY)


if __name__ == "__main__":
    unittest.main()
