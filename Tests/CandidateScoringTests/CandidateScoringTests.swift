import Equating
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory
import Testing

@testable import CandidateScoring

/// The repository root (for the shipped sample).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

@Suite struct SubscoreValueTests {
  /// Values from `python3 Tools/check_prmse.py --selftest` (numpy covariance matrices, an
  /// independent computation).
  @Test func matchesTheIndependentScript() {
    let rows: [[UInt8]] = [
      [1, 1, 1, 1, 0], [1, 1, 0, 1, 1], [0, 1, 0, 0, 1], [1, 0, 1, 1, 1],
      [0, 0, 0, 1, 0], [1, 1, 1, 0, 1], [0, 0, 1, 0, 0], [1, 1, 1, 1, 1],
    ]
    let scores = rows.flatMap { $0 }
    let first = SubscoreValue.compute(
      domain: "d1", scores: scores, candidates: 8, itemCount: 5, domainItems: [0, 1, 2])
    #expect(abs((first.prmseSubscore ?? 0) - 0.5492957746) < 1e-9)
    #expect(abs((first.prmseTotal ?? 0) - 0.6170940171) < 1e-9)
    #expect(!first.addedValue)
    let second = SubscoreValue.compute(domain: "d2", scores: scores, candidates: 8, itemCount: 5, domainItems: [3, 4])
    #expect(abs((second.prmseSubscore ?? 0) - (-0.1428571429)) < 1e-9)
    #expect(!second.addedValue && second.note == "alpha ≤ 0")
  }

  /// Two independent traits: the domain's subscore carries what the total cannot. By hand:
  /// s = a uniform on 0…3, var(s) = 1.25·16/15, Σ item variances = 0.625·16/15, α = 1.5·(1 − 0.5) = 0.75;
  /// the script gives PRMSE_x = 0.375.
  @Test func independentDomainsHaveAddedValue() {
    var scores: [UInt8] = []
    for a in 0..<4 {
      for b in 0..<4 {
        scores += (0..<3).map { a > $0 ? 1 : 0 } + (0..<3).map { b > $0 ? 1 : 0 }
      }
    }
    let value = SubscoreValue.compute(
      domain: "d", scores: scores, candidates: 16, itemCount: 6, domainItems: [0, 1, 2])
    #expect(abs((value.prmseSubscore ?? 0) - 0.75) < 1e-12)
    #expect(abs((value.prmseTotal ?? 0) - 0.375) < 1e-12)
    #expect(value.addedValue)
    #expect(
      SubscoreValue.compute(domain: "one", scores: scores, candidates: 16, itemCount: 6, domainItems: [0]).note
        == "fewer than two items")
  }
}

@Suite struct CandidateScoringTests {
  /// A 4-item form of Rasch items at b = 0, a table with a pass at raw 3, θ cut 0.
  static let parameters = ParameterFile(
    model: "rasch", scalingConstant: 1, items: (1...4).map { ItemParameters(id: "I\($0)", a: 1, b: 0, c: 0) })
  static let tableCSV = """
    # form: f
    # scale_range: 200-350
    # cut: theta 0 on the base scale (base-form raw 2.0000)
    raw,theta,equated,scaled,pass,csem
    0,,0.0000,200,false,9.10
    1,-1.0986,1.0000,250,false,10.00
    2,0.0000,2.0000,300,true,12.00
    3,1.0986,3.0000,325,true,10.00
    4,,4.0000,350,true,4.00

    """

  static func score(_ csv: String) throws -> ScoreReport {
    let matrix = try ResponseReader.parse(text: csv, file: "r.csv", keys: nil, missing: MissingCodes())
    let table = try ScoreConversionTable.parse(Self.tableCSV, file: "t.csv")
    return try CandidateScoring.score(
      responses: matrix, responsesFile: "r.csv", form: "f", scoredItems: ["I1", "I2", "I3", "I4"],
      domains: [ScoringDomain(id: "d", title: "Domain", items: ["I1", "I2", "I3", "I4"])], table: table,
      parameters: Self.parameters)
  }

  @Test func lookupOmitsAndNoResponseStatus() throws {
    let report = try Self.score("id,I1,I2,I3,I4\nC1,1,1,0,\nC2,,NR,,\nC3,1,1,1,1\nC4,0,0,0,0\n")
    let c1 = report.candidates[0]
    #expect(c1.status == .scored && c1.raw == 2 && c1.scaledText == "300" && c1.pass == true && c1.omitted == 1)
    #expect(c1.bandLow == 288 && c1.bandHigh == 312)
    let c2 = report.candidates[1]
    #expect(c2.status == .noResponses && c2.raw == nil && c2.scaled == nil && c2.pass == nil && c2.notReached == 1)
    let c3 = report.candidates[2]
    #expect(c3.bandHigh == 350)  // 350 + 4 clamped to the range
    // Borderline at θ = 0: E = 2, SEM = 1, near band [1, 3]: 4 correct is above, 0 below, 2 near.
    #expect(c3.domains[0].feedback == .above)
    #expect(report.candidates[3].domains[0].feedback == .below)
    #expect(c1.domains[0].feedback == .near)
    #expect(report.borderline[0].expected == 2 && report.borderline[0].sem == 1)
    #expect(report.csvText().contains("\nC2,no-responses,,,,,,,0,3,1,0,\n"))
    #expect(report.htmlText().contains("No score: no responses"))
    // The same criterion from a reference file holding the same responses.
    let matrix = try ResponseReader.parse(
      text: "id,I1,I2,I3,I4\nC1,1,1,0,\nC2,,NR,,\nC3,1,1,1,1\nC4,0,0,0,0\n", file: "r.csv", keys: nil,
      missing: MissingCodes())
    #expect(
      SubscoreValue.evaluate(responses: matrix, scoredItems: ["I1", "I2", "I3", "I4"], domains: report.domains)
        == report.subscores)
  }

  @Test func tableMustFitTheForm() throws {
    let matrix = try ResponseReader.parse(
      text: "id,I1,I2,I3\nC1,1,1,0\n", file: "r.csv", keys: nil, missing: MissingCodes())
    let table = try ScoreConversionTable.parse(Self.tableCSV, file: "t.csv")
    #expect(throws: CandidateScoringError.self) {
      try CandidateScoring.score(
        responses: matrix, responsesFile: "r.csv", form: "f", scoredItems: ["I1", "I2", "I3"], domains: [],
        table: table, parameters: Self.parameters)
    }
    #expect(throws: CandidateScoringError.self) {
      try CandidateScoring.score(
        responses: matrix, responsesFile: "r.csv", form: "f", scoredItems: ["I1", "I2", "I3", "I4"], domains: [],
        table: table,
        parameters: Self.parameters)
    }
    #expect(throws: CandidateScoringError.self) {
      try ScoreConversionTable.parse("raw,scaled,pass,csem\n0,200,yes,1\n", file: "t.csv")
    }
    #expect(throws: CandidateScoringError.self) {
      try ScoreConversionTable.parse("raw,scaled,pass,csem\n1,200,true,1\n", file: "t.csv")
    }
    #expect(throws: CandidateScoringError.self) {
      try ScoreConversionTable.parse(
        "{\"rows\": [{\"raw\": 0, \"scaled\": 200, \"pass\": 1, \"csem\": 1}]}", file: "t.json")
    }
  }
}

