import Foundation
import Testing

/// Every statistic says which item set it covers (issue 17): `analyze` takes the form's scored
/// items as its criterion, `scale-table` uses a form's scored items or says plainly it used all.
@Suite struct ItemSetCLITests {
  /// TinyBank with a form: Q1 and Q2 scored, Q3 pretest.
  static func bankWithForm(in directory: URL) throws -> String {
    let bank = try TinyBank.write(in: directory)
    try writeFile(
      "format: 1\nid: tiny\nblueprint: none\nitems:\n  - {id: Q1, role: scored}\n  - {id: Q2, role: scored}\n  - {id: Q3, role: pretest}\n",
      "Items/forms/tiny.yml", in: directory)
    return bank
  }

  @Test func analyzeUsesTheScoredItemsAsTheCriterion() throws {
    try withTemporaryDirectory { directory in
      let bank = try Self.bankWithForm(in: directory)
      let responses = try writeFile(TinyBank.responses, "r.csv", in: directory)
      // Scores (keys A, B; pretest C): C1 1 1 | 1, C2 1 1 | 0, C3 1 0 | omit, C4 0 1 | 1,
      // C5 0 0 | 0. Scored total 2, 2, 1, 1, 0 (variance 0.7); item variances 0.3 and 0.3:
      // α = 2 · (1 − 0.6/0.7) = 2/7. Q3 (omit wrong) = 1, 0, 0, 1, 0 against the scored total:
      // Σ(x − 0.4)(X − 1.2) = 0.6, Σ(x − 0.4)² = 1.2, Σ(X − 1.2)² = 2.8: r = 0.6/√3.36.
      for extra in [["--form", "tiny"], []] {
        let result = try CLIRunner.run(["analyze", responses, "--bank", bank, "--format", "csv"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let csv = CSVOutput(result.stdout)
        #expect(csv.rows.map { $0["item_set"] } == ["scored", "scored", "pretest"], "\(extra)")
        #expect(abs((Double(csv.metadata["alpha"] ?? "") ?? .nan) - 2.0 / 7.0) < 5e-5, "\(csv.metadata)")
        #expect(csv.metadata["item_set"]?.contains("2 scored items (form tiny") == true)
        #expect(abs((Double(csv.rows[2]["corrected_pbis"] ?? "") ?? .nan) - 0.6 / 3.36.squareRoot()) < 5e-5)
        #expect(csv.rows[2]["alpha_if_deleted"] == "")
      }
      // --all-items: every item in the criterion, said so; α over three items differs.
      let all = try CLIRunner.run(["analyze", responses, "--bank", bank, "--format", "csv", "--all-items"])
      #expect(all.status == 0)
      let allCSV = CSVOutput(all.stdout)
      #expect(allCSV.rows.map { $0["item_set"] } == ["all", "all", "all"])
      #expect(allCSV.metadata["item_set"]?.hasPrefix("all 3 items are scored") == true)
      #expect(all.stderr.contains("every item of"))
      // A form that lacks none of the file's items but names an unknown form: exit 2.
      let unknown = try CLIRunner.run(["analyze", responses, "--bank", bank, "--form", "nope"])
      #expect(unknown.status == 2 && unknown.stderr.contains("form 'nope'"))
    }
  }

  /// Form A's 60 items (50 scored, 10 pretest) from the shipped form file.
  static func formAItems() throws -> [(id: String, role: String)] {
    let text = try String(
      contentsOf: CLIRunner.packageRoot.appendingPathComponent("Items/forms/form-a.yml"), encoding: .utf8)
    return text.split(separator: "\n").compactMap { line in
      guard let open = line.range(of: "{id: "), let comma = line.range(of: ", role: "), let close = line.range(of: "}")
      else { return nil }
      return (String(line[open.upperBound..<comma.lowerBound]), String(line[comma.upperBound..<close.lowerBound]))
    }
  }

  @Test func scaleTableUsesTheFormsScoredItemsOrSaysItUsedAll() throws {
    let items = try Self.formAItems()
    #expect(items.count == 60 && items.filter { $0.role == "pretest" }.count == 10)
    try withTemporaryDirectory { directory in
      let form = RefForm(
        items: items.enumerated().map { RefItem(id: $1.id, a: 1, b: -1.5 + 3 * Double($0) / 59) })
      let params = try writeFile(form.json(model: "2pl", form: "form-a"), "a.json", in: directory)
      let root = CLIRunner.packageRoot.path
      let scale = root + "/Items/scales/cpim.yml"
      let bank = root + "/Items"
      // Without --form: every item of the file, said plainly, and a warning naming the pretest items.
      let plain = try CLIRunner.run(
        ["scale-table", "--base", params, "--new", params, "--scale", scale, "--bank", bank, "--format", "csv"])
      #expect(plain.status == 0, "\(plain.stderr)")
      let plainCSV = CSVOutput(plain.stdout)
      #expect(plainCSV.rows.count == 61)
      #expect(plainCSV.metadata["new_items"]?.contains("all 60 items") == true, "\(plainCSV.metadata)")
      #expect(plainCSV.metadata["new_items"]?.contains("10 of them are pretest items of form form-a") == true)
      #expect(plain.stderr.contains("warning:") && plain.stderr.contains("--form form-a"))
      // With the forms: raw 0…50. The base and new forms are the same 50 items, so true-score
      // equating is the identity and the lowest passing raw score is the first above the cut
      // of 31.33: 32.
      let scored = try CLIRunner.run(
        [
          "scale-table", "--base", params, "--new", params, "--scale", scale, "--bank", bank, "--format", "csv",
          "--form", "form-a", "--base-form", "form-a",
        ])
      #expect(scored.status == 0, "\(scored.stderr)")
      let csv = CSVOutput(scored.stdout)
      #expect(csv.rows.map { $0["raw"] } == (0...50).map(String.init))
      #expect(csv.metadata["new_items"]?.hasPrefix("the 50 scored items of form form-a") == true)
      #expect(csv.metadata["base_items"]?.hasPrefix("the 50 scored items of form form-a") == true)
      let firstPassing = csv.rows.first { $0["pass"] == "true" }?["raw"]
      #expect(firstPassing == "32", "\(csv.rows.map { ($0["raw"] ?? "", $0["pass"] ?? "") })")
      #expect(abs((Double(csv.rows[20]["equated"] ?? "") ?? .nan) - 20) < 1e-3)
      // A form whose scored items lack parameters is an error naming them.
      let partial = RefForm(items: Array(form.items.prefix(30)))
      let short = try writeFile(partial.json(model: "2pl", form: "form-a"), "short.json", in: directory)
      let missing = try CLIRunner.run(
        ["scale-table", "--base", short, "--new", short, "--scale", scale, "--bank", bank, "--form", "form-a"])
      #expect(missing.status == 2 && missing.stderr.contains("no parameters for"))
    }
  }
}
