import ItemBenchCore

/// The test information function, conditional standard error of measurement and test
/// characteristic curve at one θ.
public struct InformationPoint: Sendable, Hashable {
  public var theta: Double
  /// I(θ) = Σⱼ Iⱼ(θ), Iⱼ(θ) = (D·aⱼ)²·(Qⱼ/Pⱼ)·((Pⱼ − cⱼ)/(1 − cⱼ))².
  public var information: Double
  /// CSEM(θ) = 1/√I(θ); `nil` where I(θ) = 0.
  public var csem: Double?
  /// Expected number-correct score Σⱼ Pⱼ(θ) (the test characteristic curve).
  public var expectedScore: Double
  /// Iⱼ(θ) per item, in the order of the items given.
  public var itemInformation: [Double]
}

/// Test information and conditional SEM on a θ grid, for
/// P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))).
///
/// - Complexity: O(grid points × items).
public enum TestInformation {
  /// `from`, `from + step`, … up to `to` (inclusive, within rounding), computed as
  /// `from + i·step` so the points do not drift.
  public static func grid(from lower: Double, to upper: Double, step: Double) -> [Double] {
    precondition(step > 0 && upper >= lower)
    let count = Int(((upper - lower) / step + 1e-9).rounded(.down)) + 1
    return (0..<count).map { lower + Double($0) * step }
  }

  public static func evaluate(items: [ItemParameters], scalingConstant D: Double, at thetas: [Double])
    -> [InformationPoint]
  {
    thetas.map { theta in
      let itemInformation = items.map { $0.information(at: theta, scalingConstant: D) }
      let information = itemInformation.reduce(0, +)
      return InformationPoint(
        theta: theta, information: information,
        csem: information > 0 ? 1 / information.squareRoot() : nil,
        expectedScore: items.reduce(0) { $0 + $1.probability(at: theta, scalingConstant: D) },
        itemInformation: itemInformation)
    }
  }

  /// A table `theta,information,csem,expected_score`, plus `info:<id>` per item when
  /// `perItem`.
  public static func table(
    parameters: ParameterFile, thetas: [Double], perItem: Bool = false, decimals: Int = 4
  ) -> DataTable {
    let points = evaluate(items: parameters.items, scalingConstant: parameters.scalingConstant, at: thetas)
    var columns = ["theta", "information", "csem", "expected_score"]
    if perItem { columns += parameters.items.map { "info:\($0.id)" } }
    let rows: [[DataTable.Cell]] = points.map { point in
      var row: [DataTable.Cell] = [
        .decimal(point.theta, places: decimals), .decimal(point.information, places: decimals),
        point.csem.map { .decimal($0, places: decimals) } ?? .missing,
        .decimal(point.expectedScore, places: decimals),
      ]
      if perItem { row += point.itemInformation.map { .decimal($0, places: decimals) } }
      return row
    }
    return DataTable(
      name: "test-information",
      metadata: [
        ("model", parameters.model),
        ("parameterization", ParameterFile.parameterization),
        ("scaling_constant", formatDecimal(parameters.scalingConstant, places: 4)),
        ("items", String(parameters.items.count)),
      ],
      columns: columns, rows: rows)
  }
}
