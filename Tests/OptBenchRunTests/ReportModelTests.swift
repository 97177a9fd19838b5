import Foundation
@testable import OptBenchRun
import Testing

@Suite("The comparison model on hand-made results")
struct ReportModelTests {
    @Test("the best configuration is chosen by median final loss, and ranks follow it")
    func bestConfiguration() throws {
        let model = try ReportFixtures.model(ReportFixtures.standard)
        #expect(model.problems.count == 1)
        let p = model.problems[0]
        #expect(p.results.map(\.optimizer) == ["adam", "sgd"])
        #expect(p.results.map(\.rank) == [1, 2])
        #expect(p.results[0].configuration == "adam(lr=0.1)")
        #expect(p.results[1].configuration == "sgd(lr=0.01)")
        // Seeds start at 1.0, 1.1, 1.2 and halve 40 times: the median final loss is 1.1·0.5⁴⁰.
        let expected = 1.1 * pow(0.5, 40)
        #expect(abs(p.results[0].finalLoss.median - expected) / expected < 1e-12)
        #expect(abs(p.results[0].finalLoss.lower - 1.05 * pow(0.5, 40)) / expected < 1e-12)
        #expect(p.results[0].bestLossConfiguration == "adam(lr=0.1)")
        #expect(p.results[0].configurations == 2)
        #expect(model.optimizers == ["adam", "sgd"])
    }

    @Test("steps to target are reported censored for the best configuration")
    func stepsToTarget() throws {
        let p = try ReportFixtures.model(ReportFixtures.standard).problems[0]
        // adam(lr=0.1): s·0.5^k ≤ 1e-3 first at k = 10 for s = 1.0 (0.5¹⁰ = 9.77e-4) and at
        // k = 11 for s = 1.1 and 1.2 (1.1·0.5¹⁰ = 1.07e-3): steps [10, 11, 11], median 11.
        let adam = p.results[0].stepsToTarget
        #expect(adam.reached == 3 && adam.runs == 3)
        #expect(adam.median == 11)
        #expect(adam.text == "3 of 3 reached; median 11")
        // sgd(lr=0.01): even seed 0 ends at 0.85⁴⁰ = 1.5e-3 > 1e-3: none reach.
        #expect(p.results[1].stepsToTarget.text == "0 of 3 reached")
    }

    @Test("diverged runs count as +∞, are listed, and never get values made up")
    func divergedRuns() throws {
        var runs = ReportFixtures.standard
        // Make two of adam(lr=0.1)'s three seeds diverge at step 5.
        for i in [3, 4] {
            let s = runs[i].summary
            runs[i] = ReportFixtures.run(index: s.index, optimizer: "adam", lr: 0.1, seed: s.seed,
                                         losses: [1, 0.5, 0.3, 10, 1e3, .nan], status: .diverged, budget: 40)
        }
        let model = try ReportFixtures.model(runs)
        let p = model.problems[0]
        // adam's best configuration is now lr=0.01 (median finite); lr=0.1 has median +∞.
        let adam = p.results.first { $0.optimizer == "adam" }!
        #expect(adam.configuration == "adam(lr=0.01)")
        #expect(adam.allStatuses.diverged == 2)
        let point = p.sensitivity.first { $0.optimizer == "adam" }!.points.first { $0.learningRate == 0.1 }!
        #expect(point.finalLoss.median == .infinity && point.notCompleted == 2)
        #expect(model.unfinished.map(\.index) == [3, 4])
        #expect(model.unfinished.allSatisfy { $0.status == .diverged })
        #expect(model.statuses.diverged == 2 && model.statuses.completed == 10)
    }

