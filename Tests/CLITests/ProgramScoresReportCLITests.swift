import Foundation
import Testing

/// The small demonstration program (three administrations of 3,000 candidates): the program
/// run's candidate scores and its technical report. The project file is named here only.
enum DemoProgram {
  /// The demo project file, relative to the package root (the run's working directory).
  static let projectFile = "Examples/demo/itembench.yml"

  struct Administration {
    var id: String
    var form: String
    var responses: String
  }

  /// The bank directory and the administrations, read from the project file's text (flow
  /// mappings `- {id: …, form: …, responses: …}` in any key order).
  static func read() throws -> (bank: String, administrations: [Administration]) {
    let text = try readFile(CLIRunner.packageRoot.appendingPathComponent(projectFile).path)
    var bank = "Items"
    var administrations: [Administration] = []
    for line in text.split(separator: "\n").map(String.init) {
      if line.hasPrefix("bank:") { bank = line.dropFirst(5).trimmingCharacters(in: .whitespaces) }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("- {"), trimmed.hasSuffix("}") else { continue }
      var fields: [String: String] = [:]
      for pair in trimmed.dropFirst(3).dropLast().split(separator: ",") {
        let parts = pair.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2 { fields[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
      }
      if let form = fields["form"], let responses = fields["responses"] {
        administrations.append(Administration(id: fields["id"] ?? form, form: form, responses: responses))
      }
    }
    return (bank, administrations)
  }
}

@Suite struct ProgramScoresReportCLITests {
  /// Every item's key from the bank's item files (`id:` and `key:` lines), read without the
  /// library.
  static func keys(bank: URL) throws -> [String: String] {
    var keys: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(at: bank, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
      guard url.pathExtension == "yml" else { continue }
      let lines = try readFile(url.path).split(separator: "\n")
      guard let id = lines.first(where: { $0.hasPrefix("id: ") }),
        let key = lines.first(where: { $0.hasPrefix("key: ") })
      else { continue }
      keys[String(id.dropFirst(4))] = String(key.dropFirst(5)).trimmingCharacters(in: .whitespaces)
    }
    return keys
  }

  /// The scored items (roles scored and anchor) of a form file, in form order.
  static func scoredItems(bank: URL, form: String) throws -> [String] {
    let text = try readFile(bank.appendingPathComponent("forms/\(form).yml").path)
    return text.split(separator: "\n").compactMap { line in
      guard let match = line.firstMatch(of: /\{id: ([A-Za-z0-9-]+), role: (scored|anchor)\}/) else { return nil }
      return String(match.1)
    }
  }

  /// A CSV file's data rows as dictionaries (comment lines skipped; no quoted commas in these files).
  static func rows(_ path: String) throws -> [[String: String]] {
    let lines = try readFile(path).split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
      return []
    }
    return lines.dropFirst().map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return Dictionary(zip(header, cells).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
    }
  }

  /// One run of the demo program serves both checks (a debug run takes about 75 s of CPU, most
  /// of it the three calibrations; rendering the report is a small part).
  @Test func theDemoProgramScoresEveryCandidateThroughItsTableAndReportsEveryAdministration() throws {
    try withTemporaryDirectory { directory in
      let out = directory.appendingPathComponent("out")
      let result = try CLIRunner.run(
        ["cycle", "-q", "--config", DemoProgram.projectFile, "--output", out.path], in: CLIRunner.packageRoot)
      #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
      let (bankPath, administrations) = try DemoProgram.read()
      #expect(administrations.count >= 2)
      let bank = CLIRunner.packageRoot.appendingPathComponent(bankPath)
      let keys = try Self.keys(bank: bank)
      var summaryLines: [String] = []
      for administration in administrations {
        try checkScores(administration, out: out, bank: bank, keys: keys, summaryLines: &summaryLines)
      }
      let summary = try readFile(out.appendingPathComponent("summary.md").path)
      #expect(summary.contains("## Candidate scores"))
      for line in summaryLines { #expect(summary.contains(line), "summary lacks \(line)") }
      try checkReport(out: out, administrations: administrations)
    }
  }

  /// scores.csv against an independent lookup: raw = number of scored items whose response is
  /// the key; scaled and pass = that row of `<adm>/tables/<form>.csv`; no answered scored item →
  /// status no-responses without a score.
  func checkScores(
    _ administration: DemoProgram.Administration, out: URL, bank: URL, keys: [String: String],
    summaryLines: inout [String]
  ) throws {
    let folder = out.appendingPathComponent(administration.id)
    let table = try Self.rows(folder.appendingPathComponent("tables/\(administration.form).csv").path)
    let scored = try Self.scoredItems(bank: bank, form: administration.form)
    #expect(table.count == scored.count + 1)
    let responses = try Self.rows(CLIRunner.packageRoot.appendingPathComponent(administration.responses).path)
    let scores = try Self.rows(folder.appendingPathComponent("scores/scores.csv").path)
    #expect(scores.count == responses.count)
    let missingCodes: Set<String> = ["", "NR", ".", "NP"]
    let idColumn = "candidate"
    var passing = 0, noResponses = 0, mismatches = 0
    for (response, score) in zip(responses, scores) {
      let candidate = response.first { !keys.keys.contains($0.key) }?.value ?? ""
      let cells = scored.map { response[$0] ?? "" }
      let answered = cells.filter { !missingCodes.contains($0) }.count
      let raw = zip(scored, cells).filter { id, cell in cell == keys[id] || cell == "1" }.count
      if score[idColumn] != candidate { mismatches += 1 }
      if answered == 0 {
        noResponses += 1
        if score["status"] != "no-responses" || score["scaled"] != "" || score["pass"] != "" { mismatches += 1 }
        continue
      }
      let row = table[raw]
      if row["raw"] != String(raw) || score["status"] != "scored" || score["raw"] != String(raw)
        || score["scaled"] != row["scaled"] || score["pass"] != row["pass"]
      {
        mismatches += 1
      }
      if row["pass"] == "true" { passing += 1 }
    }
    #expect(mismatches == 0, "\(administration.id): \(mismatches) candidate(s) differ from the table lookup")
    let scoredCount = responses.count - noResponses
    summaryLines.append(
      "| \(administration.id) | \(administration.form) | post-equated | \(responses.count) | \(scoredCount) | \(passing) |"
    )
    let html = try readFile(folder.appendingPathComponent("scores/reports.html").path)
    #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == responses.count)
    #expect(!html.contains("<script"))
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: folder.appendingPathComponent("scores/scores.json")))
    #expect(((json as? [String: Any])?["candidates"] as? [Any])?.count == responses.count)
  }

