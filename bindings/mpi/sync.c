/* Combining the ranks' changes: the tiered row schedule, the allreduce of deltas, the replica check. */
#include <stdio.h>
#include <stdlib.h>

#include "driver.h"

uint64_t sync_rows(uint64_t hot_rows, uint64_t sync, bool full) {
    if (full || hot_rows == 0 || sync == 0) return UINT64_MAX;
    uint64_t rows = hot_rows;
    for (uint64_t s = sync; (s & 1) == 0; s >>= 1) {
        if (rows > UINT64_MAX / 2) return UINT64_MAX;
        rows *= 2;
    }
    return rows;
}

/* Sums `count` values over the ranks in place, in chunks an int count can describe. */
static void allreduce_floats(float *values, size_t count) {
    const size_t chunk = (size_t)1 << 28;
    for (size_t at = 0; at < count; at += chunk) {
        size_t n = count - at < chunk ? count - at : chunk;
        MPI_Allreduce(MPI_IN_PLACE, values + at, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    }
}

/* Applies the summed deltas of rows first..<first + rows (row-major, `columns` each) with the rule,
 * except the `averaged` hottest of them (the first ones; hierarchical softmax's last), averaged. */
static void apply(w2v_model *model, int m, size_t first, size_t rows, size_t columns, const float *deltas,
                  w2v_sync_scale rule, const uint32_t *touched, size_t averaged) {
    if (averaged > rows) averaged = rows;
    size_t hot = m == W2V_MATRIX_HS ? rows - averaged : 0, rest = m == W2V_MATRIX_HS ? 0 : averaged;
    size_t rest_rows = rows - averaged;
    if (averaged > 0)
        CHECK(w2v_sync_apply(model, m, first + hot, first + hot + averaged, deltas + hot * columns, averaged * columns,
                             W2V_SYNC_MEAN, (uint32_t)ranks, NULL, 0));
    if (rest_rows > 0)
        CHECK(w2v_sync_apply(model, m, first + rest, first + rest + rest_rows, deltas + rest * columns, rest_rows * columns,
                             rule, (uint32_t)ranks, touched ? touched + rest : NULL, touched ? rest_rows : 0));
}

void sync_weights(w2v_model *model, w2v_sync_scale rule, uint64_t rows_wanted, uint64_t averaged_rows, sync_traffic *traffic) {
    uint64_t sent = 0;
    bool every_row = true;
    for (int m = W2V_MATRIX_INPUT; m <= W2V_MATRIX_HS; m++) {
        size_t rows = 0, columns = 0;
        CHECK(w2v_model_matrix_shape(model, m, &rows, &columns));
        if (rows == 0) continue;
        /* Word rows are ordered by frequency, so the hot rows are a prefix; hierarchical softmax's inner
         * nodes are created from the rarest words up, so its hot rows (the root is the last) a suffix. */
        size_t first = 0;
        if (rows_wanted < rows) {
            if (m == W2V_MATRIX_HS) first = rows - (size_t)rows_wanted;
            rows = (size_t)rows_wanted;
            every_row = false;
        }
        size_t count = rows * columns;
        float *deltas = malloc(sizeof(float) * (count ? count : 1));
        uint32_t *touched = NULL;
        if (!deltas) fail_message("out of memory");
        CHECK(w2v_sync_delta(model, m, first, first + rows, deltas, count));
        if (rule == W2V_SYNC_TOUCHED) {
            touched = malloc(sizeof(uint32_t) * (rows ? rows : 1));
            if (!touched) fail_message("out of memory");
            CHECK(w2v_sync_touched(model, m, first, first + rows, touched, rows));
            if (rows > INT32_MAX) fail_message("a matrix has more than 2^31 rows");
            MPI_Allreduce(MPI_IN_PLACE, touched, (int)rows, MPI_UINT32_T, MPI_SUM, MPI_COMM_WORLD);
            sent += sizeof(uint32_t) * rows;
        }
        allreduce_floats(deltas, count);
        sent += sizeof(float) * count;
        apply(model, m, first, rows, columns, deltas, rule, touched, averaged_rows < rows ? (size_t)averaged_rows : rows);
        free(deltas);
        free(touched);
    }
    traffic->bytes += sent;
    traffic->syncs++;
    if (every_row) traffic->full_syncs++;
    if (traffic->syncs == 1 || sent < traffic->smallest) traffic->smallest = sent;
    if (sent > traffic->largest) traffic->largest = sent;
}

double rate_factor(w2v_sync_scale rule, uint64_t averaged_rows) {
    return rule == W2V_SYNC_MEAN || averaged_rows > 0 ? (double)ranks : 1.0;
}

void set_row_rates(w2v_model *model, w2v_sync_scale rule, uint64_t averaged_rows, bool training) {
    bool mixed = rule != W2V_SYNC_MEAN && averaged_rows > 0 && ranks > 1;
    for (int m = W2V_MATRIX_INPUT; m <= W2V_MATRIX_HS; m++) {
        size_t rows = 0, columns = 0;
        CHECK(w2v_model_matrix_shape(model, m, &rows, &columns));
        if (rows == 0) continue;
        if (!training || !mixed) {
            CHECK(w2v_model_set_matrix_learning_rate(model, m, NULL, 0));
            continue;
        }
        /* The averaged rows are the hottest: a prefix of the word rows, a suffix of the node rows. */
        size_t averaged = averaged_rows < rows ? (size_t)averaged_rows : rows;
        size_t first = m == W2V_MATRIX_HS ? rows - averaged : 0;
        float *factors = malloc(sizeof(float) * rows);
        if (!factors) fail_message("out of memory");
        for (size_t i = 0; i < rows; i++) factors[i] = i >= first && i < first + averaged ? 1.0f : 1.0f / (float)ranks;
        CHECK(w2v_model_set_matrix_learning_rate(model, m, factors, rows));
        free(factors);
    }
}

void check_identical(w2v_model *model, const char *when) {
    for (int m = W2V_MATRIX_INPUT; m <= W2V_MATRIX_HS; m++) {
        size_t rows = 0, columns = 0;
        CHECK(w2v_model_matrix_shape(model, m, &rows, &columns));
        if (rows == 0) continue;
        uint64_t mine = 0, low = 0, high = 0;
        CHECK(w2v_model_matrix_checksum(model, m, &mine));
        MPI_Allreduce(&mine, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
        MPI_Allreduce(&mine, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
        if (low != high) {
            char message[128];
            snprintf(message, sizeof message, "the ranks' weights differ %s (matrix %d)", when, m);
            fail_message(message);
        }
    }
}
