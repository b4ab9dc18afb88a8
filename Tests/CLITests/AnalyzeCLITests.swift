import Foundation
import Testing

/// A three-item bank whose stems and options carry words that must never reach a statistics
/// output, and five candidates' letter responses to it.
enum TinyBank {
  static let stemWord = "Wombatquasar"
  static let optionWord = "Zephyrine"
  static let rationaleWord = "Quokkanebula"

  static func write(in directory: URL) throws -> String {
    var text = "items:\n"
    for (id, key) in [("Q1", "A"), ("Q2", "B"), ("Q3", "C")] {
      text += """
          - id: \(id)
            status: operational
            domain: d
            cognitive_level: recall
            stem: \(stemWord) question \(id)?
            options: {A: \(optionWord) one, B: \(optionWord) two, C: \(optionWord) three, D: \(optionWord) four}
            key: \(key)
            rationale: \(rationaleWord) explains \(id).

        """
    }
    try writeFile(text, "Items/d/items.yml", in: directory)
    return directory.appendingPathComponent("Items").path
  }

  /// Keys A, B, C. Scores: C1 1 1 1 (3), C2 1 1 0 (2), C3 1 0 omit (1), C4 0 1 1 (2), C5 0 0 0 (0).
  static let responses = """
    candidate,Q1,Q2,Q3
    C1,A,B,C
    C2,A,B,D
    C3,A,C,
    C4,B,B,C
    C5,C,D,A

    """
}

/// `itembench analyze` end to end (docs/analysis.md, docs/responses.md).
@Suite struct AnalyzeCLITests {
  @Test func itemStatisticsMatchAHandComputation() throws {
    try withTemporaryDirectory { directory in
      let bank = try TinyBank.write(in: directory)
      let responses = try writeFile(TinyBank.responses, "r.csv", in: directory)
      let result = try CLIRunner.run(["analyze", responses, "--bank", bank, "--format", "csv"])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(
        csv.header == [
          "id", "key", "administered", "p", "corrected_pbis", "omit_rate", "not_reached_rate", "alpha_if_deleted",
          "flags",
          "item_set",
        ])
      #expect(csv.rows.map { $0["id"] } == ["Q1", "Q2", "Q3"])
      #expect(csv.rows.map { $0["key"] } == ["A", "B", "C"])
      #expect(csv.rows.map { $0["administered"] } == ["5", "5", "5"])

      // Scores by hand (omit = 0): columns of the 5 × 3 matrix.
      let scores: [[Double]] = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 0, 0]]
      let totals = scores.map { $0.reduce(0, +) }
      let p = (0..<3).map { j in scores.reduce(0) { $0 + $1[j] } / 5 }
      #expect(p == [0.6, 0.6, 0.4])
      for j in 0..<3 {
        let item = scores.map { $0[j] }
        let rest = zip(totals, item).map { $0 - $1 }
        let r = pearson(item, rest) ?? 0
        #expect(abs((Double(csv.rows[j]["p"] ?? "") ?? .nan) - p[j]) < 5e-5)
        #expect(abs((Double(csv.rows[j]["corrected_pbis"] ?? "") ?? .nan) - r) < 5e-5, "item \(j + 1)")
      }
      #expect(csv.rows.map { $0["omit_rate"] } == ["0.0000", "0.0000", "0.2000"])
      #expect(csv.rows.map { $0["not_reached_rate"] } == ["0.0000", "0.0000", "0.0000"])

      // α = k/(k − 1)·(1 − Σs²ⱼ/s²ₓ) = 1.5·(1 − 0.9/1.3); alpha if Q1 deleted: items 2 and 3.
      let itemVariances = (0..<3).map { j in sampleVariance(scores.map { $0[j] }) }
      let alpha = 1.5 * (1 - itemVariances.reduce(0, +) / sampleVariance(totals))
      let sd = sampleVariance(totals).squareRoot()
      #expect(abs((Double(csv.metadata["alpha"] ?? "") ?? .nan) - alpha) < 5e-5)
      #expect(abs((Double(csv.metadata["sem"] ?? "") ?? .nan) - sd * (1 - alpha).squareRoot()) < 5e-5)
      #expect(abs((Double(csv.metadata["mean_score"] ?? "") ?? .nan) - 1.6) < 5e-5)
      #expect(abs((Double(csv.metadata["sd_score"] ?? "") ?? .nan) - sd) < 5e-5)
      #expect(csv.metadata["candidates"] == "5")
      let without1 = scores.map { [$0[1], $0[2]] }
      let alphaWithout1 =
        2 * (1 - (itemVariances[1] + itemVariances[2]) / sampleVariance(without1.map { $0.reduce(0, +) }))
      #expect(abs((Double(csv.rows[0]["alpha_if_deleted"] ?? "") ?? .nan) - alphaWithout1) < 5e-5)

