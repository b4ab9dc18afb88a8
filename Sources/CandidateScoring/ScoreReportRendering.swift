import Foundation
import ItemBenchCore

extension ScoreReport {
  /// Domains whose subscores pass Haberman's criterion (numbers are printed for them only).
  public var numericDomains: Set<String> { Set(subscores.filter(\.addedValue).map(\.domain)) }

  func decimal(_ value: Double?) -> String {
    guard let value else { return "" }
    return formatDecimal(value, places: table.scaledDecimals)
  }

  var metadata: [(key: String, value: String)] {
    var items: [(key: String, value: String)] = [
      ("form", form), ("conversion_table", tableSource), ("scoring_rule", Self.scoringRule), ("band", Self.bandMethod),
      ("feedback_method", Self.feedbackMethod), ("feedback_width", formatDecimal(feedbackWidth, places: 2)),
      ("borderline_theta", formatDecimal(borderlineTheta, places: 4)), ("subscore_method", SubscoreValue.method),
      ("subscore_sample", subscoreSample),
    ]
    for value in subscores {
      let text =
        "items \(value.items), PRMSE_s \(value.prmseSubscore.map { formatDecimal($0, places: 4) } ?? "n/a"), PRMSE_x \(value.prmseTotal.map { formatDecimal($0, places: 4) } ?? "n/a"), "
        + (value.addedValue ? "added value: numeric subscore reported" : "no added value: feedback only")
        + (value.note.map { " (\($0))" } ?? "")
      items.append(("prmse_\(value.domain)", text))
    }
    items.append(("candidates", String(candidates.count)))
    items.append(("scored", String(candidates.filter { $0.status == .scored }.count)))
    items.append(("passing", String(candidates.filter { $0.pass == true }.count)))
    return items
  }

  /// One row per candidate, in input order; domain columns `<domain>_feedback` for every domain and
  /// `<domain>_correct` for the domains with added value.
  public func dataTable() -> DataTable {
    let numeric = numericDomains
    var columns = [
      "candidate", "status", "raw", "scaled", "pass", "csem", "band_low", "band_high", "answered", "omitted",
      "not_reached", "not_presented",
    ]
    for domain in domains {
      columns.append("\(domain.id)_feedback")
      if numeric.contains(domain.id) { columns.append("\(domain.id)_correct") }
    }
    let rows: [[DataTable.Cell]] = candidates.map { candidate in
      var row: [DataTable.Cell] = [
        .text(candidate.candidate), .text(candidate.status.rawValue),
        candidate.raw.map { .integer($0) } ?? .missing,
        candidate.scaledText.map { .text($0) } ?? .missing,
        candidate.pass.map { .boolean($0) } ?? .missing,
        candidate.csem.map { .decimal($0, places: 2) } ?? .missing,
        candidate.bandLow.map { .text(decimal($0)) } ?? .missing,
        candidate.bandHigh.map { .text(decimal($0)) } ?? .missing,
        .integer(candidate.answered), .integer(candidate.omitted), .integer(candidate.notReached),
        .integer(candidate.notPresented),
      ]
      for (index, domain) in domains.enumerated() {
        let result = index < candidate.domains.count ? candidate.domains[index] : nil
        row.append(result.map { .text($0.feedback.rawValue) } ?? .missing)
        if numeric.contains(domain.id) { row.append(result.map { .integer($0.correct) } ?? .missing) }
      }
      return row
    }
    return DataTable(name: "scores", metadata: metadata, columns: columns, rows: rows)
  }

  public func csvText() -> String {
    (try? CSVExporter().export(dataTable())) ?? ""
  }

  /// `{"form", "conversion_table", "scoring_rule", …, "domains": [...], "subscores": [...],
  /// "candidates": [{"candidate", "status", "raw", "scaled", "pass", "csem", "band", "responses",
  /// "domains": [{"domain", "feedback", "correct"?, "items"?}]}]}`.
  public func jsonText() -> String {
    let numeric = numericDomains
    let scaledJSON: (Double?) -> JSONValue = { value in
      guard let value else { return .null }
      return self.table.scaledDecimals == 0
        ? .int(Int(value.rounded())) : .rounded(value, places: self.table.scaledDecimals)
    }
    let document: JSONValue = .object([
      ("form", .string(form)), ("conversion_table", .string(tableSource)), ("scoring_rule", .string(Self.scoringRule)),
      ("band", .string(Self.bandMethod)), ("feedback_method", .string(Self.feedbackMethod)),
      ("feedback_width", .number(feedbackWidth)), ("borderline_theta", .rounded(borderlineTheta, places: 4)),
      ("subscore_method", .string(SubscoreValue.method)), ("subscore_sample", .string(subscoreSample)),
      (
        "domains",
        .array(
          zip(domains, zip(borderline, subscores)).map { domain, pair in
            .object([
              ("domain", .string(domain.id)), ("title", .string(domain.title)), ("items", .int(domain.items.count)),
              ("borderline_expected", .rounded(pair.0.expected, places: 4)),
              ("borderline_sem", .rounded(pair.0.sem, places: 4)),
              ("near_from", .rounded(pair.0.lower, places: 4)), ("near_to", .rounded(pair.0.upper, places: 4)),
              ("prmse_subscore", pair.1.prmseSubscore.map { .rounded($0, places: 4) } ?? .null),
              ("prmse_total", pair.1.prmseTotal.map { .rounded($0, places: 4) } ?? .null),
              ("added_value", .bool(pair.1.addedValue)), ("note", pair.1.note.map { .string($0) } ?? .null),
            ])
          })
      ),
      (
        "candidates",
        .array(
          candidates.map { candidate in
            .object([
              ("candidate", .string(candidate.candidate)), ("status", .string(candidate.status.rawValue)),
              ("raw", candidate.raw.map { .int($0) } ?? .null), ("scaled", scaledJSON(candidate.scaled)),
              ("pass", candidate.pass.map { .bool($0) } ?? .null),
              ("csem", candidate.csem.map { .rounded($0, places: 2) } ?? .null),
              (
                "band",
                candidate.bandLow == nil
                  ? .null : .array([scaledJSON(candidate.bandLow), scaledJSON(candidate.bandHigh)])
              ),
              (
                "responses",
                .object([
                  ("answered", .int(candidate.answered)), ("omitted", .int(candidate.omitted)),
                  ("not_reached", .int(candidate.notReached)),
                  ("not_presented", .int(candidate.notPresented)),
                ])
              ),
              (
                "domains",
                .array(
                  candidate.domains.map { result in
                    var fields: [(String, JSONValue)] = [
                      ("domain", .string(result.domain)), ("feedback", .string(result.feedback.rawValue)),
                    ]
                    if numeric.contains(result.domain) {
                      fields += [("correct", .int(result.correct)), ("items", .int(result.items))]
                    }
                    return .object(fields)
                  })
              ),
            ])
          })
      ),
    ])
    return document.rendered(pretty: true) + "\n"
  }

