# The release build and a C-library install, as for zstd:
#   make                    the self-contained libw2v.so.X.Y.Z and the w2v tool (scripts/build-release)
#   make install            PREFIX=/usr/local DESTDIR= LIBDIR= INCLUDEDIR= BINDIR= (scripts/install)
#   make uninstall          the same variables
#   make wheel              dist/w2v-<version>-py3-none-linux_<arch>.whl (scripts/build-wheel)
#   make test-install       install, link from C (pkg-config, CMake) and Python with Swift hidden
# Development builds and tests use SwiftPM directly: swift build, scripts/test.
export PREFIX DESTDIR LIBDIR INCLUDEDIR BINDIR CC

all release:
	scripts/build-release

install: release
	scripts/install

uninstall:
	scripts/install --uninstall

wheel:
	scripts/build-wheel

test-install:
	scripts/test-install

.PHONY: all release install uninstall wheel test-install
