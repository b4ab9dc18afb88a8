import Foundation
import Testing

/// `itembench coverage` end to end (docs/coverage.md), on the BlueprintCoverage fixtures.
@Suite struct CoverageCLITests {
  @Test func goodBankPassesWithExitZero() throws {
    let text = try CLIRunner.run(["coverage", "--bank", Fixtures.goodBank])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("Result: PASSED (0 error(s), 0 warning(s))"))

    let json = try CLIRunner.run(["coverage", "--bank", Fixtures.goodBank, "--reporter", "json"])
    #expect(json.status == 0)
    let root = try jsonObject(json.stdout)
    #expect(root["format"] as? Int == 1)
    #expect(root["report"] as? String == "coverage")
    #expect(root["passed"] as? Bool == true)
    #expect(root["errors"] as? Int == 0)
    #expect(root["planned_forms"] as? Int == 1)
    let rules = try #require(root["rules"] as? [String: String])
    #expect(Set(rules.keys) == ["rounding", "status_policy", "bank_capacity", "anchors", "key_balance"])

    // Hand computation (blueprint 'mini'): 10 scored items split 50/30/20 → targets 5, 3, 2 with
    // ±10 % = ±1 item → 4–6, 2–4, 1–3; both forms hold 5/3/2.
    let blueprint = try #require((root["blueprints"] as? [[String: Any]])?.first)
    let forms = try #require(blueprint["forms"] as? [[String: Any]])
    #expect(forms.map { $0["id"] as? String } == ["form-a", "form-b"])
    for form in forms {
      #expect(form["passed"] as? Bool == true)
      let domains = try #require(form["domains"] as? [[String: Any]])
      #expect(domains.map { $0["id"] as? String } == ["alpha", "beta", "gamma"])
      #expect(domains.map { $0["target"] as? Int } == [5, 3, 2])
      #expect(domains.map { $0["minimum"] as? Int } == [4, 2, 1])
      #expect(domains.map { $0["maximum"] as? Int } == [6, 4, 3])
      #expect(domains.map { $0["count"] as? Int } == [5, 3, 2])
      // Keys A, B, C, D three times each over 12 four-option items: X² = 0, df 3, p = 1.
      let keys = try #require(form["keys"] as? [String: Any])
      #expect(number(keys["chi_square"]) == 0)
      #expect(keys["df"] as? Int == 3)
      #expect(number(keys["p_value"]) == 1)
    }
    // form-a and form-b share ALP-01, ALP-02, BET-01, GAM-01 (anchors) and one more item.
    let overlap = try #require((blueprint["overlaps"] as? [[String: Any]])?.first)
    #expect(overlap["shared"] as? Int == 5)
    #expect((overlap["shared_anchors"] as? [String])?.sorted() == ["ALP-01", "ALP-02", "BET-01", "GAM-01"])
  }

  @Test func brokenBankFailsWithExitOneAndLocatedFindings() throws {
    let text = try CLIRunner.run(["coverage", "--bank", Fixtures.brokenBank])
    #expect(text.status == 1, "\(text.stderr)")
    let form = Fixtures.brokenBank + "/forms/broken-form.yml"
    let output = text.stdout + text.stderr
    // The fixture's comments give the lines; entries are located at the id (column 5).
    #expect(output.contains(form + ":16:5: error: form 'broken' lists item 'Z-99', which is not in the bank"))
    #expect(output.contains(form + ":12:5: error:") && output.contains("(duplicate-item)"))
    #expect(output.contains(form + ":10:5: error:") && output.contains("(enemy-pair)"))

    let json = try CLIRunner.run(["coverage", "--bank", Fixtures.brokenBank, "--reporter", "json"])
    #expect(json.status == 1)
    let root = try jsonObject(json.stdout)
    #expect(root["passed"] as? Bool == false)
    let blueprint = try #require((root["blueprints"] as? [[String: Any]])?.first)
    let diagnostics = try #require(blueprint["diagnostics"] as? [[String: Any]])
    let errorCount = diagnostics.filter { $0["severity"] as? String == "error" }.count
    let warningCount = diagnostics.filter { $0["severity"] as? String == "warning" }.count
    #expect(errorCount > 0)
    #expect(root["errors"] as? Int == errorCount)
    #expect(root["warnings"] as? Int == warningCount)
    let codes = Set(diagnostics.compactMap { $0["code"] as? String })
    for code in [
      "form-length", "scored-count", "pretest-count", "domain-weight", "item-not-found", "status-role",
      "duplicate-item", "enemy-pair", "unknown-domain", "bank-shortfall", "empty-domain",
    ] {
      #expect(codes.contains(code), "missing finding \(code)")
    }
    // Sorted by file, then line and column.
    let keys = diagnostics.map { ($0["file"] as? String ?? "", $0["line"] as? Int ?? 0, $0["column"] as? Int ?? 0) }
    #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })

    // docs/coverage.md worked example: 11 scored entries, 40/30/20/10 ± 10 % → quotas 4.4, 3.3,
    // 2.2, 1.1; targets 5, 3, 2, 1; allowed 4–5, 3–4, 2–3, 0–2.
    let brokenForm = try #require((blueprint["forms"] as? [[String: Any]])?.first)
    let domains = try #require(brokenForm["domains"] as? [[String: Any]])
    #expect(domains.map { $0["id"] as? String } == ["alpha", "beta", "gamma", "delta"])
    #expect(domains.map { number($0["quota"]) } == [4.4, 3.3, 2.2, 1.1])
    #expect(domains.map { $0["target"] as? Int } == [5, 3, 2, 1])
    #expect(domains.map { $0["minimum"] as? Int } == [4, 3, 2, 0])
    #expect(domains.map { $0["maximum"] as? Int } == [5, 4, 3, 2])
    #expect(brokenForm["missing_items"] as? [String] == ["Z-99"])
    #expect(brokenForm["duplicates"] as? [String] == ["A-02"])
  }

  @Test func plannedFormsBeyondTheBankFail() throws {
    // Good bank, operational alpha 8, beta 5, gamma 4 (its text report). Three forms without reuse
    // need at least 3 × 4 alpha (short), 3 × 2 beta (short) and 3 × 1 gamma (≤ 4 < 3 × 2 target:
    // tight).
    let result = try CLIRunner.run(["coverage", "--bank", Fixtures.goodBank, "--forms", "3", "--reporter", "json"])
    #expect(result.status == 1)
    let root = try jsonObject(result.stdout)
    #expect(root["planned_forms"] as? Int == 3)
    let blueprint = try #require((root["blueprints"] as? [[String: Any]])?.first)
    let bank = try #require(blueprint["bank"] as? [String: Any])
    let domains = try #require(bank["domains"] as? [[String: Any]])
    #expect(domains.map { $0["available"] as? Int } == [8, 5, 4])
    #expect(domains.map { $0["needed"] as? Int } == [15, 9, 6])
    #expect(domains.map { $0["minimum_needed"] as? Int } == [12, 6, 3])
    #expect(domains.map { $0["status"] as? String } == ["short", "short", "tight"])
    #expect(domains.map { $0["shortfall"] as? Int } == [7, 4, 2])
    #expect(bank["scored_needed"] as? Int == 30)
  }

  @Test func usageAndInputProblemsExitTwo() throws {
    try withTemporaryDirectory { directory in
      let missing = try CLIRunner.run(["coverage", "--bank", directory.appendingPathComponent("no-bank").path])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("no-bank"))

      let reporter = try CLIRunner.run(["coverage", "--bank", Fixtures.goodBank, "--reporter", "xml"])
      #expect(reporter.status == 2)
      #expect(reporter.stderr.contains("xml"))

      let zero = try CLIRunner.run(["coverage", "--bank", Fixtures.goodBank, "--forms", "0"])
      #expect(zero.status == 2)
      #expect(zero.stderr.contains("--forms"))

      // A blueprint whose form_length is not a number: the error points at the value.
      let bank = directory.appendingPathComponent("bank")
      try FileManager.default.copyItem(atPath: Fixtures.goodBank, toPath: bank.path)
      let blueprintPath = bank.appendingPathComponent("blueprints/mini.yml").path
      let original = try readFile(blueprintPath)
      let broken = original.replacingOccurrences(of: "form_length: 12", with: "form_length: twelve")
      #expect(broken != original)
      try broken.write(toFile: blueprintPath, atomically: true, encoding: .utf8)
      let lineNumber =
        try #require(
          broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("form_length:") }) + 1
      let invalid = try CLIRunner.run(["coverage", "--bank", bank.path])
      #expect(invalid.status == 2)
      #expect(invalid.stderr.contains("\(blueprintPath):\(lineNumber):14: error:"), "\(invalid.stderr)")

      // Malformed YAML: named with a line and column.
      try "id: mini\nexam: x\nform_length: [12\n".write(toFile: blueprintPath, atomically: true, encoding: .utf8)
      let malformed = try CLIRunner.run(["coverage", "--bank", bank.path])
      #expect(malformed.status == 2)
      #expect(
        malformed.stderr.range(of: #"mini\.yml:[34]:\d+: error: invalid YAML"#, options: .regularExpression) != nil,
        "\(malformed.stderr)")

      // A form file that does not exist.
      let noForm = try CLIRunner.run([
        "coverage", "--bank", Fixtures.goodBank, "--form", directory.appendingPathComponent("nope.yml").path,
      ])
      #expect(noForm.status == 2)
      #expect(noForm.stderr.contains("nope.yml"))
    }
  }

  @Test func outputFileIsAtomicDeterministicAndCarriesNoItemText() throws {
    try withTemporaryDirectory { directory in
      for reporter in ["json", "markdown", "text"] {
        let outDirectory = directory.appendingPathComponent(reporter)
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
        let out = outDirectory.appendingPathComponent("report").path
        let (text, result) = try expectAtomicDeterministicOutput(
          ["coverage", "--bank", Fixtures.brokenBank, "--reporter", reporter, "-o", out],
          outDirectory: outDirectory, outName: "report", status: 1)
        #expect(result.stdout.isEmpty)
        // The fixture items' stems and options ("Fixture question …", "Option A of …") are
        // exam content; reports carry ids only.
        for fragment in ["Fixture question", "Option A of", "Option B of"] {
          #expect(!text.contains(fragment), "\(reporter) report contains '\(fragment)'")
        }
      }
    }
  }
}
