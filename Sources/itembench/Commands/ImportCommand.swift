import ArgumentParser
import Foundation
import ItemBank
import ItemBenchCore
import ItemLint
import QTIInterchange

/// `itembench import`: bring items in from other systems.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import items from other systems.",
    subcommands: [ImportQTICommand.self]
  )
}

/// `itembench import qti`: QTI 3.0 / 2.2 choice items as draft YAML items.
struct ImportQTICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qti",
    abstract: "Convert QTI 3.0 and 2.2 choice items into draft items of the bank.",
    discussion: """
      Reads content packages (.zip, or a folder with imsmanifest.xml), folders of QTI XML files \
      and single item files. Each single-response choice item becomes <bank>/<domain>/<id>.yml, \
      status draft, laid out as 'itembench new' writes items, and the new files are linted at \
      once. Existing files are never overwritten. Every item that cannot be converted is listed \
      as file:line:column with the reason; the others still convert.

      Exit status: 0 when every item converted and lints without errors, 1 when an item was \
      refused or a new file has lint errors, 2 for a usage problem.
      """
  )

  @Argument(help: "QTI packages (.zip or folder), folders of XML files, or item XML files.")
  var inputs: [String]

  @OptionGroup var bankOptions: BankOptions

  @Option(help: "The domain of items whose metadata names none.")
  var domain: String?

  @Option(help: "The cognitive level of items whose metadata names none: recall, application or analysis.")
  var level: String = "recall"

  @Flag(help: "Report what would be written without writing anything.")
  var dryRun = false

  func run() throws {
    guard let cognitiveLevel = CognitiveLevel(rawValue: level) else {
      Console.error("error: unknown --level '\(level)'; expected one of recall, application, analysis")
      throw ExitStatus.usage
    }
    let bank = BankLoader.load(root: bankOptions.bank)
    let domains = Set(bank.blueprints.flatMap { $0.domains.map(\.id) })
    if let domain, !domains.isEmpty, !domains.contains(domain) {
      Console.error(
        "error: unknown domain '\(domain)'\(EditDistance.didYouMean(domain, among: domains)); the blueprints define: \(domains.sorted().joined(separator: ", "))"
      )
      throw ExitStatus.usage
    }
    let (documents, unreadable) = QTIImportSources.collect(paths: inputs)
    let (items, refused) = QTIImporter.convert(
      documents, into: bank, bankRoot: bankOptions.bank, options: .init(domain: domain, level: cognitiveLevel))
    var failures = unreadable + refused
    var written: [String] = []
    for imported in items {
      if dryRun {
        print("would write \(imported.path) (from \(imported.source))")
        continue
      }
      do {
        try AtomicFile.writeNew(Data(imported.text.utf8), to: imported.path)
        written.append(imported.path)
        print("wrote \(imported.path) (from \(imported.source))")
      } catch let error as AtomicFile.WriteError {
        failures.append(
          QTIImportRefusal(
            location: SourceLocation(file: imported.source), itemID: imported.item.id, reason: error.description))
      }
    }
    for failure in failures.sorted(by: { ($0.location, $0.reason) < ($1.location, $1.reason) }) {
      Console.report(failure)
    }
    var lintFails = false
    if !written.isEmpty {
      do {
        let report = try LintRunner.run(paths: written, toolVersion: ItemBench.version)
        if let text = LintReporterRegistry.shared.reporter(named: "text") {
          let rendered = text.render(report)
          if !rendered.isEmpty { print(rendered, terminator: rendered.hasSuffix("\n") ? "" : "\n") }
        }
        lintFails = report.fails(strict: false)
        Console.error(
          "Linted \(report.files.count) new file(s): \(report.count(.error)) error(s), \(report.count(.warning)) warning(s)."
        )
      } catch {
        Console.report(error)
        lintFails = true
      }
    }
    Console.error(
      "\(dryRun ? "Would import" : "Imported") \(dryRun ? items.count : written.count) item(s); refused \(failures.count)."
    )
    if !failures.isEmpty || lintFails { throw ExitStatus.findings }
  }
}
