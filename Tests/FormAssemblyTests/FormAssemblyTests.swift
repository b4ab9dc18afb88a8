import BlueprintCoverage
import Foundation
import ItemBank
import ItemResponseTheory
import Testing

@testable import FormAssembly

/// The repository's shipped sample bank (Items/), found through #filePath.
func samplePath(_ relative: String, filePath: String = #filePath) -> String {
  URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(relative).path
}

/// A blueprint of two domains (60/40 ± 0), two levels and `scored` + `pretest` items.
func twoDomainBlueprint(scored: Int = 10, pretest: Int = 2, levels: Bool = false) -> Blueprint {
  Blueprint(
    id: "tiny", exam: "Tiny", formLength: scored + pretest, scoredCount: scored, pretestCount: pretest,
    domains: [
      BlueprintDomain(id: "a", title: "A", target: WeightTarget(weight: 60, tolerance: 0)),
      BlueprintDomain(id: "b", title: "B", target: WeightTarget(weight: 40, tolerance: 0)),
    ],
    cognitiveLevels: levels
      ? [.recall: WeightTarget(weight: 50, tolerance: 0), .application: WeightTarget(weight: 50, tolerance: 0)] : [:])
}

func item(
  _ id: String, _ domain: String, _ status: ItemStatus = .operational, level: CognitiveLevel = .recall,
  enemies: [String] = []
) -> Item {
  Item(
    id: id, status: status, domain: domain, cognitiveLevel: level, stem: "Question \(id)?",
    options: [ItemOption(id: "A", text: "x"), ItemOption(id: "B", text: "y")], key: id.hasSuffix("1") ? "A" : "B",
    enemies: enemies)
}

@Suite struct AnchorMiniatureTests {
  /// 20 anchors on a 50-item form, tolerance 4 % (0.8 anchor items): 4 anchors in a domain need
  /// q = 0.4 s with min(⌈q − 0.8⌉, ⌊q⌋) ≤ 4 ≤ max(⌊q + 0.8⌋, ⌈q⌉). By hand: s = 7 gives
  /// q = 2.8, largest allowed 3 (no); s = 8, q = 3.2, range 3–4 (yes); s = 12, q = 4.8, range
  /// 4–5 (yes); s = 13, q = 5.2, range 5–6 (no).
  @Test func allowedScoredCountsMatchAHandComputation() {
    let range = AnchorMiniature.allowedScoredCounts(
      anchorsInDomain: 4, anchorTotal: 20, scoredTotal: 50, tolerancePercent: 4)
    #expect(range == 8...12)
    #expect(
      AnchorMiniature.allowedScoredCounts(anchorsInDomain: 21, anchorTotal: 20, scoredTotal: 50, tolerancePercent: 4)
        == nil)
  }
}

