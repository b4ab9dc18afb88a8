import ArgumentParser
import Foundation
import ItemBenchCore

/// Exit statuses shared by every subcommand.
enum ExitStatus {
  /// Something checked did not pass (lint errors, coverage gaps, invalid bank).
  static let findings = ExitCode(1)
  /// Bad usage or unreadable input.
  static let usage = ExitCode(2)
}

/// Writing to standard error.
enum Console {
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  static func print(diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    let text = diagnostics.map(\.description).joined(separator: "\n") + "\n"
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Writes `text` to `path` atomically, or to standard output when `path` is nil or `-`.
  static func emit(_ text: String, to path: String?) throws {
    if let path, path != "-" {
      try AtomicFile.write(text, to: path)
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}

/// The bank location option most commands share.
struct BankOptions: ParsableArguments {
  @Option(name: .long, help: "The item bank directory (items, blueprints/, forms/).")
  var bank: String = "Items"
}
