import ItemBenchCore

extension ClassicalReport {
  /// Decimals reported for proportions, correlations and alpha.
  public static let decimals = 4

  /// Test-level facts, in a fixed order, for table metadata.
  public var metadata: [(key: String, value: String)] {
    func number(_ value: Double?) -> String { value.map { formatDecimal($0, places: Self.decimals) } ?? "n/a" }
    let pretest = items.filter { $0.itemSet == .pretest }.count
    let itemSet =
      pretest == 0 && items.allSatisfy({ $0.itemSet == .all })
      ? "all \(test.items) items are scored (\(scoredItemsSource ?? "no scored item set given"))"
      : "\(test.criterionItems) scored items (\(scoredItemsSource ?? "given")) and \(pretest) pretest items"
    return [
      ("candidates", String(test.candidates)),
      ("items", String(test.items)),
      ("item_set", itemSet),
      (
        "criterion",
        "number correct on the \(test.criterionItems) scored items: rest score (total minus the item) for a scored item, the scored total for a pretest item"
      ),
      ("alpha_items", "\(test.criterionItems) scored items (mean_score, sd_score, alpha, sem cover these only)"),
      ("scoring_rule", "\(missingResponses) (item statistics: \(missingResponses.summary(for: .itemStatistics)))"),
      ("mean_score", number(test.meanScore)),
      ("sd_score", number(test.sdScore)),
      ("complete_cases", String(test.completeCases)),
      ("alpha", number(test.alpha)),
      ("sem", number(test.sem)),
      (
        "flag_thresholds",
        "low-discrimination: corrected_pbis < \(formatDecimal(thresholds.minimumDiscrimination, places: 2)); "
          + "p-near-0: p < \(formatDecimal(thresholds.lowP, places: 2)); "
          + "p-near-1: p > \(formatDecimal(thresholds.highP, places: 2)); "
          + "distractor-positive: distractor pbis > \(formatDecimal(thresholds.maximumDistractorCorrelation, places: 2))"
      ),
    ]
  }

  /// One row per item: `id,key,administered,p,corrected_pbis,omit_rate,not_reached_rate,
  /// alpha_if_deleted,flags,item_set` (flags separated by `;`; `item_set` is `scored`, `pretest`
  /// or `all`). Never item text.
  public func itemTable() -> DataTable {
    func decimal(_ value: Double?) -> DataTable.Cell {
      value.map { .decimal($0, places: Self.decimals) } ?? .missing
    }
    let rows: [[DataTable.Cell]] = items.map { item in
      [
        .text(item.id), item.key.map(DataTable.Cell.text) ?? .missing, .integer(item.administered),
        decimal(item.pValue), decimal(item.correctedPointBiserial), decimal(item.omitRate),
        decimal(item.notReachedRate), decimal(item.alphaIfDeleted),
        .text(item.flags.map(\.rawValue).joined(separator: ";")), .text(item.itemSet.rawValue),
      ]
    }
    return DataTable(
      name: "item-analysis", metadata: metadata,
      columns: [
        "id", "key", "administered", "p", "corrected_pbis", "omit_rate", "not_reached_rate",
        "alpha_if_deleted", "flags", "item_set",
      ],
      rows: rows)
  }

  /// Distractor analysis, one row per option of the items with recorded options:
  /// `id,option,key,count,proportion,pbis,flag` (`flag` is `distractor-positive` where it applies).
  public func optionTable() -> DataTable {
    var rows: [[DataTable.Cell]] = []
    for item in items {
      for option in item.options {
        let positive = !option.isKey && (option.pointBiserial ?? -1) > thresholds.maximumDistractorCorrelation
        rows.append([
          .text(item.id), .text(option.id), .boolean(option.isKey), .integer(option.count),
          .decimal(option.proportion, places: Self.decimals),
          option.pointBiserial.map { .decimal($0, places: Self.decimals) } ?? .missing,
          .text(positive ? ClassicalFlag.distractorPositive.rawValue : ""),
        ])
      }
    }
    return DataTable(
      name: "distractor-analysis", metadata: metadata,
      columns: ["id", "option", "key", "count", "proportion", "pbis", "flag"], rows: rows)
  }
}
