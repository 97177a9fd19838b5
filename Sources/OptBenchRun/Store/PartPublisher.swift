import Foundation

/// Makes closed part files durable and visible off the writer's thread: fsync of the file,
/// rename over the part's previous version, fsync of the directory, one closed part after
/// another in the order they were handed over (so a part's versions replace each other in
/// order). The writer goes on writing runs meanwhile: an fsync waits for the disk, tens of
/// milliseconds here and seconds on a slow or network disk, and with the writer waiting the
/// workers soon wait too.
///
/// A failure is kept and thrown by the next ``waitUntilPublished()``; the store waits for each
/// version before it hands over the next, so no later version appears after a failure.
final class PartPublisher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "optbench.part-publisher")
    private let lock = NSLock()
    private var failure: InputError?

    /// Publishes the closed file `temporary` as `destination` (after those handed over before).
    func publish(_ temporary: String, as destination: String) {
        queue.async {
            do throws(InputError) {
                try DurableFiles.sync(temporary)
                try DurableFiles.replace(destination, with: temporary)
            } catch {
                self.lock.withLock { self.failure = self.failure ?? error }
            }
        }
    }

    /// Waits until every part handed over is published; throws the first failure.
    func waitUntilPublished() throws(InputError) {
        queue.sync {}
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
