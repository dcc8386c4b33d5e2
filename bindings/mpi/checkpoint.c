/* Checkpoints: the whole model in the native format, saved by rank 0 after an epoch's full sync (when
 * every rank holds the same weights), and a state file beside it saying how many epochs it holds. The
 * model is saved first and the state second, each by rename; the state names the input matrix's
 * checksum, so a crash between the two renames leaves a pair that a resume refuses instead of training
 * an epoch twice. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

static char *state_path(const char *path, const char *suffix) {
    size_t length = strlen(path) + strlen(suffix) + 1;
    char *state = malloc(length);
    if (!state) fail_message("out of memory");
    snprintf(state, length, "%s%s", path, suffix);
    return state;
}

static uint64_t input_checksum(const w2v_model *model) {
    uint64_t checksum = 0;
    CHECK(w2v_model_matrix_checksum(model, W2V_MATRIX_INPUT, &checksum));
    return checksum;
}

void checkpoint_save(const w2v_model *model, const char *path, int64_t epochs_done) {
    if (rank != 0) return;
    CHECK(w2v_model_save(model, path, W2V_FORMAT_NATIVE));
    char *state = state_path(path, ".state"), *temporary = state_path(path, ".state.tmp");
    FILE *file = fopen(temporary, "w");
    bool written = file && fprintf(file, "w2v-mpi checkpoint\nepochs_done %" PRId64 "\ninput_checksum %016" PRIx64 "\n",
                                   epochs_done, input_checksum(model)) > 0;
    if (file && fclose(file) != 0) written = false;
    if (!written || rename(temporary, state) != 0) {
        perror(temporary);
        fail_message("cannot write the checkpoint's state file");
    }
    free(state);
    free(temporary);
}

w2v_model *checkpoint_load(const char *path, int64_t *epochs_done) {
    w2v_model *model = NULL;
    CHECK(w2v_model_load_native(&model, path, W2V_LOAD_COPY));
    char *state = state_path(path, ".state");
    FILE *file = fopen(state, "r");
    int64_t epochs = -1;
    uint64_t checksum = 0;
    char message[256];
    if (!file || fscanf(file, "w2v-mpi checkpoint epochs_done %" SCNd64 " input_checksum %" SCNx64, &epochs, &checksum) != 2 || epochs < 0) {
        snprintf(message, sizeof message, "%s is missing or not a w2v-mpi checkpoint state", state);
        fail_message(message);
    }
    fclose(file);
    if (checksum != input_checksum(model)) {
        snprintf(message, sizeof message, "%s does not describe %s (the weights' checksum differs): not resuming", state, path);
        fail_message(message);
    }
    free(state);
    *epochs_done = epochs;
    return model;
}
