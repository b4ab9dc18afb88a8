import ExamCycle
import Foundation
import ItemBenchCore
import Testing

/// A form with a partial-credit item: lint and coverage run, the scoring steps refuse the form
/// at the entry naming the item (rather than failing on its missing key in the responses).
@Suite struct PartialCreditCycleTests {
  @Test func aFormWithAPartialCreditItemIsRefusedAtItsEntry() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cycle-pc-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let configuration = try ExamCycleRunTests.makeProject(at: root)
    // PRA-2, a pretest item of form A (its last entry, line 15), becomes a partial-credit item.
    try """
    id: PRA-2
    status: pretest
    domain: d2
    cognitive_level: analysis
    type: partial-credit
    stem: Compute the measure and show your work.
    score_categories:
      - {score: 0, rubric: No relevant work.}
      - {score: 1, rubric: Sets up the computation.}
      - {score: 2, rubric: Computes the measure.}
    references: [Test reference]

    """.write(
      toFile: configuration.bank + "/d2/PRA-2.yml", atomically: true, encoding: .utf8)

    let report = try ExamCycleRunner(configuration: configuration, steps: [.lint, .coverage]).run()
    #expect(report.files.contains("lint.txt"))

    let error = try #require(throws: CycleError.self) { try ExamCycleRunner(configuration: configuration).run() }
    #expect(error.message.hasPrefix("form 'form-a' has the partial-credit item 'PRA-2' (pretest)"))
    #expect(
      error.diagnosticLocation
        == SourceLocation(file: configuration.bank + "/forms/form-a.yml", line: 15, column: 10))
  }
}