  /// report.html covers every administration: the sections, a conversion plot and table per
  /// form, the TCC of every form, a linking per later administration, the drift history,
  /// pre- vs post-equating and pretest items; self-contained.
  func checkReport(out: URL, administrations: [DemoProgram.Administration]) throws {
    let html = try readFile(out.appendingPathComponent("report.html").path)
    for section in [
      "form", "items", "calibration", "pretest", "linking", "drift-history", "equating", "pre-equating", "fairness",
      "provenance",
    ] {
      #expect(html.contains("<section id=\"\(section)\">"), "section \(section) missing")
    }
    for administration in administrations {
      #expect(html.contains("id=\"conversion-\(administration.form)\""))
      #expect(html.contains("id=\"conversion-table-\(administration.form)\""))
      #expect(html.contains("id=\"scores-\(administration.form)\""))
    }
    for administration in administrations.dropFirst() {
      #expect(html.contains("id=\"drift-b-\(administration.id)\""), "no drift plot for \(administration.id)")
    }
    let tcc = html.components(separatedBy: "id=\"tcc\"").dropFirst().first ?? ""
    let tccSVG = tcc.components(separatedBy: "</svg>").first ?? ""
    for administration in administrations {
      #expect(tccSVG.contains(administration.form), "the TCC plot has no curve of \(administration.form)")
    }
    #expect(!html.contains("<script"))
    #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
    var ids: [String: Int] = [:]
    for match in html.matches(of: #/ id="([^"]+)"/#) { ids[String(match.1), default: 0] += 1 }
    let duplicated = ids.filter { $0.value > 1 }.keys.sorted()
    #expect(duplicated.isEmpty, "element ids used more than once: \(duplicated.prefix(5))")
  }
}
