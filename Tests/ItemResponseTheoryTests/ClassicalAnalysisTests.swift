import Foundation
import Testing

@testable import ItemResponseTheory

/// The LSAT section 6 data (Bock & Lieberman 1970; `LSAT` in R's ltm, `LSAT6` in mirt): 1000
/// candidates, 5 items, as the 32 response patterns (item 1 is the high bit) and their counts.
enum LSAT6 {
  static let patternCounts = [
    3, 6, 2, 11, 1, 1, 3, 4, 1, 8, 0, 16, 0, 3, 2, 15,
    10, 29, 14, 81, 3, 28, 15, 80, 16, 56, 21, 173, 11, 61, 28, 298,
  ]

  static func pattern(_ index: Int) -> [UInt8] { (0..<5).map { UInt8((index >> (4 - $0)) & 1) } }

  /// One row per candidate, patterns in index order.
  static var rows: [[UInt8]] {
    patternCounts.enumerated().flatMap { index, count in Array(repeating: pattern(index), count: count) }
  }

  static var matrix: ResponseMatrix {
    let rows = rows
    return ResponseMatrix(
      candidateIDs: rows.indices.map { "c\($0)" }, itemIDs: (1...5).map { "Item\($0)" },
      scores: rows.map { $0.map(Optional.some) })
  }
}

/// Pearson correlation by the two-pass definition (the reference the analysis is checked against).
func pearson(_ x: [Double], _ y: [Double]) -> Double {
  let mx = x.reduce(0, +) / Double(x.count)
  let my = y.reduce(0, +) / Double(y.count)
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for (a, b) in zip(x, y) {
    sxy += (a - mx) * (b - my)
    sxx += (a - mx) * (a - mx)
    syy += (b - my) * (b - my)
  }
  return sxy / (sxx * syy).squareRoot()
}

/// Sample variance (n − 1) by the two-pass definition.
func sampleVariance(_ x: [Double]) -> Double {
  let mean = x.reduce(0, +) / Double(x.count)
  return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
}

