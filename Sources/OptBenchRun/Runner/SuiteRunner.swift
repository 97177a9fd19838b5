import Foundation
import OptBench

/// Runs a plan's runs in parallel (each run single-threaded) and hands every finished run to
/// one writer: the calling thread, the only one that touches HDF5.
public struct SuiteRunner {
    /// What `optbench run` was asked to do.
    public struct Options: Sendable {
        public var jobs: Int
        public var mode: ResultsStore.Mode
        /// 1-based shard k of n, or nil for every run.
        public var shard: (k: Int, n: Int)?
        public var command: [String]

        public init(jobs: Int, mode: ResultsStore.Mode, shard: (k: Int, n: Int)? = nil, command: [String]) {
            self.jobs = jobs
            self.mode = mode
            self.shard = shard
            self.command = command
        }
    }

    /// What happened.
    public struct Outcome: Sendable {
        /// The summaries now in the output file, in grid order.
        public var summaries: [RunSummary]
        /// Runs executed in this invocation and runs taken over from earlier files.
        public var executed: Int
        public var reused: Int
        /// Runs of an earlier file whose configuration changed, so they were run again.
        public var changed: Int
        /// Whether a signal stopped the suite before every run finished.
        public var interrupted: Bool
    }

    public let plan: RunPlan
    public let options: Options

    public init(plan: RunPlan, options: Options) {
        self.plan = plan
        self.options = options
    }

    /// The runs this invocation is responsible for (its shard, or all).
    public var selectedRuns: [RunSpec] {
        guard let shard = options.shard else { return plan.runs }
        return plan.shard(shard.k, of: shard.n)
    }

    /// Runs the suite into `outputPath`.
    public func run(outputPath: String, cancellation: CancellationFlag, progress: ProgressReporter) throws(InputError) -> Outcome {
        let provenance = Provenance.current(suite: plan.suite, command: options.command)
        let store = try ResultsStore(outputPath: outputPath, provenance: provenance, mode: options.mode)
        let selected = selectedRuns

        // Resume: reuse completed and diverged runs whose identity and configuration match.
        var pending: [RunSpec] = []
        var reusedCount = 0
        var changedCount = 0
        if options.mode == .resume {
            var available: [RunID: (path: String, summary: RunSummary)] = [:]
            let selectedIDs = Set(selected.map(\.id))
            let sources = store.resumableSources()
            do {
                try ResultsFileProbe.vet(sources)  // the output and every part in one child, before any is read here
            } catch {
                rmdir(store.partsDirectory)  // made by the store just now if it is empty: leave the directory as it was
                throw error
            }
            for path in sources {
                let reader = try ResultsReader(path: path)
                let summaries = try reader.summaries()
                reader.close()
                if let shard = options.shard, path == outputPath {
                    let outside = summaries.filter { !selectedIDs.contains($0.id) }.count
                    if outside > 0 {
                        throw InputError(file: outputPath, message: "holds \(outside) runs outside shard \(shard.k)/\(shard.n), which resuming the shard would drop; resume each shard into its own file and merge")
                    }
                }
                for summary in summaries { available[summary.id] = (path, summary) }
            }
            for spec in selected {
                if let found = available[spec.id], found.summary.status == .completed || found.summary.status == .diverged {
                    if found.summary.configHash == spec.configHash {
                        store.reuse(spec.index, from: found.path, storedIndex: found.summary.index)
                        reusedCount += 1
                        continue
                    }
                    changedCount += 1
                }
                pending.append(spec)
            }
        } else {
            pending = selected
        }

        progress.start(total: selected.count, alreadyDone: reusedCount)
        let executed = try execute(pending, store: store, cancellation: cancellation, progress: progress)
        let summaries = try store.finish(order: selected.map(\.index))
        ResultsFileProbe.trust(outputPath)  // this process wrote it: the report reads it without a child
        progress.finish()
        return Outcome(summaries: summaries, executed: executed, reused: reusedCount, changed: changedCount,
                       interrupted: cancellation.isCancelled && summaries.count < selected.count
                           || summaries.contains { $0.status == .interrupted })
    }

