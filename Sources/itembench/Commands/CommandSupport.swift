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

  /// Prints a library error as a compiler-style diagnostic, `file:line:column: error: message`
  /// (the libraries never write the severity themselves).
  static func report(_ error: any DiagnosticError) {
    Console.error(error.compilerStyle(severity: "error"))
  }

  /// Prints any error: a ``DiagnosticError`` as ``report(_:)-(any DiagnosticError)`` does, any
  /// other error as its own description (which may carry its own `file:line:column: error:`).
  static func report(_ error: any Error) {
    if let diagnostic = error as? any DiagnosticError {
      Console.error(diagnostic.compilerStyle(severity: "error"))
    } else {
      Console.error("\(error)")
    }
  }

  /// Prints a library error after `context` (for example the file it came from), as
  /// `context: error: message` when the error has no location of its own.
  static func report(_ error: any DiagnosticError, in context: String) {
    let text = error.compilerStyle(severity: "error")
    Console.error(error.diagnosticLocation == nil ? "\(context): \(text)" : text)
  }

  static func print(diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    let text = diagnostics.map(\.description).joined(separator: "\n") + "\n"
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Writes `text` to `path` atomically, or to standard output when `path` is nil or `-`.
  ///
  /// Refuses (exit 2) to write onto any file named elsewhere on the command line (an input) or
  /// into the bank (``OutputGuard``).
  static func emit(_ text: String, to path: String?) throws {
    if let path, path != "-" {
      do {
        try OutputGuard.check(path)
      } catch let error as OutputFolder.PathError {
        Console.report(error)
        throw ExitStatus.usage
      }
      try AtomicFile.write(text, to: path)
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}

/// The rule every single-file output of the command-line tool follows: the file must not be one
/// the command reads (any other argument naming the same file, after resolving `.`, `..` and
/// symbolic links) and must not lie inside the bank (`--bank DIR`, or `./Items` when the command
/// was given no `--bank` and that directory exists).
enum OutputGuard {
  static func check(_ output: String, arguments: [String] = Array(CommandLine.arguments.dropFirst())) throws {
    var values: [String] = []
    var bank: String?
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if argument == "--bank", index + 1 < arguments.count {
        bank = arguments[index + 1]
      } else if argument.hasPrefix("--bank=") {
        bank = String(argument.dropFirst("--bank=".count))
      }
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        values.append(String(argument[argument.index(after: equals)...]))
      } else {
        values.append(argument)
      }
      index += 1
    }
    // The output's own occurrence is not an input; any other naming the same file is.
    if let own = values.firstIndex(of: output) { values.remove(at: own) }
    let inputs = values.filter { !$0.hasPrefix("-") && FileManager.default.fileExists(atPath: $0) }
    var forbidden: [String] = []
    if let bank {
      forbidden.append(bank)
    } else {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: "Items", isDirectory: &isDirectory), isDirectory.boolValue {
        forbidden.append("Items")
      }
    }
    try OutputFolder.checkSingleFile(output, inputs: inputs, forbiddenDirectories: forbidden)
  }
}

/// The bank location option most commands share.
struct BankOptions: ParsableArguments {
  @Option(name: .long, help: "The item bank directory (items, blueprints/, forms/).")
  var bank: String = "Items"
}

/// Range checks for numeric options, run from `validate()` before any work: NaN and infinities
/// are always rejected (a NaN threshold would silently disable its check), and the message
/// states the allowed range. Limits: ``InputLimits``.
enum OptionCheck {
  /// `value` must lie in `range`.
  static func integer(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
      throw ValidationError("\(name) must be from \(range.lowerBound) to \(range.upperBound); got \(value)")
    }
  }

  /// `value` must be finite and lie in `range`; `above` excludes the lower bound.
  static func number(
    _ name: String, _ value: Double, in range: ClosedRange<Double>, excludingLower: Bool = false,
    excludingUpper: Bool = false
  ) throws {
    let lowOK = excludingLower ? value > range.lowerBound : value >= range.lowerBound
    let highOK = excludingUpper ? value < range.upperBound : value <= range.upperBound
    guard value.isFinite, lowOK, highOK else {
      let open = excludingLower ? "(" : "["
      let close = excludingUpper ? ")" : "]"
      throw ValidationError(
        "\(name) must be a finite number in \(open)\(format(range.lowerBound)), \(format(range.upperBound))\(close); got \(value)"
      )
    }
  }

  /// `value` must be a finite number (any size).
  static func finite(_ name: String, _ value: Double) throws {
    guard value.isFinite else { throw ValidationError("\(name) must be a finite number; got \(value)") }
  }

  private static func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }
}
