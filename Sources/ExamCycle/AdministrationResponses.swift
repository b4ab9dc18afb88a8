import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// One administration's response data, read with the bank's keys.
struct AdministrationResponses: Sendable {
  var settings: ProjectConfiguration.FormData
  var form: Form
  var keys: [String: ItemKey]
  /// Every item of the form (scored, anchor, pretest).
  var responses: ResponseMatrix
  /// The scored and anchor items only.
  var scoredResponses: ResponseMatrix
  /// Raw (number-correct) scores on the scored items; omitted and not-reached responses add 0.
  var rawScores: [Int]
  /// The project's scoring rule for omitted and not-reached responses (`scoring:`), used by
  /// every step that turns these responses into item statistics or likelihoods.
  var missingResponses: MissingResponseRule

  var name: String { settings.administration }

  init(
    settings: ProjectConfiguration.FormData, form: Form, bank: ItemBank,
    missingResponses: MissingResponseRule = .standard
  ) throws {
    self.settings = settings
    self.missingResponses = missingResponses
    self.form = form
    var keys: [String: ItemKey] = [:]
    for entry in form.entries {
      if let item = bank.item(entry.itemID) {
        keys[item.id] = ItemKey(key: item.key, options: item.options.map(\.id))
      }
    }
    self.keys = keys
    do {
      responses = try ResponseReader.read(path: settings.responses, keys: keys)
    } catch {
      throw CycleError(wrapping: error)
    }
    let missing = responses.missingColumns(for: form.entries.map(\.itemID))
    guard missing.isEmpty else {
      throw CycleError(
        ResponseMatrix.missingColumnsMessage(missing, kind: "", form: form.id),
        at: SourceLocation(file: settings.responses, line: 1, column: 1))
    }
    scoredResponses = responses.selecting(itemIDs: form.scoredItemIDs)
    rawScores = ResponseScoring.numberCorrect(scoredResponses)
  }

  /// Mean and sample SD of the raw scores.
  var rawMoments: (mean: Double, sd: Double) {
    let scores = rawScores.map(Double.init)
    let mean = scores.reduce(0, +) / Double(max(scores.count, 1))
    let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(scores.count - 1, 1))
    return (mean, variance.squareRoot())
  }

  /// The share of candidates whose raw score is at least `raw` (nil when there is no cut).
  func passRate(atRaw raw: Int?) -> Double? {
    guard let raw, !rawScores.isEmpty else { return nil }
    return Double(rawScores.filter { $0 >= raw }.count) / Double(rawScores.count)
  }

  /// How many candidates have one of `raws` as their raw score.
  func candidates(withRaw raws: [Int]) -> Int {
    let set = Set(raws)
    return rawScores.filter { set.contains($0) }.count
  }
}
