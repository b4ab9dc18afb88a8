import ItemBenchCore

extension ScoringResult {
  /// Decimals reported for θ and its standard error.
  public static let decimals = 4

  /// One row per candidate: `id,raw_score,items_used,theta,se,flags`; the method, prior,
  /// quadrature, fence and parameterisation in the metadata.
  public func table() -> DataTable {
    let prior = "N(\(formatDecimal(options.prior.mean, places: 4)), \(formatDecimal(options.prior.sd, places: 4))^2)"
    var metadata: [(key: String, value: String)] = [
      ("method", options.method.rawValue),
      ("parameterization", ParameterFile.parameterization),
      ("scaling_constant", formatDecimal(scalingConstant, places: 4)),
    ]
    switch options.method {
    case .eap:
      metadata.append(("prior", prior))
      metadata.append(
        (
          "quadrature",
          "\(options.quadraturePoints) equally spaced points on [\(formatDecimal(options.quadratureRange.lowerBound, places: 2)), \(formatDecimal(options.quadratureRange.upperBound, places: 2))]"
        ))
    case .map:
      metadata.append(("prior", prior))
      metadata.append(("theta_range", fence))
    case .ml:
      metadata.append(("theta_range", fence))
    }
    let notReachedWrong = options.missingResponses.notReached.countsAsWrong(in: options.use)
    metadata.append(("omitted", options.omittedAsIncorrect ? "scored incorrect" : "ignored (missing)"))
    metadata.append(("not_reached", notReachedWrong ? "scored incorrect" : "ignored (missing)"))
    metadata.append(("scoring_rule", options.missingResponses.description))
    let rows: [[DataTable.Cell]] = estimates.map { estimate in
      [
        .text(estimate.candidateID), .integer(estimate.rawScore), .integer(estimate.itemsUsed),
        estimate.theta.map { .decimal($0, places: Self.decimals) } ?? .missing,
        estimate.standardError.map { .decimal($0, places: Self.decimals) } ?? .missing,
        .text(estimate.flags.map(\.rawValue).joined(separator: ";")),
      ]
    }
    return DataTable(
      name: "scores", metadata: metadata,
      columns: ["id", "raw_score", "items_used", "theta", "se", "flags"], rows: rows)
  }

  private var fence: String {
    "[\(formatDecimal(options.bounds.lowerBound, places: 2)), \(formatDecimal(options.bounds.upperBound, places: 2))]"
  }
}