    /// Executes `runs` on `options.jobs` threads; the calling thread writes results as they
    /// come. Returns how many were executed.
    func execute(_ runs: [RunSpec], store: ResultsStore, cancellation: CancellationFlag, progress: ProgressReporter) throws(InputError) -> Int {
        guard !runs.isEmpty else { return 0 }
        let queue = ResultQueue(capacity: 4 * Swift.max(options.jobs, 1))
        let next = RunCounter()
        let workerCount = Swift.min(Swift.max(options.jobs, 1), runs.count)
        let workersDone = DispatchGroup()
        let compression = plan.suite.compression
        for worker in 0..<workerCount {
            workersDone.enter()
            // Worker k starts a run only while fewer than capacity·(1 − k/workers) finished runs
            // wait for the writer. When the writer keeps up, the queue is near empty and every
            // worker runs; when it is the bound (many short runs), the queue fills and only the
            // first workers keep going, so the writer is not left competing for the cores with
            // workers whose runs could only wait for it.
            let room = queue.capacity - worker * queue.capacity / workerCount
            let thread = Thread {
                // Each worker encodes its own runs' chunks (shuffle + deflate), in parallel, so
                // the writer only creates HDF5 objects and stores bytes.
                let encoder = RunEncoder(compression: compression)
                while true {
                    queue.waitForRoom(below: room, unless: cancellation)
                    guard !cancellation.isCancelled, let position = next.take(below: runs.count) else { break }
                    var result = RunExecutor.execute(runs[position], cancellation: cancellation)
                    let encoded = encoder.encode(StoredRun(result))
                    result.trajectory = Trajectory()  // held only in its encoded form from here on
                    queue.push(FinishedRun(result: result, encoded: encoded))
                }
                workersDone.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        DispatchQueue.global().async {
            workersDone.wait()
            queue.close()
        }
        var count = 0
        var writeError: InputError?
        while true {
            // Wake up when a part falls due even if no run finishes, so a finished run never
            // waits for the next one to become durable.
            let next = queue.pop(until: store.partDeadline ?? Date().addingTimeInterval(3600))  // (distantFuture traps in corelibs Foundation)
            if case .closed = next { break }
            if writeError != nil { continue }  // keep draining so workers can finish
            do {
                switch next {
                case .result(let finished):
                    count += 1
                    try store.add(finished.encoded)
                    progress.runFinished(finished.result)
                case .timedOut:
                    try store.closePartIfDue()
                case .closed:
                    break
                }
            } catch {
                writeError = error
                cancellation.cancel()
            }
        }
        if let writeError { throw writeError }
        return count
    }
}

/// Hands out run positions to workers, each exactly once.
final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        defer { next += 1 }
        return next
    }
}

/// A run as a worker hands it to the writer: its outcome (without the trajectory) and its
/// encoded datasets.
struct FinishedRun: Sendable {
    var result: RunResult
    var encoded: EncodedRun
}

/// A bounded queue from the workers to the writer: workers wait when the writer falls
/// behind, so memory stays flat however many runs a suite has, and all but the first wait
/// early (``waitForRoom(below:unless:)``) so they leave the cores to a writer that is behind.
final class ResultQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [FinishedRun] = []
    private var closed = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func push(_ result: FinishedRun) {
        condition.lock()
        while items.count >= capacity { condition.wait() }
        items.append(result)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until fewer than `limit` results are queued, or `cancellation` is set (checked
    /// whenever the writer takes a result).
    func waitForRoom(below limit: Int, unless cancellation: CancellationFlag) {
        condition.lock()
        while items.count >= limit && !cancellation.isCancelled { condition.wait() }
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    enum Next {
        case result(FinishedRun)
        case timedOut
        case closed
    }

    /// The next result; `.timedOut` if none came by `deadline`; `.closed` once closed and empty.
    func pop(until deadline: Date) -> Next {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed {
            if !condition.wait(until: deadline) && items.isEmpty && !closed { return .timedOut }
        }
        guard !items.isEmpty else { return .closed }
        let result = items.removeFirst()
        condition.broadcast()
        return .result(result)
    }
}
