import ArgumentParser
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// Finding a form named on the command line: a form file, or a form id of a bank.
enum FormLoading {
  /// The form: a form file when `argument` is a path to one, else a form id of `bank`. Problems
  /// are printed (`file:line:column: error: …`) and become exit status 2.
  static func load(_ argument: String, bank: String) throws -> Form {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), !isDirectory.boolValue {
      guard let data = FileManager.default.contents(atPath: argument) else {
        Console.error("\(argument): error: cannot read form file")
        throw ExitStatus.usage
      }
      let text: String
      switch UTF8Text.decode(data) {
      case .success(let decoded): text = decoded
      case .failure(let problem):
        Console.error("\(argument):\(problem.line):\(problem.column): error: \(problem.message)")
        throw ExitStatus.usage
      }
      let parsed = FormParser.parse(text, file: argument)
      let errors = parsed.diagnostics.filter { $0.severity == .error }
      guard let form = parsed.form, errors.isEmpty else {
        for diagnostic in errors { Console.error(diagnostic.description) }
        throw ExitStatus.usage
      }
      return form
    }
    let loaded = BankLoader.load(root: bank)
    guard let form = loaded.form(argument) else {
      Console.error(
        "error: form '\(argument)' is neither a form file nor in \(bank)/forms\(EditDistance.didYouMean(argument, among: loaded.forms.map(\.id)))"
      )
      throw ExitStatus.usage
    }
    return form
  }

  /// Stops with exit status 2 when `matrix` lacks a column for some scored item of `form`,
  /// printing the problem at line 1 of `responses` (the file, when known).
  static func requireScoredColumns(of form: Form, in matrix: ResponseMatrix, responses: String?) throws {
    let missing = matrix.missingColumns(for: form.scoredItemIDs)
    guard missing.isEmpty else {
      let location = responses.map { "\($0):1:1: " } ?? ""
      Console.error("\(location)error: " + ResponseMatrix.missingColumnsMessage(missing, form: form.id))
      throw ExitStatus.usage
    }
  }

  /// The one form of `bank` whose items are exactly `itemIDs` (in any order), if exactly one is.
  static func matching(itemIDs: [String], bank: String) -> Form? {
    let wanted = Set(itemIDs)
    let candidates = BankLoader.load(root: bank).forms.filter { Set($0.entries.map(\.itemID)) == wanted }
    return candidates.count == 1 ? candidates[0] : nil
  }
}
