import Foundation

/// Turns SIGINT and SIGTERM into a ``CancellationFlag``: the first signal asks runs in flight
/// to stop at their next step, so they are recorded as interrupted and the results file is
/// completed; a second one exits at once (parts written so far stay for `--resume`).
public final class SignalWatcher {
    private var sources: [DispatchSourceSignal] = []
    public let cancellation = CancellationFlag()

    public init(message: @escaping @Sendable () -> String) {
        let flag = cancellation
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if flag.isCancelled {
                    FileHandle.standardError.write(Data("\noptbench: stopped\n".utf8))
                    _exit(130)  // no atexit handlers: libhdf5's teardown must not run mid-write
                }
                flag.cancel()
                FileHandle.standardError.write(Data(("\n" + message() + "\n").utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
