import Testing

@testable import BlueprintCoverage
import ItemResponseTheory
import TestSupport

@Suite struct ApportionmentTests {
  @Test func exactQuotasNeedNoRounding() {
    // 10 × 50/100 = 5, 10 × 30/100 = 3, 10 × 20/100 = 2.
    #expect(Apportionment.largestRemainder(total: 10, weights: [50, 30, 20]) == [5, 3, 2])
  }

  @Test func leftoverSeatsGoToLargestRemainders() {
    // 13 over 40/30/20/10: quotas 5.2, 3.9, 2.6, 1.3; floors 5+3+2+1 = 11; the 2 leftover items go
    // to the largest fractional parts .9 (second) and .6 (third): 5, 4, 3, 1.
    #expect(Apportionment.largestRemainder(total: 13, weights: [40, 30, 20, 10]) == [5, 4, 3, 1])
    // 11 over 40/30/20/10: quotas 4.4, 3.3, 2.2, 1.1; floors 10; the leftover goes to .4: 5, 3, 2, 1.
    #expect(Apportionment.largestRemainder(total: 11, weights: [40, 30, 20, 10]) == [5, 3, 2, 1])
  }

  @Test func tiesGoToTheEarlierShare() {
    // 7 over three equal weights: quotas 2⅓ each, floors 6, one leftover to the first.
    #expect(Apportionment.largestRemainder(total: 7, weights: [1, 1, 1]) == [3, 2, 2])
    // 11 over 40/40/20: quotas 4.4, 4.4, 2.2; the leftover goes to the first .4.
    #expect(Apportionment.largestRemainder(total: 11, weights: [40, 40, 20]) == [5, 4, 2])
  }

  @Test func alabamaParadoxIsAPropertyOfTheMethod() {
    // Weights 6, 6, 2 (sum 14). Total 10: quotas 4.286, 4.286, 1.429; floors 9; the leftover goes
    // to .429 → 4, 4, 2. Total 11: quotas 4.714, 4.714, 1.571; floors 9; two leftovers go to the
    // two .714 → 5, 5, 1. The third share loses an item when the total grows (Balinski & Young).
    #expect(Apportionment.largestRemainder(total: 10, weights: [6, 6, 2]) == [4, 4, 2])
    #expect(Apportionment.largestRemainder(total: 11, weights: [6, 6, 2]) == [5, 5, 1])
  }

  @Test func degenerateWeights() {
    #expect(Apportionment.largestRemainder(total: 10, weights: [0, 0]) == [0, 0])
    #expect(Apportionment.largestRemainder(total: 0, weights: [3, 1]) == [0, 0])
    #expect(Apportionment.largestRemainder(total: 5, weights: [-2, 1]) == [0, 5])
    #expect(Apportionment.largestRemainder(total: 5, weights: []) == [])
  }

  @Test func countsAlwaysAddUpAndStayNextToTheQuota() {
    for seed in UInt64(1)...200 {
      var generator = SplitMix64(seed: seed)
      let count = Int.random(in: 1...12, using: &generator)
      let weights = (0..<count).map { _ in Double(Int.random(in: 0...40, using: &generator)) / 2 }
      let total = Int.random(in: 0...300, using: &generator)
      let counts = Apportionment.largestRemainder(total: total, weights: weights)
      let quotas = Apportionment.quotas(total: total, weights: weights)
      let positive = weights.contains { $0 > 0 }
      #expect(counts.reduce(0, +) == (positive ? total : 0), "seed \(seed)")
      for (count, quota) in zip(counts, quotas) {
        // Hamilton's quota property: every count is the floor or the ceiling of its quota.
        #expect(
          Double(count) >= quota.rounded(.down) - 1e-9 && Double(count) <= quota.rounded(.up) + 1e-9, "seed \(seed)")
      }
    }
  }

  @Test func toleranceBandIsInclusiveAndConvertedToItems() {
    // 130 scored, weight 10% ± 2%: quota 13, tolerance 2.6 items → 10.4…15.6 → 11…15.
    let band = CountTarget.targets(total: 130, weights: [10, 90], toleranceItems: [2.6, 2.6])[0]
    #expect(band.target == 13)
    #expect(band.minimum == 11 && band.maximum == 15)
    #expect(band.allows(11) && band.allows(15) && !band.allows(10) && !band.allows(16))
    // A whole-number edge: quota 5, tolerance 1 → 4…6 inclusive.
    let edge = CountTarget(quota: 5, toleranceItems: 1, target: 5)
    #expect(edge.minimum == 4 && edge.maximum == 6)
  }

  @Test func floorAndCeilingOfTheQuotaAreAlwaysAllowed() {
    // Zero tolerance on quota 1.5: no whole number lies within 1.5 ± 0, so 1 and 2 are allowed.
    let half = CountTarget(quota: 1.5, toleranceItems: 0, target: 2)
    #expect(half.minimum == 1 && half.maximum == 2)
    // Quota 13.2 ± 0.5 contains only 13, but Hamilton may have to give 14: 13…14.
    let narrow = CountTarget(quota: 13.2, toleranceItems: 0.5, target: 13)
    #expect(narrow.minimum == 13 && narrow.maximum == 14)
    // Quota 0 ± 0.2: exactly 0.
    let none = CountTarget(quota: 0, toleranceItems: 0.2, target: 0)
    #expect(none.minimum == 0 && none.maximum == 0)
    // Quota 6.5 ± 1.3 → 5.2…7.8 → 6…7.
    let wide = CountTarget(quota: 6.5, toleranceItems: 1.3, target: 6)
    #expect(wide.minimum == 6 && wide.maximum == 7)
  }
}
