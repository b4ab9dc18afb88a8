import Equating
import Foundation
import ItemBenchCore
import Testing

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

/// Opens the fixture report in headless chromium (skipped, with the reason, when no browser is
/// installed; Tools/ci/report.sh installs Debian's chromium and checks the sample's report).
@Suite(
  .enabled(
    if: chromiumPath != nil, "chromium is not installed: the browser check is skipped (Tools/ci/report.sh installs it)"),
  .timeLimit(.minutes(3)))
struct BrowserTests {
  @Test func reportLoadsWithoutConsoleMessagesAndTheBrowserSeesEveryPlot() throws {
    let html = try TechnicalReportRenderer.render(ReportFixture.input())
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "itembench-browser-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let page = directory.appendingPathComponent("report.html")
    try AtomicFile.write(html, to: page.path)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(chromiumPath))
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
      "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--v=0",
      "--dump-dom", page.absoluteString,
    ]
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(log.suffix(2000))")
    let console = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    #expect(console.isEmpty, "console messages: \(console)")
    // The browser's DOM (re-serialised by chromium) holds every section and plot.
    for section in TechnicalReportRenderer.sectionIDs {
      #expect(dom.contains("<section id=\"\(section)\">"), "section \(section) in the browser DOM")
    }
    let figures = dom.components(separatedBy: "<figure id=\"fig-").count - 1
    let svgs = dom.components(separatedBy: "<svg ").count - 1
    #expect(figures > 20 && figures == svgs)
    #expect(dom.contains("id=\"conversion-form-x\""))
  }
}
