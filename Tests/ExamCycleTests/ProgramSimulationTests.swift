import Equating
import ExamCycle
import Foundation
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory
import Testing

/// A four-administration program simulated from known truth (2PL, D = 1), run end to end by
/// ``ExamCycleRunner`` and checked against the true conversions.
///
/// Truth (written here, independent of the code under test):
/// - 10 anchors on every form; 20 unique scored items on forms 1–3, each form's unique items
///   shifted in b by +0.0, +0.5, −0.4 (different difficulty); form 4 reuses 10 unique items of
///   form 2, 8 of form 3 and form 2's two pretest items (now scored), so every scored item of
///   form 4 is banked before it is given and it is pre-equated. 2 pretest items on forms 1–3.
/// - Groups: θ ~ N(0, 1), N(0.3, 1), N(−0.3, 0.9), N(0.2, 1.1), 2,000 candidates each.
/// - Drift: anchor ANC-03 is 0.8 logits easier (b − 0.8) from administration 3 on.
/// - The cut: a raw score of form 1 (the reference form, 30 scored items) between 18 and 22,
///   chosen from the truth alone before the program runs: the one whose true equivalents on every
///   form lie farthest from a raw-score boundary, so that the lowest passing raw score is a fair
///   test (sampling error of a fraction of a raw point cannot honestly move it).
///
/// The true conversion of form k is IRT true-score equating of its true parameters to form 1's
/// true parameters, through ``ScaleTableBuilder`` with the same scale: what the program would
/// report if calibration had no sampling error.
@Suite struct ProgramSimulationTests {
  static let marker = "quokkafen"
  static let anchors = (1...10).map { String(format: "ANC-%02d", $0) }

  struct Truth {
    var parameters: [String: ItemParameters]
    var forms: [(id: String, anchors: [String], scored: [String], pretest: [String])]
    var groups: [LatentDistribution]
    /// True parameters of an item on administration `index` (drift included).
    func parameters(_ id: String, administration index: Int) throws -> ItemParameters {
      var item = try #require(parameters[id])
      if id == "ANC-03" && index >= 2 { item.b -= 0.8 }
      return item
    }
  }

  static func truth() -> Truth {
    var generator = Xoshiro256StarStar(seed: 4242)
    var parameters: [String: ItemParameters] = [:]
    func draw(_ id: String, shift: Double) {
      let a = min(max(exp(log(1.1) + 0.25 * generator.nextNormal()), 0.7), 1.8)
      let b = min(max(0.8 * generator.nextNormal(), -1.8), 1.8) + shift
      parameters[id] = ItemParameters(id: id, a: a, b: b)
    }
    for id in anchors { draw(id, shift: 0) }
    let shifts = [0.0, 0.5, -0.4]
    var unique: [[String]] = []
    var pretest: [[String]] = []
    for form in 1...3 {
      unique.append((1...20).map { String(format: "U%d-%02d", form, $0) })
      pretest.append((1...2).map { String(format: "P%d-%02d", form, $0) })
      for id in unique[form - 1] { draw(id, shift: shifts[form - 1]) }
      for id in pretest[form - 1] { draw(id, shift: 0) }
    }
    var forms = (0..<3).map { (id: "form-\($0 + 1)", anchors: anchors, scored: unique[$0], pretest: pretest[$0]) }
    forms.append(
      (
        id: "form-4", anchors: anchors, scored: Array(unique[1].prefix(10)) + Array(unique[2].prefix(8)) + pretest[1],
        pretest: []
      ))
    return Truth(
      parameters: parameters, forms: forms,
      groups: [
        LatentDistribution(mean: 0, sd: 1), LatentDistribution(mean: 0.3, sd: 1),
        LatentDistribution(mean: -0.3, sd: 0.9),
        LatentDistribution(mean: 0.2, sd: 1.1),
      ])
  }

  /// The true equated scores of every form (raw 0…n → form-1 equivalent).
  static func trueEquated(_ truth: Truth) throws -> [[Double]] {
    let reference = truth.forms[0]
    let base = try ParameterFile(
      model: "2pl", items: (reference.anchors + reference.scored).map { try truth.parameters($0, administration: 0) })
    return try truth.forms.indices.map { index in
      let form = truth.forms[index]
      let new = try ParameterFile(
        model: "2pl", items: (form.anchors + form.scored).map { try truth.parameters($0, administration: index) })
      return try IRTEquating.equate(base: base, new: new).scores.map(\.equated)
    }
  }

