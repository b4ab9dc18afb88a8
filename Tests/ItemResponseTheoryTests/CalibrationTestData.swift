import Foundation

@testable import ItemResponseTheory

/// Classic public data sets, as published pattern frequencies (patterns in binary order
/// 00000, 00001, …, 11111 over items 1–5). The item proportions and score distributions below
/// were checked against the published summaries (LSAT-7: p = .828 .658 .772 .606 .843 and score
/// counts 12 40 114 205 321 308; LSAT-6: p = .924 .709 .553 .763 .870).
enum ClassicData {
  /// LSAT section 7, Bock & Lieberman (1970), 1000 examinees.
  static let lsat7 = [
    12, 19, 1, 7, 3, 19, 3, 17, 10, 5, 3, 7, 7, 23, 8, 28, 7, 39, 11, 34, 14, 51, 15, 90, 6, 25, 7, 35, 18, 136, 32,
    308,
  ]
  /// LSAT section 6, Thissen (1982) / Bartholomew (1998), 1000 examinees.
  static let lsat6 = [
    3, 6, 2, 11, 1, 1, 3, 4, 1, 8, 0, 16, 0, 3, 2, 15, 10, 29, 14, 81, 3, 28, 15, 80, 16, 56, 21, 173, 11, 61, 28, 298,
  ]

  /// Expands pattern frequencies into a response matrix with items `Item.1` … `Item.5`.
  static func matrix(_ frequencies: [Int]) -> ResponseMatrix {
    var rows: [[UInt8?]] = []
    for (pattern, count) in frequencies.enumerated() {
      let row: [UInt8?] = (0..<5).map { UInt8((pattern >> (4 - $0)) & 1) }
      rows += Array(repeating: row, count: count)
    }
    return ResponseMatrix(
      candidateIDs: (1...rows.count).map { "P\($0)" }, itemIDs: (1...5).map { "Item.\($0)" }, scores: rows)
  }
}
