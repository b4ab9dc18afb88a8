import ItemBenchCore

/// The across-administration tables of a program run.
enum ProgramTables {
  /// `drift-history.csv` (and each administration's `drift.csv`): one row per anchor and
  /// administration.
  static func drift(_ records: [DriftRecord]) -> DataTable {
    func decimal(_ value: Double?, _ places: Int) -> DataTable.Cell {
      value.map { .decimal($0, places: places) } ?? .missing
    }
    return DataTable(
      name: "drift-history", metadata: [],
      columns: [
        "administration", "anchor", "b_displacement", "se", "z_b", "log_a_ratio", "z_a", "rule", "flagged", "action",
        "icc_displacement", "se_icc_displacement", "z_icc", "lord_chi_square", "lord_df",
      ],
      rows: records.map { record in
        let drift = record.drift
        return [
          .text(record.administration), .text(drift.id), .decimal(drift.bDisplacement, places: 4),
          decimal(drift.bDisplacementSE, 4),
          decimal(drift.bZ, 3), .decimal(drift.logSlopeRatio, places: 4), decimal(drift.aZ, 3),
          .text(drift.rule.rawValue),
          .boolean(drift.flagged), .text(record.action.rawValue),
          decimal(drift.iccDisplacement, 4), decimal(drift.iccDisplacementSE, 4), decimal(drift.iccZ, 3),
          decimal(drift.lordChiSquare, 3), drift.lordDegreesOfFreedom.map { .integer($0) } ?? .missing,
        ]
      })
  }

  /// `program.csv`: one row per administration, the figures the summary's table shows.
  static func program(_ outcomes: [AdministrationOutcome]) -> DataTable {
    func decimal(_ value: Double?, _ places: Int) -> DataTable.Cell {
      value.map { .decimal($0, places: places) } ?? .missing
    }
    return DataTable(
      name: "program", metadata: [],
      columns: [
        "administration", "form", "date", "candidates", "scored", "pretest", "mean_raw", "sd_raw", "alpha",
        "lowest_passing_raw",
        "pre_equated_lowest_passing_raw", "pass_rate", "face_value_pass_rate", "mean_scaled", "accuracy", "consistency",
        "anchors", "anchors_dropped", "pretest_promote", "pretest_revise", "pretest_drop", "promoted",
      ],
      rows: outcomes.map { outcome in
        let counts = { (r: String) in outcome.pretest.filter { $0.recommendation.rawValue == r }.count }
        return [
          .text(outcome.administration), .text(outcome.formID), outcome.date.map { .text($0) } ?? .missing,
          .integer(outcome.candidates),
          .integer(outcome.scoredItems), .integer(outcome.pretestItems), .decimal(outcome.meanRaw, places: 2),
          .decimal(outcome.sdRaw, places: 2), decimal(outcome.alpha, 3),
          outcome.lowestPassingRaw.map { .integer($0) } ?? .missing,
          outcome.preEquated?.lowestPassingRaw.map { .integer($0) } ?? .missing, decimal(outcome.observedPassRate, 4),
          decimal(outcome.faceValuePassRate, 4), decimal(outcome.meanScaled, 2),
          decimal(outcome.classificationAccuracy, 4),
          decimal(outcome.classificationConsistency, 4), outcome.linking.map { .integer($0.anchors.count) } ?? .missing,
          .integer(outcome.droppedAnchors.count), .integer(counts("promote")), .integer(counts("revise")),
          .integer(counts("drop")),
          .integer(outcome.promoted.count),
        ]
      })
  }
}
