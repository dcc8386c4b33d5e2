/* The kernels' bodies, written once over a small vector vocabulary and compiled once per level:
 * AVX2.c and AVX512.c define it and then include this file. A level defines
 *   VEC, LANES                  the vector type and its floats
 *   vzero(), vset1(x)           a vector of zeros, of x
 *   vload(p), vstore(p, v)      unaligned whole-vector access
 *   vload_part(p, r), vstore_part(p, v, r)   the first r < LANES floats only (masked: never touches
 *                               memory past them, so a row's tail needs no scalar loop)
 *   vfma(a, b, c)               a * b + c, fused
 *   vadd(a, b), vmul(a, b)      addition, multiplication
 *   vsum(v)                     the sum of the lanes
 *   KERNEL                      the function attributes (the target), LEVEL(name) the level's name
 *   ROW_BLOCK, TARGET_BLOCK     the score block held in registers (ROW_BLOCK x TARGET_BLOCK sums)
 * Block helpers take their block sizes as arguments but are always inlined with constants, so their
 * small arrays of vectors live in registers. */

#define BLOCK static inline __attribute__((always_inline)) KERNEL

KERNEL static float LEVEL(dot)(const float *a, const float *b, size_t n) {
    VEC s0 = vzero(), s1 = vzero();
    size_t i = 0;
    for (; i + 2 * LANES <= n; i += 2 * LANES) {
        s0 = vfma(vload(a + i), vload(b + i), s0);
        s1 = vfma(vload(a + i + LANES), vload(b + i + LANES), s1);
    }
    if (i + LANES <= n) {
        s0 = vfma(vload(a + i), vload(b + i), s0);
        i += LANES;
    }
    if (i < n) s1 = vfma(vload_part(a + i, n - i), vload_part(b + i, n - i), s1);
    return vsum(vadd(s0, s1));
}

KERNEL static void LEVEL(axpy)(float a, const float *x, float *y, size_t n) {
    VEC va = vset1(a);
    size_t i = 0;
    for (; i + LANES <= n; i += LANES) vstore(y + i, vfma(va, vload(x + i), vload(y + i)));
    if (i < n) vstore_part(y + i, vfma(va, vload_part(x + i, n - i), vload_part(y + i, n - i)), n - i);
}

/* rb x tb dot products, each row and target chunk loaded once for the whole block. */
BLOCK void LEVEL(score_block)(int rb, int tb, float *const *rows, float *const *targets, size_t n,
                              float *out, size_t stride) {
    VEC sum[ROW_BLOCK][TARGET_BLOCK], r[ROW_BLOCK], o[TARGET_BLOCK];
    for (int a = 0; a < rb; a++)
        for (int b = 0; b < tb; b++) sum[a][b] = vzero();
    size_t k = 0;
    for (; k + LANES <= n; k += LANES) {
        for (int a = 0; a < rb; a++) r[a] = vload(rows[a] + k);
        for (int b = 0; b < tb; b++) o[b] = vload(targets[b] + k);
        for (int a = 0; a < rb; a++)
            for (int b = 0; b < tb; b++) sum[a][b] = vfma(r[a], o[b], sum[a][b]);
    }
    if (k < n) {
        for (int a = 0; a < rb; a++) r[a] = vload_part(rows[a] + k, n - k);
        for (int b = 0; b < tb; b++) o[b] = vload_part(targets[b] + k, n - k);
        for (int a = 0; a < rb; a++)
            for (int b = 0; b < tb; b++) sum[a][b] = vfma(r[a], o[b], sum[a][b]);
    }
    for (int a = 0; a < rb; a++)
        for (int b = 0; b < tb; b++) out[a * stride + b] = vsum(sum[a][b]);
}

/* Rows i ..< i + rb against every target, in blocks of TARGET_BLOCK targets, then one by one. */
BLOCK void LEVEL(score_rows)(int rb, float *const *rows, float *const *targets, size_t t, size_t n, float *out) {
    size_t j = 0;
    for (; j + TARGET_BLOCK <= t; j += TARGET_BLOCK)
        LEVEL(score_block)(rb, TARGET_BLOCK, rows, targets + j, n, out + j, t);
    for (; j < t; j++) LEVEL(score_block)(rb, 1, rows, targets + j, n, out + j, t);
}

KERNEL static void LEVEL(scores)(float *const *rows, size_t m, float *const *targets, size_t t, size_t n, float *out) {
    size_t i = 0;
    for (; i + ROW_BLOCK <= m; i += ROW_BLOCK) LEVEL(score_rows)(ROW_BLOCK, rows + i, targets, t, n, out + i * t);
    for (; i < m; i++) LEVEL(score_rows)(1, rows + i, targets, t, n, out + i * t);
}

/* The gradients of rb input rows, each target chunk loaded once for all of them. */
BLOCK void LEVEL(gradient_block)(int rb, const float *g, float *const *targets, size_t t, size_t n, float *out) {
    VEC sum[ROW_BLOCK];
    size_t k = 0;
    for (; k + LANES <= n; k += LANES) {
        for (int a = 0; a < rb; a++) sum[a] = vzero();
        for (size_t j = 0; j < t; j++) {
            VEC o = vload(targets[j] + k);
            for (int a = 0; a < rb; a++) sum[a] = vfma(vset1(g[a * t + j]), o, sum[a]);
        }
        for (int a = 0; a < rb; a++) vstore(out + a * n + k, sum[a]);
    }
    if (k < n) {
        for (int a = 0; a < rb; a++) sum[a] = vzero();
        for (size_t j = 0; j < t; j++) {
            VEC o = vload_part(targets[j] + k, n - k);
            for (int a = 0; a < rb; a++) sum[a] = vfma(vset1(g[a * t + j]), o, sum[a]);
        }
        for (int a = 0; a < rb; a++) vstore_part(out + a * n + k, sum[a], n - k);
    }
}

