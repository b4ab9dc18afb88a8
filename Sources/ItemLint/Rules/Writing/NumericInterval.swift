import Foundation
import ItemBank
import ItemBenchCore

/// An interval of numbers an option stands for: `10 to 20`, `less than 5`, `at least 100`, `7`.
struct NumericInterval: Equatable {
  var lower: Double
  var lowerClosed: Bool
  var upper: Double
  var upperClosed: Bool
  var unit: String

  var isPoint: Bool { lower == upper }

  init(lower: Double, lowerClosed: Bool, upper: Double, upperClosed: Bool, unit: String) {
    self.lower = lower
    self.lowerClosed = lowerClosed
    self.upper = upper
    self.upperClosed = upperClosed
    self.unit = unit
  }

  static let comparatorWords: Set<String> = [
    "less", "fewer", "more", "greater", "under", "below", "over", "above", "exceeding", "least", "most",
    "than", "between", "from", "up", "or", "and", "to", "through", "no", "higher", "lower",
  ]

  /// `to 20 …`, `- 20 …`, `– 20 …`, `through 20 …` at the start of `rest`: the upper number and
  /// the text after it.
  static func rangeTail(_ rest: Substring) -> (Double, Substring)? {
    var text = rest.drop { $0 == " " }
    if text.hasPrefix("%") { text = text.dropFirst().drop { $0 == " " } }
    var afterSeparator: Substring?
    for separator in ["to ", "through ", "and ", "-", "–", "—"] where text.hasPrefix(separator) {
      afterSeparator = text.dropFirst(separator.count)
      break
    }
    guard let afterSeparator, let (upper, after) = TextAnalysis.leadingNumber(afterSeparator) else { return nil }
    return (upper, after)
  }

  /// Parses an option; nil when it is not a single number, range or bound.
  init?(_ text: String) {
    let lowerText = TextAnalysis.normalised(text)
    var words = lowerText.split(separator: " ").map(String.init)
    func number(_ word: String) -> Double? {
      guard let (value, rest) = TextAnalysis.leadingNumber(word[...]), rest.isEmpty || rest == "%" else { return nil }
      return value
    }
    // Leading comparator phrases.
    let prefixes: [([String], (Double) -> NumericInterval)] = [
      (["between"], { NumericInterval(lower: $0, lowerClosed: true, upper: $0, upperClosed: true, unit: "") }),
      (["from"], { NumericInterval(lower: $0, lowerClosed: true, upper: $0, upperClosed: true, unit: "") }),
      (
        ["less", "than"],
        { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }
      ),
      (
        ["fewer", "than"],
        { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }
      ),
      (["under"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }),
      (["below"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: false, unit: "") }),
      (
        ["more", "than"],
        { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }
      ),
      (
        ["greater", "than"],
        { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }
      ),
      (["over"], { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }),
      (["above"], { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }),
      (
        ["exceeding"],
        { NumericInterval(lower: $0, lowerClosed: false, upper: .infinity, upperClosed: false, unit: "") }
      ),
      (
        ["at", "least"],
        { NumericInterval(lower: $0, lowerClosed: true, upper: .infinity, upperClosed: false, unit: "") }
      ),
      (
        ["no", "less", "than"],
        { NumericInterval(lower: $0, lowerClosed: true, upper: .infinity, upperClosed: false, unit: "") }
      ),
      (
        ["no", "fewer", "than"],
        { NumericInterval(lower: $0, lowerClosed: true, upper: .infinity, upperClosed: false, unit: "") }
      ),
      (
        ["at", "most"],
        { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: true, unit: "") }
      ),
      (
        ["no", "more", "than"],
        { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: true, unit: "") }
      ),
      (
        ["up", "to"], { NumericInterval(lower: -.infinity, lowerClosed: false, upper: $0, upperClosed: true, unit: "") }
      ),
    ]
    var interval: NumericInterval?
    for (phrase, make) in prefixes where words.starts(with: phrase) {
      words.removeFirst(phrase.count)
      guard let first = words.first, let value = number(first) else { return nil }
      words.removeFirst()
      interval = make(value)
      if phrase == ["between"] || phrase == ["from"] {
        // between 10 and 20 / from 10 to 20
        guard words.count >= 2, ["and", "to", "through", "-", "–"].contains(words[0]), let upper = number(words[1])
        else { return nil }
        words.removeFirst(2)
        interval?.upper = upper
      }
      break
    }
    if interval == nil {
      // 10-20 / 10–20 written as one token.
      if let first = words.first, let dash = first.firstIndex(where: { $0 == "-" || $0 == "–" || $0 == "—" }),
        let low = number(String(first[..<dash])), let high = number(String(first[first.index(after: dash)...]))
      {
        words.removeFirst()
        interval = NumericInterval(lower: low, lowerClosed: true, upper: high, upperClosed: true, unit: "")
      } else if let first = words.first, let value = number(first) {
        words.removeFirst()
        interval = NumericInterval(lower: value, lowerClosed: true, upper: value, upperClosed: true, unit: "")
        if words.count >= 2, ["to", "through", "-", "–", "—"].contains(words[0]), let upper = number(words[1]) {
          words.removeFirst(2)
          interval?.upper = upper
        }
      }
    }
    guard var result = interval else { return nil }
    // Trailing "or more" / "or less" (after an optional unit).
    if words.count >= 2, words[words.count - 2] == "or" {
      switch words[words.count - 1] {
      case "more", "greater", "higher", "above", "over":
        result.upper = .infinity
        result.upperClosed = false
        words.removeLast(2)
      case "less", "fewer", "lower", "below", "under":
        result.upper = result.lower
        result.upperClosed = true
        result.lower = -.infinity
        result.lowerClosed = false
        words.removeLast(2)
      default:
        break
      }
    }
    guard words.count <= 3, !words.contains(where: { Self.comparatorWords.contains($0) || number($0) != nil }) else {
      return nil
    }
    guard result.lower <= result.upper else { return nil }
    result.unit = words.filter { $0 != "%" }.map(TextAnalysis.stemmed).joined(separator: " ")
    self = result
  }

  /// Whether the two intervals share a number.
  func overlaps(_ other: NumericInterval) -> Bool {
    if upper < other.lower || other.upper < lower { return false }
    if upper == other.lower { return upperClosed && other.lowerClosed }
    if other.upper == lower { return other.upperClosed && lowerClosed }
    return true
  }
}
