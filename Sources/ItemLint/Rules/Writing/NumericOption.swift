import Foundation
import ItemBank
import ItemBenchCore

/// A numeric option: its value (the lower bound of a range) and its unit.
struct NumericOption {
  var value: Double
  var unit: String

  /// `500 units`, `$1,200`, `25%`, `3.5 days`, `10 to 20 units` (lower bound 10).
  init?(_ text: String) {
    guard let (value, rest) = TextAnalysis.leadingNumber(text[...]) else { return nil }
    var unitWords = TextAnalysis.lowercasedWords(String(rest))
    if rest.trimmingCharacters(in: .whitespaces).hasPrefix("%") { unitWords.insert("%", at: 0) }
    // A range: drop "to 20" / "- 20" and keep the unit after it.
    if let (_, after) = NumericInterval.rangeTail(rest) {
      unitWords = TextAnalysis.lowercasedWords(String(after))
    }
    guard unitWords.count <= 3, !unitWords.contains(where: { NumericInterval.comparatorWords.contains($0) }) else {
      return nil
    }
    self.value = value
    self.unit = unitWords.map(TextAnalysis.stemmed).joined(separator: " ")
  }
}