    @Test("the loss curve's median is +∞ once most seeds have diverged")
    func curvesAfterDivergence() throws {
        let runs = [
            ReportFixtures.run(index: 0, optimizer: "sgd", lr: 1, seed: 0, losses: [4, 3, 2, 1, 0.5], budget: 4),
            ReportFixtures.run(index: 1, optimizer: "sgd", lr: 1, seed: 1, losses: [4, 3, .infinity], status: .diverged, budget: 4),
            ReportFixtures.run(index: 2, optimizer: "sgd", lr: 1, seed: 2, losses: [4, 3, 2, .nan], status: .diverged, budget: 4),
        ]
        let curve = try ReportFixtures.model(runs).problems[0].lossCurves[0]
        #expect(curve.x == [0, 1, 2, 3, 4])
        // Step 2: values 2, +∞ (non-finite loss), 2 → median 2. Step 3: 1, +∞ (stopped
        // diverged), +∞ (NaN loss) → +∞.
        #expect(curve.median == [4, 3, 2, .infinity, .infinity])
        #expect(curve.lower[3] == .infinity && curve.lower[2] == 2)
    }

    @Test("interrupted runs stop contributing where they stopped")
    func interruptedCurves() throws {
        let runs = [
            ReportFixtures.run(index: 0, optimizer: "sgd", lr: 1, seed: 0, losses: [4, 3, 2, 1], budget: 3),
            ReportFixtures.run(index: 1, optimizer: "sgd", lr: 1, seed: 1, losses: [6, 5], status: .interrupted, budget: 3),
        ]
        let model = try ReportFixtures.model(runs)
        let curve = model.problems[0].lossCurves[0]
        #expect(curve.median == [5, 4, 2, 1])
        #expect(model.problems[0].results[0].finalLoss.median == .infinity)  // one of two did not complete
        #expect(model.unfinished.first?.status == .interrupted)
    }

    @Test("the significance test compares the top two optimizers' best configurations")
    func significance() throws {
        let test = try #require(try ReportFixtures.model(ReportFixtures.standard).problems[0].significance)
        #expect(test.first == "adam" && test.second == "sgd")
        #expect(test.firstSeeds == 3 && test.secondSeeds == 3)
        // Every adam loss is below every sgd loss: U = 0 and exact p = 2/C(6,3) = 0.1.
        #expect(test.statistic == 0 && test.method == "exact")
        #expect(abs(test.pValue - 0.1) < 1e-12)
        #expect(abs(test.smallestPossibleP - 0.1) < 1e-12)
    }

    @Test("the ranking and profiles across problems combine the per-problem ranks")
    func acrossProblems() throws {
        var runs = ReportFixtures.standard
        // A second problem where sgd wins.
        var index = runs.count
        for (optimizer, lr, factor) in [("adam", 0.1, 0.9), ("sgd", 0.01, 0.6)] {
            for seed in 0..<3 {
                runs.append(ReportFixtures.run(index: index, problemArguments: "dim=3", problemConfig: "{\"name\":\"rosenbrock\",\"dim\":3}",
                                               optimizer: optimizer, lr: lr, seed: UInt64(seed), losses: ReportFixtures.geometric(1, factor, 40)))
                index += 1
            }
        }
        let model = try ReportFixtures.model(runs)
        #expect(model.problems.count == 2)
        #expect(model.ranking.map(\.meanRank) == [1.5, 1.5])
        #expect(model.ranking.allSatisfy { $0.wins == 1 })
        #expect(model.performanceProfile.entries.allSatisfy { entry in model.performanceProfile.fraction(entry, atMost: 1) == 0.5 })
        #expect(model.targetECDF.entries.first { $0.optimizer == "adam" }!.runs == 6)
    }

    @Test("a 2-D analytic problem gets a contour of the function and the median seed's path")
    func contour() throws {
        // Rosenbrock at (1, 1) is 0, at (−1.2, 1) it is 24.2.
        let path = [-1.2, 1.0, 0.0, 0.0, 1.0, 1.0]
        let runs = (0..<3).map { seed in
            ReportFixtures.run(index: seed, optimizer: "adam", lr: 0.1, seed: UInt64(seed), losses: [24.2, 1, Double(seed) * 1e-3], parameters: path)
        }
        let contour = try #require(try ReportFixtures.model(runs).problems[0].contour)
        #expect(contour.paths.count == 1 && contour.paths[0].seed == 1)  // median final loss is seed 1's
        #expect(contour.paths[0].x == [-1.2, 0, 1] && contour.paths[0].y == [1, 0, 1])
        #expect(contour.xs.first! < -1.2 && contour.xs.last! > 1 && contour.ys.first! < 0 && contour.ys.last! > 1)
        // The grid holds the real function: check one node against f(x, y) = (1−x)² + 100(y−x²)².
        let i = 5, j = 7
        let x = contour.xs[i], y = contour.ys[j]
        let f = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        #expect(abs(contour.values[j * contour.xs.count + i] - f) < 1e-9 * Swift.max(1, f))
        #expect(!contour.levels.isEmpty && contour.levels == contour.levels.sorted())
    }
}

