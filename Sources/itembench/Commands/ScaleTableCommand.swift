import ArgumentParser
import Equating
import Foundation
import ItemBank
import ItemBankScale
import ItemBenchCore

/// `itembench scale-table`: the raw-to-scale conversion table of a form, from two parameter
/// files (post-equating) or from a bank-scale file alone (`--pre-equate`).
struct ScaleTableCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scale-table",
    abstract: "Build a form's raw-to-scaled-score conversion table with pass/fail, CSEM and decision quality.",
    discussion: """
      Columns raw, theta, equated, scaled, pass, csem for every raw score of the new form; the \
      metadata names the form, the base form, the method, the linking constants, the parameters' \
      dates, classification accuracy and consistency and the expected pass rate. A raw score whose \
      equated value is below the cut is never reported at or above the passing score. Use the base \
      file as --new too for the base form's own table.

      --pre-equate FORM builds the table from a bank-scale file (--bank-scale, written by \
      'itembench cycle') before any responses to the form exist: the form's scored items are \
      equated with their banked parameters to the bank's reference form. FORM is a form id of the \
      bank (--bank, default Items) or a form file. Items without banked parameters are named and \
      the command exits 2. See docs/equating.md and docs/cycle.md.
      """
  )

  @Option(help: "The base form's parameter file (JSON or CSV).")
  var base: String?

  @Option(help: "The new form's parameter file, already on the base scale (for example from 'itembench link --out').")
  var new: String?

  @Option(help: "true-score (default) or observed-score.")
  var method: String = EquatingMethod.trueScore.rawValue

  @Option(
    name: .customLong("new-weight"),
    help: "Synthetic-population weight of the new-form group (observed-score equating and decision statistics), 0…1.")
  var newWeight: Double?

  @Option(help: "The JSON written by 'itembench link --format json', to name the linking constants in the output.")
  var linking: String?

  @Option(help: "Output file (CSV by default; .json or .md choose JSON or Markdown). Standard output when omitted.")
  var out: String?

  @Option(help: "csv, json or markdown (overrides the --out extension).")
  var format: String?

  @Option(help: "The scale file (YAML): range, passing score, cut, mapping, rounding.")
  var scale: String

  @Option(
    name: .customLong("pre-equate"),
    help: "Pre-equate this form (a form id of --bank, or a form file) from --bank-scale alone.")
  var preEquate: String?

  @Option(
    name: .customLong("bank-scale"), help: "The bank-scale file (for example output/bank.yml) to pre-equate from.")
  var bankScale: String?

  @OptionGroup var forms: FormSelectionOptions

  var form: String? { forms.form }
  var baseForm: String? { forms.baseForm }
  var bank: String { forms.bank }

  func validate() throws {
    if preEquate != nil {
      guard bankScale != nil else { throw ValidationError("--pre-equate needs --bank-scale FILE") }
      guard base == nil, new == nil, linking == nil, newWeight == nil, form == nil, baseForm == nil else {
        throw ValidationError(
          "--pre-equate builds the table from --bank-scale alone; drop --base, --new, --linking, --new-weight, --form and --base-form"
        )
      }
    } else {
      guard base != nil, new != nil else {
        throw ValidationError("give --base and --new (or --pre-equate FORM --bank-scale FILE)")
      }
      guard bankScale == nil else { throw ValidationError("--bank-scale is used with --pre-equate") }
    }
  }

  func run() throws {
    guard let preEquate, let bankScale else {
      var arguments = ["--base", base ?? "", "--new", new ?? "", "--method", method]
      if let newWeight { arguments += ["--new-weight", String(newWeight)] }
      if let linking { arguments += ["--linking", linking] }
      if let out { arguments += ["--out", out] }
      if let format { arguments += ["--format", format] }
      if let form { arguments += ["--form", form] }
      if let baseForm { arguments += ["--base-form", baseForm] }
      arguments += ["--bank", bank]
      let shared = try EquatingArguments.parse(arguments)
      let (table, summary) = try shared.run(scalePath: scale)
      try shared.write(table, summary: summary)
      return
    }
    guard let equatingMethod = EquatingMethod(rawValue: method) else {
      Console.error(
        "error: unknown equating method '\(method)'\(EditDistance.didYouMean(method, among: EquatingMethod.allCases.map(\.rawValue))); expected true-score or observed-score"
      )
      throw ExitStatus.usage
    }
    let bankFile: BankScale
    do {
      bankFile = try BankScaleFile.read(path: bankScale)
    } catch {
      Console.report(error)
      throw ExitStatus.usage
    }
    let form = try FormLoading.load(preEquate, bank: bank)
    let table: ConversionTable
    do {
      let scaleSpecification = try ScaleSpecification.read(path: scale)
      table = try BankTables.preEquated(
        form: form.id, scoredItems: form.scoredItemIDs, bank: bankFile, scale: scaleSpecification,
        method: equatingMethod)
    } catch let missing as MissingParameters {
      Console.error("\(form.location): error: form '\(form.id)' cannot be pre-equated: \(missing)")
      throw ExitStatus.usage
    } catch {
      Console.report(error)
      throw ExitStatus.usage
    }
    let exporter = try EquatingInput.exporter(format: format, out: out)
    try EquatingInput.emit(try exporter.export(table.dataTable()), to: out)
    if let out, out != "-" {
      print("wrote \(out)")
      print(
        "\(form.id) pre-equated to \(bankFile.referenceForm) from \(bankScale): lowest passing raw score \(table.lowestPassingRaw.map(String.init) ?? "none"); "
          + "accuracy \(formatDecimal(table.decision.accuracy, places: 4)), consistency \(formatDecimal(table.decision.consistency, places: 4)) "
          + "(reference population)")
    }
  }
}
