import ItemBenchCore

/// Whether blueprint weights are percentages of the scored items or item counts.
public enum WeightUnit: String, Sendable, CaseIterable, Codable {
  case percent, count
}

/// A target share of the scored items with a tolerance, in the blueprint's ``WeightUnit``.
public struct WeightTarget: Hashable, Sendable {
  /// The target, in percent of scored items or in items.
  public var weight: Double
  /// Allowed deviation either side of `weight`, in the same unit.
  public var tolerance: Double
  public init(weight: Double, tolerance: Double) {
    self.weight = weight
    self.tolerance = tolerance
  }
}

/// One content domain of the blueprint.
public struct BlueprintDomain: Hashable, Sendable, Identifiable {
  public var id: String
  public var title: String
  public var target: WeightTarget
  /// Optional subdomain ids recognised within this domain.
  public var subdomains: [String]
  public var location: SourceLocation
  public init(
    id: String, title: String, target: WeightTarget, subdomains: [String] = [],
    location: SourceLocation = SourceLocation(file: "<memory>")
  ) {
    self.id = id
    self.title = title
    self.target = target
    self.subdomains = subdomains
    self.location = location
  }
}

/// The reporting scale: range and passing score. How raw scores map onto it is the scale file's
/// business (see the Equating module); the blueprint states what the program publishes.
public struct ReportingScale: Hashable, Sendable {
  public var minimum: Double
  public var maximum: Double
  public var passing: Double
  public init(minimum: Double, maximum: Double, passing: Double) {
    self.minimum = minimum
    self.maximum = maximum
    self.passing = passing
  }
}

/// The test blueprint: what every form must measure, as data.
public struct Blueprint: Hashable, Sendable, Identifiable {
  public var id: String
  public var exam: String
  /// Total number of questions on a form (scored plus pretest).
  public var formLength: Int
  public var scoredCount: Int
  public var pretestCount: Int
  public var weightUnit: WeightUnit
  /// Where the weights come from (a published content outline, a job-task analysis, …).
  public var weightSource: String
  public var domains: [BlueprintDomain]
  /// Optional targets per cognitive level, in the same unit as the domain weights.
  public var cognitiveLevels: [CognitiveLevel: WeightTarget]
  public var scale: ReportingScale?
  /// The time a candidate has for the whole form, in minutes (`time_limit_minutes`), if the
  /// blueprint states one.
  public var timeLimitMinutes: Int?
  public var location: SourceLocation

  public init(
    id: String, exam: String, formLength: Int, scoredCount: Int, pretestCount: Int,
    weightUnit: WeightUnit = .percent, weightSource: String = "", domains: [BlueprintDomain],
    cognitiveLevels: [CognitiveLevel: WeightTarget] = [:], scale: ReportingScale? = nil,
    timeLimitMinutes: Int? = nil, location: SourceLocation = SourceLocation(file: "<memory>")
  ) {
    self.id = id
    self.exam = exam
    self.formLength = formLength
    self.scoredCount = scoredCount
    self.pretestCount = pretestCount
    self.weightUnit = weightUnit
    self.weightSource = weightSource
    self.domains = domains
    self.cognitiveLevels = cognitiveLevels
    self.scale = scale
    self.timeLimitMinutes = timeLimitMinutes
    self.location = location
  }

  public func domain(_ id: String) -> BlueprintDomain? { domains.first { $0.id == id } }
}
