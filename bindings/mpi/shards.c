/* Which bytes of the corpus each rank trains, and the vocabulary counted from every rank's shard. */
#include <stdio.h>
#include <stdlib.h>

#include "driver.h"

bool shard_range(const shard_plan *plan, int thread, uint64_t k, uint64_t *begin, uint64_t *end) {
    uint64_t size = plan->file_size, n = (uint64_t)plan->ranks * (uint64_t)plan->threads;
    uint64_t r = (uint64_t)plan->rank * (uint64_t)plan->threads + (uint64_t)thread;
    if (plan->block_bytes == 0) {
        if (k > 0) return false;
        *begin = size * r / n;
        *end = size * (r + 1) / n;
        return true;
    }
    uint64_t blocks = size / plan->block_bytes + (size % plan->block_bytes != 0);
    /* Block k * n + r, computed so that no product overflows for any file size. */
    if (k > blocks / n || k * n + r >= blocks) return false;
    uint64_t block = k * n + r;
    *begin = block * plan->block_bytes;
    *end = size - *begin > plan->block_bytes ? *begin + plan->block_bytes : size;
    return true;
}

w2v_vocab *merged_counts(const char *path, const shard_plan *plan) {
    w2v_vocab *mine = NULL, *merged = NULL;
    CHECK(w2v_vocab_new(&mine));
    uint64_t begin = 0, end = 0;
    for (int t = 0; t < plan->threads; t++)
        for (uint64_t k = 0; shard_range(plan, t, k, &begin, &end); k++) CHECK(w2v_vocab_add_file_range(mine, path, begin, end));
    size_t size = 0;
    w2v_status status = w2v_vocab_counts_save(mine, NULL, 0, &size);
    if (status != W2V_OK && status != W2V_ERR_BUFFER_TOO_SMALL) fail("w2v_vocab_counts_save", status);
    if (size > INT32_MAX) fail_message("a shard's counts exceed 2 GB");
    char *bytes = malloc(size ? size : 1);
    int *lengths = malloc(sizeof(int) * (size_t)ranks), *offsets = malloc(sizeof(int) * (size_t)ranks);
    if (!bytes || !lengths || !offsets) fail_message("out of memory");
    CHECK(w2v_vocab_counts_save(mine, bytes, size, NULL));
    w2v_vocab_free(mine);
    int length = (int)size;
    MPI_Allgather(&length, 1, MPI_INT, lengths, 1, MPI_INT, MPI_COMM_WORLD);
    size_t total = 0;
    for (int r = 0; r < ranks; r++) {
        if (total + (size_t)lengths[r] > INT32_MAX) fail_message("the counts exceed 2 GB");
        offsets[r] = (int)total;
        total += (size_t)lengths[r];
    }
    char *all = malloc(total ? total : 1);
    if (!all) fail_message("out of memory");
    MPI_Allgatherv(bytes, length, MPI_CHAR, all, lengths, offsets, MPI_CHAR, MPI_COMM_WORLD);
    CHECK(w2v_vocab_new(&merged));
    for (int r = 0; r < ranks; r++) CHECK(w2v_vocab_counts_add(merged, all + offsets[r], (size_t)lengths[r]));
    /* Interleaved blocks merged in rank order are not in corpus order: order ties by bytes instead. */
    if (plan->block_bytes != 0 && ranks * plan->threads > 1) CHECK(w2v_vocab_order_ties_by_bytes(merged));
    free(all); free(bytes); free(lengths); free(offsets);
    return merged;
}
