import Yams

/// A YAML value with its position in the file: the parsed form of a suite before it is
/// checked key by key. Mappings keep their order; duplicate keys are refused here.
indirect enum SuiteNode: Sendable {
    case scalar(String, tag: ScalarTag, at: Position)
    case list([SuiteNode], at: Position)
    case map([(key: String, keyPosition: Position, value: SuiteNode)], at: Position)

    /// How a scalar was written: plain scalars are typed by their text, quoted ones are text.
    enum ScalarTag: Sendable { case plain, quoted }

    /// A 1-based line and column.
    struct Position: Sendable, Hashable {
        var line: Int
        var column: Int
    }

    var position: Position {
        switch self {
        case .scalar(_, _, let at), .list(_, let at), .map(_, let at): at
        }
    }

    /// What kind of value this is, for messages ("a list", "a mapping", "'abc'").
    var kindDescription: String {
        switch self {
        case .scalar(let text, _, _): "'\(text)'"
        case .list: "a list"
        case .map: "a mapping"
        }
    }

    /// The most nodes a suite may have after alias expansion: far beyond any real suite, and
    /// small enough that an alias bomb ("billion laughs") is refused at once.
    static let maximumNodeCount = 200_000
    /// The deepest nesting a suite may have.
    static let maximumDepth = 64

    /// Parses YAML text into nodes.
    /// - Throws: ``InputError`` with the file, line and column of the problem.
    static func parse(_ text: String, file: String) throws(InputError) -> SuiteNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping(let keys, let context) = error, let key = keys.first,
               let line = secondOccurrence(of: key, column: context.mark.column, in: text) {
                throw InputError(file: file, line: line, column: context.mark.column, message: "malformed YAML: duplicate key '\(key)'")
            }
            throw InputError(file: file, line: error.line, column: error.column, message: "malformed YAML: \(error.summary)")
        } catch {
            throw InputError(file: file, message: "malformed YAML: \(error)")
        }
        guard let root else { throw InputError(file: file, message: "the suite is empty; expected a mapping with name, problems and optimizers") }
        var budget = maximumNodeCount
        return try convert(root, file: file, depth: 0, budget: &budget)
    }

    /// The line of the second `key:` that starts at `column` (Yams reports the first).
    private static func secondOccurrence(of key: String, column: Int, in text: String) -> Int? {
        var seen = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let body = line.dropFirst(Swift.max(column - 1, 0))
            guard line.prefix(Swift.max(column - 1, 0)).allSatisfy({ $0 == " " || $0 == "-" }),
                  body.hasPrefix(key + ":") else { continue }
            seen += 1
            if seen == 2 { return number + 1 }
        }
        return nil
    }

    private static func convert(_ node: Node, file: String, depth: Int, budget: inout Int) throws(InputError) -> SuiteNode {
        let position = Position(line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        budget -= 1
        guard budget >= 0 else {
            throw InputError(file: file, line: position.line, column: position.column,
                             message: "the suite has more than \(maximumNodeCount) values (an alias bomb?); refusing to expand it")
        }
        guard depth <= maximumDepth else {
            throw InputError(file: file, line: position.line, column: position.column, message: "nesting deeper than \(maximumDepth) levels")
        }
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, tag: scalar.style == .plain ? .plain : .quoted, at: position)
        case .sequence(let sequence):
            var items: [SuiteNode] = []
            for item in sequence { items.append(try convert(item, file: file, depth: depth + 1, budget: &budget)) }
            return .list(items, at: position)
        case .mapping(let mapping):
            var pairs: [(key: String, keyPosition: Position, value: SuiteNode)] = []
            // A set, not a search of `pairs`: a mapping may have 10⁵ keys within the size limit.
            var seen: [String: Position] = [:]
            for (key, value) in mapping {
                let keyPosition = Position(line: key.mark?.line ?? 0, column: key.mark?.column ?? 0)
                guard case .scalar(let keyScalar) = key else {
                    throw InputError(file: file, line: keyPosition.line, column: keyPosition.column, message: "mapping keys must be plain names")
                }
                if let first = seen.updateValue(keyPosition, forKey: keyScalar.string) {
                    throw InputError(file: file, line: keyPosition.line, column: keyPosition.column,
                                     message: "duplicate key '\(keyScalar.string)' (first at line \(first.line))")
                }
                pairs.append((keyScalar.string, keyPosition, try convert(value, file: file, depth: depth + 1, budget: &budget)))
            }
            return .map(pairs, at: position)
        case .alias:
            throw InputError(file: file, line: position.line, column: position.column, message: "unresolved YAML alias")
        }
    }
}

extension YamlError {
    /// The line and column libyaml reported, when it did.
    var line: Int? { mark?.line }
    var column: Int? { mark?.column }

    var mark: Mark? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark
        case .duplicatedKeysInMapping(_, let context): context.mark
        default: nil
        }
    }

    /// The problem without libyaml's multi-line context.
    var summary: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _):
            "duplicate key " + duplicates.map { "'\($0)'" }.joined(separator: ", ")
        default: "\(self)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(self)"
        }
    }
}
