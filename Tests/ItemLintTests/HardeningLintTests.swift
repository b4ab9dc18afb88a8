import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

@Suite struct TemplatePlaceholderTests {
  @Test func theNewTemplateFailsLintUntilFilledIn() {
    let template = ItemTemplate.text(id: "INV-0042", domain: "inventory", level: "recall")
    let findings = TestSupport.lint(["inventory/INV-0042.yml": template], only: "template-placeholder")
    // Stem, four options, key and three distractor rationales, one reference.
    #expect(findings.count == 10, "\(findings.map(\.description))")
    #expect(findings.allSatisfy { $0.severity == .error })
    #expect(findings.first { $0.field == "stem" }?.location.line == 10)

    let operational = template.replacingOccurrences(of: "status: draft", with: "status: operational")
    #expect(TestSupport.lint(["inventory/INV-0042.yml": operational], only: "template-placeholder").count == 10)

    var filled = template
    for (index, placeholder) in ItemTemplate.placeholders.enumerated() {
      filled = filled.replacingOccurrences(of: placeholder, with: "Own text number \(index).")
    }
    #expect(TestSupport.lint(["inventory/INV-0042.yml": filled], only: "template-placeholder").isEmpty)
  }

  @Test func invalidIDsAreReportedByLint() {
    let text = ExampleItem.text(
      id: "\"INV\\u202E-1\"", stem: "What is safety stock?", options: ["Buffer", "Cycle", "Pipeline", "Lot"])
    let findings = TestSupport.lint(["inventory/x.yml": text], only: "invalid-id")
    #expect(findings.count == 1)
    #expect(findings.first?.location.line == 1)
  }
}

@Suite struct SourceTextIndexTests {
  /// Positions by a direct scan, written independently of the index.
  func scan(_ text: String, offset: Int) -> (Int, Int) {
    var line = 1
    var column = 1
    for (index, scalar) in text.unicodeScalars.enumerated() {
      if index == offset { break }
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }

  @Test func offsetsAndPositionsAgreeWithAScan() {
    for text in ["a\nbc\n\nd", "é\nx€y\n😀z\n", "", "\n\n"] {
      let index = SourceTextIndex(text)
      for offset in 0...text.unicodeScalars.count {
        let (line, column) = scan(text, offset: offset)
        #expect(
          index.position(of: offset, file: "f") == SourceLocation(file: "f", line: line, column: column),
          "\(text) \(offset)")
        #expect(index.offset(of: SourceLocation(file: "f", line: line, column: column)) == offset)
      }
    }
  }

  @Test func findingsInALongFileAreLocated() {
    // Many items in one file, each key repeating a stem word: every finding still points at
    // its word (the line of the item's key option), as without the index.
    var text = "format: 1\nitems:\n"
    for i in 1...300 {
      text +=
        "  - {id: INV-\(i), status: draft, domain: inventory, cognitive_level: recall, stem: \"Which buffer item \(i) protects?\", options: {A: \"Buffer stock\", B: Cycle, C: Pipeline, D: Lot}, key: A}\n"
    }
    let findings = TestSupport.lint(["inventory/all.yml": text], only: "stem-key-word-repeat")
    #expect(findings.count == 300)
    for finding in findings {
      let number = Int(finding.itemID!.dropFirst(4))!
      #expect(finding.location.line == number + 2)
      let line = text.split(separator: "\n")[finding.location.line - 1]
      let column = line.unicodeScalars.index(line.unicodeScalars.startIndex, offsetBy: finding.location.column - 1)
      #expect(line.unicodeScalars[column...].starts(with: "Buffer stock".unicodeScalars), "\(finding)")
    }
  }
}
