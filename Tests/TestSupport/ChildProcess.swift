import Foundation

/// What a finished child process printed and how it ended.
public struct ChildProcessResult: Sendable {
  /// The exit status (or the signal number when it was killed by one).
  public var status: Int32
  /// Standard output, decoded as UTF-8 (invalid bytes replaced).
  public var standardOutput: String
  /// Standard error, decoded as UTF-8; empty when it was merged into standard output.
  public var standardError: String
}

/// Runs programs from tests: the one subprocess runner every test target uses.
public enum ChildProcess {
  /// Runs `executable` with `arguments` in `directory` and waits for it.
  ///
  /// Standard output is read through a pipe to its end before waiting; standard error goes to a
  /// temporary file (or, with `mergingStandardError`, into the same pipe), never to a second
  /// pipe: reading one pipe to its end while the child fills the other (64 KiB) would deadlock
  /// both.
  public static func run(
    _ executable: URL, arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
    mergingStandardError: Bool = false
  ) throws -> ChildProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    let errorURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("itembench-test-stderr-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: errorURL) }
    var errorHandle: FileHandle?
    if mergingStandardError {
      process.standardError = output
    } else {
      _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
      let handle = try FileHandle(forWritingTo: errorURL)
      errorHandle = handle
      process.standardError = handle
    }
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var errorData = Data()
    if let errorHandle {
      try errorHandle.close()
      errorData = (try? Data(contentsOf: errorURL)) ?? Data()
    }
    return ChildProcessResult(
      status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}