@Suite("The comparison model on hand-made network runs")
struct ReportNetworkModelTests {
    /// An mlp run with evaluations at steps 0, 10, 20 and two layers' gradient norms.
    static func networkRun(index: Int, optimizer: String, seed: UInt64, trainLosses: [Double], minibatchFinal: Double) -> StoredRun {
        var run = ReportFixtures.run(index: index, problem: "mlp", problemArguments: "dataset=moons", problemConfig: "{\"name\":\"mlp\",\"dataset\":\"moons\"}",
                                     optimizer: optimizer, lr: 0.01, seed: seed,
                                     losses: (0...20).map { $0 == 20 ? minibatchFinal : 1 / Double($0 + 1) }, target: nil)
        run.trajectory.evaluations = trainLosses.enumerated().map { k, loss in
            (Int64(10 * k), EvaluationRecord(trainLoss: loss, trainAccuracy: 1 - loss, testLoss: loss * 1.5, testAccuracy: 0.9 - loss))
        }
        run.trajectory.layerNames = ["dense1", "dense2"]
        // Layer 1's norm is a tenth of layer 2's at every row.
        run.trajectory.layerGradNorm = (0...20).flatMap { _ in [0.01, 0.1] }
        return run
    }

    @Test("network problems rank by the last full-training-set evaluation, not the noisy minibatch loss")
    func evaluatedLoss() throws {
        let runs = [
            // adam's minibatch loss at the end is lower, but its training-set loss is higher.
            Self.networkRun(index: 0, optimizer: "adam", seed: 0, trainLosses: [1, 0.5, 0.30], minibatchFinal: 0.01),
            Self.networkRun(index: 1, optimizer: "adam", seed: 1, trainLosses: [1, 0.5, 0.32], minibatchFinal: 0.01),
            Self.networkRun(index: 2, optimizer: "sgd", seed: 0, trainLosses: [1, 0.4, 0.20], minibatchFinal: 0.5),
            Self.networkRun(index: 3, optimizer: "sgd", seed: 1, trainLosses: [1, 0.4, 0.22], minibatchFinal: 0.5),
        ]
        let p = try ReportFixtures.model(runs).problems[0]
        #expect(p.family == "network")
        #expect(p.results.map(\.optimizer) == ["sgd", "adam"])
        #expect(abs(p.results[0].finalLoss.median - 0.21) < 1e-12)
        #expect(p.lossMeasure.contains("full training set"))
        let training = try #require(p.training)
        let sgd = try #require(training.trainLoss.first { $0.optimizer == "sgd" })
        #expect(sgd.x == [0, 10, 20])
        #expect(zip(sgd.median, [1, 0.4, 0.21]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(training.testAccuracy.count == 2)
        #expect(training.layerNames == ["dense1", "dense2"])
        let norms = training.layerGradientNorms.filter { $0.optimizer == "adam" }
        #expect(norms.map(\.label) == ["dense1", "dense2"])
        #expect(norms[0].median.allSatisfy { $0 == 0.01 } && norms[1].median.allSatisfy { $0 == 0.1 })
    }

    @Test("a network report renders its training figures")
    func rendersTraining() throws {
        let runs = (0..<2).map { Self.networkRun(index: $0, optimizer: "adam", seed: UInt64($0), trainLosses: [1, 0.5, 0.3], minibatchFinal: 0.2) }
        let html = HTMLReport().render(try ReportFixtures.model(runs))
        #expect(html.contains("Train accuracy") && html.contains("Gradient norm per layer"))
        ReportRenderingTests.checkHTML(html)
    }
}
