import Foundation
import TestSupport

/// Runs the built `itembench` executable, as a user would, and captures what it prints.
struct CLIRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `itembench` binary built next to this test bundle (`swift test` builds it because the
  /// test target depends on it).
  static let executable: URL =
    PackageLayout.itembench ?? PackageLayout.root.appendingPathComponent(".build/debug/itembench")

  /// The package root.
  static let packageRoot = PackageLayout.root

  /// An empty working directory shared by the tests that do not name one, so that no command
  /// picks up the repository's own `Items/` or `itembench.yml` by accident.
  static let neutralDirectory: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "itembench-cli-neutral-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  /// Runs `itembench arguments…` in `directory` (default: an empty directory).
  static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
    let result = try ChildProcess.run(executable, arguments: arguments, in: directory ?? neutralDirectory)
    return Result(status: result.status, stdout: result.standardOutput, stderr: result.standardError)
  }

  /// A fresh empty temporary directory.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("itembench-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
