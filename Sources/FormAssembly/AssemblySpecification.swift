import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// Where assembly finds item parameters on the program's scale.
///
/// This is the seam for parameter sources: a calibration's ``ParameterFile`` conforms today; a
/// bank-scale parameter file (every calibrated item of the bank on the base scale) conforms by
/// implementing these two requirements, and nothing else in assembly changes.
public protocol ItemParameterSource: Sendable {
  /// D in `P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b)))`.
  var scalingConstant: Double { get }
  /// The parameters of item `id`, or nil when the item has none (it may then fill pretest slots
  /// only).
  func parameters(for id: String) -> ItemParameters?
}

/// A parameter file indexed by id once, so that look-ups over a large bank stay O(1).
public struct IndexedParameters: ItemParameterSource {
  public var scalingConstant: Double
  private var byID: [String: ItemParameters]
  public init(_ file: ParameterFile) {
    scalingConstant = file.scalingConstant
    byID = Dictionary(file.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }
  public init(items: [ItemParameters], scalingConstant: Double = 1) {
    self.scalingConstant = scalingConstant
    byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }
  public func parameters(for id: String) -> ItemParameters? { byID[id] }
}

/// What the forms are assembled to optimise.
public enum AssemblyObjective: String, Sendable, CaseIterable {
  /// Minimise the largest |TCC(θ_k) − target(θ_k)| over the θ points and forms (minimax).
  case tcc
  /// Minimise the largest |TIF(θ_k) − target(θ_k)| over the θ points and forms.
  case tif
  /// Both: the largest of the TCC deviations and `tifWeight` × the TIF deviations.
  case tccTIF = "tcc+tif"
  /// Maximise the smallest test information at the θ cut over the forms (maximin).
  case maxInformation = "max-info"

  public var matchesTarget: Bool { self != .maxInformation }
}

/// How the new forms get their anchor (common-item) set.
public enum AnchorPolicy: Sendable, Hashable {
  /// No anchors: every scored item has role `scored`.
  case none
  /// These items are on every new form with role `anchor` (for example a base form's anchors).
  case given([String])
  /// The solver picks `count` items common to every new form, a miniature of the blueprint.
  case assembled(count: Int)
}

/// The target curves at the θ points, usually those of a reference form.
public struct TargetCurves: Sendable, Hashable {
  public var thetas: [Double]
  /// Target TCC (expected number-correct over the scored items) at each θ.
  public var tcc: [Double]
  /// Target TIF at each θ.
  public var tif: [Double]
  /// Where the target comes from ("form 'form-a'").
  public var source: String
  public init(thetas: [Double], tcc: [Double], tif: [Double], source: String) {
    self.thetas = thetas
    self.tcc = tcc
    self.tif = tif
    self.source = source
  }

  /// The TCC and TIF of `items` at `thetas`.
  public init(items: [ItemParameters], scalingConstant: Double, thetas: [Double], source: String) {
    self.thetas = thetas
    tcc = thetas.map { theta in items.reduce(0) { $0 + $1.probability(at: theta, scalingConstant: scalingConstant) } }
    tif = thetas.map { theta in items.reduce(0) { $0 + $1.information(at: theta, scalingConstant: scalingConstant) } }
    self.source = source
  }
}

/// Which solver runs the assembly.
public enum AssemblySolverKind: String, Sendable, CaseIterable {
  /// ``HeuristicSolver``: always available.
  case builtin
  /// COIN-OR CBC, when built with the `CBC` trait.
  case cbc

  /// Whether this build can run the solver.
  public var isAvailable: Bool {
    switch self {
    case .builtin: true
    case .cbc: CBCSolver.isAvailable
    }
  }
}

/// Everything an assembly run is asked to do, apart from the bank, blueprint and parameters.
public struct AssemblyOptions: Sendable {
  /// Ids of the new forms, one per form.
  public var formIDs: [String]
  public var objective: AssemblyObjective
  /// θ cut on the parameters' scale (the point of `max-info`, the centre of the default points).
  public var thetaCut: Double
  /// Target curves for the matching objectives (nil with `max-info`).
  public var target: TargetCurves?
  /// Weight of TIF deviations against TCC deviations under ``AssemblyObjective/tccTIF``.
  public var tifWeight: Double
  public var anchors: AnchorPolicy
  /// Each non-anchor item may be used at most this many times over the new forms and
  /// `previousForms` (U ≥ 1).
  public var maxUses: Int
  /// At most this many non-anchor items shared between any two new forms (nil: only U limits it).
  public var maxOverlap: Int?
  /// Forms already administered whose items count toward `maxUses`.
  public var previousForms: [Form]
  /// Items put on every new form (scored if operational, pretest if pretest or approved).
  public var include: [String]
  /// Items never used.
  public var exclude: [String]
  public var solver: AssemblySolverKind
  /// Wall-clock limit of the solver in seconds (the built-in solver stops its improvement phase
  /// at the limit, CBC its branch and bound).
  public var timeLimit: Double
  /// Restarts of the built-in solver's iterated local search.
  public var restarts: Int
  /// Seed of the built-in solver's perturbations (same seed, same forms).
  public var seed: UInt64

  public init(
    formIDs: [String], objective: AssemblyObjective = .tcc, thetaCut: Double = 0,
    target: TargetCurves? = nil, tifWeight: Double = 1, anchors: AnchorPolicy = .none,
    maxUses: Int = 1, maxOverlap: Int? = nil, previousForms: [Form] = [], include: [String] = [],
    exclude: [String] = [], solver: AssemblySolverKind = .builtin, timeLimit: Double = 60,
    restarts: Int = 8, seed: UInt64 = 1
  ) {
    self.formIDs = formIDs
    self.objective = objective
    self.thetaCut = thetaCut
    self.target = target
    self.tifWeight = tifWeight
    self.anchors = anchors
    self.maxUses = maxUses
    self.maxOverlap = maxOverlap
    self.previousForms = previousForms
    self.include = include
    self.exclude = exclude
    self.solver = solver
    self.timeLimit = timeLimit
    self.restarts = restarts
    self.seed = seed
  }

  /// The default θ points: the cut and 0.5 and 1 either side.
  public static func defaultThetaPoints(cut: Double) -> [Double] {
    [cut - 1, cut - 0.5, cut, cut + 0.5, cut + 1]
  }
}

/// Why the inputs cannot be assembled at all (bad input: exit 2), as opposed to an infeasible
/// problem (``AssemblyInfeasibility``: exit 1).
public struct AssemblyInputError: DiagnosticError {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var diagnosticLocation: SourceLocation? { nil }
}

/// The problem has no solution, and which constraints conflict.
public struct AssemblyInfeasibility: Error, CustomStringConvertible, Sendable {
  /// One sentence per conflict found, most basic first, each naming the constraint.
  public var reasons: [String]
  /// Whether a solver proved infeasibility (true for the pre-checks and CBC; false when the
  /// built-in heuristic found no feasible assembly, which does not prove there is none).
  public var proven: Bool
  public init(reasons: [String], proven: Bool) {
    self.reasons = reasons
    self.proven = proven
  }
  public var description: String {
    "the forms cannot be assembled: " + reasons.joined(separator: "; ")
  }
}
