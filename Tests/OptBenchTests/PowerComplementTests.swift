import Foundation
@testable import OptBench
import Testing

@Suite("Bias corrections: 1 − βᵗ without pow once it rounds to 1")
struct PowerComplementTests {
    @Test("equals 1 − pow(β, t) bit for bit at every step, before and after it saturates", arguments: [0, 0.5, 0.9, 0.99, 0.999, 0.9999])
    func equalsPowAtEveryStep(_ beta: Double) {
        var complement = PowerComplement(base: beta)
        var mismatches = 0
        var firstOne: Int?
        for t in 1...400_000 {
            let expected = 1 - Foundation.pow(beta, Double(t))
            if complement.value(atStep: t).bitPattern != expected.bitPattern { mismatches += 1 }
            if expected == 1, firstOne == nil { firstOne = t }
        }
        #expect(mismatches == 0)
        // Every β here saturates within the range, so the shortcut was taken and checked.
        #expect(firstOne != nil, "β = \(beta) never reached 1 within 400 000 steps")
    }
}
