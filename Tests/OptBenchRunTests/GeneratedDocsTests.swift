import Foundation
import OptBenchRun
import Testing

@Suite("Docs generated from the spec tables stay in sync")
struct GeneratedDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("docs/optimizers.md equals `optbench list optimizers --markdown`")
    func optimizersDoc() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/optimizers.md"), encoding: .utf8)
        #expect(committed == CatalogListing.optimizersMarkdown,
                "regenerate with: swift run optbench list optimizers --markdown > docs/optimizers.md")
    }

    @Test("the listing shows every optimizer with PyTorch's defaults")
    func listingShowsDefaults() {
        let blocks = CatalogListing.text(for: .optimizers).components(separatedBy: "\n\n")
        func row(_ optimizer: String, _ key: String) -> [Substring]? {
            guard let block = blocks.first(where: { $0.hasPrefix("\(optimizer) — ") }) else { return nil }
            return block.split(separator: "\n").dropFirst().map { $0.split(separator: " ") }.first { $0.first.map(String.init) == key }
        }
        // (optimizer, key, torch.optim's default as printed)
        let expected: [(String, String, String)] = [
            ("sgd", "lr", "0.001"), ("momentum", "momentum", "0.9"), ("nesterov", "nesterov", "true"),
            ("adagrad", "lr", "0.01"), ("adagrad", "eps", "1e-10"), ("rmsprop", "alpha", "0.99"),
            ("adam", "beta2", "0.999"), ("amsgrad", "amsgrad", "true"), ("adamw", "weight_decay", "0.01"),
            ("adamax", "lr", "0.002"), ("nadam", "momentum_decay", "0.004"), ("radam", "eps", "1e-08"),
            ("adadelta", "lr", "1.0"), ("adadelta", "eps", "1e-06"), ("lion", "beta2", "0.99"),
        ]
        for (optimizer, key, value) in expected {
            #expect(row(optimizer, key)?.dropFirst().first.map(String.init) == value, "\(optimizer).\(key)")
        }
    }
}