  /// One self-contained, printable HTML file with a page per candidate (inline CSS, no scripts, no
  /// external resources, no item text).
  public func htmlText() -> String {
    let numeric = numericDomains
    let range = table.range
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>Score reports: \(escape(form))</title>
      <style>
      body { font-family: Helvetica, Arial, sans-serif; color: #111; margin: 0; }
      .page { padding: 2cm; page-break-after: always; break-after: page; }
      .page:last-child { page-break-after: auto; break-after: auto; }
      h1 { font-size: 20pt; margin: 0 0 0.2cm 0; }
      .meta { color: #444; margin: 0 0 0.6cm 0; }
      .result { font-size: 16pt; margin: 0.4cm 0; }
      .pass { color: #065f2c; font-weight: bold; }
      .fail { color: #8a1c1c; font-weight: bold; }
      table { border-collapse: collapse; margin: 0.3cm 0; }
      th, td { border: 1px solid #999; padding: 4px 10px; text-align: left; }
      td.n { text-align: right; }
      .note { color: #444; font-size: 9pt; max-width: 17cm; }
      </style>
      </head>
      <body>

      """
    for candidate in candidates {
      html += "<section class=\"page\">\n<h1>Score report</h1>\n"
      html += "<p class=\"meta\">Candidate \(escape(candidate.candidate)) &middot; form \(escape(form))</p>\n"
      guard candidate.status == .scored, let scaled = candidate.scaledText, let pass = candidate.pass else {
        html +=
          "<p class=\"result\">No score: no responses to the scored questions were recorded (status no-responses).</p>\n</section>\n"
        continue
      }
      html += "<p class=\"result\">Scaled score <strong>\(escape(scaled))</strong>"
      if let range {
        html +=
          " on a scale of \(escape(ScoreConversionTable.trimmedDecimal(range.lowerBound)))–\(escape(ScoreConversionTable.trimmedDecimal(range.upperBound)))"
      }
      html += ": <span class=\"\(pass ? "pass" : "fail")\">\(pass ? "PASS" : "FAIL")</span></p>\n"
      html +=
        "<p>Score band (&plusmn; one standard error of measurement): \(escape(decimal(candidate.bandLow)))–\(escape(decimal(candidate.bandHigh))). "
      html +=
        "Questions answered correctly: \(candidate.raw ?? 0) of \(candidate.answered + candidate.omitted + candidate.notReached + candidate.notPresented).</p>\n"
      html +=
        "<h2>Performance by content domain</h2>\n<table>\n<tr><th>Domain</th><th>Compared with a borderline candidate</th><th>Correct</th></tr>\n"
      for (index, domain) in domains.enumerated() where index < candidate.domains.count {
        let result = candidate.domains[index]
        let label: String
        switch result.feedback {
        case .below: label = "Below"
        case .near: label = "Near"
        case .above: label = "Above"
        }
        let count = numeric.contains(domain.id) ? "\(result.correct) of \(result.items)" : "&ndash;"
        html += "<tr><td>\(escape(domain.title))</td><td>\(label)</td><td class=\"n\">\(count)</td></tr>\n"
      }
      html += "</table>\n"
      html +=
        "<p class=\"note\">Domain results compare your performance with that expected of a candidate at the passing standard, allowing for the few questions in each domain (one conditional standard error either way counts as near). Numbers of correct answers are shown only for domains whose subscores add information beyond the total score (Haberman's PRMSE criterion). The pass/fail decision rests on the total score alone.</p>\n"
      html += "</section>\n"
    }
    html += "</body>\n</html>\n"
    return html
  }

  /// The output files, by name: `scores.csv`, `scores.json`, `reports.html`.
  public func files() -> [(name: String, text: String)] {
    // The three renderings are independent: one per core (the output does not depend on it).
    let report = self
    let texts = [0, 1, 2].concurrentMap { index -> String in
      switch index {
      case 0: return report.csvText()
      case 1: return report.jsonText()
      default: return report.htmlText()
      }
    }
    return [("scores.csv", texts[0]), ("scores.json", texts[1]), ("reports.html", texts[2])]
  }

  func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }
}
