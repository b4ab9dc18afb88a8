import ItemBenchCore

extension FitReport {
  /// Decimals reported for fit statistics.
  public static let decimals = 4

  /// One row per item: `id,sx2,df,p,rmsea,groups,infit,outfit,flags`; the candidates used,
  /// quadrature, collapsing rule and flag thresholds in the metadata.
  public func table() -> DataTable {
    func decimal(_ value: Double?) -> DataTable.Cell { value.map { .decimal($0, places: Self.decimals) } ?? .missing }
    let rows: [[DataTable.Cell]] = items.map { item in
      [
        // With df < 1 there is no test: the statistic is left out and df shows why.
        .text(item.id), (item.degreesOfFreedom ?? 0) >= 1 ? decimal(item.sx2) : .missing,
        item.degreesOfFreedom.map(DataTable.Cell.integer) ?? .missing,
        decimal(item.pValue), decimal(item.rmsea), .integer(item.groups), decimal(item.infit),
        decimal(item.outfit), .text(item.flags.map(\.rawValue).joined(separator: ";")),
      ]
    }
    var metadata: [(key: String, value: String)] = [
      ("model", model),
      ("parameterization", ParameterFile.parameterization),
      ("scaling_constant", formatDecimal(scalingConstant, places: 4)),
      ("sx2_candidates", String(sx2Candidates)),
      (
        "sx2_quadrature",
        "\(options.quadraturePoints) points on [\(formatDecimal(options.quadratureRange.lowerBound, places: 2)), \(formatDecimal(options.quadratureRange.upperBound, places: 2))], latent N(\(formatDecimal(latent.mean, places: 4)), \(formatDecimal(latent.sd, places: 4))^2)"
      ),
      (
        "sx2_collapsing",
        "adjacent score groups combined until expected correct and incorrect counts >= \(formatDecimal(options.minimumExpected, places: 2))"
      ),
      ("sx2_flag", "p < \(formatDecimal(options.significance, places: 4))"),
    ]
    if meanSquares {
      metadata.append(
        (
          "mean_square_theta",
          "ML within [-\(formatDecimal(options.thetaBound, places: 2)), \(formatDecimal(options.thetaBound, places: 2))], extreme patterns excluded"
        ))
      metadata.append(
        (
          "mean_square_flag",
          "outside [\(formatDecimal(options.meanSquareRange.lowerBound, places: 2)), \(formatDecimal(options.meanSquareRange.upperBound, places: 2))]"
        ))
    } else {
      metadata.append(("mean_squares", "not computed: infit/outfit are reported for rasch and 1pl models"))
    }
    let rule = options.missingResponses
    metadata.append(
      ("omitted", rule.omitted.countsAsWrong(in: .itemStatistics) ? "scored incorrect" : "ignored (missing)"))
    metadata.append(
      ("not_reached", rule.notReached.countsAsWrong(in: .itemStatistics) ? "scored incorrect" : "ignored (missing)"))
    metadata.append(("scoring_rule", rule.description))
    return DataTable(
      name: "item-fit", metadata: metadata,
      columns: ["id", "sx2", "df", "p", "rmsea", "groups", "infit", "outfit", "flags"], rows: rows)
  }
}
