import Foundation
import ItemBank
import ItemBenchCore

/// `convergence-cue`.
struct ConvergenceCueRule: LintRule {
  let id = "convergence-cue"
  let defaultSeverity = Severity.info
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    The key shares more words with the other options than any distractor does. Distractors \
    written as variations of the key let candidates find it by convergence.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "Which policy suits a part with volatile demand and long lead times?",
          options: [
            "↓Periodic review with safety stock", "Periodic review without buffers",
            "Continuous review with safety stock", "Lot-for-lot ordering",
          ]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.options.count >= 3, let keyIndex = item.keyIndex else { return [] }
    let words = context.analysis(of: item).optionContentHashes
    var scores = [Int](repeating: 0, count: words.count)
    for i in words.indices {
      for j in words.indices where j > i {
        let shared = TextAnalysis.sharedCount(words[i], words[j])
        scores[i] += shared
        scores[j] += shared
      }
    }
    let keyScore = scores[keyIndex]
    guard keyScore >= 2, scores.indices.allSatisfy({ $0 == keyIndex || scores[$0] < keyScore }) else { return [] }
    let key = item.options[keyIndex]
    return [
      context.finding(
        "the key shares the most words with the other options (\(keyScore) shared words); vary the distractors independently",
        item: item, field: "options.\(key.id)")
    ]
  }
}
