import Foundation
import Testing

/// `itembench scale-table --pre-equate`: a table from a bank-scale file alone must be the table
/// the two-file path builds from the same parameters, and unbanked items are named.
@Suite struct PreEquateCLITests {
  struct Item {
    var id: String
    var a: Double
    var b: Double
  }

  static let reference: [Item] = (1...6).map { (j: Int) -> Item in
    let x = Double(j)
    return Item(id: "R\(j)", a: 0.8 + 0.1 * x, b: -1.5 + 0.5 * x)
  }
  static let newItems: [Item] = (1...6).map { (j: Int) -> Item in
    let x = Double(j)
    return Item(id: "N\(j)", a: 1.3 - 0.05 * x, b: -1.2 + 0.5 * x)
  }

  static func bankText() -> String {
    func number(_ value: Double) -> String { String(format: "%.6f", value) }
    var text = """
      format: 1
      model: 2pl
      scaling_constant: 1
      parameterization: "P(theta) = c + (1 - c) / (1 + exp(-D * a * (theta - b)))"
      scale:
        defined_by: first
        reference_form: ref
        population: {mean: 0, sd: 1}
      administrations:
        - {id: first, form: ref, date: "2026-01-01", candidates: 1000, placement: defines-scale, anchors: [], dropped: []}
      reference:

      """
    for item in reference { text += "  - {id: \(item.id), a: \(number(item.a)), b: \(number(item.b)), c: 0}\n" }
    text += "items:\n"
    for item in (reference + newItems).sorted(by: { $0.id < $1.id }) {
      text +=
        "  - {id: \(item.id), status: operational, a: \(number(item.a)), b: \(number(item.b)), c: 0, se_a: null, se_b: null, se_c: null, administration: first, placement: defines-scale, role: scored, dropped_as_anchor: []}\n"
    }
    return text + "history: []\n"
  }

  static func json(_ items: [Item]) -> String {
    let rows = items.map { "{\"id\": \"\($0.id)\", \"a\": \($0.a), \"b\": \($0.b), \"c\": 0}" }
    return
      "{\"format\": 1, \"model\": \"2pl\", \"scaling_constant\": 1, \"items\": [\(rows.joined(separator: ", "))]}\n"
  }

  @Test func aPreEquatedTableEqualsTheTwoFileTableOfTheSameParameters() throws {
    try withTemporaryDirectory { directory in
      let bank = try writeFile(Self.bankText(), "bank.yml", in: directory)
      let scale = try writeFile(
        "range: [200, 350]\npassing_score: 300\ncut: {raw: 3}\nmapping: {type: piecewise-raw}\n", "scale.yml",
        in: directory)
      let form = try writeFile(
        "id: form-n\nblueprint: any\nitems:\n" + Self.newItems.map { "  - {id: \($0.id), role: scored}\n" }.joined(),
        "form-n.yml", in: directory)
      let pre = try CLIRunner.run(["scale-table", "--pre-equate", form, "--bank-scale", bank, "--scale", scale])
      #expect(pre.status == 0, "\(pre.stderr)")
      let base = try writeFile(Self.json(Self.reference), "ref.json", in: directory)
      let new = try writeFile(Self.json(Self.newItems), "new.json", in: directory)
      let post = try CLIRunner.run(["scale-table", "--base", base, "--new", new, "--scale", scale])
      #expect(post.status == 0, "\(post.stderr)")
      // Same rows (raw, theta, equated, scaled, pass, csem); the metadata differ (names, population).
      let rows = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("#") } }
      #expect(rows(pre.stdout).count == 8)
      #expect(rows(pre.stdout) == rows(post.stdout))
    }
  }

  @Test func itemsWithoutBankedParametersAreNamed() throws {
    try withTemporaryDirectory { directory in
      let bank = try writeFile(Self.bankText(), "bank.yml", in: directory)
      let scale = try writeFile(
        "range: [200, 350]\npassing_score: 300\ncut: {raw: 3}\nmapping: {type: piecewise-raw}\n", "scale.yml",
        in: directory)
      let form = try writeFile(
        "id: form-x\nblueprint: any\nitems:\n  - {id: N1, role: scored}\n  - {id: X9, role: scored}\n  - {id: X8, role: anchor}\n",
        "form-x.yml", in: directory)
      let result = try CLIRunner.run(["scale-table", "--pre-equate", form, "--bank-scale", bank, "--scale", scale])
      #expect(result.status == 2)
      #expect(
        result.stderr.contains("form 'form-x' cannot be pre-equated: 2 item(s) have no banked parameters: X9, X8"))
      let mixed = try CLIRunner.run([
        "scale-table", "--pre-equate", form, "--bank-scale", bank, "--base", bank, "--scale", scale,
      ])
      #expect(mixed.status == 2)
    }
  }
}
