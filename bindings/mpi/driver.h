/* What the parts of w2v-mpi share: this process's rank, failing every rank at once, and the parts'
 * entry points (shards.c, sync.c, checkpoint.c). */
#ifndef W2V_MPI_DRIVER_H
#define W2V_MPI_DRIVER_H

#include <mpi.h>
#include <stdbool.h>
#include <stdint.h>

#include "w2v.h"

extern int rank, ranks;

/* Prints the library's message and aborts every rank. */
void fail(const char *what, w2v_status status);
/* Prints a message of the driver's own and aborts every rank. */
void fail_message(const char *message);

/* A fraction of the run, as w2v_model_train_file_range takes it: clipped to [0, 1]. */
static inline double clamp_progress(double value) { return value < 0 ? 0 : value > 1 ? 1 : value; }

#define CHECK(call) do { w2v_status status_ = (call); if (status_ != W2V_OK) fail(#call, status_); } while (0)

/* shards.c: which bytes of the corpus a rank trains. With block_bytes 0 the file is cut into `ranks`
 * contiguous parts; otherwise into blocks of block_bytes, block i going to rank i mod ranks
 * (interleaved), so that at every round the ranks train neighbouring parts of the corpus, as one
 * process would. The library moves every cut forward to a word start, so blocks share no word. */
typedef struct shard_plan {
    uint64_t file_size, block_bytes;
    int rank, ranks;
    /* Each rank's local threads: the parts are dealt to ranks x threads workers, worker
     * rank x threads + t being thread t of that rank. */
    int threads;
} shard_plan;

/* The k-th byte range of local thread `thread`'s part of this rank's shard (k = 0, 1, ...); false
 * when it has fewer. */
bool shard_range(const shard_plan *plan, int thread, uint64_t k, uint64_t *begin, uint64_t *end);
/* Counts this rank's shard, gathers every rank's counts and merges them in rank order. Contiguous
 * parts so merged give exactly the vocabulary of counting the whole file; interleaved blocks give the
 * same words and counts, and the tie order by bytes makes their rows independent of the rank count. */
w2v_vocab *merged_counts(const char *path, const shard_plan *plan);

/* local.c: a rank's training between two syncs. Its shard is dealt to its local threads, which train
 * their shares of a round's words on the rank's one model at once (Hogwild, as w2v's threads). */
typedef struct local_thread {
    w2v_model *model;
    const char *path;
    const shard_plan *plan;
    int thread;
    uint64_t part, end, offset;
    bool more;                  /* ranges left this epoch */
    uint64_t calls;             /* training calls made this epoch */
    /* One round: */
    uint64_t budget, trained;
    double done, total, round_end;
    w2v_status status;
    char error[256];
} local_thread;

/* Sets the threads (an array of plan->threads) to the start of an epoch. */
void local_start_epoch(local_thread *threads, w2v_model *model, const char *path, const shard_plan *plan);
/* Each thread trains up to its share of `sync_words` words, at the learning rate of the global
 * progress (`done` of `total` words trained by all ranks before the round). Returns the words the
 * rank trained; *more tells whether any of its threads has words left this epoch. */
uint64_t local_train_round(local_thread *threads, uint64_t sync_words, double done, double total, bool *more);
/* Warns when the rank may use fewer cores than `threads` (an MPI binding), which serializes them. */
void local_check_cores(int threads);
/* The training calls the rank's threads made this epoch. */
uint64_t local_calls(const local_thread *threads);

/* sync.c: combining the ranks' changes. */
typedef struct sync_traffic {
    uint64_t bytes, syncs, full_syncs, smallest, largest;
} sync_traffic;

/* The rows sync number `sync` (1, 2, ... within an epoch) covers, pWord2Vec's schedule over the
 * frequency-ordered rows: hot_rows x 2^(trailing zeros of sync), so the hot prefix at every sync, twice
 * as many at every second, ...; every row when hot_rows is 0 or `full`. */
uint64_t sync_rows(uint64_t hot_rows, uint64_t sync, bool full);
/* Sums the deltas of the `rows` hottest rows of every matrix over the ranks and applies them with the
 * rule, the `averaged_rows` hottest of them averaged instead; adds the bytes this rank sent to `traffic`. */
void sync_weights(w2v_model *model, w2v_sync_scale rule, uint64_t rows, uint64_t averaged_rows, sync_traffic *traffic);
/* The learning rate a row needs follows its rule: averaging divides every rank's step by N, so
 * averaged rows train at N times the base rate; summed rows at the base rate. rate_factor is what a
 * rank multiplies the base rate by: N when some rows are averaged (rule mean, or -average-rows with
 * sum or touched), else 1. set_row_rates gives the rows summed beside averaged ones the factor 1 / N
 * (per-row learning rates of every matrix) while `training`; otherwise it clears every factor (the
 * base settings, which a saved model holds). */
double rate_factor(w2v_sync_scale rule, uint64_t averaged_rows);
void set_row_rates(w2v_model *model, w2v_sync_scale rule, uint64_t averaged_rows, bool training);
/* Fails unless every rank holds the same weights (checksum of each matrix). */
void check_identical(w2v_model *model, const char *when);

/* checkpoint.c: a native model saved by rank 0 after an epoch's full sync, with a state file beside
 * it (CHECKPOINT.state: the epochs done and the input matrix's checksum, which a resume verifies). */
void checkpoint_save(const w2v_model *model, const char *path, int64_t epochs_done);
/* Loads a checkpoint on every rank; writes the epochs it had done. */
w2v_model *checkpoint_load(const char *path, int64_t *epochs_done);

#endif
