import Equating
import Foundation
import ItemBenchCore
import Testing
import TestSupport

@testable import TechnicalReport

/// The path of a chromium executable: `$CHROMIUM`, else the first of the usual names on PATH.
let chromiumPath: String? = {
  let environment = ProcessInfo.processInfo.environment
  if let given = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: given) { return given }
  let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
  for name in ["chromium", "chromium-browser", "google-chrome"] {
    for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
      return directory + "/" + name
    }
  }
  return nil
}()

/// python3, which runs the DevTools-protocol checker Tools/ci/check_report.py.
let python3Path: String? = {
  let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
    String.init)
  return directories.map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Opens the fixture report in headless chromium through Tools/ci/check_report.py (skipped, with
/// the reason, when no browser or no python3 is installed; Tools/ci/report.sh installs Debian's
/// chromium and checks the sample's report the same way).
@Suite(
  .enabled(
    if: chromiumPath != nil && python3Path != nil,
    "chromium or python3 is not installed: the browser check is skipped (Tools/ci/report.sh installs chromium)"),
  .timeLimit(.minutes(3)))
struct BrowserTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func reportLoadsWithoutBrowserMessagesAndPlotsTheTables() throws {
    let input = try ReportFixture.input()
    let html = try TechnicalReportRenderer.render(input)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "itembench-browser-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let page = directory.appendingPathComponent("report.html")
    try AtomicFile.write(html, to: page.path)
    // The conversion tables as the CSV exporter writes them: what the plots must show.
    for form in input.forms {
      let table = try #require(form.conversion)
      try AtomicFile.write(
        try CSVExporter().export(table.dataTable()), to: directory.appendingPathComponent("\(form.formID).csv").path)
    }
    let run = try ChildProcess.run(
      URL(fileURLWithPath: try #require(python3Path)),
      arguments: [
        Self.packageRoot.appendingPathComponent("Tools/ci/check_report.py").path, page.path, directory.path,
        directory.appendingPathComponent("shots").path, try #require(chromiumPath),
      ], mergingStandardError: true)
    let log = run.standardOutput
    #expect(run.status == 0, "\(log)")
    #expect(log.contains("conversion-form-x: 13 points"))
    #expect(log.contains("report browser check passed"))
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("shots/report-equating.png").path))
  }
}
