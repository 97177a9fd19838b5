import OptBench

/// Reads typed values out of ``SuiteNode``s, turning every mismatch into an ``InputError``
/// that names the file, the position, the key path and what was expected.
struct SuiteReader {
    let file: String

    func error(_ node: SuiteNode, _ path: String, _ message: String) -> InputError {
        InputError(file: file, line: node.position.line, column: node.position.column, keyPath: path, message: message)
    }

    func error(at position: SuiteNode.Position, _ path: String, _ message: String) -> InputError {
        InputError(file: file, line: position.line, column: position.column, keyPath: path, message: message)
    }

    typealias Pairs = [(key: String, keyPosition: SuiteNode.Position, value: SuiteNode)]

    func mapping(_ node: SuiteNode, _ path: String) throws(InputError) -> Pairs {
        guard case .map(let pairs, _) = node else { throw error(node, path, "expected a mapping, got \(node.kindDescription)") }
        return pairs
    }

    func list(_ node: SuiteNode, _ path: String) throws(InputError) -> [SuiteNode] {
        guard case .list(let items, _) = node else { throw error(node, path, "expected a list, got \(node.kindDescription)") }
        return items
    }

    /// Refuses any key not in `allowed`, suggesting the nearest allowed one.
    func checkKeys(_ pairs: Pairs, allowed: [String], _ path: String) throws(InputError) {
        for pair in pairs where !allowed.contains(pair.key) {
            throw error(at: pair.keyPosition, join(path, pair.key),
                        "unknown key '\(pair.key)'; expected one of \(allowed.joined(separator: ", "))"
                            + NearestName.suggestion(for: pair.key, among: allowed))
        }
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func text(_ node: SuiteNode, _ path: String) throws(InputError) -> String {
        guard case .scalar(let text, _, _) = node else { throw error(node, path, "expected text, got \(node.kindDescription)") }
        return text
    }

    func integer(_ node: SuiteNode, _ path: String, minimum: Int, maximum: Int = Int.max) throws(InputError) -> Int {
        guard let value = value(of: node).integerValue, case .scalar = node, value >= minimum, value <= maximum else {
            let range = maximum == Int.max ? "≥ \(minimum)" : "from \(minimum) to \(maximum)"
            throw error(node, path, "expected an integer \(range), got \(node.kindDescription)")
        }
        return value
    }

    func real(_ node: SuiteNode, _ path: String, range: ValidRange) throws(InputError) -> Double {
        let expected = range.lower == -.infinity ? "a finite number" : "a finite number \(range)"
        guard case .scalar = node, let value = value(of: node).realValue, value.isFinite, range.contains(value) else {
            throw error(node, path, "expected \(expected), got \(node.kindDescription)")
        }
        return value
    }

    /// A configuration value typed by how it was written: plain `3` is an integer, `0.1` or
    /// `1e-3` a real, `true`/`false` a flag, quoted text stays text; lists become lists.
    func value(of node: SuiteNode) -> ConfigValue {
        switch node {
        case .scalar(let text, let tag, _):
            guard tag == .plain else { return .text(text) }
            return Self.typedScalar(text)
        case .list(let items, _):
            return .list(items.map(value(of:)))
        case .map(let pairs, _):
            return .text("{" + pairs.map { "\($0.key): \(value(of: $0.value).canonicalText)" }.joined(separator: ", ") + "}")
        }
    }

    static func typedScalar(_ text: String) -> ConfigValue {
        switch text {
        case "true", "True", "TRUE": return .flag(true)
        case "false", "False", "FALSE": return .flag(false)
        case ".inf", ".Inf", ".INF", "+.inf": return .real(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .real(-.infinity)
        case ".nan", ".NaN", ".NAN": return .real(.nan)
        default: break
        }
        let digitsOnly = text.drop { $0 == "-" || $0 == "+" }
        if !digitsOnly.isEmpty, digitsOnly.allSatisfy(\.isASCII), digitsOnly.allSatisfy(\.isNumber), let integer = Int(text) {
            return .integer(integer)
        }
        if let real = Double(text), text.allSatisfy({ $0.isASCII }), !text.lowercased().contains("n") {
            return .real(real)
        }
        return .text(text)
    }
}
