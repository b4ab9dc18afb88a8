import BlueprintCoverage
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// The result of an assembly: the new forms, what the solver reported, and the checks.
public struct AssemblyResult: Sendable {
  public var problem: AssemblyProblem
  public var forms: [Form]
  public var outcome: SolverOutcome
  /// When the anchors were assembled: the anchor stage's outcome.
  public var anchorOutcome: SolverOutcome?
  /// Each new form's row values (TCC / TIF at the θ points, fixed items included).
  public var rowValues: [[Double]]
  /// The TCC and TIF of each new form at the report's θ points.
  public var curves: [TargetCurves]
  /// Coverage of each new form against its blueprint (every one passes).
  public var coverage: [FormCoverage]
}

/// Automated test assembly (ATA, van der Linden, *Linear Models for Optimal Test Design*, 2005):
/// builds `options.formIDs.count` forms to the blueprint from the bank (see ``AssemblyProblem``
/// for the program and ``HeuristicSolver`` / ``CBCSolver`` for the solvers).
public enum Assembler {
  /// Assembles the forms.
  ///
  /// Anchors: ``AnchorPolicy/given(_:)`` puts the items on every form; with
  /// ``AnchorPolicy/assembled(count:)`` a first stage assembles the anchor set alone, as a
  /// miniature of the blueprint (A items split over the domains by largest remainder of the
  /// domains' targets, matching the target scaled by A / scored, or the most informative), and
  /// the forms are then assembled around it.
  ///
  /// - Throws: ``AssemblyInputError`` for bad input, ``AssemblyInfeasibility`` when the
  ///   constraints conflict (with the reasons).
  public static func assemble(
    bank: ItemBank, blueprint: Blueprint, parameters: any ItemParameterSource, options: AssemblyOptions
  ) throws -> AssemblyResult {
    var options = options
    var anchorOutcome: SolverOutcome?
    if case .assembled(let count) = options.anchors {
      let (ids, outcome) = try assembleAnchors(
        count: count, bank: bank, blueprint: blueprint, parameters: parameters, options: options)
      options.anchors = .given(ids)
      anchorOutcome = outcome
    }
    let problem = try AssemblyProblem(bank: bank, blueprint: blueprint, parameters: parameters, options: options)
    let reasons = problem.infeasibilities()
    guard reasons.isEmpty else { throw AssemblyInfeasibility(reasons: reasons, proven: true) }
    let outcome = try solver(options).solve(problem, timeLimit: options.timeLimit)
    return try result(
      problem: problem, outcome: outcome, anchorOutcome: anchorOutcome, bank: bank, parameters: parameters,
      options: options)
  }

  static func solver(_ options: AssemblyOptions) -> any AssemblySolver {
    switch options.solver {
    case .builtin: HeuristicSolver(restarts: options.restarts, seed: options.seed)
    case .cbc: CBCSolver()
    }
  }

