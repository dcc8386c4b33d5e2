/* The training kernels that need instructions the baseline x86-64 build cannot use (AVX2 with FMA,
 * AVX-512), compiled per function with the matching target, and the CPU check that says whether they
 * may run. Swift has no per-function target features, so these few loops live in C; everything else,
 * including the baseline kernels, stays Swift (Sources/W2VCore/Math).
 *
 * Rows are passed as arrays of row pointers, so one call covers rows scattered over a matrix. Row
 * pointers are `float *const *` also where a kernel only reads the rows (they are the model's writable
 * rows either way). Sizes are counts of floats or rows. Block results are row-major: `g[i * t + j]`
 * belongs to input row i and target row j. */
#ifndef W2V_KERNELS_H
#define W2V_KERNELS_H

#include <stddef.h>

/* One instruction-set level's kernels. Every function keeps the order of the additions of the
 * straightforward loop it replaces (row by row, target by target), so results differ from the Swift
 * baseline only by fused multiply-add rounding and the summation order inside a dot product. */
typedef struct w2vk_table {
    /* a . b over n floats. */
    float (*dot)(const float *a, const float *b, size_t n);
    /* y += a * x over n floats. */
    void (*axpy)(float a, const float *x, float *y, size_t n);
    /* out[i * t + j] = rows[i] . targets[j] for i < m, j < t: the score block, register-blocked. */
    void (*scores)(float *const *rows, size_t m, float *const *targets, size_t t, size_t n, float *out);
    /* gradients + i * n = sum over j of g[i * t + j] * targets[j], for i < m (overwritten; j in order). */
    void (*gradients)(const float *g, size_t m, float *const *targets, size_t t, size_t n, float *gradients);
    /* targets[j] += sum over i of g[i * t + j] * rows[i], target by target, rows in order (a target
     * listed twice is updated twice, in turn). */
    void (*update_targets)(const float *g, float *const *rows, size_t m, float *const *targets, size_t t, size_t n);
    /* For j = 0 ..< t in order: gradient += g[j] * targets[j], then targets[j] += g[j] * input: one
     * input's predictions of t rows (negative sampling of CBOW or of one context word). */
    void (*predict_update)(const float *g, const float *input, float *const *targets, size_t t, size_t n,
                           float *gradient);
    /* out = scale * (((0 + rows[0]) + rows[1]) + ... + rows[m - 1]): CBOW's context, summed in row order
     * (m >= 1). */
    void (*sum_rows)(float *const *rows, size_t m, size_t n, float scale, float *out);
    /* rows[i] += x for i = 0 ..< m in order (a row listed twice gets x twice): CBOW's context update. */
    void (*add_to_rows)(const float *x, float *const *rows, size_t m, size_t n);
} w2vk_table;

/* Asks for the cache lines of the n floats at p ahead of their use, for writing. A hint: it never
 * faults and changes no result, and it is an instruction of every x86-64 (a no-op elsewhere), so all
 * levels use it. Inline, so a Swift caller pays no call. */
static inline void w2vk_prefetch_floats(const float *p, size_t n) {
    const char *line = (const char *)((size_t)p & ~(size_t)63), *end = (const char *)(p + n);
    for (; line < end; line += 64) __builtin_prefetch(line, 1, 3);
}

/* The same for the one cache line of p, to be read. */
static inline void w2vk_prefetch_line(const void *p) { __builtin_prefetch(p, 0, 3); }

/* The tables; NULL where the compiler cannot build them (not x86-64). Check the CPU first. */
const w2vk_table *w2vk_table_avx2(void);
const w2vk_table *w2vk_table_avx512(void);

/* 1 when the CPU has AVX2 and FMA and the operating system saves the 256-bit registers. */
int w2vk_cpu_has_avx2_fma(void);
/* 1 when it also has AVX-512F and the operating system saves the 512-bit and mask registers. */
int w2vk_cpu_has_avx512f(void);

#endif
