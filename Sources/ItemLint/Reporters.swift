import Foundation
import ItemBenchCore

/// Renders a ``LintReport`` in one output format.
///
/// An extension point like ``LintRule``: the built-in reporters conform to it, and another
/// package registers its own with ``LintReporterRegistry/register(_:)``; `--reporter` accepts
/// every registered ``name``. Output must be deterministic (the report's findings are sorted).
public protocol LintReporter: Sendable {
  /// The name users pass to `--reporter`.
  var name: String { get }
  /// One line for `--help`.
  var summary: String { get }
  func render(_ report: LintReport) -> String
}

/// The reporters known to this process, built-in ones first.
public final class LintReporterRegistry: @unchecked Sendable {
  public static let shared = LintReporterRegistry()

  private let table = Registry<any LintReporter>()

  public init(builtIns: Bool = true) {
    if builtIns {
      let builtIn: [any LintReporter] = [
        TextReporter(), JSONReporter(), SARIFReporter(), GitHubReporter(), JUnitReporter(),
      ]
      for reporter in builtIn { register(reporter) }
    }
  }

  /// Adds `reporter`, replacing (in place) any registered under the same name.
  public func register(_ reporter: any LintReporter) { table.register(reporter, as: reporter.name) }

  /// The reporter called `name`, if registered.
  public func reporter(named name: String) -> (any LintReporter)? { table.entry(named: name) }

  /// Registered names, in registration order.
  public var names: [String] { table.names }
}

// MARK: - text

/// `file:line:column: severity: message (rule-id)`, one finding per line: the form compilers
/// use, which editors, Xcode and CI log parsers recognise.
public struct TextReporter: LintReporter {
  public init() {}
  public var name: String { "text" }
  public var summary: String { "file:line:column: severity: message (rule-id)" }
  public func render(_ report: LintReport) -> String {
    report.findings.map { $0.description + "\n" }.joined()
  }
}

// MARK: - json

/// A JSON array of findings: `file`, `line`, `column`, `rule`, `severity`, `message`, and
/// `item` and `field` where known.
public struct JSONReporter: LintReporter {
  public init() {}
  public var name: String { "json" }
  public var summary: String { "a JSON array of findings (file, line, column, rule, severity, message, item, field)" }
  /// Renders the findings in chunks on all cores. Each chunk is rendered as an array of its own,
  /// whose elements are indented exactly as inside the whole array, and the chunks' elements are
  /// joined; the text is the same as rendering the whole array at once.
  public func render(_ report: LintReport) -> String {
    let findings = report.findings
    guard !findings.isEmpty else { return JSONValue.array([]).rendered(pretty: true) + "\n" }
    let chunkSize = 256
    let chunks = stride(from: 0, to: findings.count, by: chunkSize).map { $0..<min($0 + chunkSize, findings.count) }
    let bodies: [String] = chunks.concurrentMap { range in
      let text = JSONValue.array(findings[range].map(Self.object)).rendered(pretty: true)
      // "[\n" + elements + "\n]": keep the elements.
      return String(Substring(text.utf8.dropFirst(2).dropLast(2)))
    }
    return "[\n" + bodies.joined(separator: ",\n") + "\n]\n"
  }

  static func object(_ finding: LintFinding) -> JSONValue {
    .object([
      ("file", .string(finding.location.file)),
      ("line", .int(finding.location.line)),
      ("column", .int(finding.location.column)),
      ("rule", .string(finding.ruleID)),
      ("severity", .string(finding.severity.rawValue)),
      ("message", .string(finding.message)),
      ("item", finding.itemID.map(JSONValue.string) ?? .null),
      ("field", finding.field.map(JSONValue.string) ?? .null),
    ])
  }
}

// MARK: - sarif

/// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), as GitHub code scanning and
/// IDE viewers read it: one run whose `tool.driver.rules` is the rule catalogue (id,
/// descriptions, default level, enabled), and one result per finding with its rule index,
/// level (`error`, `warning`, `note` for info) and physical location (relative URI, line and
/// column in Unicode code points).
public struct SARIFReporter: LintReporter {
  public init() {}
  public var name: String { "sarif" }
  public var summary: String { "SARIF 2.1.0 with the rule catalogue in tool.driver.rules" }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .info: return "note"
    }
  }

  /// A relative path as a URI reference (RFC 3986): unreserved characters and `/` kept, the
  /// rest percent-encoded.
  static func uri(_ path: String) -> String {
    var result = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        result.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        result += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return path.hasPrefix("/") ? "file://" + result : result
  }

  public func render(_ report: LintReport) -> String {
    var ruleIndex: [String: Int] = [:]
    let rules: [JSONValue] = report.rules.enumerated().map { index, rule in
      ruleIndex[rule.id] = index
      var help = rule.description
      if !rule.parameters.isEmpty {
        help +=
          "\nParameters: "
          + rule.parameters.map { "\($0.name) (default \($0.defaultValue)): \($0.description)" }.joined(separator: "; ")
      }
      return .object([
        ("id", .string(rule.id)),
        ("name", .string(rule.id)),
        ("shortDescription", .object([("text", .string(Self.firstSentence(rule.description)))])),
        ("fullDescription", .object([("text", .string(rule.description))])),
        ("help", .object([("text", .string(help))])),
        (
          "defaultConfiguration",
          .object([
            ("enabled", .bool(report.enabledRuleIDs.contains(rule.id))),
            ("level", .string(Self.level(rule.defaultSeverity))),
          ])
        ),
        (
          "properties",
          .object([
            ("category", .string(rule.category.rawValue)),
            ("optIn", .bool(rule.isOptIn)),
          ])
        ),
      ])
    }
    let ruleIndices = ruleIndex
    let findings = report.findings
    @Sendable func result(_ finding: LintFinding) -> JSONValue {
      let ruleIndex = ruleIndices
      var physical: [(String, JSONValue)] = [
        ("artifactLocation", .object([("uri", .string(Self.uri(finding.location.file)))]))
      ]
      if finding.location.line > 0 {
        var region: [(String, JSONValue)] = [("startLine", .int(finding.location.line))]
        if finding.location.column > 0 { region.append(("startColumn", .int(finding.location.column))) }
        physical.append(("region", .object(region)))
      }
      var members: [(String, JSONValue)] = [("ruleId", .string(finding.ruleID))]
      if let index = ruleIndex[finding.ruleID] { members.append(("ruleIndex", .int(index))) }
      members += [
        ("level", .string(Self.level(finding.severity))),
        ("message", .object([("text", .string(finding.message))])),
        ("locations", .array([.object([("physicalLocation", .object(physical))])])),
      ]
      if let item = finding.itemID {
        var properties: [(String, JSONValue)] = [("item", .string(item))]
        if let field = finding.field { properties.append(("field", .string(field))) }
        members.append(("properties", .object(properties)))
      }
      return .object(members)
    }
    var driver: [(String, JSONValue)] = [("name", "itembench")]
    if !report.toolVersion.isEmpty {
      driver.append(("version", .string(report.toolVersion)))
      driver.append(("semanticVersion", .string(report.toolVersion)))
    }
    driver.append(("rules", .array(rules)))
    func document(results: [JSONValue]) -> JSONValue {
      .object([
        ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
        ("version", "2.1.0"),
        (
          "runs",
          .array([
            .object([
              ("tool", .object([("driver", .object(driver))])),
              ("columnKind", "unicodeCodePoints"),
              ("results", .array(results)),
            ])
          ])
        ),
      ])
    }
    let text = document(results: []).rendered(pretty: true)
    guard !findings.isEmpty else { return text + "\n" }
    // The results, rendered in chunks on all cores: each chunk as an array of its own, whose
    // elements (indented one level) are re-indented to the four levels of `runs[0].results`.
    // The document was rendered with an empty results array, the run's last member, which
    // the elements then fill; the text is the same as rendering the whole document at once.
    let chunkSize = 256
    let chunks = stride(from: 0, to: findings.count, by: chunkSize).map { $0..<min($0 + chunkSize, findings.count) }
    let bodies: [String] = chunks.concurrentMap { range in
      let chunk = JSONValue.array(findings[range].map(result)).rendered(pretty: true)
      return Self.indented(chunk.utf8.dropFirst(2).dropLast(2), by: 6)
    }
    let placeholder = "\n      \"results\": []"
    guard let range = text.range(of: placeholder, options: [.literal, .backwards]) else {
      // Not reached (the run's last member is the results array); render it all at once.
      return document(results: findings.map(result)).rendered(pretty: true) + "\n"
    }
    return text[..<range.lowerBound] + "\n      \"results\": [\n" + bodies.joined(separator: ",\n") + "\n      ]"
      + text[range.upperBound...] + "\n"
  }

  /// `lines` with `spaces` more spaces at the start of each line.
  static func indented(_ lines: Substring.UTF8View, by spaces: Int) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(lines.count + lines.count / 8)
    let indent = [UInt8](repeating: UInt8(ascii: " "), count: spaces)
    bytes += indent
    for byte in lines {
      bytes.append(byte)
      if byte == 0x0A { bytes += indent }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func firstSentence(_ text: String) -> String {
    if let end = text.range(of: ". ") { return String(text[..<end.lowerBound]) + "." }
    return text
  }
}

