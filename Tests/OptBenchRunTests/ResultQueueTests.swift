import Foundation
@testable import OptBenchRun
import Testing

/// ``ResultQueue``: the bounded queue from the workers to the writer, and the room a worker
/// waits for before it starts another run.
@Suite("The queue from the workers to the writer")
struct ResultQueueTests {
    static func finishedRun() throws -> FinishedRun {
        let plan = try RunPlan(suite: Suite(parsing: "name: q\nsteps: 3\nproblems: [{name: booth}]\noptimizers: [{name: sgd}]\n", file: "q.yaml"))
        let result = RunExecutor.execute(plan.runs[0], cancellation: CancellationFlag())
        return FinishedRun(result: result, encoded: RunEncoder().encode(StoredRun(result)))
    }

    /// Starts a thread that waits for room below `limit`; its semaphore is signalled when it may go on.
    static func waiter(_ queue: ResultQueue, below limit: Int, unless flag: CancellationFlag) -> DispatchSemaphore {
        let released = DispatchSemaphore(value: 0)
        Thread { queue.waitForRoom(below: limit, unless: flag); released.signal() }.start()
        return released
    }

    @Test("a worker waiting for room goes on once the writer has taken enough results")
    func roomAfterTaking() throws {
        let queue = ResultQueue(capacity: 8)
        let run = try Self.finishedRun()
        for _ in 0..<4 { queue.push(run) }
        let released = Self.waiter(queue, below: 2, unless: CancellationFlag())
        #expect(released.wait(timeout: .now() + 0.3) == .timedOut, "4 results queued, room below 2 wanted")
        for _ in 0..<2 { _ = queue.pop(until: Date().addingTimeInterval(1)) }
        #expect(released.wait(timeout: .now() + 0.3) == .timedOut, "2 results queued")
        _ = queue.pop(until: Date().addingTimeInterval(1))
        #expect(released.wait(timeout: .now() + 10) == .success, "1 result queued")
    }

    @Test("a cancelled worker stops waiting at the writer's next take, however full the queue")
    func cancelledStopsWaiting() throws {
        let queue = ResultQueue(capacity: 8)
        let run = try Self.finishedRun()
        for _ in 0..<6 { queue.push(run) }
        let flag = CancellationFlag()
        let released = Self.waiter(queue, below: 2, unless: flag)
        #expect(released.wait(timeout: .now() + 0.3) == .timedOut)
        flag.cancel()
        _ = queue.pop(until: Date().addingTimeInterval(1))  // 5 still queued
        #expect(released.wait(timeout: .now() + 10) == .success)
    }

    @Test("no wait when there is room")
    func noWait() throws {
        let queue = ResultQueue(capacity: 8)
        queue.push(try Self.finishedRun())
        #expect(Self.waiter(queue, below: 2, unless: CancellationFlag()).wait(timeout: .now() + 10) == .success)
    }
}
