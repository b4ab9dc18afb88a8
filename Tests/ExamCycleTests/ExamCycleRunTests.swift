import ExamCycle
import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

/// The whole cycle on a small project made in the test: two 12-item forms (10 scored of which 4
/// anchors, 2 pretest) with responses simulated from known 2PL parameters.
@Suite struct ExamCycleRunTests {
  /// A word that appears in every stem and option, so any leak of item text is visible.
  static let marker = "zebracorn"

  /// Builds the project under `root` and returns its configuration.
  static func makeProject(at root: URL) throws -> ProjectConfiguration {
    func write(_ text: String, _ relative: String) throws {
      let url = root.appendingPathComponent(relative)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let anchors = (1...4).map { "ANC-\($0)" }
    let uniqueA = (1...6).map { "UNA-\($0)" }
    let uniqueB = (1...6).map { "UNB-\($0)" }
    let pretestA = ["PRA-1", "PRA-2"]
    let pretestB = ["PRB-1", "PRB-2"]
    let all = anchors + uniqueA + uniqueB + pretestA + pretestB
    let keys = ["A", "B", "C", "D"]
    for (index, id) in all.enumerated() {
      let status = id.hasPrefix("PR") ? "pretest" : "operational"
      let domain = index % 2 == 0 ? "d1" : "d2"
      let key = keys[index % 4]
      try write(
        """
        id: \(id)
        status: \(status)
        domain: \(domain)
        cognitive_level: recall
        stem: Which \(marker) measure number \(index) applies here?
        options:
          A: \(marker) first measure \(index)
          B: \(marker) second measure \(index)
          C: \(marker) third measure \(index)
          D: \(marker) fourth measure \(index)
        key: \(key)
        rationale: Because.
        references: [Test reference]

        """, "Bank/\(domain)/\(id).yml")
    }
    try write(
      """
      id: mini
      exam: Mini exam
      form_length: 12
      scored: 10
      pretest: 2
      weights: {unit: percent, source: invented for the test}
      domains:
        - {id: d1, title: One, weight: 50, tolerance: 20}
        - {id: d2, title: Two, weight: 50, tolerance: 20}

      """, "Bank/blueprints/mini.yml")
    func formText(_ id: String, unique: [String], pretest: [String]) -> String {
      var text = "id: \(id)\nblueprint: mini\nitems:\n"
      for anchor in anchors { text += "  - {id: \(anchor), role: anchor}\n" }
      for item in unique { text += "  - {id: \(item), role: scored}\n" }
      for item in pretest { text += "  - {id: \(item), role: pretest}\n" }
      return text
    }
    try write(formText("form-a", unique: uniqueA, pretest: pretestA), "Bank/forms/form-a.yml")
    try write(formText("form-b", unique: uniqueB, pretest: pretestB), "Bank/forms/form-b.yml")
    try write(
      "range: [200, 350]\npassing_score: 300\ncut: {raw: 6}\nmapping: {type: piecewise-raw}\nrounding: nearest\ndecimals: 0\nclamp: true\n",
      "scale.yml")

    // True 2PL parameters; form B's unique items are harder by 0.6.
    func truth(_ id: String, _ index: Int) -> ItemParameters {
      let shift = id.hasPrefix("UNB") ? 0.6 : 0
      return ItemParameters(id: id, a: 0.8 + 0.1 * Double(index % 5), b: -1.2 + 0.45 * Double(index % 6) + shift)
    }
    for (formID, ids, seed) in [
      ("form-a", anchors + uniqueA + pretestA, UInt64(11)), ("form-b", anchors + uniqueB + pretestB, UInt64(12)),
    ] {
      let items = try ids.map { id in truth(id, try #require(all.firstIndex(of: id))) }
      let options = try ids.map { id in
        ResponseSimulator.Options(ids: keys, keyIndex: try #require(all.firstIndex(of: id)) % 4)
      }
      let simulated = ResponseSimulator(items: items, options: options).simulate(candidates: 1500, seed: seed)
      try write(simulated.responses.csvText(candidateHeader: "candidate_id"), "Bank/responses/\(formID).csv")
    }

    var configuration = ProjectConfiguration()
    configuration.bank = root.appendingPathComponent("Bank").path
    configuration.output = root.appendingPathComponent("out").path
    configuration.scale = root.appendingPathComponent("scale.yml").path
    configuration.administrations = [
      .init(id: "form-a", responses: configuration.bank + "/responses/form-a.csv", date: "2026-01-01"),
      .init(id: "form-b", responses: configuration.bank + "/responses/form-b.csv", date: "2026-02-01"),
    ]
    configuration.model = "2pl"
    return configuration
  }

  @Test func theCycleWritesEveryOutputIdenticallyTwiceWithoutItemText() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cycle-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var configuration = try Self.makeProject(at: root)
    let first = try ExamCycleRunner(configuration: configuration).run()
    let firstOutput = configuration.output
    configuration.output = root.appendingPathComponent("out2").path
    let second = try ExamCycleRunner(configuration: configuration).run()
    #expect(first.files == second.files)
    for file in [
      "lint.txt", "coverage.md", "form-a/analysis/items.csv", "form-a/parameters/form-a.json",
      "form-b/parameters/form-b-on-bank-scale.json", "form-b/linking.json", "form-b/drift.csv",
      "form-b/equating.csv", "form-a/tables/form-a.csv", "form-b/tables/form-b.json", "form-b/bank.yml",
      "bank.yml", "drift-history.csv", "program.csv", "summary.md", "form-a/scores/scores.csv",
      "form-b/scores/scores.json", "form-b/scores/reports.html", "report.html",
    ] {
      #expect(first.files.contains(file), "missing \(file)")
    }
    for file in first.files {
      let one = try Data(contentsOf: URL(fileURLWithPath: firstOutput + "/" + file))
      let two = try Data(contentsOf: URL(fileURLWithPath: configuration.output + "/" + file))
      #expect(one == two, "\(file) differs between runs")
      // Lint reports are for authors and may quote their text; nothing else may.
      if !file.hasPrefix("lint.") {
        #expect(!String(decoding: one, as: UTF8.self).contains(Self.marker), "\(file) contains item text")
      }
    }
    #expect(first.administrations.map { $0.converged } == [true, true])
    #expect(first.administrations[1].linking?.anchors.sorted() == ["ANC-1", "ANC-2", "ANC-3", "ANC-4"])
  }

  @Test func passRatesFollowTheTablesAndTheRawScores() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cycle-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let configuration = try Self.makeProject(at: root)
    let report = try ExamCycleRunner(configuration: configuration, steps: [.tables]).run()
    let baseForm = try #require(report.administrations.first)
    // The base form's cut is raw 6 (the scale file), so its lowest passing raw score is 6.
    #expect(baseForm.lowestPassingRaw == 6)

    // Recount the observed pass rates from the response files and the keys written above:
    // the raw score counts the 10 scored items (anchors and unique), letters against keys.
    for (index, form) in report.administrations.enumerated() {
      let csv = try String(
        contentsOfFile: index == 0 ? configuration.base.responses : configuration.new.responses, encoding: .utf8)
      let lines = csv.split(separator: "\n")
      let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let keys = ["A", "B", "C", "D"]
      let allIDs =
        (1...4).map { "ANC-\($0)" } + (1...6).map { "UNA-\($0)" } + (1...6).map { "UNB-\($0)" }
        + ["PRA-1", "PRA-2", "PRB-1", "PRB-2"]
      var passing = 0
      for line in lines.dropFirst() {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var raw = 0
        for (column, id) in header.enumerated().dropFirst() where !id.hasPrefix("PR") {
          if cells[column] == keys[allIDs.firstIndex(of: id)! % 4] { raw += 1 }
        }
        if raw >= (form.lowestPassingRaw ?? Int.max) { passing += 1 }
      }
      let expected = Double(passing) / Double(lines.count - 1)
      #expect(abs((form.observedPassRate ?? -1) - expected) < 1e-12, "\(form.formID)")
    }
    // Form B is harder for the same kind of candidates: its cut cannot be higher than A's.
    #expect((report.administrations[1].lowestPassingRaw ?? 99) <= 6)
  }
}

/// The output folder is swapped in whole: a failed run leaves the previous output untouched, and a
/// folder the cycle did not write is never replaced.
@Suite struct OutputStagingTests {
  @Test func aFailedRunLeavesThePreviousOutputAsItWas() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("staging-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var configuration = try ExamCycleRunTests.makeProject(at: root)
    _ = try ExamCycleRunner(configuration: configuration, steps: [.lint, .coverage]).run()
    let before = try FileManager.default.contentsOfDirectory(atPath: configuration.output).sorted()
    let lint = try Data(contentsOf: URL(fileURLWithPath: configuration.output + "/lint.txt"))
    // The second run fails on a response file with a missing column, after lint and coverage.
    let broken = root.appendingPathComponent("broken.csv").path
    try "candidate_id,ANC-1\nC1,A\n".write(toFile: broken, atomically: true, encoding: .utf8)
    configuration.administrations[1].responses = broken
    #expect(throws: CycleError.self) { try ExamCycleRunner(configuration: configuration).run() }
    #expect(try FileManager.default.contentsOfDirectory(atPath: configuration.output).sorted() == before)
    #expect(try Data(contentsOf: URL(fileURLWithPath: configuration.output + "/lint.txt")) == lint)
    let siblings = try FileManager.default.contentsOfDirectory(atPath: root.path)
    #expect(!siblings.contains { $0.contains(".staging-") || $0.contains(".previous-") })
  }

  @Test func aFolderOfTheUsersOwnIsNotReplaced() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("staging-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var configuration = try ExamCycleRunTests.makeProject(at: root)
    configuration.output = root.appendingPathComponent("Bank").path  // the bank itself
    #expect(throws: CycleError.self) { try ExamCycleRunner(configuration: configuration, steps: [.lint]).run() }
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Bank/forms/form-a.yml").path))
  }
}