  /// The cut in 18.0, 18.1, …, 22.0 that maximises the smallest distance, over the forms, between
  /// the cut and the true equivalents of the raw scores either side of it; and that distance.
  static func cut(_ truth: Truth) throws -> (cut: Double, margin: Double) {
    let equated = try trueEquated(truth)
    var best = (cut: 20.0, margin: -1.0)
    for step in 0...40 {
      let cut = 18 + 0.1 * Double(step)
      let margin =
        equated.map { scores -> Double in
          guard let first = scores.firstIndex(where: { $0 >= cut }), first > 0 else { return 0 }
          return min(scores[first] - cut, cut - scores[first - 1])
        }.min() ?? 0
      if margin > best.margin { best = (cut, margin) }
    }
    return best
  }

  static func makeProgram(at root: URL, truth: Truth, cut: Double) throws -> ProjectConfiguration {
    func write(_ text: String, _ relative: String) throws {
      let url = root.appendingPathComponent(relative)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let keys = ["A", "B", "C", "D"]
    let scoredSomewhere = Set(truth.forms.flatMap { $0.anchors + $0.scored })
    let ids = truth.parameters.keys.sorted()
    for (index, id) in ids.enumerated() {
      let status = scoredSomewhere.contains(id) ? "operational" : "pretest"
      try write(
        """
        id: \(id)
        status: \(status)
        domain: d\(index % 2 + 1)
        cognitive_level: recall
        stem: Which \(marker) measure number \(index) applies here?
        options:
          A: \(marker) first measure \(index)
          B: \(marker) second measure \(index)
          C: \(marker) third measure \(index)
          D: \(marker) fourth measure \(index)
        key: \(keys[index % 4])
        rationale: Because.
        references: [Test reference]

        """, "Bank/d\(index % 2 + 1)/\(id).yml")
    }
    try write(
      """
      id: mini
      exam: Mini exam
      form_length: 32
      scored: 30
      pretest: 2
      weights: {unit: percent, source: invented for the test}
      domains:
        - {id: d1, title: One, weight: 50, tolerance: 50}
        - {id: d2, title: Two, weight: 50, tolerance: 50}

      """, "Bank/blueprints/mini.yml")
    try write(
      "range: [200, 350]\npassing_score: 300\ncut: {raw: \(String(format: "%.1f", cut))}\nmapping: {type: piecewise-raw}\nrounding: nearest\ndecimals: 0\nclamp: true\n",
      "scale.yml")
    var configuration = ProjectConfiguration()
    configuration.bank = root.appendingPathComponent("Bank").path
    configuration.output = root.appendingPathComponent("out").path
    configuration.scale = root.appendingPathComponent("scale.yml").path
    configuration.model = "2pl"
    configuration.driftAlpha = 0.01
    configuration.administrations = []
    for (index, form) in truth.forms.enumerated() {
      var text = "id: \(form.id)\nblueprint: mini\nitems:\n"
      for id in form.anchors { text += "  - {id: \(id), role: anchor}\n" }
      for id in form.scored { text += "  - {id: \(id), role: scored}\n" }
      for id in form.pretest { text += "  - {id: \(id), role: pretest}\n" }
      try write(text, "Bank/forms/\(form.id).yml")
      let itemIDs = form.anchors + form.scored + form.pretest
      let items = try itemIDs.map { try truth.parameters($0, administration: index) }
      let options = try itemIDs.map {
        ResponseSimulator.Options(ids: keys, keyIndex: try #require(ids.firstIndex(of: $0)) % 4)
      }
      let simulated = ResponseSimulator(items: items, latent: truth.groups[index], options: options)
        .simulate(candidates: 2000, seed: UInt64(100 + index))
      try write(simulated.responses.csvText(candidateHeader: "candidate_id"), "Bank/responses/\(form.id).csv")
      configuration.administrations.append(
        .init(
          id: form.id, responses: configuration.bank + "/responses/\(form.id).csv", date: "2027-0\(index + 1)-01",
          administration: "admin-\(index + 1)"))
    }
    return configuration
  }

  /// The true conversion table of administration `index`.
  static func trueTable(_ truth: Truth, _ index: Int, scale: ScaleSpecification) throws -> ConversionTable {
    let reference = truth.forms[0]
    let base = try ParameterFile(
      model: "2pl", items: (reference.anchors + reference.scored).map { try truth.parameters($0, administration: 0) })
    let form = truth.forms[index]
    let new = try ParameterFile(
      model: "2pl", latent: truth.groups[index],
      items: (form.anchors + form.scored).map { try truth.parameters($0, administration: index) })
    let equating = try IRTEquating.equate(base: base, new: new)
    return try ScaleTableBuilder.build(equating: equating, base: base, new: new, scale: scale)
  }

  @Test func everyTableMatchesTheTruthNearTheCutAndTheDriftingAnchorIsDropped() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("program-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let truth = Self.truth()
    let (cut, margin) = try Self.cut(truth)
    // The design: every form's true cut at least 0.25 raw points from a raw-score boundary.
    try #require(margin >= 0.25, "design margin \(margin) at cut \(cut)")
    let configuration = try Self.makeProgram(at: root, truth: truth, cut: cut)
    let report = try ExamCycleRunner(configuration: configuration, steps: [.calibrate, .link, .equate, .tables]).run()
    let scale = try ScaleSpecification.read(path: configuration.scale)
    #expect(report.administrations.count == 4)

    for (index, outcome) in report.administrations.enumerated() {
      #expect(outcome.converged == true, "\(outcome.administration)")
      let truthTable = try Self.trueTable(truth, index, scale: scale)
      let trueCut = try #require(truthTable.lowestPassingRaw)
      #expect(
        outcome.lowestPassingRaw == trueCut,
        "\(outcome.administration): estimated \(String(describing: outcome.lowestPassingRaw)), true \(trueCut)")
      // Read the post-equated table the run wrote and compare near the cut: within 0.6 raw points
      // of form 1 (about 2.5 standard errors of a chain of three links at 2,000 candidates).
      let written = try String(
        contentsOfFile: configuration.output + "/\(outcome.administration)/tables/\(outcome.formID).csv",
        encoding: .utf8)
      let rows = written.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
      }
      for raw in (trueCut - 3)...(trueCut + 3) {
        let equated = try #require(Double(rows[raw][2]))
        #expect(
          abs(equated - truthTable.rows[raw].equated) < 0.6,
          "\(outcome.administration) raw \(raw): \(equated) vs \(truthTable.rows[raw].equated)")
      }
    }

