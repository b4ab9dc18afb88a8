import ArgumentParser
import Foundation
import ItemBank
import ItemBenchCore
import QTIInterchange

/// `itembench export`: deliver content to other systems.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export items and forms for delivery systems.",
    subcommands: [ExportQTICommand.self]
  )
}

/// `itembench export qti`: the bank's items and forms as a QTI 3.0 content package.
struct ExportQTICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qti",
    abstract: "Write items and forms as a QTI 3.0 content package (ZIP).",
    discussion: """
      Writes <out>/<name>.zip: imsmanifest.xml, items/<id>.xml (one qti-assessment-item per \
      item) and tests/<form>.xml (one qti-assessment-test per form). Item metadata (domain, \
      cognitive level, status, version) goes into the manifest. Rationales, references and \
      authoring fields are written only with --with-rationale; statistics and IRT parameters \
      never. The same bank gives a byte-identical archive. See docs/qti.md.

      Exit status: 0 when the package was written, 1 when an item or form cannot be exported \
      (each problem is listed as file:line:column), 2 for a usage problem or a bank that does \
      not load.
      """
  )

  @OptionGroup var bankOptions: BankOptions

  @Option(help: "The output folder.")
  var out: String = "output/qti"

  @Option(help: "The package name: <out>/<name>.zip (letters, digits, '-', '_', '.').")
  var name: String = "itembench-qti"

  @Option(help: "Export this form (repeatable; default: every form of the bank).")
  var form: [String] = []

  @Flag(help: "Export only the items on the exported forms (default: every item of the bank).")
  var formItemsOnly = false

  @Option(help: "Sections of each test: single (one section in form order) or domain (one per blueprint domain).")
  var sections: String = "single"

  @Flag(help: "Include rationales, references and authoring fields (review packages).")
  var withRationale = false

  @Flag(help: "Also write the package's files, unzipped, to <out>/<name>/ (replacing that folder).")
  var unpacked = false

  func run() throws {
    guard let layout = QTISectionLayout(rawValue: sections) else {
      Console.error("error: unknown --sections '\(sections)'; expected single or domain")
      throw ExitStatus.usage
    }
    guard QTIVocabulary.isSafeIdentifier(name) else {
      Console.error(
        "error: --name '\(name)' must be letters, digits, '-', '_' or '.', starting with a letter (no path)")
      throw ExitStatus.usage
    }
    let bank = BankLoader.load(root: bankOptions.bank)
    if bank.hasErrors {
      Console.print(diagnostics: bank.diagnostics.filter { $0.severity == .error })
      Console.error("error: the bank has errors; nothing exported")
      throw ExitStatus.usage
    }
    var forms = bank.forms
    if !form.isEmpty {
      forms = []
      for formID in form {
        guard let found = bank.form(formID) else {
          Console.error(
            "error: no form '\(formID)' in \(bank.root)\(EditDistance.didYouMean(formID, among: bank.forms.map(\.id)))")
          throw ExitStatus.usage
        }
        forms.append(found)
      }
    }
    var items = bank.items
    if formItemsOnly {
      let onForms = Set(forms.flatMap { $0.entries.map(\.itemID) })
      items = items.filter { onForms.contains($0.id) }
    }
    let package: QTIPackage
    switch QTIPackage.build(
      identifier: name, items: items, forms: forms, blueprints: bank.blueprints,
      options: QTIExportOptions(withRationale: withRationale, sections: layout, toolVersion: ItemBench.version))
    {
    case .success(let built): package = built
    case .failure(let problems):
      for problem in problems.problems { Console.report(problem) }
      throw ExitStatus.findings
    }

    let zipPath = URL(fileURLWithPath: out).appendingPathComponent(name + ".zip").path
    let unpackedPath = URL(fileURLWithPath: out).appendingPathComponent(name).path
    let inputs = Set(bank.fileTexts.keys.map(Self.resolved))
    if inputs.contains(Self.resolved(zipPath))
      || inputs.contains(where: { $0.hasPrefix(Self.resolved(unpackedPath) + "/") })
    {
      Console.error(
        "error: the output \(unpacked ? unpackedPath : zipPath) would overwrite input files of the bank; choose another --out"
      )
      throw ExitStatus.usage
    }
    let archive = try package.zipArchive()
    try AtomicFile.write(archive, to: zipPath)
    if unpacked { try Self.replaceFolder(unpackedPath, with: package.files) }
    let itemCount = package.files.filter { $0.path.hasPrefix("items/") }.count
    let testCount = package.files.filter { $0.path.hasPrefix("tests/") }.count
    print("\(zipPath): \(itemCount) items, \(testCount) tests, \(archive.count) bytes")
    if unpacked { print("\(unpackedPath)/: \(package.files.count) files") }
  }

  /// The absolute, symlink-resolved form of `path` (for comparing outputs with inputs).
  static func resolved(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// Writes `files` into a fresh temporary folder beside `folder`, then swaps it in: a reader
  /// sees the old folder or the new one, never a mixture, and no stale file survives.
  static func replaceFolder(_ folder: String, with files: [(path: String, data: Data)]) throws {
    let manager = FileManager.default
    let parent = URL(fileURLWithPath: folder).deletingLastPathComponent()
    let base = URL(fileURLWithPath: folder).lastPathComponent
    let suffix = "\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max))"
    let staging = parent.appendingPathComponent(".\(base).\(suffix).tmp")
    let retired = parent.appendingPathComponent(".\(base).\(suffix).old")
    do {
      for file in files { try AtomicFile.write(file.data, to: staging.appendingPathComponent(file.path).path) }
      if manager.fileExists(atPath: folder) { try manager.moveItem(atPath: folder, toPath: retired.path) }
      try manager.moveItem(atPath: staging.path, toPath: folder)
      try? manager.removeItem(at: retired)
    } catch {
      try? manager.removeItem(at: staging)
      throw ValidationError("cannot write \(folder): \(error)")
    }
  }
}
