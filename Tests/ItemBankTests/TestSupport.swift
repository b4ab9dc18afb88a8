import Foundation
import ItemBenchCore

/// The directory holding this test target's fixtures (found through `#filePath`).
func fixturesDirectory(filePath: String = #filePath) -> String {
  URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
}

/// A fresh temporary directory containing `files` (relative path → text).
func temporaryBank(_ files: [String: String]) throws -> String {
  let root = FileManager.default.temporaryDirectory
    .appendingPathComponent("itembench-tests-\(UUID().uuidString)").path
  for (relative, text) in files {
    let path = root + "/" + relative
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }
  return root
}

extension Array where Element == Diagnostic {
  /// The diagnostics with `code`.
  func with(code: String) -> [Diagnostic] { filter { $0.code == code } }
}