    // Drift: ANC-03 flagged and dropped at administration 3, no other anchor dropped anywhere;
    // at administration 4 it no longer links.
    let dropped = report.administrations.map(\.droppedAnchors)
    #expect(dropped == [[], [], ["ANC-03"], []])
    #expect(report.administrations[3].linking?.anchors.contains("ANC-03") == false)
    #expect(report.administrations[3].linking?.anchors.count == 9)
    let bank = try #require(report.bank)
    #expect(bank.item("ANC-03")?.droppedAsAnchor == ["admin-3"])
    #expect(bank.items.filter { !$0.droppedAsAnchor.isEmpty }.map(\.id) == ["ANC-03"])

    // Form 4 is pre-equated from the bank alone, agrees with its truth at the cut, and form 2's
    // pretest items are promoted.
    let fourth = report.administrations[3]
    let pre = try #require(fourth.preEquated)
    #expect(pre.lowestPassingRaw == (try Self.trueTable(truth, 3, scale: scale)).lowestPassingRaw)
    #expect(Set(fourth.promoted) == ["P2-01", "P2-02"])
    #expect(report.administrations[1].notPreEquatable.count == 20)
    // The bank after the run reads back to the same bytes, and carries no item text.
    let text = try String(contentsOfFile: configuration.output + "/bank.yml", encoding: .utf8)
    #expect(BankScaleFile.text(try BankScaleFile.parse(text, file: "bank.yml")) == text)
    #expect(!text.contains(Self.marker))
  }
}