KERNEL static void LEVEL(gradients)(const float *g, size_t m, float *const *targets, size_t t, size_t n, float *out) {
    size_t i = 0;
    for (; i + ROW_BLOCK <= m; i += ROW_BLOCK) LEVEL(gradient_block)(ROW_BLOCK, g + i * t, targets, t, n, out + i * n);
    for (; i < m; i++) LEVEL(gradient_block)(1, g + i * t, targets, t, n, out + i * n);
}

/* Chunks k ..< k + cb * LANES of one target: cb independent sums over the rows, so the additions of
 * one row wait for no other chunk's. */
BLOCK void LEVEL(update_chunks)(int cb, const float *g, size_t t, float *const *rows, size_t m, float *target, size_t k) {
    VEC sum[4];
    for (int c = 0; c < cb; c++) sum[c] = vload(target + k + c * LANES);
    for (size_t i = 0; i < m; i++) {
        VEC gi = vset1(g[i * t]);
        for (int c = 0; c < cb; c++) sum[c] = vfma(gi, vload(rows[i] + k + c * LANES), sum[c]);
    }
    for (int c = 0; c < cb; c++) vstore(target + k + c * LANES, sum[c]);
}

KERNEL static void LEVEL(update_targets)(const float *g, float *const *rows, size_t m, float *const *targets, size_t t,
                                         size_t n) {
    for (size_t j = 0; j < t; j++) {
        float *target = targets[j];
        size_t k = 0;
        for (; k + 4 * LANES <= n; k += 4 * LANES) LEVEL(update_chunks)(4, g + j, t, rows, m, target, k);
        for (; k + LANES <= n; k += LANES) LEVEL(update_chunks)(1, g + j, t, rows, m, target, k);
        if (k < n) {
            VEC sum = vload_part(target + k, n - k);
            for (size_t i = 0; i < m; i++) sum = vfma(vset1(g[i * t + j]), vload_part(rows[i] + k, n - k), sum);
            vstore_part(target + k, sum, n - k);
        }
    }
}

KERNEL static void LEVEL(predict_update)(const float *g, const float *input, float *const *targets, size_t t, size_t n,
                                         float *gradient) {
    size_t k = 0;
    for (; k + LANES <= n; k += LANES) {
        VEC h = vload(input + k), sum = vload(gradient + k);
        for (size_t j = 0; j < t; j++) {
            VEC gj = vset1(g[j]), o = vload(targets[j] + k);
            sum = vfma(gj, o, sum);
            vstore(targets[j] + k, vfma(gj, h, o));
        }
        vstore(gradient + k, sum);
    }
    if (k < n) {
        size_t r = n - k;
        VEC h = vload_part(input + k, r), sum = vload_part(gradient + k, r);
        for (size_t j = 0; j < t; j++) {
            VEC gj = vset1(g[j]), o = vload_part(targets[j] + k, r);
            sum = vfma(gj, o, sum);
            vstore_part(targets[j] + k, vfma(gj, h, o), r);
        }
        vstore_part(gradient + k, sum, r);
    }
}

KERNEL static void LEVEL(sum_rows)(float *const *rows, size_t m, size_t n, float scale, float *out) {
    VEC vscale = vset1(scale);
    size_t k = 0;
    for (; k + LANES <= n; k += LANES) {
        VEC sum = vzero();
        for (size_t i = 0; i < m; i++) sum = vadd(sum, vload(rows[i] + k));
        vstore(out + k, vmul(sum, vscale));
    }
    if (k < n) {
        size_t r = n - k;
        VEC sum = vzero();
        for (size_t i = 0; i < m; i++) sum = vadd(sum, vload_part(rows[i] + k, r));
        vstore_part(out + k, vmul(sum, vscale), r);
    }
}

KERNEL static void LEVEL(add_to_rows)(const float *x, float *const *rows, size_t m, size_t n) {
    size_t k = 0;
    for (; k + LANES <= n; k += LANES) {
        VEC v = vload(x + k);
        for (size_t i = 0; i < m; i++) vstore(rows[i] + k, vadd(vload(rows[i] + k), v));
    }
    if (k < n) {
        size_t r = n - k;
        VEC v = vload_part(x + k, r);
        for (size_t i = 0; i < m; i++) vstore_part(rows[i] + k, vadd(vload_part(rows[i] + k, r), v), r);
    }
}

static const w2vk_table LEVEL(table) = {
    .dot = LEVEL(dot),
    .axpy = LEVEL(axpy),
    .scores = LEVEL(scores),
    .gradients = LEVEL(gradients),
    .update_targets = LEVEL(update_targets),
    .predict_update = LEVEL(predict_update),
    .sum_rows = LEVEL(sum_rows),
    .add_to_rows = LEVEL(add_to_rows),
};
