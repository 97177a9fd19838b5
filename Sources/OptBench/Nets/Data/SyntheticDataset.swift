import RealModule

/// Datasets generated on the fly from a seed, for quick and controllable problems.
///
/// Every generator adds independent Gaussian noise N(0, noise²) to every feature coordinate
/// (for `teacher`, to the target instead) and draws everything from the generator it is
/// handed, so a given seed always gives the same data. Classes are balanced: example i
/// belongs to class `i mod K` (moons and circles: the first ⌊n/2⌋ are class 0).
///
/// ```
/// moons     2-D, 2 classes: (cos t, sin t) and (1 − cos t, 0.5 − sin t), t evenly in [0, π]
///           (scikit-learn's make_moons)
/// circles   2-D, 2 classes: (cos t, sin t) and 0.5·(cos t, sin t), t evenly in [0, 2π)
///           (make_circles with factor 0.5)
/// spirals   2-D, 2 classes: s evenly in [0, 1), r = s, θ = 3π·s + π·class, (r cos θ, r sin θ)
///           (two arms, 1.5 turns each)
/// xor       2-D, 2 classes: the corners (±1, ±1) in turn; class 1 where the signs differ
/// blobs     2-D, 3 classes: centres (cos 2πk/3, sin 2πk/3), k = class
/// teacher   10-D regression: x ~ N(0, I); y = teacher(x) + noise·ξ, with a fixed random
///           teacher MLP 10 → 16 (tanh) → 1, W ~ N(0, 1/fan_in), b ~ N(0, 0.01), drawn first
/// ```
public enum SyntheticDataset: String, Sendable, Hashable, CaseIterable {
    case moons
    case circles
    case spirals
    case xor
    case blobs
    case teacher

    /// One line for listings.
    public var summary: String {
        switch self {
        case .moons: "two interleaving half circles, 2-D, 2 classes"
        case .circles: "a circle inside another, 2-D, 2 classes"
        case .spirals: "two interleaved spiral arms, 2-D, 2 classes"
        case .xor: "four noisy corners labelled by XOR of the signs, 2-D, 2 classes"
        case .blobs: "three Gaussian clusters, 2-D, 3 classes"
        case .teacher: "teacher–student regression: a fixed random MLP labels Gaussian inputs, 10-D"
        }
    }

    /// The input width of a teacher–student dataset and its teacher's hidden width.
    public static let teacherInputs = 10, teacherHidden = 16

    /// `samples` examples with noise standard deviation `noise`, drawn from `rng`.
    public func generate(samples: Int, noise: Double, rng: inout SplitMix64) -> Dataset {
        precondition(samples >= 4, "a synthetic dataset needs at least 4 samples")
        var features: [Double] = []
        var labels: [Int32] = []
        features.reserveCapacity(2 * samples)
        labels.reserveCapacity(samples)
        func add(_ x: Double, _ y: Double, label: Int) {
            features.append(x + noise * rng.nextGaussian())
            features.append(y + noise * rng.nextGaussian())
            labels.append(Int32(label))
        }
        switch self {
        case .moons:
            let outer = samples / 2, inner = samples - outer
            for i in 0..<outer {
                let t = Double.pi * Double(i) / Double(outer - 1)
                add(Double.cos(t), Double.sin(t), label: 0)
            }
            for i in 0..<inner {
                let t = Double.pi * Double(i) / Double(inner - 1)
                add(1 - Double.cos(t), 0.5 - Double.sin(t), label: 1)
            }
        case .circles:
            let outer = samples / 2, inner = samples - outer
            for i in 0..<outer {
                let t = 2 * Double.pi * Double(i) / Double(outer)
                add(Double.cos(t), Double.sin(t), label: 0)
            }
            for i in 0..<inner {
                let t = 2 * Double.pi * Double(i) / Double(inner)
                add(0.5 * Double.cos(t), 0.5 * Double.sin(t), label: 1)
            }
        case .spirals:
            let perClass = (samples + 1) / 2
            for i in 0..<samples {
                let label = i % 2
                let s = Double(i / 2) / Double(perClass)
                let theta = 3 * Double.pi * s + Double.pi * Double(label)
                add(s * Double.cos(theta), s * Double.sin(theta), label: label)
            }
        case .xor:
            for i in 0..<samples {
                let x: Double = i % 2 == 0 ? 1 : -1
                let y: Double = (i / 2) % 2 == 0 ? 1 : -1
                add(x, y, label: x * y < 0 ? 1 : 0)
            }
        case .blobs:
            for i in 0..<samples {
                let k = i % 3
                let angle = 2 * Double.pi * Double(k) / 3
                add(Double.cos(angle), Double.sin(angle), label: k)
            }
        case .teacher:
            return teacherStudent(samples: samples, noise: noise, rng: &rng)
        }
        let classCount = self == .blobs ? 3 : 2
        return Dataset(
            name: rawValue, features: Matrix(rows: samples, columns: 2, elements: features),
            targets: .classes(labels: labels, count: classCount))
    }

    private func teacherStudent(samples: Int, noise: Double, rng: inout SplitMix64) -> Dataset {
        let d = Self.teacherInputs, h = Self.teacherHidden
        let w1 = (0..<(h * d)).map { _ in rng.nextGaussian() / Double(d).squareRoot() }
        let b1 = (0..<h).map { _ in 0.1 * rng.nextGaussian() }
        let w2 = (0..<h).map { _ in rng.nextGaussian() / Double(h).squareRoot() }
        let b2 = 0.1 * rng.nextGaussian()
        var features: [Double] = []
        var targets: [Double] = []
        features.reserveCapacity(samples * d)
        for _ in 0..<samples {
            let x = (0..<d).map { _ in rng.nextGaussian() }
            var y = b2
            for j in 0..<h {
                var a = b1[j]
                for i in 0..<d { a += w1[j * d + i] * x[i] }
                y += w2[j] * Double.tanh(a)
            }
            features.append(contentsOf: x)
            targets.append(y + noise * rng.nextGaussian())
        }
        return Dataset(
            name: rawValue, features: Matrix(rows: samples, columns: d, elements: features),
            targets: .values(Matrix(rows: samples, columns: 1, elements: targets)))
    }
}
