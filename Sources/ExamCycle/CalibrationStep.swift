import ItemBenchCore
import ItemResponseTheory

/// `calibrate`: IRT calibration of one administration, every item of the form (pretest items
/// included; they are never scored). Free (separate) calibration puts the group at N(0, 1);
/// with `fixed` items the banked values are held and the group's mean and SD are estimated,
/// which puts the free items on the bank scale directly (docs/calibration.md). Omitted and
/// not-reached responses follow the project's scoring rule for item statistics.
struct CalibrationStep {
  var administration: AdministrationResponses
  var model: any IRTModel
  var scalingConstant: Double

  func run(fixed: [ItemParameters] = []) throws -> CalibrationResult {
    var options = CalibrationOptions(scalingConstant: scalingConstant, fixed: fixed)
    options.missingResponses = administration.missingResponses
    var result: CalibrationResult
    do {
      result = try Calibrator(model: model, options: options).calibrate(administration.responses)
    } catch {
      throw CycleError(
        "calibration of \(administration.name) (form \(administration.form.id)) failed: \(error)",
        at: SourceLocation(file: administration.settings.responses))
    }
    result.parameters.form = administration.form.id
    result.parameters.date = administration.settings.date
    return result
  }
}
