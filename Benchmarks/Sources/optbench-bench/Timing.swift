import Foundation

/// Wall-clock seconds of `body`, median of `repeats` runs after one warm-up.
func medianSeconds(repeats: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return times.sorted()[times.count / 2]
}

func format(_ value: Double, digits: Int = 3) -> String {
    String(format: "%.\(digits)g", value)
}
