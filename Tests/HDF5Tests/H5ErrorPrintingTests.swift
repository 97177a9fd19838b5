import CHDF5
import Foundation
import HDF5
import Testing

/// libhdf5 prints its error stack to stderr on failure unless told not to, per thread. These
/// tests check that this module's failures stay silent on threads it has never seen.
@Suite("Silent errors on every thread")
struct H5ErrorPrintingTests {
    /// Runs `body` on a brand-new thread and waits for it.
    static func onFreshThread<R: Sendable>(_ body: @escaping @Sendable () -> R) -> R {
        let box = ResultBox<R>()
        let thread = Thread {
            box.value = body()
            box.done.signal()
        }
        thread.start()
        box.done.wait()
        return box.value!
    }

    /// Whether automatic error printing is on for the calling thread.
    static func autoPrintIsOn() -> Bool {
        var function: H5E_auto2_t?
        var data: UnsafeMutableRawPointer?
        _ = H5Eget_auto2(chdf5_e_default(), &function, &data)
        return function != nil
    }

    @Test("a fresh thread starts with libhdf5 printing on, and a failing call through this module turns it off")
    func freshThreadIsSilenced() {
        // Control: libhdf5's default on a new thread is to print (so the check below means something).
        #expect(Self.onFreshThread { Self.autoPrintIsOn() })
        let (message, printingAfter) = Self.onFreshThread { () -> (String, Bool) in
            let opened = try? H5File.open(at: "/nonexistent-dir-\(UUID().uuidString)/x.h5")
            return (opened == nil ? "" : "opened a missing file", Self.autoPrintIsOn())
        }
        #expect(message == "")
        #expect(!printingAfter)
    }

    @Test("failures on fresh threads and queues print nothing to stderr (checked in a child process)")
    func childProcessStderrIsClean() throws {
        let executable = try #require(Bundle.main.executablePath ?? CommandLine.arguments.first)
        let probe = "H5ErrorPrintingTests/stderrProbe"
        func run(_ mode: String) throws -> ProcessOutput {
            try runProcess(executable, ["--testing-library", "swift-testing", "--filter", probe],
                           environment: ["OPTBENCH_HDF5_STDERR_PROBE": mode])
        }
        let silent = try run("wrapper")
        #expect(silent.stdout.contains("probe ran") || silent.stderr.contains("probe ran"),
                "the probe did not run: \(silent.stdout) \(silent.stderr)")
        #expect(!silent.stderr.contains("HDF5-DIAG"), "\(silent.stderr)")
        #expect(!silent.stdout.contains("HDF5-DIAG"), "\(silent.stdout)")
        // Control: the same probe calling libhdf5 directly on a fresh thread does print.
        let noisy = try run("raw")
        #expect(noisy.stderr.contains("HDF5-DIAG"), "the control printed nothing: \(noisy.stderr)")
    }

    /// Run only as the child of `childProcessStderrIsClean`; a no-op otherwise.
    @Test("stderr probe (child process only)")
    func stderrProbe() throws {
        guard let mode = ProcessInfo.processInfo.environment["OPTBENCH_HDF5_STDERR_PROBE"] else { return }
        let missing = "/nonexistent-dir-\(UUID().uuidString)/x.h5"
        if mode == "raw" {
            Self.onFreshThread { _ = H5Fopen(missing, chdf5_f_acc_rdonly(), chdf5_p_default()) }
        } else {
            let directory = try TemporaryDirectory()
            let path = directory.path("probe.h5")
            _ = try H5File.create(at: path)
            // The test's own thread, a fresh Thread, and a dispatch queue.
            _ = try? H5File.open(at: missing)
            Self.onFreshThread {
                _ = try? H5File.open(at: missing)
                _ = try? H5File.create(at: path)
                _ = try? H5File.open(at: path).root.openDataset("none")
                _ = try? H5File.open(at: path).attributes.value("none")
            }
            let done = DispatchSemaphore(value: 0)
            DispatchQueue(label: "probe").async {
                _ = try? H5File.open(at: path).root.openGroup("a/b/c")
                done.signal()
            }
            done.wait()
        }
        FileHandle.standardOutput.write(Data("probe ran\n".utf8))
    }
}