      // Q1's rest score does not correlate with it (r = 0 < 0.20); candidate C4 (rest 2) chose B.
      #expect(csv.rows[0]["flags"]?.contains("low-discrimination") == true)
      #expect(csv.rows[1]["flags"] == "")
    }
  }

  @Test func distractorTableCountsOptions() throws {
    try withTemporaryDirectory { directory in
      let bank = try TinyBank.write(in: directory)
      let responses = try writeFile(TinyBank.responses, "r.csv", in: directory)
      let result = try CLIRunner.run(["analyze", responses, "--bank", bank, "--table", "options", "--format", "csv"])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.header == ["id", "option", "key", "count", "proportion", "pbis", "flag"])
      #expect(csv.rows.count == 12)
      func row(_ id: String, _ option: String) -> [String: String]? {
        csv.rows.first { $0["id"] == id && $0["option"] == option }
      }
      // Q1: A A A B C → A 3 (key), B 1, C 1, D 0.
      #expect(row("Q1", "A")?["count"] == "3" && row("Q1", "A")?["key"] == "true")
      #expect(row("Q1", "B")?["count"] == "1" && row("Q1", "D")?["count"] == "0")
      #expect(row("Q1", "B")?["proportion"] == "0.2000")
      // Chose Q1-B (C4 only) against the rest score (total − Q1 score): 2, 1, 0, 2, 0.
      let choseB: [Double] = [0, 0, 0, 1, 0]
      let rest: [Double] = [2, 1, 0, 2, 0]
      let r = try #require(pearson(choseB, rest))
      #expect(abs((Double(row("Q1", "B")?["pbis"] ?? "") ?? .nan) - r) < 5e-5)
      #expect(row("Q1", "B")?["flag"] == "distractor-positive")  // r > 0
      // Q3: C, D, omitted, C, A → C 2 of 5 who saw it.
      #expect(row("Q3", "C")?["count"] == "2" && row("Q3", "C")?["proportion"] == "0.4000")
    }
  }

  @Test func missingDataKindsAreCountedAsDocumented() throws {
    try withTemporaryDirectory { directory in
      // 0/1 data without a bank: '.' not presented, NR not reached, empty omitted.
      let responses = try writeFile(
        """
        id,I1,I2
        P1,1,1
        P2,1,0
        P3,.,1
        P4,0,NR
        P5,,0
        P6,1,1

        """, "r.csv", in: directory)
      let result = try CLIRunner.run(["analyze", responses, "--no-bank", "--format", "csv"], in: directory)
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      // I1: seen by P1, P2, P4, P5 (omit), P6 → 5 administered, 3 correct, omit 1/5.
      // I2: seen by all but P4 (not reached) → 5 administered, 3 correct; not reached 1/6.
      #expect(csv.rows.map { $0["administered"] } == ["5", "5"])
      #expect(csv.rows.map { $0["p"] } == ["0.6000", "0.6000"])
      #expect(csv.rows.map { $0["omit_rate"] } == ["0.2000", "0.0000"])
      #expect(csv.rows[1]["not_reached_rate"].flatMap(Double.init).map { abs($0 - 1.0 / 6) < 5e-5 } == true)
      // Complete cases: no not-presented or not-reached response (P3 and P4 are not).
      #expect(csv.metadata["complete_cases"] == "4")

      // --empty-means not-presented: P5 no longer saw I1.
      let notPresented = try CLIRunner.run(
        ["analyze", responses, "--no-bank", "--format", "csv", "--empty-means", "not-presented"], in: directory)
      let again = CSVOutput(notPresented.stdout)
      #expect(again.rows.first?["administered"] == "4")
      #expect(again.rows.first?["p"] == "0.7500")
    }
  }

  @Test func flagsExitOneOnlyWithFailOnFlags() throws {
    try withTemporaryDirectory { directory in
      let bank = try TinyBank.write(in: directory)
      let responses = try writeFile(TinyBank.responses, "r.csv", in: directory)
      let plain = try CLIRunner.run(["analyze", responses, "--bank", bank])
      #expect(plain.status == 0)
      #expect(plain.stderr.contains("of 3 items flagged"))
      let failing = try CLIRunner.run(["analyze", responses, "--bank", bank, "--fail-on-flags"])
      #expect(failing.status == 1)
      // Thresholds loose enough that nothing is flagged: exit 0 even with --fail-on-flags.
      let clean = try CLIRunner.run([
        "analyze", responses, "--bank", bank, "--fail-on-flags", "--min-discrimination=-1",
        "--max-distractor-pbis", "1", "--low-p", "0", "--high-p", "1",
      ])
      #expect(clean.status == 0, "\(clean.stderr)")
    }
  }

  @Test func noItemTextInAnyOutput() throws {
    try withTemporaryDirectory { directory in
      let bank = try TinyBank.write(in: directory)
      let responses = try writeFile(TinyBank.responses, "r.csv", in: directory)
      let params = try writeFile(
        "id,a,b,c,se_a,se_b,se_c\nQ1,1,-0.5,0,,,\nQ2,1,0,0,,,\nQ3,1,0.5,0,,,\n", "p.csv", in: directory)
      var outputs: [String] = []
      for format in ["text", "csv", "json", "markdown"] {
        for table in ["items", "options"] {
          let result = try CLIRunner.run(["analyze", responses, "--bank", bank, "--table", table, "--format", format])
          #expect(result.status == 0)
          outputs.append(result.stdout + result.stderr)
        }
        for command in ["score", "fit"] {
          let result = try CLIRunner.run([command, responses, "--bank", bank, "--params", params, "--format", format])
          #expect(result.status == 0, "\(command): \(result.stderr)")
          outputs.append(result.stdout + result.stderr)
        }
      }
      // The bank in ./Items is found without --bank too.
      let implicit = try CLIRunner.run(["analyze", "r.csv", "--table", "options"], in: directory)
      #expect(implicit.status == 0, "\(implicit.stderr)")
      outputs.append(implicit.stdout + implicit.stderr)
      for output in outputs {
        for word in [TinyBank.stemWord, TinyBank.optionWord, TinyBank.rationaleWord] {
          #expect(!output.contains(word), "output contains item text '\(word)'")
        }
      }
    }
  }

  @Test func outFileIsAtomicAndDeterministic() throws {
    try withTemporaryDirectory { directory in
      let bank = try TinyBank.write(in: directory)
      let responses = try writeFile(TinyBank.responses, "r.csv", in: directory)
      let outDirectory = directory.appendingPathComponent("out")
      try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
      let (text, result) = try expectAtomicDeterministicOutput(
        [
          "analyze", responses, "--bank", bank, "--table", "options", "--format", "json",
          "--out", outDirectory.appendingPathComponent("options.json").path,
        ],
        outDirectory: outDirectory, outName: "options.json")
      #expect(result.stdout.isEmpty)
      let root = try jsonObject(text)
      #expect(root["columns"] as? [String] == ["id", "option", "key", "count", "proportion", "pbis", "flag"])
      #expect(!text.contains(TinyBank.optionWord))
    }
  }

  @Test func malformedResponsesExitTwoWithFileLineAndField() throws {
    try withTemporaryDirectory { directory in
      let bank = try TinyBank.write(in: directory)
      func run(_ text: String) throws -> (CLIRunner.Result, String) {
        let path = try writeFile(text, "bad.csv", in: directory)
        return (try CLIRunner.run(["analyze", path, "--bank", bank]), path)
      }
      let header = "candidate,Q1,Q2,Q3\n"

      let (invalid, path) = try run(header + "C1,A,B,C\n# comment\nC2,A,E,C\n")
      #expect(invalid.status == 2)
      #expect(invalid.stderr.contains(path + ":4:3: error: invalid response 'E' for item 'Q2'"), "\(invalid.stderr)")

      let (short, _) = try run(header + "C1,A,B\n")
      #expect(short.status == 2)
      #expect(
        short.stderr.contains(path + ":2:") && short.stderr.contains("row has 3 fields, expected 4"), "\(short.stderr)")

      let (unknown, _) = try run("candidate,Q1,Q2,Q4\nC1,A,B,C\n")
      #expect(unknown.status == 2)
      #expect(unknown.stderr.contains(path + ":1:4: error: unknown item id 'Q4'"), "\(unknown.stderr)")

      let (duplicate, _) = try run(header + "C1,A,B,C\n\nC1,A,B,C\n")
      #expect(duplicate.status == 2)
      #expect(
        duplicate.stderr.contains(path + ":4:1: error: duplicate candidate id 'C1' (first on line 2)"),
        "\(duplicate.stderr)")

      // Letters with --no-bank cannot be scored.
      let lettersPath = try writeFile(header + "C1,A,B,C\n", "letters.csv", in: directory)
      let noBank = try CLIRunner.run(["analyze", lettersPath, "--no-bank"], in: directory)
      #expect(noBank.status == 2)
      #expect(noBank.stderr.contains(lettersPath + ":2:2: error:"), "\(noBank.stderr)")

      let noBankDirectory = try CLIRunner.run(["analyze", lettersPath, "--bank", directory.path + "/NoItems"])
      #expect(noBankDirectory.status == 2)
      #expect(noBankDirectory.stderr.contains("NoItems"))

      let missing = try CLIRunner.run(["analyze", directory.path + "/absent.csv", "--bank", bank])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("absent.csv"))

      let table = try CLIRunner.run(["analyze", lettersPath, "--bank", bank, "--table", "distractors"])
      #expect(table.status == 2)
      let format = try CLIRunner.run(["analyze", lettersPath, "--bank", bank, "--format", "xml"])
      #expect(format.status == 2)
    }
  }
}
