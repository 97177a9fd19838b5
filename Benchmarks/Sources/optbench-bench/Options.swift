import Foundation

/// The command line of `optbench-bench`: benchmark names, then options.
///
/// ```
/// optbench-bench step --optimizers adam,momentum --sizes 100000,10000000 --precisions float32 --json
/// ```
struct BenchmarkOptions {
    var names: [String] = []
    /// Print one JSON object per measurement (the format `scripts/compare-peers` reads)
    /// instead of the human-readable lines.
    var json = false
    var optimizers: [String]?
    var sizes: [Int]?
    var precisions: [String]?
    var repeats: Int?

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(for option: String) throws -> String {
            guard let value = rest.popFirst() else { throw BenchmarkError("\(option) needs a value") }
            return value
        }
        func list(for option: String) throws -> [String] {
            try value(for: option).split(separator: ",").map(String.init)
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--json": json = true
            case "--optimizers": optimizers = try list(for: argument)
            case "--sizes":
                sizes = try list(for: argument).map {
                    guard let size = Double($0).flatMap({ Int(exactly: $0) }), size > 0 else {
                        throw BenchmarkError("--sizes: expected positive integers such as 1e6, got '\($0)'")
                    }
                    return size
                }
            case "--precisions":
                precisions = try list(for: argument)
                for precision in precisions! where !["float32", "float64"].contains(precision) {
                    throw BenchmarkError("--precisions: expected float32 or float64, got '\(precision)'")
                }
            case "--repeats":
                guard let count = Int(try value(for: argument)), count > 0 else { throw BenchmarkError("--repeats: expected a positive integer") }
                repeats = count
            case let option where option.hasPrefix("-"):
                throw BenchmarkError("unknown option '\(option)'")
            default:
                names.append(argument)
            }
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One measurement as a JSON object on its own line: `workload` and `impl` first, then the
/// workload's fields (see `docs/performance.md`).
struct Measurement {
    var fields: [(String, Any)]

    init(workload: String, _ fields: KeyValuePairs<String, Any>) {
        self.fields = [("workload", workload), ("impl", "optbench")] + fields.map { ($0.key, $0.value) }
    }

    var jsonLine: String {
        "{" + fields.map { key, value in "\"\(key)\": \(Measurement.encode(value))" }.joined(separator: ", ") + "}"
    }

    static func encode(_ value: Any) -> String {
        switch value {
        case let text as String:
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        case let number as Int: return String(number)
        case let number as Double: return number.isFinite ? String(number) : "null"
        case let flag as Bool: return flag ? "true" : "false"
        default: return "\"\(value)\""
        }
    }
}
