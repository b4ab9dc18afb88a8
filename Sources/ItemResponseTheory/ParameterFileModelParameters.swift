import Foundation
import ItemBenchCore

extension ParameterFile {
  /// The ``ModelParameters`` of JSON item `raw`, or nil for an item of the a/b/c family.
  ///
  /// The item's model is its `"model"` (when given, resolved through `models`) or the file's.
  /// A model outside the a/b/c family (``IRTModel/isLogisticFamily`` false) needs
  /// `"parameters"` with exactly its parameter names; one inside it must not have them. `"se"`
  /// may give standard errors for any of the names (a number or null). Where the vector names
  /// a, b or c, the item's written a/b/c must equal it: the two never silently disagree.
  static func readModelParameters(
    _ raw: LocatedJSON, index: Int, id: String, fileModel: any IRTModel, models: IRTModelRegistry,
    written: [String: Double], file: String
  ) throws -> ModelParameters? {
    func fail(_ message: String, _ value: LocatedJSON) -> ParameterFileError {
      ParameterFileError(message, at: SourceLocation(file: file, line: value.line, column: value.column))
    }
    let context = "items[\(index)] ('\(id)')"
    var model = fileModel
    if let value = raw["model"] {
      guard let name = value.string else {
        throw fail("expected \(context).model to be text, found \(value.kindDescription)", value)
      }
      guard let resolved = models.model(named: name) else {
        throw fail(
          "\(context): unknown model '\(name)'\(EditDistance.didYouMean(name, among: models.names)); expected one of \(models.names.joined(separator: ", "))",
          value)
      }
      model = resolved
    }
    let names = model.parameterNames
    guard let parameters = raw["parameters"] else {
      if model.isLogisticFamily {
        if let se = raw["se"] { throw fail("\(context): 'se' belongs with 'parameters'", se) }
        return nil
      }
      throw fail(
        "\(context) is of model \(model.name), which needs \"parameters\": {\(names.joined(separator: ", "))}", raw)
    }
    if model.isLogisticFamily {
      throw fail(
        "\(context): model \(model.name) is described by a, b and c alone; remove 'parameters'", parameters)
    }
    guard let members = parameters.members else {
      throw fail("expected \(context).parameters to be an object, found \(parameters.kindDescription)", parameters)
    }
    let keys = members.map(\.key)
    guard keys == names else {
      throw fail(
        "\(context).parameters must hold exactly \(names.joined(separator: ", ")) (model \(model.name)), in that order; found \(keys.joined(separator: ", "))",
        parameters)
    }
    var values: [Double] = []
    for member in members {
      guard let number = member.value.number else {
        throw fail(
          "expected \(context).parameters.\(member.key) to be a number, found \(member.value.kindDescription)",
          member.value)
      }
      values.append(number)
    }
    var standardErrors = [Double?](repeating: nil, count: names.count)
    if let se = raw["se"] {
      guard let seMembers = se.members else {
        throw fail("expected \(context).se to be an object, found \(se.kindDescription)", se)
      }
      for member in seMembers {
        guard let position = names.firstIndex(of: member.key) else {
          throw fail(
            "\(context).se: unknown parameter '\(member.key)'; model \(model.name) has \(names.joined(separator: ", "))",
            member.value)
        }
        if member.value.isNull { continue }
        guard let number = member.value.number, number >= 0 else {
          throw fail(
            "expected \(context).se.\(member.key) to be a number ≥ 0 or null, found \(member.value.kindDescription)",
            member.value)
        }
        standardErrors[position] = number
      }
    }
    for (name, value) in zip(names, values) where ["a", "b", "c"].contains(name) {
      if let abc = written[name], abc != value {
        throw fail("\(context): \(name) is \(abc) but parameters.\(name) is \(value); they must agree", parameters)
      }
    }
    if let problem = model.parameterProblem(values) {
      throw fail("\(context): \(problem)", parameters)
    }
    return ModelParameters(model: model, values: values, standardErrors: standardErrors)
  }
}
