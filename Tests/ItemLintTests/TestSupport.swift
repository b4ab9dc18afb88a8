import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

/// Helpers shared by the lint tests.
enum TestSupport {
  /// The fixtures directory (found through `#filePath`; the directory is excluded from the
  /// target in Package.swift).
  static let fixtures: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

  /// Lints in-memory files with the shared registry's default configuration (or `configuration`).
  static func lint(_ files: [String: String], configuration: LintConfiguration = LintConfiguration()) -> [LintFinding] {
    Linter(configuration: configuration).lint(BankLoader.load(texts: files)).findings
  }

  /// Lints in-memory files running only the rule `ruleID` (with `options`).
  static func lint(_ files: [String: String], only ruleID: String, options: [String: ParameterValue] = [:])
    -> [LintFinding]
  {
    guard let rule = LintRuleRegistry.shared.rule(ruleID) else {
      Issue.record("no rule '\(ruleID)' is registered")
      return []
    }
    return Linter(rules: [ConfiguredRule(rule, options: options)]).lint(BankLoader.load(texts: files)).findings
  }

  /// A fresh temporary directory, removed by the caller with `cleanUp`.
  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "itemlint-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return URL(fileURLWithPath: path).standardizedFileURL.path
  }

  static func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// A clean item (no finding of any default rule), varied by id and domain.
  static func cleanItem(id: String = "INV-0001", domain: String = "inventory", extra: String = "") -> String {
    ExampleItem.text(id: id, domain: domain, stem: WritingRules.stem, options: WritingRules.options, extra: extra)
  }
}