@Suite struct FormAssemblyTests {
  /// The next form of the shipped sample: form-a's anchors, matching form-a's TCC, items of
  /// form-a and form-b usable once more, parameters the simulation's truth.
  @Test func nextSampleFormMatchesTheBaseFormAtTheCut() throws {
    let bank = BankLoader.load(root: samplePath("Items"))
    let blueprint = try #require(bank.blueprint("cpim-demo"))
    let formA = try #require(bank.form("form-a"))
    let formB = try #require(bank.form("form-b"))
    let file = try ParameterFile.read(path: samplePath("Items/responses/true-parameters.csv"))
    let parameters = IndexedParameters(file)
    let base = formA.scoredItemIDs.map { parameters.parameters(for: $0)! }
    let cut = 0.0
    let thetas = AssemblyOptions.defaultThetaPoints(cut: cut)
    let options = AssemblyOptions(
      formIDs: ["form-c"], objective: .tcc, thetaCut: cut,
      target: TargetCurves(items: base, scalingConstant: 1, thetas: thetas, source: "form-a"),
      anchors: .given(formA.anchorItemIDs), maxUses: 2, previousForms: [formA, formB])
    let result = try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: parameters, options: options)
    let form = try #require(result.forms.first)
    // Coverage passes (the coverage module's own check).
    #expect(FormCoverage(form: form, bank: bank, blueprint: blueprint).passed)
    #expect(Set(form.anchorItemIDs) == Set(formA.anchorItemIDs))
    // The TCC at the cut, recomputed from the items: Σ P_i(0).
    func tcc(_ ids: [String], at theta: Double) -> Double {
      ids.reduce(0) { $0 + parameters.parameters(for: $1)!.probability(at: theta, scalingConstant: 1) }
    }
    let deviation = tcc(form.scoredItemIDs, at: cut) - tcc(formA.scoredItemIDs, at: cut)
    // Form B was written harder than A (docs/sample-bank.md); the assembled form is far closer.
    let deviationB = tcc(formB.scoredItemIDs, at: cut) - tcc(formA.scoredItemIDs, at: cut)
    #expect(abs(deviation) < 0.05, "TCC deviation at the cut \(deviation)")
    #expect(abs(deviationB) > 1)
    // The objective is the largest deviation over the five points.
    let largest = thetas.map { abs(tcc(form.scoredItemIDs, at: $0) - tcc(formA.scoredItemIDs, at: $0)) }.max()!
    #expect(abs(result.outcome.objective - largest) < 1e-9)
    // Items used at most twice counting form-a and form-b (anchors aside).
    let anchors = Set(formA.anchorItemIDs)
    for id in form.entries.map(\.itemID) where !anchors.contains(id) {
      let uses = 1 + [formA, formB].filter { $0.entries.contains { $0.itemID == id } }.count
      #expect(uses <= 2, "\(id) used \(uses) times")
    }
  }

  @Test func aBankShortOfADomainIsExplainedByThatDomain() throws {
    let blueprint = twoDomainBlueprint()
    // Domain a needs 6 operational items; the bank has 5, one of them excluded.
    var items = (1...5).map { item("A\($0)", "a") } + (1...6).map { item("B\($0)", "b") }
    items += [item("P1", "a", .pretest), item("P2", "b", .pretest)]
    let bank = ItemBank(root: "<memory>", items: items, blueprints: [blueprint])
    let parameters = IndexedParameters(items: items.map { ItemParameters(id: $0.id, b: 0) })
    let options = AssemblyOptions(formIDs: ["x"], objective: .maxInformation, exclude: ["A5"])
    #expect {
      try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: parameters, options: options)
    } throws: { error in
      guard let infeasible = error as? AssemblyInfeasibility else { return false }
      return infeasible.proven
        && infeasible.reasons.contains {
          $0.hasPrefix("domain 'a' needs 6 operational item(s) with parameters for one form")
            && $0.contains("the bank has 4 ")
        }
    }
  }

  @Test func includedItemUsedBeyondItsLimitIsExplained() throws {
    let blueprint = twoDomainBlueprint()
    let items =
      (1...12).map { item("A\($0)", "a") } + (1...8).map { item("B\($0)", "b") }
      + (1...4).map { item("P\($0)", "a", .pretest) }
    let bank = ItemBank(root: "<memory>", items: items, blueprints: [blueprint])
    let parameters = IndexedParameters(items: items.map { ItemParameters(id: $0.id, b: 0) })
    let options = AssemblyOptions(formIDs: ["x", "y"], objective: .maxInformation, include: ["A1"])
    #expect {
      try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: parameters, options: options)
    } throws: { error in
      (error as? AssemblyInfeasibility)?.reasons.contains {
        $0.contains("included item 'A1' would be on 2 forms but may be used 1 more time(s)")
      } ?? false
    }
  }

  /// Maximum information on one form by brute force over every subset that meets the blueprint
  /// (6 of 9 in domain a, 4 of 7 in domain b, 5 recall + 5 application, no enemies on a form).
  @Test func maxInformationEqualsTheExhaustiveOptimum() throws {
    let blueprint = twoDomainBlueprint(scored: 10, pretest: 1, levels: true)
    var rng = SyntheticBank.Generator(state: 7)
    var items: [Item] = []
    var parameters: [ItemParameters] = []
    for d in ["a", "b"] {
      for k in 1...(d == "a" ? 9 : 7) {
        let id = "\(d.uppercased())\(k)"
        items.append(
          item(id, d, level: rng.uniform() < 0.5 ? .recall : .application, enemies: id == "A1" ? ["A2"] : []))
        parameters.append(ItemParameters(id: id, a: 0.5 + rng.uniform(), b: rng.normal(), c: 0.2 * rng.uniform()))
      }
    }
    items.append(item("P1", "a", .pretest))
    let bank = ItemBank(root: "<memory>", items: items, blueprints: [blueprint])
    let source = IndexedParameters(items: parameters)
    let info = Dictionary(uniqueKeysWithValues: parameters.map { ($0.id, $0.information(at: 0.5, scalingConstant: 1)) })
    // Exhaustive optimum.
    let a = items.filter { $0.domain == "a" && $0.status == .operational }
    let b = items.filter { $0.domain == "b" }
    func subsets(_ pool: [Item], _ k: Int) -> [[Item]] {
      guard k > 0 else { return [[]] }
      guard pool.count >= k else { return [] }
      let rest = Array(pool.dropFirst())
      return subsets(rest, k - 1).map { [pool[0]] + $0 } + subsets(rest, k)
    }
    var best = -Double.infinity
    for left in subsets(a, 6) where !(left.contains { $0.id == "A1" } && left.contains { $0.id == "A2" }) {
      for right in subsets(b, 4) {
        let chosen = left + right
        guard chosen.filter({ $0.cognitiveLevel == .recall }).count == 5 else { continue }
        best = Swift.max(best, chosen.reduce(0) { $0 + info[$1.id]! })
      }
    }
    #expect(best > 0)
    let options = AssemblyOptions(formIDs: ["x"], objective: .maxInformation, thetaCut: 0.5)
    let result = try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: source, options: options)
    #expect(abs(result.outcome.objective - best) < 1e-9, "built-in \(result.outcome.objective), exhaustive \(best)")
    #expect(result.outcome.bound! >= best - 1e-9)
  }

  /// Two forms from a synthetic bank with enemies, U = 2 and K = 6: every constraint holds when
  /// checked from the forms alone.
  @Test func parallelFormsRespectEnemiesUsesAndOverlap() throws {
    let blueprint = try #require(BankLoader.load(root: samplePath("Items")).blueprint("cpim-demo"))
    let synthetic = SyntheticBank(items: 200, blueprint: blueprint, enemyPairs: 40, seed: 3)
    let parameters = IndexedParameters(items: synthetic.parameters)
    let reference = Array(synthetic.parameters.prefix(50))
    let thetas = AssemblyOptions.defaultThetaPoints(cut: 0)
    let options = AssemblyOptions(
      formIDs: ["f1", "f2"], objective: .tcc,
      target: TargetCurves(items: reference, scalingConstant: 1, thetas: thetas, source: "first 50"),
      maxUses: 2, maxOverlap: 6, restarts: 2)
    let result = try Assembler.assemble(
      bank: synthetic.bank, blueprint: blueprint, parameters: parameters, options: options)
    #expect(result.forms.count == 2)
    for form in result.forms {
      #expect(FormCoverage(form: form, bank: synthetic.bank, blueprint: blueprint).passed)
      let ids = Set(form.entries.map(\.itemID))
      for entry in form.entries {
        for enemy in synthetic.bank.item(entry.itemID)!.enemies { #expect(!ids.contains(enemy)) }
      }
    }
    let shared = Set(result.forms[0].entries.map(\.itemID)).intersection(result.forms[1].entries.map(\.itemID))
    #expect(shared.count <= 6)
    // Matching the target: within one raw-score point at every θ point.
    for curve in result.curves {
      for k in thetas.indices { #expect(abs(curve.tcc[k] - options.target!.tcc[k]) < 1) }
    }
  }

  @Test func sameInputGivesTheSameForms() throws {
    let blueprint = twoDomainBlueprint(scored: 10, pretest: 2, levels: true)
    let synthetic = SyntheticBank(items: 60, blueprint: blueprint, enemyPairs: 5, seed: 11)
    let parameters = IndexedParameters(items: synthetic.parameters)
    let options = AssemblyOptions(formIDs: ["x", "y"], objective: .maxInformation, restarts: 3)
    let first = try Assembler.assemble(
      bank: synthetic.bank, blueprint: blueprint, parameters: parameters, options: options)
    let second = try Assembler.assemble(
      bank: synthetic.bank, blueprint: blueprint, parameters: parameters, options: options)
    #expect(first.forms == second.forms)
    #expect(first.forms.map { $0.yamlText() } == second.forms.map { $0.yamlText() })
  }

  @Test func formFilesReadBackAsTheSameForm() throws {
    let form = Form(
      id: "new-1", title: "A: title", blueprintID: "tiny",
      entries: [FormEntry(itemID: "A1", role: .anchor), FormEntry(itemID: "true", role: .pretest)])
    let (parsed, diagnostics) = FormParser.parse(form.yamlText(notes: "n"), file: "new-1.yml")
    #expect(diagnostics.isEmpty)
    #expect(parsed?.entries.map(\.itemID) == ["A1", "true"])
    #expect(parsed?.entries.map(\.role) == [.anchor, .pretest])
    #expect(parsed?.title == "A: title")
  }
}
