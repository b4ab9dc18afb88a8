import Foundation
import Testing

@testable import ItemBank
import ItemBenchYAML

/// The item parser composes files straight from libyaml's events (`YAMLTree`) and falls back to
/// Yams when that path is compiled out (no `CYaml` module) or declines a document. Both give the
/// same items (YAMLTreeDifferentialTests), so a silent switch to the fallback would show only as
/// a slower bank load. These tests fail instead.
@Suite struct YAMLFastPathGuardTests {
  @Test func theFastPathIsCompiledIn() {
    #expect(YAMLTree.isAvailable, "CYaml cannot be imported: every item file now goes through Yams.compose")
  }

  /// Every item file of the shipped bank is composed by the fast path (none declined).
  @Test func everyShippedItemFileTakesTheFastPath() throws {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Items").path
    let files = BankLoader.yamlFiles(under: root).filter { BankLoader.kind(of: $0, root: root) == .items }
    try #require(files.count >= 400, "the shipped bank at \(root) has \(files.count) item files")
    var declined: [String] = []
    for file in files {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      if YAMLTree.compose(text) == nil { declined.append(file) }
    }
    #expect(declined.isEmpty, "declined by the fast path: \(declined.prefix(5))")
  }
}
