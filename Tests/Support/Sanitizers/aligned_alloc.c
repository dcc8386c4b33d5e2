/* Preloaded by scripts/sanitize for the sanitizer runs only (not part of the library or of any target).
 * The Swift toolchain links the sanitizer's runtime statically into the test executable, where its
 * aligned_alloc interceptor is a local symbol: libswiftCore's aligned_alloc calls (swift_slowAlloc with
 * an alignment above 16) then reach glibc's allocator, and freeing that memory through the sanitizer's
 * free fails inside the Swift runtime (ASan: "attempting free on address which was not malloc()-ed";
 * TSan: "CHECK failed: sanitizer_allocator_secondary.h"). Routing aligned_alloc to posix_memalign, which
 * both intercept, keeps every allocation in the sanitizer's heap. */
#include <stdlib.h>

void *aligned_alloc(size_t alignment, size_t size) {
    void *p = NULL;
    if (alignment < sizeof(void *)) alignment = sizeof(void *);
    return posix_memalign(&p, alignment, size) == 0 ? p : NULL;
}