  /// The first stage of assembled anchors: one "form" of `count` items whose domain counts are the
  /// largest-remainder split of `count` over the blueprint's domain targets.
  static func assembleAnchors(
    count: Int, bank: ItemBank, blueprint: Blueprint, parameters: any ItemParameterSource, options: AssemblyOptions
  ) throws -> ([String], SolverOutcome) {
    let total = blueprint.scoredCount
    let percent = blueprint.weightUnit == .percent
    let targets = CountTarget.targets(
      total: total, weights: blueprint.domains.map(\.target.weight),
      toleranceItems: blueprint.domains.map {
        percent ? Double(total) * $0.target.tolerance / 100 : $0.target.tolerance
      })
    let split = Apportionment.largestRemainder(total: count, weights: targets.map { Double($0.target) })
    var miniature = blueprint
    miniature.id = blueprint.id + "-anchors"
    miniature.formLength = count
    miniature.scoredCount = count
    miniature.pretestCount = 0
    miniature.weightUnit = .count
    miniature.cognitiveLevels = [:]
    for d in miniature.domains.indices {
      miniature.domains[d].target = WeightTarget(weight: Double(split[d]), tolerance: 0)
    }
    var stage = options
    stage.formIDs = ["anchor-set"]
    stage.anchors = .none
    stage.maxOverlap = nil
    stage.include = []
    if let target = options.target {
      let scale = Double(count) / Double(Swift.max(1, total))
      stage.target = TargetCurves(
        thetas: target.thetas, tcc: target.tcc.map { $0 * scale }, tif: target.tif.map { $0 * scale },
        source: target.source + " scaled by \(count)/\(total)")
    }
    let problem = try AssemblyProblem(bank: bank, blueprint: miniature, parameters: parameters, options: stage)
    let reasons = problem.infeasibilities()
    guard reasons.isEmpty else {
      throw AssemblyInfeasibility(reasons: reasons.map { "anchor set of \(count): " + $0 }, proven: true)
    }
    let outcome = try solver(stage).solve(problem, timeLimit: options.timeLimit)
    return (outcome.scored[0].map { problem.candidates[$0].id }, outcome)
  }

  /// Forms, curves and coverage from a solver's outcome; throws if a form fails coverage (which
  /// would be a defect of the model, never of the input).
  static func result(
    problem: AssemblyProblem, outcome: SolverOutcome, anchorOutcome: SolverOutcome?, bank: ItemBank,
    parameters: any ItemParameterSource, options: AssemblyOptions
  ) throws -> AssemblyResult {
    var forms: [Form] = []
    var coverage: [FormCoverage] = []
    var curves: [TargetCurves] = []
    let domainOrder = Dictionary(
      problem.blueprint.domains.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let thetas = options.target?.thetas ?? AssemblyOptions.defaultThetaPoints(cut: options.thetaCut)
    // Candidates come from the bank, so the lookup fails only on a defect of the model.
    func item(_ i: Int) throws -> Item {
      guard let item = bank.item(problem.candidates[i].id) else {
        throw AssemblyInputError(
          "internal error: candidate '\(problem.candidates[i].id)' is not in the bank; please report it")
      }
      return item
    }
    for (f, id) in problem.formIDs.enumerated() {
      var entries: [(Item, FormRole)] = []
      for i in problem.anchorItems { entries.append((try item(i), .anchor)) }
      for i in problem.includedScored + outcome.scored[f] {
        entries.append((try item(i), .scored))
      }
      for i in problem.includedPretest + outcome.pretest[f] {
        entries.append((try item(i), .pretest))
      }
      // Administration order: blueprint domain order, then id (pretest items outside the
      // blueprint's domains last).
      entries.sort { a, b in
        let da = domainOrder[a.0.domain] ?? Int.max
        let db = domainOrder[b.0.domain] ?? Int.max
        return da != db ? da < db : a.0.id < b.0.id
      }
      let form = Form(
        id: id, title: "Assembled form \(id) (itembench assemble)", blueprintID: problem.blueprint.id,
        entries: entries.map { FormEntry(itemID: $0.0.id, role: $0.1) })
      let check = FormCoverage(form: form, bank: bank, blueprint: problem.blueprint)
      guard check.passed else {
        let problems = check.diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "; ")
        throw AssemblyInputError(
          "internal error: assembled form '\(id)' fails coverage (\(problems)); please report it")
      }
      forms.append(form)
      coverage.append(check)
      let scoredParameters = form.scoredItemIDs.compactMap { parameters.parameters(for: $0) }
      curves.append(
        TargetCurves(items: scoredParameters, scalingConstant: parameters.scalingConstant, thetas: thetas, source: id))
    }
    return AssemblyResult(
      problem: problem, forms: forms, outcome: outcome, anchorOutcome: anchorOutcome,
      rowValues: outcome.scored.map { problem.rowValues(scored: $0) }, curves: curves, coverage: coverage)
  }
}
