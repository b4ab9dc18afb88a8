import Foundation
import ItemBank
import ItemBenchCore

/// Helpers and example text shared by the item-writing guideline rules in this folder
/// (Haladyna, Downing & Rodriguez 2002, "A review of multiple-choice item-writing guidelines for
/// classroom assessment", Applied Measurement in Education 15(3); Case & Swanson, NBME
/// "Constructing written test questions").
enum WritingRules {
  /// Whether `words` (a short list of lower-cased terms) contains `word`: a linear scan,
  /// cheaper than hashing every word of an item into a set.
  static func contains(_ words: [String], _ word: String) -> Bool {
    words.contains(word)
  }

  /// A well-written stem and options the examples vary.
  static let stem = "Which inventory is held to protect against variation in demand?"
  static let options = ["Safety stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]

  /// The first occurrence of any of `phrases` (lower-case word lists) in `lower`, as a range of
  /// word indices.
  static func findPhrase(_ phrases: [[String]], in lower: [String]) -> Range<Int>? {
    guard !lower.isEmpty else { return nil }
    for start in lower.indices {
      for phrase in phrases where start + phrase.count <= lower.count {
        if lower[start..<(start + phrase.count)].elementsEqual(phrase) { return start..<(start + phrase.count) }
      }
    }
    return nil
  }

  /// The original text of the words in `range` (from the first word's start to the last one's end).
  static func span(_ text: String, _ words: [Substring], _ range: Range<Int>) -> String {
    String(text[words[range.lowerBound].startIndex..<words[range.upperBound - 1].endIndex])
  }

  /// `A, B and C`.
  static func list(_ names: [String]) -> String {
    guard names.count > 1, let last = names.last else { return names.first ?? "" }
    return names.dropLast().joined(separator: ", ") + " and " + last
  }

  static let allOfTheAbovePhrases: [[String]] = [
    "all of the above", "all the above", "all of these", "all of the options", "all of the answers",
    "all of the choices", "all of the preceding", "all the preceding",
  ].map { $0.split(separator: " ").map(String.init) }

  static let noneOfTheAbovePhrases: [[String]] = [
    "none of the above", "none the above", "none of these", "none of the options", "none of the answers",
    "none of the choices", "none of the preceding",
  ].map { $0.split(separator: " ").map(String.init) }
}
