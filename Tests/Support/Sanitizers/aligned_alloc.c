/* Preloaded by scripts/sanitize for the AddressSanitizer runs only (not part of the library or of any
 * target). The Swift toolchain links ASan's runtime statically into the test executable, where its
 * aligned_alloc interceptor is a local symbol: libswiftCore's aligned_alloc calls (swift_slowAlloc with
 * an alignment above 16) then reach glibc's allocator, and freeing that memory through ASan's free is
 * reported as "attempting free on address which was not malloc()-ed" inside the Swift runtime. Routing
 * aligned_alloc to posix_memalign, which ASan does intercept, keeps every allocation in ASan's heap. */
#include <stdlib.h>

void *aligned_alloc(size_t alignment, size_t size) {
    void *p = NULL;
    if (alignment < sizeof(void *)) alignment = sizeof(void *);
    return posix_memalign(&p, alignment, size) == 0 ? p : NULL;
}
