import Glibc
import Synchronization

/// Runs `body(i)` for i in 0..<count, each on its own POSIX thread, while `whileRunning` runs on the
/// calling thread; returns once every worker has finished. `whileRunning` receives a function that
/// tells whether the workers are all done.
func runWorkerThreads(count: Int, _ body: @escaping @Sendable (Int) -> Void,
                             whileRunning: (_ finished: () -> Bool) -> Void) {
    let done = Atomic<Int>(0)
    final class Job: @unchecked Sendable {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }
    var threads: [pthread_t] = []
    var inline: [Int] = []
    for i in 0..<count {
        let job = Job { body(i); done.add(1, ordering: .releasing) }
        let retained = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            job.work()
            return nil
        }, retained)
        if status == 0 {
            threads.append(thread)
        } else {
            // No thread could be made: do this share on the calling thread after the others.
            Unmanaged<Job>.fromOpaque(retained).release()
            inline.append(i)
        }
    }
    whileRunning { done.load(ordering: .acquiring) >= threads.count }
    for i in inline { body(i) }
    for thread in threads { pthread_join(thread, nil) }
}

/// Runs `body(i)` for i in 0..<count: 0 on the calling thread, the others on POSIX threads of their
/// own; returns once all are done. For short fork-join work such as the two halves of a scan (plain
/// pthread create and join, which ThreadSanitizer understands, unlike a Dispatch pool's join).
func runInParallel(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    if count <= 1 {
        if count == 1 { body(0) }
        return
    }
    runWorkerThreads(count: count - 1, { body($0 + 1) }, whileRunning: { _ in body(0) })
}
