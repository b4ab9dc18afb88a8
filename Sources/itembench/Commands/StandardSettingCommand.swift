import ArgumentParser
import Equating
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory
import StandardSetting

/// `itembench standard-setting`: a cut from a standard-setting panel, written into a scale file.
struct StandardSettingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "standard-setting",
    abstract:
      "Set the passing standard from a panel (modified Angoff, Bookmark or Hofstee) and write it into a scale file.",
    discussion: """
      Angoff panels: CSV rater,round,item,rating (each rater's cut = the sum of ratings over the \
      form's scored items; panel cut = mean, SE = SD/√raters; θ cut through the form's TCC). \
      Bookmark: CSV rater,round,page of the ordered item booklet (RP 0.67 by default); θ cut = \
      median of the raters' page locations, raw cut = τ(θ). Hofstee: CSV rater,min_cut_percent, \
      max_cut_percent,min_fail_percent,max_fail_percent against the base form's raw-score \
      distribution. --responses adds impact data (pass rates). --scale writes a new scale file \
      (refused if it exists) or, with --update, replaces the cut of an existing one. See \
      docs/standard-setting.md.
      """
  )

  @Argument(help: "The panel file (CSV).")
  var panel: String

  @Option(help: "angoff, bookmark or hofstee.")
  var method: String = "angoff"

  @Option(help: "The form (an id in the bank's forms/): its scored items are the ones rated.")
  var form: String?

  @Option(
    name: [.customLong("parameters"), .customLong("params")],
    help: "The form's IRT parameter file (θ cut, booklet, raw cut).")
  var parameters: String?

  @Option(help: "The base form's response CSV, for impact data (required by hofstee).")
  var responses: String?

  @OptionGroup var responseOptions: ResponseOptions

  @Option(help: "The round that sets the cut (default: the last).")
  var round: Int?

  @Option(
    name: .customLong("outlier-threshold"), help: "Angoff: a rater is outlying when |robust z| of the cut exceeds this."
  )
  var outlierThreshold: Double = 2.5

  @Option(name: .customLong("rp"), help: "Bookmark: the response probability.")
  var responseProbability: Double = 0.67

  @Option(help: "Bookmark: full (RP on the 3PL probability) or corrected (RP above chance).")
  var guessing: String = GuessingTreatment.full.rawValue

  @Option(help: "Write the cut into this scale file (new file; with --update an existing one).")
  var scale: String?

  @Flag(help: "Replace the cut and standard_setting of the existing --scale file, keeping the rest.")
  var update = false

  @Option(help: "The study date (YYYY-MM-DD) recorded with the cut; required with --scale.")
  var date: String?

  @Option(help: "New scale files: the reported range MIN:MAX.")
  var range: String?

  @Option(name: .customLong("passing-score"), help: "New scale files: the reported passing score.")
  var passingScore: Double?

  @Option(help: "New scale files: piecewise-raw or linear-theta.")
  var mapping: String = "piecewise-raw"

  @Option(help: "New scale files with linear-theta: reported points per θ unit.")
  var slope: Double?

  @Option(help: "Report format: text or json.")
  var format: String = "text"

  @Option(name: .customLong("out"), help: "Write the report to this file (atomically) instead of standard output.")
  var out: String?

  func validate() throws {
    guard ["angoff", "bookmark", "hofstee"].contains(method) else {
      throw ValidationError("--method must be angoff, bookmark or hofstee; got '\(method)'")
    }
    guard GuessingTreatment(rawValue: guessing) != nil else {
      throw ValidationError("--guessing must be full or corrected; got '\(guessing)'")
    }
    guard ["text", "json"].contains(format) else {
      throw ValidationError("--format must be text or json; got '\(format)'")
    }
    if update && scale == nil { throw ValidationError("--update needs --scale FILE (the scale file to update)") }
    if scale != nil {
      guard let date else {
        throw ValidationError("--scale needs --date YYYY-MM-DD, the study date recorded with the cut")
      }
      guard date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
        throw ValidationError("--date must be YYYY-MM-DD; got '\(date)'")
      }
    }
    if method != "hofstee" && parameters == nil {
      throw ValidationError("--method \(method) needs --params (the form's IRT parameters)")
    }
    if method == "hofstee" && responses == nil {
      throw ValidationError("--method hofstee needs --responses (the base form's responses)")
    }
  }

  func run() throws {
    do {
      try execute()
    } catch let error as StandardSettingError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as EquatingError {
      Console.error("error: \(error)")
      throw ExitStatus.usage
    }
  }

  private func execute() throws {
    let parameterFile = try parameters.map(readParameters)
    let items = try scoredItems(parameterFile)
    var rawScores: [Int]?
    var proportionsCorrect: [Double]?
    if let responses {
      let matrix = try responseOptions.load(responses)
      rawScores = try FormRawScores.compute(matrix, scoredItems: items, file: responses)
      proportionsCorrect = try FormRawScores.proportionsCorrect(matrix, scoredItems: items, file: responses)
    }
    let text = try PanelFiles.text(path: panel)
    let report: String
    let cut: ScaleSpecification.Cut
    let provenance: StandardSettingProvenance
    switch method {
    case "angoff":
      let ratings = try PanelFiles.angoffRatings(text, file: panel)
      let result = try AngoffMethod.analyze(
        ratings: ratings, items: items, parameters: parameterFile, rawScores: rawScores,
        proportionsCorrect: proportionsCorrect, options: AngoffOptions(round: round, outlierThreshold: outlierThreshold)
      )
      report =
        format == "json"
        ? StandardSettingReport.json(result).rendered(pretty: true) + "\n" : StandardSettingReport.text(result)
      let final = result.final
      cut = .raw(final.panelCut)
      provenance = makeProvenance(
        "modified-angoff", raters: final.raters.count, rounds: result.rounds.count, roundUsed: final.round,
        rawCut: final.panelCut,
        rawSE: final.standardError, theta: final.thetaCut, thetaSE: final.thetaStandardError, impact: final.impact,
        settings: [
          ("outlier_rule", "\(AngoffResult.outlierRule); threshold \(formatDecimal(outlierThreshold, places: 2))")
        ])
    case "bookmark":
      guard let parameterFile else { throw StandardSettingError("the Bookmark method needs --params") }
      let placements = try PanelFiles.bookmarkPlacements(text, file: panel)
      let treatment = GuessingTreatment(rawValue: guessing) ?? .full
      let booklet = try OrderedItemBooklet(
        items: try StandardSettingInputs.parameters(parameterFile, items: items),
        scalingConstant: parameterFile.scalingConstant,
        responseProbability: responseProbability, guessing: treatment)
      let result = try BookmarkMethod.analyze(
        placements: placements, booklet: booklet, parameters: parameterFile, items: items, rawScores: rawScores,
        round: round)
      report =
        format == "json"
        ? StandardSettingReport.json(result).rendered(pretty: true) + "\n" : StandardSettingReport.text(result)
      let final = result.final
      cut = .theta(final.thetaCut)
      provenance = makeProvenance(
        "bookmark", raters: final.raters.count, rounds: result.rounds.count, roundUsed: final.round,
        rawCut: final.rawCut,
        rawSE: nil, theta: final.thetaCut, thetaSE: nil, impact: final.impact,
        settings: [
          ("response_probability", formatDecimal(responseProbability, places: 2)), ("guessing", treatment.rawValue),
          (
            "placement",
            "page = the last page a borderline candidate answers with probability >= RP; rater cut = its location; panel = median"
          ),
        ])
    default:
      let judgements = try PanelFiles.hofsteeJudgements(text, file: panel)
      let result = try HofsteeMethod.analyze(judgements: judgements, itemCount: items.count, rawScores: rawScores ?? [])
      report =
        format == "json"
        ? StandardSettingReport.json(result).rendered(pretty: true) + "\n" : StandardSettingReport.text(result)
      var theta: Double?
      if let parameterFile {
        let curve = TestCharacteristicCurve(
          items: try StandardSettingInputs.parameters(parameterFile, items: items),
          scalingConstant: parameterFile.scalingConstant)
        theta = try curve.theta(forTrueScore: result.rawCut)
      }
      cut = .raw(result.rawCut)
      provenance = makeProvenance(
        "hofstee", raters: result.raters, rounds: 1, roundUsed: nil, rawCut: result.rawCut, rawSE: nil, theta: theta,
        thetaSE: nil,
        impact: result.impact, settings: [("fail_curve", HofsteeResult.failCurve)])
    }
    try write(report, to: out)
    if let scale { try writeScale(scale, cut: cut, provenance: provenance) }
  }

  /// The form's scored items (with `--form`), else every item of the parameter file.
  private func scoredItems(_ parameterFile: ParameterFile?) throws -> [String] {
    if let form {
      let directory = responseOptions.bankDirectory ?? "Items"
      let bank = BankLoader.load(root: directory)
      guard let found = bank.form(form) else {
        throw StandardSettingError(
          "form '\(form)' is not in \(directory)/forms\(EditDistance.didYouMean(form, among: bank.forms.map(\.id)))")
      }
      return found.scoredItemIDs
    }
    guard let parameterFile else { throw StandardSettingError("give --form (the form's scored items) or --params") }
    return parameterFile.items.map(\.id)
  }

  private func makeProvenance(
    _ name: String, raters: Int, rounds: Int, roundUsed: Int?, rawCut: Double, rawSE: Double?, theta: Double?,
    thetaSE: Double?,
    impact: Impact?, settings: [(key: String, value: String)]
  ) -> StandardSettingProvenance {
    StandardSettingProvenance(
      method: name, panelFile: panel, form: form, parametersFile: parameters, responsesFile: responses, raters: raters,
      rounds: rounds,
      roundUsed: roundUsed, date: date ?? "", rawCut: rawCut, rawCutStandardError: rawSE, thetaCut: theta,
      thetaCutStandardError: thetaSE,
      impactPassRate: impact?.passRate, settings: settings)
  }

  private func writeScale(_ path: String, cut: ScaleSpecification.Cut, provenance: StandardSettingProvenance) throws {
    let exists = FileManager.default.fileExists(atPath: path)
    if update {
      guard exists else {
        throw StandardSettingError(
          "--update: the scale file does not exist (omit --update to create it)", at: SourceLocation(file: path))
      }
      let existing = try PanelFiles.text(path: path)
      let result = try ScaleFileWriter.update(existing, file: path, cut: cut, provenance: provenance)
      if result.text != existing {
        try AtomicFile.write(result.text, to: path)
      }
      Console.error("\(path): " + result.changes.joined(separator: "; "))
      return
    }
    guard !exists else {
      throw StandardSettingError(
        "the scale file exists; use --update to replace its cut (nothing was written)", at: SourceLocation(file: path))
    }
    guard let range, let passingScore else {
      throw StandardSettingError("a new scale file needs --range MIN:MAX and --passing-score")
    }
    let bounds = range.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard bounds.count == 2, let low = bounds[0], let high = bounds[1] else {
      throw StandardSettingError("--range must be MIN:MAX, for example 200:350; got '\(range)'")
    }
    let scaleMapping: ScaleSpecification.Mapping
    switch mapping {
    case "piecewise-raw": scaleMapping = .piecewiseRaw
    case "linear-theta":
      guard let slope else { throw StandardSettingError("--mapping linear-theta needs --slope") }
      scaleMapping = .linearTheta(slope: slope)
    default: throw StandardSettingError("--mapping must be piecewise-raw or linear-theta; got '\(mapping)'")
    }
    let text = try ScaleFileWriter.newFile(
      minimum: low, maximum: high, passingScore: passingScore, cut: cut, mapping: scaleMapping, provenance: provenance)
    try AtomicFile.writeNew(Data(text.utf8), to: path)
    Console.error("\(path): written (cut \(ScaleFileWriter.describe(cut)))")
  }

  private func write(_ text: String, to path: String?) throws {
    do { try Console.emit(text, to: path) } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}
