/* Whether the CPU and the operating system support each kernel level: CPUID for the instructions,
 * XGETBV for whether the OS saves the wider registers on a context switch (a CPU can have AVX-512
 * while the OS leaves it disabled). */
#include "W2VKernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

/* XCR0, the register-state mask the OS enabled; only valid when CPUID reports OSXSAVE. */
static unsigned long long enabled_state(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

/* XCR0 bits: SSE and AVX state (1, 2); AVX-512 opmask, upper 256 bits of zmm0-15, zmm16-31 (5, 6, 7). */
enum { AVX_STATE = 0x6, AVX512_STATE = 0xe6 };

int w2vk_cpu_has_avx2_fma(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!fma || !osxsave || !avx) return 0;
    if ((enabled_state() & AVX_STATE) != AVX_STATE) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;
}

int w2vk_cpu_has_avx512f(void) {
    if (!w2vk_cpu_has_avx2_fma()) return 0;
    if ((enabled_state() & AVX512_STATE) != AVX512_STATE) return 0;
    unsigned int a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 16) & 1;
}

#else
int w2vk_cpu_has_avx2_fma(void) { return 0; }
int w2vk_cpu_has_avx512f(void) { return 0; }
#endif