@Suite struct ClassicalAnalysisTests {
  /// 4 candidates × 3 items worked by hand:
  /// scores 111, 110, 100, 000 → p = .75, .50, .25; s²ⱼ = .25, 1/3, .25; s²ₓ = 5/3;
  /// α = 3/2·(1 − (5/6)/(5/3)) = 0.75; item 1 rest scores 2,1,0,0 → r = √(.75/2.75);
  /// item 2 rest 2,1,1,0 → r = 1/√2; α without item 2 = 2·(1 − .5/(2/3)) = 0.5;
  /// SEM = √(5/3)·√.25.
  @Test func handComputedExample() {
    let matrix = ResponseMatrix(
      candidateIDs: ["c1", "c2", "c3", "c4"], itemIDs: ["I1", "I2", "I3"],
      scores: [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]])
    let report = ClassicalAnalysis.analyze(matrix)
    #expect(report.items.map(\.pValue) == [0.75, 0.5, 0.25])
    #expect(abs(report.test.alpha! - 0.75) < 1e-12)
    #expect(abs(report.items[0].correctedPointBiserial! - (0.75 / 2.75).squareRoot()) < 1e-12)
    #expect(abs(report.items[1].correctedPointBiserial! - 1 / 2.0.squareRoot()) < 1e-12)
    #expect(abs(report.items[1].alphaIfDeleted! - 0.5) < 1e-12)
    #expect(abs(report.test.sem! - (5.0 / 3).squareRoot() * 0.5) < 1e-12)
    #expect(abs(report.test.meanScore - 1.5) < 1e-12)
    #expect(report.test.completeCases == 4)
  }

  /// Letters for item 2 (key A, options A B C): c1 A, c2 A, c3 B, c4 C with rest scores 2,1,1,0:
  /// proportions .5/.25/.25; r(A) = 1/√2 (the corrected point-biserial), r(B) = 0,
  /// r(C) = −1/√1.5.
  @Test func distractorAnalysisByHand() throws {
    let keys = [
      "I1": ItemKey(key: "A", options: ["A", "B"]), "I2": ItemKey(key: "A", options: ["A", "B", "C"]),
      "I3": ItemKey(key: "A", options: ["A", "B"]),
    ]
    let text = "id,I1,I2,I3\nc1,1,A,1\nc2,1,A,0\nc3,1,B,0\nc4,0,C,0\n"
    let matrix = try ResponseReader.parse(text: text, keys: keys)
    let report = ClassicalAnalysis.analyze(matrix)
    let item = report.items[1]
    #expect(item.key == "A")
    #expect(item.options.map(\.id) == ["A", "B", "C"])
    #expect(item.options.map(\.proportion) == [0.5, 0.25, 0.25])
    #expect(abs(item.options[0].pointBiserial! - 1 / 2.0.squareRoot()) < 1e-12)
    #expect(abs(item.options[1].pointBiserial!) < 1e-12)
    #expect(abs(item.options[2].pointBiserial! + 1 / 1.5.squareRoot()) < 1e-12)
    #expect(!item.flags.contains(.distractorPositive))
    // Items 1 and 3 were given as 0/1: no options recorded, no distractor table.
    #expect(report.items[0].options.isEmpty)
  }

  @Test func flags() throws {
    // Item D: the strongest candidates choose distractor B; item E: everybody right; item F
    // separates the top half (rest scores 2,2,2,3) from the bottom half (1,1,2,1): r ≈ 0.76.
    var text = "id,D,E,F,G\n"
    let patterns = ["B,1,1,1", "B,1,1,1", "A,1,1,0", "A,1,1,1", "C,1,0,0", "C,1,0,0", "A,1,0,0", "C,1,0,0"]
    for (index, pattern) in patterns.enumerated() { text += "c\(index),\(pattern)\n" }
    let keys = [
      "D": ItemKey(key: "A", options: ["A", "B", "C"]), "E": ItemKey(key: "A", options: ["A", "B"]),
      "F": ItemKey(key: "A", options: ["A", "B"]), "G": ItemKey(key: "A", options: ["A", "B"]),
    ]
    let report = ClassicalAnalysis.analyze(try ResponseReader.parse(text: text, keys: keys))
    #expect(report.items[0].flags.contains(.distractorPositive))
    #expect(report.items[0].flags.contains(.lowDiscrimination))
    #expect(report.items[1].flags == [.lowDiscrimination, .pNearOne])
    #expect(report.items[1].correctedPointBiserial == nil)
    #expect(!report.items[2].flags.contains(.lowDiscrimination))
  }

  /// LSAT-6: p-values .924 .709 .553 .763 .870, total-score frequencies 3 20 85 237 357 298 and
  /// coefficient alpha 0.2950 as published (Bock & Lieberman 1970; ltm's `descript(LSAT)`);
  /// point-biserials and alpha-if-deleted against a direct two-pass computation.
  @Test func lsat6() {
    let report = ClassicalAnalysis.analyze(LSAT6.matrix)
    let published = [0.924, 0.709, 0.553, 0.763, 0.870]
    for (item, p) in zip(report.items, published) { #expect(abs(item.pValue! - p) < 1e-12) }
    let totals = ResponseScoring.numberCorrect(LSAT6.matrix)
    #expect((0...5).map { score in totals.filter { $0 == score }.count } == [3, 20, 85, 237, 357, 298])
    #expect(abs(report.test.alpha! - 0.2950) < 5e-5)

    let rows = LSAT6.rows
    let total = rows.map { Double($0.reduce(0) { $0 + Int($1) }) }
    for j in 0..<5 {
      let x = rows.map { Double($0[j]) }
      let rest = zip(total, x).map { $0 - $1 }
      #expect(abs(report.items[j].correctedPointBiserial! - pearson(x, rest)) < 1e-12)
      let others = (0..<5).filter { $0 != j }
      let restVariance = sampleVariance(rest)
      let itemVariances = others.map { k in sampleVariance(rows.map { Double($0[k]) }) }.reduce(0, +)
      let expectedAlpha = 4.0 / 3.0 * (1 - itemVariances / restVariance)
      #expect(abs(report.items[j].alphaIfDeleted! - expectedAlpha) < 1e-12)
    }
    #expect(abs(report.test.sem! - sampleVariance(total).squareRoot() * (1 - report.test.alpha!).squareRoot()) < 1e-12)
  }

  /// Missing data: not presented and not reached responses are left out of the item's
  /// statistics; omits count as wrong; alpha uses the complete cases only.
  @Test func missingResponses() throws {
    let text = "id,I1,I2,I3\na,1,1,1\nb,1,,0\nc,0,0,NR\nd,.,1,0\ne,1,0,1\n"
    let report = ClassicalAnalysis.analyze(try ResponseReader.parse(text: text))
    let item1 = report.items[0], item2 = report.items[1], item3 = report.items[2]
    #expect(item1.administered == 4 && item1.notPresented == 1 && item1.pValue == 0.75)
    #expect(item2.administered == 5 && item2.omitted == 1 && item2.pValue == 0.4 && item2.omitRate == 0.2)
    #expect(item3.administered == 4 && item3.notReached == 1 && item3.notReachedRate == 0.2)
    #expect(report.test.completeCases == 3)
    // Alpha on the complete cases a, b, e: scores 111, 100, 101.
    let complete: [[Double]] = [[1, 1, 1], [1, 0, 0], [1, 0, 1]]
    let totalVariance = sampleVariance(complete.map { $0.reduce(0, +) })
    let itemVariance = (0..<3).map { j in sampleVariance(complete.map { $0[j] }) }.reduce(0, +)
    #expect(abs(report.test.alpha! - 1.5 * (1 - itemVariance / totalVariance)) < 1e-12)
    // Candidate d's number correct counts the items seen: 1 + 0.
    #expect(ResponseScoring.numberCorrect(try ResponseReader.parse(text: text)) == [3, 1, 0, 1, 2])
  }
}
