import Foundation
import Testing

@testable import ItemLint

/// Every lint rule type written in the ItemLint sources is registered as a built-in rule, and
/// each rule type under `Sources/ItemLint/Rules/` has a file of its own named after it. The
/// sources are read from the package (found through `#filePath`), so a new rule file that is
/// not added to ``LintRuleRegistry/builtInRules`` fails here.
@Suite struct RuleRegistrationTests {
  /// Rule types that are not built in: `RegexRule` is the type of the custom rules a
  /// configuration file defines (`custom_rules` in `.itembench.yml`).
  static let notBuiltIn: Set<String> = ["RegexRule"]

  /// A type declaration (or extension) whose inheritance clause names `LintRule`.
  struct Declaration: CustomStringConvertible {
    let name: String
    let file: URL
    var description: String { "\(name) (\(file.lastPathComponent))" }
  }

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // ItemLintTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  static let itemLintSources = packageRoot.appendingPathComponent("Sources/ItemLint")

  /// The `.swift` files under `directory`, recursively, sorted by path.
  static func swiftFiles(under directory: URL) -> [URL] {
    let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
    var files: [URL] = []
    while let url = enumerator?.nextObject() as? URL {
      if url.pathExtension == "swift" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
  }

  /// The declarations in `text` that conform to `LintRule` in their inheritance clause:
  /// `struct X: LintRule`, `public final class X: Base, LintRule`, `extension X: LintRule`, …
  static func lintRuleDeclarations(in text: String, file: URL) -> [Declaration] {
    let pattern =
      #"(?m)^[ \t]*(?:(?:public|package|internal|fileprivate|private|final)\s+)*"#
      + #"(?:struct|class|enum|actor|extension)\s+(\w+)(?:<[^>{]*>)?\s*:([^{]*)\{"#
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { match in
      guard let nameRange = Range(match.range(at: 1), in: text),
        let clauseRange = Range(match.range(at: 2), in: text)
      else { return nil }
      let clause = text[clauseRange].split(whereSeparator: { ",& \t\n".contains($0) }).map {
        $0.split(separator: ".").last.map(String.init) ?? ""
      }
      guard clause.contains("LintRule") else { return nil }
      return Declaration(name: String(text[nameRange]), file: file)
    }
  }

  static func declarations() throws -> [Declaration] {
    try swiftFiles(under: itemLintSources).flatMap { file in
      lintRuleDeclarations(in: try String(contentsOf: file, encoding: .utf8), file: file)
    }
  }

  @Test func theSourceScanFindsTheRuleTypes() throws {
    let names = Set(try Self.declarations().map(\.name))
    // Guards the scan itself: a pattern that silently matched nothing would pass the test below.
    #expect(names.isSuperset(of: ["StemKeyWordRepeatRule", "NearDuplicateRule", "LoaderDiagnosticRule", "RegexRule"]))
    #expect(names.count >= 28, "found \(names.sorted())")
    let scanned = Self.lintRuleDeclarations(
      in: "public final class Foo<T>: NSObject, ItemLint.LintRule {\n}\nextension Bar: LintRule {}\n",
      file: URL(fileURLWithPath: "/x.swift"))
    #expect(scanned.map(\.name) == ["Foo", "Bar"])
  }

  @Test func everyRuleTypeInTheSourcesIsABuiltInRule() throws {
    let registered = Set(LintRuleRegistry.builtInRules.map { String(describing: type(of: $0)) })
    let declared = try Self.declarations()
    for declaration in declared where !Self.notBuiltIn.contains(declaration.name) {
      #expect(
        registered.contains(declaration.name),
        "\(declaration) conforms to LintRule but LintRuleRegistry.builtInRules has no instance of it")
    }
    // And nothing registered comes from outside the ItemLint sources.
    let declaredNames = Set(declared.map(\.name))
    #expect(registered.subtracting(declaredNames).isEmpty, "\(registered.subtracting(declaredNames).sorted())")
    #expect(Self.notBuiltIn.isSubset(of: declaredNames))
  }

  @Test func everyRuleTypeHasAFileOfItsOwnUnderRules() throws {
    let rulesDirectory = Self.itemLintSources.appendingPathComponent("Rules").standardizedFileURL.path + "/"
    let declared = try Self.declarations()
    for declaration in declared {
      #expect(
        declaration.file.standardizedFileURL.path.hasPrefix(rulesDirectory),
        "\(declaration) should be in Sources/ItemLint/Rules/")
      #expect(declaration.file.deletingPathExtension().lastPathComponent == declaration.name, "\(declaration)")
    }
  }
}
