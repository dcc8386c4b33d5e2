/* The kernels for AVX-512F: 16 floats a vector, masked loads and stores for row tails, 32 registers
 * (a 4 x 3 score block). */
#include "W2VKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define KERNEL __attribute__((target("avx512f")))
#define LEVEL(name) name##_avx512
#define VEC __m512
#define LANES 16
#define ROW_BLOCK 4
#define TARGET_BLOCK 3
#define vzero() _mm512_setzero_ps()
#define vset1(x) _mm512_set1_ps(x)
#define vload(p) _mm512_loadu_ps(p)
#define vstore(p, v) _mm512_storeu_ps(p, v)
#define vfma(a, b, c) _mm512_fmadd_ps(a, b, c)
#define vadd(a, b) _mm512_add_ps(a, b)
#define vmul(a, b) _mm512_mul_ps(a, b)
#define vsum(v) _mm512_reduce_add_ps(v)
#define part_mask(r) ((__mmask16)((1u << (r)) - 1))
#define vload_part(p, r) _mm512_maskz_loadu_ps(part_mask(r), p)
#define vstore_part(p, v, r) _mm512_mask_storeu_ps(p, part_mask(r), v)

#include "LevelKernels.h"

const w2vk_table *w2vk_table_avx512(void) { return &table_avx512; }
#else
const w2vk_table *w2vk_table_avx512(void) { return NULL; }
#endif
