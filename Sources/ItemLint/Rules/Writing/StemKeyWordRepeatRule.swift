import Foundation
import ItemBank
import ItemBenchCore

/// `stem-key-word-repeat`.
struct StemKeyWordRepeatRule: LintRule {
  let id = "stem-key-word-repeat"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    A content word of the stem reappears in the key and in no distractor (a "clang" \
    association): candidates match the word instead of knowing the answer.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which inventory protects against demand variation?",
          options: ["Stock held against ↓demand variation", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
      LintExample(
        ExampleItem.text(
          stem: "Which stock protects against demand variation?",
          options: ["Safety stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
        note: "'stock' is in every option"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard let keyIndex = item.keyIndex else { return [] }
    let key = item.options[keyIndex]
    let analysis = context.analysis(of: item)
    let stemWords = analysis.stemContentHashes
    let keyWords = analysis.optionContentHashes[keyIndex]
    guard TextAnalysis.sharedCount(stemWords, keyWords) > 0 else { return [] }
    func inDistractor(_ hash: UInt64) -> Bool {
      item.options.indices.contains {
        $0 != keyIndex && TextAnalysis.sortedContains(analysis.optionContentHashes[$0], hash)
      }
    }
    var repeated: [Substring] = []
    var seen: Set<UInt64> = []
    for (word, lower) in zip(analysis.optionWords[keyIndex], analysis.lowercasedOptionWords[keyIndex]) {
      guard let hash = TextAnalysis.contentHash(lower), TextAnalysis.sortedContains(stemWords, hash),
        !inDistractor(hash), seen.insert(hash).inserted
      else { continue }
      repeated.append(word)
    }
    guard let first = repeated.first else { return [] }
    let quoted = repeated.map { "'\($0)'" }
    return [
      context.finding(
        "the key repeats \(WritingRules.list(quoted)) from the stem and no distractor does",
        item: item, field: "options.\(key.id)", highlighting: String(first))
    ]
  }
}
