"""The raw layer against include/w2v.h: every function declared with matching types, every constant equal."""

import ctypes
import re
import unittest

import support  # first: puts the package beside the tests on sys.path
from w2v import _capi, errors

HEADER = support.REPOSITORY / "include" / "w2v.h"

_BASE = {
    "void": None, "int32_t": ctypes.c_int32, "int64_t": ctypes.c_int64, "uint32_t": ctypes.c_uint32,
    "uint64_t": ctypes.c_uint64, "size_t": ctypes.c_size_t, "float": ctypes.c_float, "double": ctypes.c_double,
    "w2v_vocab": _capi.w2v_vocab, "w2v_model": _capi.w2v_model, "w2v_params": _capi.w2v_params,
    "w2v_phrases": _capi.w2v_phrases,
}


def ctype_of(declaration, enums):
    """The ctypes type of a C parameter or return type from the header."""
    text = re.sub(r"\bconst\b", "", declaration).strip()
    stars = text.count("*")
    base = text.replace("*", "").split()[0]
    if base == "char" and stars >= 1:
        result, stars = ctypes.c_char_p, stars - 1
    elif base == "void" and stars == 1:
        return ctypes.c_void_p
    elif base == "w2v_progress_fn":
        result = _capi.w2v_progress_fn
    elif base in enums:
        result = ctypes.c_int32
    else:
        result = _BASE[base]
    for _ in range(stars):
        result = ctypes.POINTER(result)
    return result


def parameter_type(parameter):
    """'const char *const *tokens' -> 'const char *const *' (drops the name)."""
    return re.sub(r"\w+$", "", parameter.strip()).strip() or parameter.strip()


@unittest.skipUnless(HEADER.is_file(), "include/w2v.h not found")
class DeclarationTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.header = HEADER.read_text()
        cls.enums = set(re.findall(r"typedef enum \w+ \{.*?\} (\w+);", cls.header, re.S))
        cls.prototypes = {
            name: (result.strip(), [p for p in (x.strip() for x in arguments.replace("\n", " ").split(",")) if p])
            for result, name, arguments in re.findall(r"^([A-Za-z_][\w \*]*?\**)\s*\b(w2v_\w+)\(([^;]*?)\);",
                                                      cls.header, re.M)
        }

    def test_every_header_function_is_declared_and_nothing_else(self):
        self.assertGreater(len(self.prototypes), 30)
        self.assertEqual(sorted(set(self.prototypes) - set(_capi.FUNCTIONS)), [], "declare these in w2v/_capi.py")
        # Declared ahead of the header: allowed only for functions the C layer already exports
        # (an @c function in Sources/W2V whose header is not regenerated yet).
        exported = set()
        for source in (support.REPOSITORY / "Sources" / "W2V").glob("*.swift"):
            exported.update(re.findall(r"@c public func (w2v_\w+)", source.read_text()))
        ahead = set(_capi.FUNCTIONS) - set(self.prototypes)
        self.assertEqual(sorted(ahead - exported), [], "neither in include/w2v.h nor in Sources/W2V")

    def test_types_match_the_header(self):
        for name, (result, parameters) in self.prototypes.items():
            restype, argtypes, check = _capi.FUNCTIONS[name]
            with self.subTest(function=name):
                expected_args = [] if parameters == ["void"] else [ctype_of(parameter_type(p), self.enums) for p in parameters]
                self.assertEqual(argtypes, expected_args)
                expected_result = ctype_of(result, self.enums)
                if name in ("w2v_model_vectors", "w2v_model_matrix_data"):  # read as an address, viewed without copying
                    self.assertEqual((restype, expected_result), (ctypes.c_void_p, ctypes.POINTER(ctypes.c_float)))
                else:
                    self.assertEqual(restype, expected_result)
                self.assertEqual(check == "status", result == "w2v_status", "every status is checked")

    def test_constants_match_the_header(self):
        constants = dict((k, int(v)) for k, v in re.findall(r"^\s*(W2V_[A-Z0-9_]+) = (\d+)", self.header, re.M))
        self.assertIn("W2V_PARAM_DIM", constants)
        for name, value in constants.items():
            with self.subTest(constant=name):
                module = errors if name.startswith(("W2V_OK", "W2V_ERR_")) else _capi
                self.assertEqual(getattr(module, name, None), value, "define %s = %d in %s" % (name, value, module.__name__))
        major = int(re.search(r"#define W2V_VERSION_MAJOR (\d+)", self.header).group(1))
        from w2v import _loader

        self.assertEqual(_loader.REQUIRED_MAJOR, major)


if __name__ == "__main__":
    unittest.main()
