/// Bad input from the user (a suite, a results file, a command-line value): printed as one
/// line, `FILE:LINE:COLUMN: KEY.PATH: what is wrong (did you mean …?)`, exit status 2.
public struct InputError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file the input came from, if any.
    public var file: String?
    /// 1-based line and column in `file`, when known.
    public var line: Int?
    public var column: Int?
    /// The key path inside the input (`optimizers[1].name`), when it applies.
    public var keyPath: String?
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, keyPath: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var location = file ?? ""
        if file != nil, let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let parts = [location.isEmpty ? nil : location, keyPath, message].compactMap { $0 }
        return parts.joined(separator: ": ").replacingNewlines()
    }
}

extension String {
    /// The text on one line: line breaks become spaces.
    func replacingNewlines() -> String {
        split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
