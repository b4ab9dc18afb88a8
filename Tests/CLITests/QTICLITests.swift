import Foundation
import Testing

/// `itembench export qti` and `itembench import qti` as a user runs them.
@Suite struct QTICLITests {
  let items = CLIRunner.packageRoot.appendingPathComponent("Items").path
  let foreign = CLIRunner.packageRoot.appendingPathComponent("Tests/QTIInterchangeTests/Fixtures/foreign").path

  @Test func exportTwiceGivesTheSameArchive() throws {
    try withTemporaryDirectory { directory in
      let out = directory.appendingPathComponent("out").path
      let first = try CLIRunner.run(["export", "qti", "--bank", items, "--out", out, "--name", "pkg"])
      #expect(first.status == 0, "\(first.stderr)")
      // "…/pkg.zip: N items, F tests, … bytes", one test per form file of the bank.
      let count = try #require(
        first.stdout.split(separator: " ").firstIndex(of: "items,").flatMap {
          Int(first.stdout.split(separator: " ")[$0 - 1])
        })
      #expect(count > 100)
      let forms = try FileManager.default.contentsOfDirectory(atPath: items + "/forms")
        .filter { $0.hasSuffix(".yml") }.count
      #expect(first.stdout.contains("pkg.zip: \(count) items, \(forms) tests"))
      let archive = try Data(contentsOf: URL(fileURLWithPath: out + "/pkg.zip"))
      let second = try CLIRunner.run(["export", "qti", "--bank", items, "--out", out, "--name", "pkg"])
      #expect(second.status == 0)
      #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/pkg.zip")) == archive)
      #expect(try listing(URL(fileURLWithPath: out)) == ["pkg.zip"])  // no temporary file left

      // The import of the whole package is checked by Tools/ci/qti.sh and, in the library,
      // by the round-trip tests.
    }
  }

  @Test func foreignItemsConvertAndRefusalsAreListedWithLines() throws {
    try withTemporaryDirectory { directory in
      let bank = directory.appendingPathComponent("bank")
      try FileManager.default.createDirectory(at: bank, withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: items + "/blueprints", toPath: bank.appendingPathComponent("blueprints").path)
      let result = try CLIRunner.run(["import", "qti", foreign, "--bank", bank.path, "--domain", "inventory"])
      #expect(result.status == 1)
      #expect(result.stderr.contains("Imported 4 item(s); refused 6."))
      #expect(
        result.stderr.contains(
          "refused-text-entry.xml:9:7: error: cannot import item 'gap-3': <qti-text-entry-interaction> is not a choice interaction"
        ))
      #expect(
        result.stderr.contains(
          "refused-multiple-cardinality.xml:4:3: error: cannot import item 'multi-7': cardinality 'multiple'"))
      #expect(
        try listing(bank.appendingPathComponent("inventory")) == [
          "BANK2_0042.yml", "ext-safety-stock-1.yml", "i15f0c2a1.yml", "q1013.yml",
        ])
    }
  }

  @Test func unsafeNamesAreUsageErrors() throws {
    let result = try CLIRunner.run(["export", "qti", "--bank", items, "--name", "../escape"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--name '../escape'"))
  }
}