// MARK: - github

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`
/// (`warning`, and `notice` for info), which the runner shows as annotations on the diff.
public struct GitHubReporter: LintReporter {
  public init() {}
  public var name: String { "github" }
  public var summary: String { "GitHub Actions annotations (::error file=…,line=…,col=…::message)" }

  /// Escaping of a command's message (`%`, CR, LF).
  static func escapeData(_ text: String) -> String {
    // Text without any of the escaped characters comes back unchanged (no search can match
    // a character whose byte is absent).
    if !contains(text, anyOf: [UInt8(ascii: "%"), 0x0D, 0x0A]) { return text }
    return text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  /// Escaping of a property value (also `:` and `,`).
  static func escapeProperty(_ text: String) -> String {
    if !contains(text, anyOf: [UInt8(ascii: "%"), 0x0D, 0x0A, UInt8(ascii: ":"), UInt8(ascii: ",")]) { return text }
    return escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }

  /// Whether `text`'s UTF-8 holds any of `bytes` (all ASCII).
  static func contains(_ text: String, anyOf bytes: [UInt8]) -> Bool {
    text.utf8.contains { bytes.contains($0) }
  }

  public func render(_ report: LintReport) -> String {
    report.findings.map { finding in
      let command: String
      switch finding.severity {
      case .error: command = "error"
      case .warning: command = "warning"
      case .info: command = "notice"
      }
      var properties = ["file=\(Self.escapeProperty(finding.location.file))"]
      if finding.location.line > 0 { properties.append("line=\(finding.location.line)") }
      if finding.location.column > 0 { properties.append("col=\(finding.location.column)") }
      properties.append("title=\(Self.escapeProperty(finding.ruleID))")
      return "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(finding.message))\n"
    }.joined()
  }
}

// MARK: - junit

/// JUnit XML as CI servers (Jenkins, GitLab, Azure) read it: one `testsuite` per linted file,
/// one failing `testcase` per finding (named by rule and position, `type` = severity), and a
/// passing `testcase` for a file without findings.
public struct JUnitReporter: LintReporter {
  public init() {}
  public var name: String { "junit" }
  public var summary: String { "JUnit XML: a test suite per file, a failing test case per finding" }

  static func escape(_ text: String) -> String {
    // Nothing to escape: no markup character and no control character.
    if !text.utf8.contains(where: {
      $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
        || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")
    }) {
      return text
    }
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\n": result += "&#10;"
      case "\t": result += "&#9;"
      case _ where scalar.value < 0x20: break  // not allowed in XML 1.0
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  public func render(_ report: LintReport) -> String {
    var byFile: [String: [LintFinding]] = [:]
    for finding in report.findings { byFile[finding.location.file, default: []].append(finding) }
    let files = Set(report.files).union(byFile.keys).sorted()
    let failures = report.findings.count
    let tests = files.reduce(0) { $0 + max(1, byFile[$1]?.count ?? 0) }
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<testsuites name=\"itembench lint\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
    // Test suites rendered in chunks of files on all cores, joined in file order.
    let chunkSize = 512
    let chunks = stride(from: 0, to: files.count, by: chunkSize).map { $0..<min($0 + chunkSize, files.count) }
    let findingsByFile = byFile
    let suites: [String] = chunks.concurrentMap { range in
      var xml = ""
      for file in files[range] { Self.suite(file, findingsByFile[file] ?? [], into: &xml) }
      return xml
    }
    xml += suites.joined()
    xml += "</testsuites>\n"
    return xml
  }

  /// One file's `testsuite` element.
  static func suite(_ file: String, _ findings: [LintFinding], into xml: inout String) {
    let name = Self.escape(file)
    xml +=
      "  <testsuite name=\"\(name)\" tests=\"\(max(1, findings.count))\" failures=\"\(findings.count)\" errors=\"0\">\n"
    if findings.isEmpty {
      xml += "    <testcase classname=\"\(name)\" name=\"lint\"/>\n"
    }
    for finding in findings {
      let position = finding.location.line > 0 ? " \(finding.location.line):\(finding.location.column)" : ""
      xml += "    <testcase classname=\"\(name)\" name=\"\(Self.escape(finding.ruleID + position))\">\n"
      xml += "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(Self.escape(finding.message))\">"
      xml += Self.escape(finding.description) + "</failure>\n"
      xml += "    </testcase>\n"
    }
    xml += "  </testsuite>\n"
  }
}