/// The shipped sample: form A's table built from the simulation's true parameters, every
/// candidate's scaled score and decision against a lookup done here from the raw responses.
@Suite struct SampleScoringTests {
  @Test func everyCandidateMatchesTheTableLookup() throws {
    let bank = BankLoader.load(root: repositoryRoot + "/Items")
    let form = try #require(bank.form("form-a"))
    let scored = form.scoredItemIDs
    let truth = try ParameterFile.read(path: repositoryRoot + "/Items/responses/true-parameters.csv")
    let byID = Dictionary(truth.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let parameters = ParameterFile(
      model: "3pl", scalingConstant: 1, form: "form-a", items: scored.compactMap { byID[$0] })
    #expect(parameters.items.count == scored.count)
    let scale = try ScaleSpecification.read(path: repositoryRoot + "/Items/scales/cpim.yml")
    let equating = try IRTEquating.equate(base: parameters, new: parameters, options: EquatingOptions())
    let built = try ScaleTableBuilder.build(equating: equating, base: parameters, new: parameters, scale: scale)
    let csv = try CSVExporter().export(built.dataTable())
    let json = try JSONExporter().export(built.dataTable())
    let fromCSV = try ScoreConversionTable.parse(csv, file: "form-a.csv")
    let fromJSON = try ScoreConversionTable.parse(json, file: "form-a.json")
    #expect(fromCSV.entries == fromJSON.entries)
    #expect(try ScoreConversionTable(dataTable: built.dataTable(), source: "form-a.csv") == fromCSV)

    let responsesPath = repositoryRoot + "/Items/responses/form-a.csv"
    var keys: [String: ItemKey] = [:]
    for item in bank.items { keys[item.id] = ItemKey(key: item.key, options: item.options.map(\.id)) }
    let matrix = try ResponseReader.read(path: responsesPath, keys: keys, missing: MissingCodes())
    var domains: [String: [String]] = [:]
    for id in scored { domains[bank.item(id)?.domain ?? "?", default: []].append(id) }
    let report = try CandidateScoring.score(
      responses: matrix, responsesFile: responsesPath, form: "form-a", scoredItems: scored,
      domains: domains.keys.sorted().map { ScoringDomain(id: $0, title: $0, items: domains[$0] ?? []) }, table: fromCSV,
      parameters: parameters)

    // Independent raw scores: the response file's letters against the keys, read as plain text.
    let text = try String(contentsOfFile: responsesPath, encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let columns = scored.map { id in header.firstIndex(of: id) ?? -1 }
    let keyOf = scored.map { bank.item($0)?.key ?? "" }
    #expect(report.candidates.count == lines.count - 1)
    var mismatches = 0
    for (index, line) in lines.dropFirst().enumerated() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let raw = zip(columns, keyOf).reduce(0) { $0 + (cells[$1.0] == $1.1 ? 1 : 0) }
      let row = built.rows[raw]
      let candidate = report.candidates[index]
      if candidate.candidate != cells[0] || candidate.raw != raw || candidate.scaled != row.scaled
        || candidate.pass != row.pass
      {
        mismatches += 1
      }
    }
    #expect(mismatches == 0)
    // Byte-identical on rerun.
    let again = try CandidateScoring.score(
      responses: matrix, responsesFile: responsesPath, form: "form-a", scoredItems: scored,
      domains: domains.keys.sorted().map { ScoringDomain(id: $0, title: $0, items: domains[$0] ?? []) }, table: fromCSV,
      parameters: parameters)
    #expect(again.files().map(\.text) == report.files().map(\.text))
    // No item text in any output.
    let outputs = Data(report.files().map(\.text).joined().utf8)
    var leaked: [String] = []
    for id in scored {
      guard let item = bank.item(id) else { continue }
      let stem = String(item.stem.trimmingCharacters(in: .whitespacesAndNewlines).prefix(40))
      if outputs.range(of: Data(stem.utf8)) != nil || outputs.range(of: Data(id.utf8)) != nil { leaked.append(id) }
    }
    #expect(leaked.isEmpty)
  }
}
