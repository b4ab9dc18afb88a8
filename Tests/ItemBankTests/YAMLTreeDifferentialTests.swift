import Foundation
import Testing
import Yams
@testable import ItemBank
import ItemBenchCore
import ItemBenchYAML
import ItemResponseTheory
import TestSupport

/// Differential check of the fast path: composing an item file straight from libyaml's events
/// (`YAMLTree`) must give exactly what composing it with Yams gives — the same items and the same
/// diagnostics — on every file of the shipped bank and the test fixtures and on seeded random
/// edits of them that insert YAML metacharacters (where the fast path declines, Yams is used, so
/// only accepted texts are compared).
@Suite struct YAMLTreeDifferentialTests {
  static func yamsPath(_ text: String, file: String) -> (items: [Item], diagnostics: [Diagnostic]) {
    switch YAMLSource.compose(text, file: file, resolver: YAMLSource.textResolver) {
    case .failure(let diagnostic): return ([], [diagnostic])
    case .success(nil):
      return (
        [],
        [
          .error(
            "empty item file: expected an item mapping", at: SourceLocation(file: file, line: 1, column: 1),
            code: "missing-field")
        ]
      )
    case .success(let node?): return ItemParser.parse(node: node, file: file)
    }
  }

  @Test func treeMatchesYams() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    var texts: [String] = []
    for directory in ["Items", "Tests/ItemBankTests/Fixtures", "Tests/BlueprintCoverageTests/Fixtures"] {
      for path in BankLoader.yamlFiles(under: root.appendingPathComponent(directory).path) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { continue }
        texts.append(text)
      }
    }
    #expect(texts.count > 150)
    let pieces = [
      ":", ": ", "-", "- ", " ", "  ", "\n", "\n  ", "'", "\"", "#", " #", "&a ", "*a", "!!str ", "!!int ", "{", "}",
      "[", "]", ",", "? ", "|", ">", "|-", ">+", "\t", "é", "\u{FEFF}", "~", "null", "---\n", "...\n", "\r\n", "\\",
      "\\n", "\"\\u00e9\"", "id: X\n", "key: A\n", "A: x\n", "0x1F", "1_000", "yes", "%YAML 1.1\n", "\u{85}",
      "\u{2028}", "''", "\"\"", "<<: *a\n", "1.5", ".inf", "12:30",
    ]
    var fast = 0
    var declined = 0
    var mismatches: [String] = []
    for (index, original) in texts.enumerated() {
      var generator = SplitMix64(state: UInt64(index))
      var variants = [original]
      for _ in 0..<6 {
        var scalars = Array(original.unicodeScalars)
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
          let position = Int.random(in: 0...scalars.count, using: &generator)
          if Bool.random(using: &generator), position < scalars.count {
            scalars.removeSubrange(position..<min(scalars.count, position + Int.random(in: 1...4, using: &generator)))
          } else {
            scalars.insert(contentsOf: pieces.randomElement(using: &generator)!.unicodeScalars, at: position)
          }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        variants.append(text)
      }
      for text in variants {
        guard let tree = YAMLTree.compose(text) else { declined += 1; continue }
        fast += 1
        let expected = Self.yamsPath(text, file: "f.yml")
        let actual: (items: [Item], diagnostics: [Diagnostic])
        if let root = tree.root {
          actual = withExtendedLifetime(tree) { ItemParser.parse(view: root, file: "f.yml") }
        } else {
          actual = (
            [],
            [
              .error(
                "empty item file: expected an item mapping", at: SourceLocation(file: "f.yml", line: 1, column: 1),
                code: "missing-field")
            ]
          )
        }
        if actual.items != expected.items || actual.diagnostics != expected.diagnostics {
          mismatches.append(text)
        }
      }
    }
    #expect(mismatches.isEmpty, "first mismatching text:\n\(mismatches.first ?? "")")
    // Most texts must take the fast path, or the check compares too little.
    #expect(fast > 600, "fast \(fast), declined \(declined)")
  }
}
