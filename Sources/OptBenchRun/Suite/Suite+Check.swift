import OptBench

/// The suite's `check:` section: the tolerances `optbench baseline` records for `optbench check`.
///
/// ```yaml
/// check:
///   mad_multiplier: 3        # band of k median absolute deviations across seeds
///   relative: 0.05           # floor relative to the baseline value
///   absolute: 1.0e-8         # floor in the metric's unit
///   overrides:               # per problem and/or optimizer, applied in order
///     - {problem: mlp, relative: 0.2}
///     - {problem: rosenbrock, optimizer: adam, mad_multiplier: 5}
/// ```
///
/// Every key is optional; what is not given keeps ``Tolerance/standard``. A rule's `problem` and
/// `optimizer` name a problem or optimizer of this suite, by catalog name or by instance id.
extension Suite {
    static let checkKeys = ToleranceRule.settingKeys + ["overrides"]
    static let checkOverrideKeys = ["problem", "optimizer"] + ToleranceRule.settingKeys

    /// The rules of the `check:` section at `node` (none without one): first the section's own
    /// values (matching every entry), then its overrides in order.
    static func readCheck(_ node: SuiteNode?, problems: [ProblemEntry], optimizers: [OptimizerEntry], reader: SuiteReader) throws(InputError) -> [ToleranceRule] {
        guard let node else { return [] }
        let pairs = try reader.mapping(node, "check")
        try reader.checkKeys(pairs, allowed: checkKeys, "check")
        var global = ToleranceRule()
        var rules: [ToleranceRule] = []
        for pair in pairs where pair.key != "overrides" {
            try readSetting(pair.key, pair.value, path: "check." + pair.key, into: &global, reader: reader)
        }
        if !global.isEmpty { rules.append(global) }
        guard let overridesNode = pairs.first(where: { $0.key == "overrides" })?.value else { return rules }
        for (index, item) in try reader.list(overridesNode, "check.overrides").enumerated() {
            let path = "check.overrides[\(index)]"
            let itemPairs = try reader.mapping(item, path)
            try reader.checkKeys(itemPairs, allowed: checkOverrideKeys, path)
            var rule = ToleranceRule()
            for pair in itemPairs {
                let keyPath = path + "." + pair.key
                switch pair.key {
                case "problem":
                    rule.problem = try readName(pair.value, path: keyPath, kind: "problem", names: problems.map(\.name), reader: reader)
                case "optimizer":
                    rule.optimizer = try readName(pair.value, path: keyPath, kind: "optimizer", names: optimizers.map(\.name), reader: reader)
                default:
                    try readSetting(pair.key, pair.value, path: keyPath, into: &rule, reader: reader)
                }
            }
            guard rule.problem != nil || rule.optimizer != nil else {
                throw reader.error(item, path, "an override needs a problem, an optimizer or both; for every entry set the value under check: itself")
            }
            guard !rule.isEmpty else {
                throw reader.error(item, path, "the override sets no tolerance; expected one of \(ToleranceRule.settingKeys.joined(separator: ", "))")
            }
            rules.append(rule)
        }
        return rules
    }

    private static func readSetting(_ key: String, _ node: SuiteNode, path: String, into rule: inout ToleranceRule, reader: SuiteReader) throws(InputError) {
        let value = try reader.real(node, path, range: .nonNegative)
        switch key {
        case "mad_multiplier": rule.madMultiplier = value
        case "relative": rule.relative = value
        default: rule.absolute = value
        }
    }

    /// A catalog name used in the suite (`adam`) or an instance of one (`adam(lr=0.01)`).
    private static func readName(_ node: SuiteNode, path: String, kind: String, names: [String], reader: SuiteReader) throws(InputError) -> String {
        let text = try reader.text(node, path)
        let catalogName = String(text.prefix { $0 != "(" })
        var used: [String] = []
        for name in names where !used.contains(name) { used.append(name) }
        guard used.contains(catalogName), text == catalogName || text.hasSuffix(")") else {
            throw reader.error(node, path, "'\(text)' is no \(kind) of this suite; expected one of \(used.joined(separator: ", ")) or an instance id such as '\(used[0])(…)'"
                + NearestName.suggestion(for: catalogName, among: used))
        }
        return text
    }
}
