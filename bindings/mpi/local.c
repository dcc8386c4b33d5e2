/* A rank's training between two syncs: its local threads each train their share of the round's words
 * from their part of the shard, on the rank's one model at once (Hogwild, as w2v's threads do). */
#define _GNU_SOURCE /* sched_getaffinity */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "driver.h"

void local_check_cores(int threads) {
    cpu_set_t cores;
    if (threads < 2 || sched_getaffinity(0, sizeof cores, &cores) != 0 || CPU_COUNT(&cores) >= threads) return;
    /* mpirun binds each rank to one core by default when ranks <= 2, which runs the threads in turn. */
    fprintf(stderr, "w2v-mpi rank %d: warning: %d threads but this rank may run on %d core(s); "
            "start it with mpirun --bind-to none (or --map-by ...:PE=%d, srun --cpus-per-task %d)\n",
            rank, threads, CPU_COUNT(&cores), threads, threads);
}

void local_start_epoch(local_thread *threads, w2v_model *model, const char *path, const shard_plan *plan) {
    for (int t = 0; t < plan->threads; t++) {
        local_thread *me = &threads[t];
        memset(me, 0, sizeof *me);
        me->model = model;
        me->path = path;
        me->plan = plan;
        me->thread = t;
        me->more = shard_range(plan, t, 0, &me->offset, &me->end);
    }
}

/* One thread's share of a round: ranges in turn until its budget is used or its part is. The progress
 * counts every worker (ranks x threads) as having trained as much as this one. */
static void *train_share(void *argument) {
    local_thread *me = argument;
    double workers = (double)me->plan->ranks * (double)me->plan->threads;
    me->trained = 0;
    while (me->more && me->trained < me->budget) {
        uint64_t words = 0, next = me->offset, begin = 0;
        double from = clamp_progress((me->done + workers * (double)me->trained) / me->total);
        double to = clamp_progress(me->round_end);
        me->status = w2v_model_train_file_range(me->model, me->path, me->offset, me->end, from, to > from ? to : from,
                                                me->budget - me->trained, &next, &words, NULL);
        if (me->status != W2V_OK) {
            snprintf(me->error, sizeof me->error, "%s", w2v_last_error());
            break;
        }
        me->calls++;
        me->trained += words;
        me->offset = next;
        if (me->offset >= me->end) {
            me->more = shard_range(me->plan, me->thread, ++me->part, &begin, &me->end);
            me->offset = begin;
        }
    }
    return NULL;
}

uint64_t local_train_round(local_thread *threads, uint64_t sync_words, double done, double total, bool *more) {
    int count = threads[0].plan->threads;
    uint64_t share = sync_words / (uint64_t)count + (sync_words % (uint64_t)count != 0);
    pthread_t handles[count];
    for (int t = 0; t < count; t++) {
        threads[t].budget = share;
        threads[t].done = done;
        threads[t].total = total;
        threads[t].round_end = (done + (double)ranks * (double)sync_words) / total;
    }
    /* One thread trains on the calling one, the others on their own. */
    for (int t = 1; t < count; t++)
        if (pthread_create(&handles[t], NULL, train_share, &threads[t]) != 0) fail_message("cannot start a local thread");
    train_share(&threads[0]);
    for (int t = 1; t < count; t++) pthread_join(handles[t], NULL);
    uint64_t trained = 0;
    *more = false;
    for (int t = 0; t < count; t++) {
        if (threads[t].status != W2V_OK) {
            fprintf(stderr, "w2v-mpi rank %d thread %d: w2v_model_train_file_range: %s (%s)\n", rank, t, threads[t].error,
                    w2v_status_string(threads[t].status));
            fail_message("training failed");
        }
        trained += threads[t].trained;
        *more = *more || threads[t].more;
    }
    return trained;
}

uint64_t local_calls(const local_thread *threads) {
    uint64_t calls = 0;
    for (int t = 0; t < threads[0].plan->threads; t++) calls += threads[t].calls;
    return calls;
}
