// Shared by the command plugins through the `Shared` symbolic link in each plugin directory
// (a plugin target cannot depend on a library target, so the code is linked, not imported).
import Foundation
import PackagePlugin

/// A reason a command plugin stops. Reported with `Diagnostics.error` before the plugin exits
/// with a failing status, so `swift package <verb>` itself fails.
enum PluginFailure: Error, CustomStringConvertible {
  /// The plugin's own arguments are wrong.
  case usage(String)
  /// `itembench` ran and exited with a non-zero status.
  case toolFailed(command: String, status: Int32)
  /// `itembench` was ended by a signal.
  case toolCrashed(command: String, signal: Int32)
  /// `itembench` could not be started.
  case cannotLaunch(command: String, reason: String)

  var description: String {
    switch self {
    case .usage(let message):
      return message
    case .toolFailed(let command, let status):
      let meaning: String
      switch status {
      case 1: meaning = " (findings: something checked did not pass)"
      case 2: meaning = " (usage or input problem)"
      default: meaning = ""
      }
      return "'\(command)' exited with status \(status)\(meaning)"
    case .toolCrashed(let command, let signal):
      return "'\(command)' was ended by signal \(signal)"
    case .cannotLaunch(let command, let reason):
      return "cannot run '\(command)': \(reason)"
    }
  }

  /// The exit status the plugin ends with: the tool's own status when it has one.
  var exitStatus: Int32 {
    switch self {
    case .toolFailed(_, let status): return status
    case .usage: return 2
    case .toolCrashed, .cannotLaunch: return 1
    }
  }
}

/// Runs the `itembench` executable that SwiftPM built for the plugin.
struct ItemBenchTool {
  /// The executable, from `context.tool(named: "itembench")`.
  var url: URL
  /// Where the tool runs: the package directory, so relative paths in arguments resolve
  /// against the package root.
  var workingDirectory: URL

  init(context: PluginContext) throws {
    url = try context.tool(named: "itembench").url
    workingDirectory = context.package.directoryURL
  }

  /// Runs `itembench <arguments>` with the plugin's standard output and error, and waits.
  ///
  /// - Throws: ``PluginFailure`` when the tool cannot start, exits non-zero or is killed.
  func run(_ arguments: [String]) throws {
    let command = (["itembench"] + arguments).joined(separator: " ")
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    process.currentDirectoryURL = workingDirectory
    do {
      try process.run()
    } catch {
      throw PluginFailure.cannotLaunch(command: command, reason: "\(error)")
    }
    process.waitUntilExit()
    switch process.terminationReason {
    case .exit where process.terminationStatus == 0:
      return
    case .exit:
      throw PluginFailure.toolFailed(command: command, status: process.terminationStatus)
    case .uncaughtSignal:
      throw PluginFailure.toolCrashed(command: command, signal: process.terminationStatus)
    @unknown default:
      throw PluginFailure.toolFailed(command: command, status: process.terminationStatus)
    }
  }
}

/// Runs `body`; on a ``PluginFailure`` reports it through `Diagnostics.error` and exits with
/// its status (SwiftPM then fails the `swift package` invocation).
func reportingFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let failure as PluginFailure {
    Diagnostics.error(failure.description)
    exit(failure.exitStatus)
  }
}

/// Splits `arguments` at the first `--`: the part before it is the plugin's to parse, the part
/// from it on (including the `--`) is passed to the tool untouched.
func splitAtTerminator(_ arguments: [String]) -> (options: [String], terminated: [String]) {
  guard let index = arguments.firstIndex(of: "--") else { return (arguments, []) }
  return (Array(arguments[..<index]), Array(arguments[index...]))
}

/// Whether the plugin's own arguments ask for help (`--help` or `-h`).
func wantsHelp(_ options: [String]) -> Bool {
  options.contains("--help") || options.contains("-h")
}

/// Prints `text` to standard output at once (the plugin's output is a pipe, so it is flushed
/// before the tool writes to the same pipe).
func printNow(_ text: String) {
  FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
