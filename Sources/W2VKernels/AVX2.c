/* The kernels for AVX2 with FMA: 8 floats a vector, masked loads and stores (vmaskmov) for row tails,
 * 16 registers (a 4 x 2 score block). */
#include "W2VKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define KERNEL __attribute__((target("avx2,fma")))
#define LEVEL(name) name##_avx2
#define VEC __m256
#define LANES 8
#define ROW_BLOCK 4
#define TARGET_BLOCK 2
#define vzero() _mm256_setzero_ps()
#define vset1(x) _mm256_set1_ps(x)
#define vload(p) _mm256_loadu_ps(p)
#define vstore(p, v) _mm256_storeu_ps(p, v)
#define vfma(a, b, c) _mm256_fmadd_ps(a, b, c)
#define vadd(a, b) _mm256_add_ps(a, b)
#define vmul(a, b) _mm256_mul_ps(a, b)
#define vsum(v) sum_lanes(v)
#define vload_part(p, r) _mm256_maskload_ps(p, part_mask(r))
#define vstore_part(p, v, r) _mm256_maskstore_ps(p, part_mask(r), v)

/* Lanes 0 ..< r set (r < 8): all bits of a lane whose index is below r. */
static inline __attribute__((always_inline)) KERNEL __m256i part_mask(size_t r) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

static inline __attribute__((always_inline)) KERNEL float sum_lanes(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

#include "LevelKernels.h"

const w2vk_table *w2vk_table_avx2(void) { return &table_avx2; }
#else
const w2vk_table *w2vk_table_avx2(void) { return NULL; }
#endif
