import Foundation

/// What the child of a ``ResultsFileProbe`` tells its parent, one line each on stdout:
/// `passed N` once file N (0-based, in the order given) was read whole, or `failed JSON` with
/// the ``InputError`` that stopped it (the child then exits with status 2).
enum ProbeMessage: Hashable, Sendable {
    case passed(Int)
    case failed(InputError)

    private static let passedPrefix = "passed "
    private static let failedPrefix = "failed "

    /// The line, without its line feed.
    var line: String {
        switch self {
        case .passed(let index):
            return Self.passedPrefix + String(index)
        case .failed(let error):
            // An InputError holds strings and integers only: encoding cannot fail.
            let json = (try? JSONEncoder().encode(error)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return Self.failedPrefix + json
        }
    }

    /// The message of a line the child wrote, or nil for anything else.
    init?(line: String) {
        if line.hasPrefix(Self.passedPrefix), let index = Int(line.dropFirst(Self.passedPrefix.count)) {
            self = .passed(index)
        } else if line.hasPrefix(Self.failedPrefix),
                  let error = try? JSONDecoder().decode(InputError.self, from: Data(line.dropFirst(Self.failedPrefix.count).utf8)) {
            self = .failed(error)
        } else {
            return nil
        }
    }
}
