import Foundation
import ItemBenchCore

/// A problem reading a parameter file, with the file and (where known) line and column.
public struct ParameterFileError: DiagnosticError {
  public var location: SourceLocation
  public var message: String
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }
}

extension ParameterFile {
  /// Number of decimals written for parameters and standard errors.
  public static let decimals = 6

  /// The JSON document (see ``ParameterFile`` for the layout). Deterministic.
  public func jsonValue() -> JSONValue {
    func number(_ value: Double?) -> JSONValue {
      guard let value else { return .null }
      return .rounded(value, places: Self.decimals)
    }
    // Once any item carries its own model, the a/b/c items say theirs too, so that each item
    // reads back as written whatever the file's model is.
    let mixed = items.contains { $0.modelParameters != nil }
    var members: [(String, JSONValue)] = [
      ("format", 1),
      ("model", .string(model)),
      ("parameterization", .string(Self.parameterization)),
      ("scaling_constant", .number(scalingConstant)),
    ]
    if let form { members.append(("form", .string(form))) }
    if let date { members.append(("date", .string(date))) }
    members += [
      ("log_likelihood", number(logLikelihood)),
      ("aic", number(aic)),
      ("bic", number(bic)),
      ("converged", converged.map(JSONValue.bool) ?? .null),
      ("iterations", iterations.map(JSONValue.int) ?? .null),
      ("latent", .object([("mean", number(latent.mean)), ("sd", number(latent.sd))])),
      (
        "items",
        .array(
          items.map { item in
            var fields: [(String, JSONValue)] = [
              ("id", .string(item.id)),
              ("a", number(item.a)), ("b", number(item.b)), ("c", number(item.c)),
              ("se_a", number(item.seA)), ("se_b", number(item.seB)), ("se_c", number(item.seC)),
            ]
            if item.modelParameters == nil && mixed { fields.append(("model", .string("3pl"))) }
            if let function = item.modelParameters {
              let names = function.model.parameterNames
              if function.name.lowercased() != model.lowercased() { fields.append(("model", .string(function.name))) }
              fields.append(("parameters", .object(zip(names, function.values).map { ($0, number($1)) })))
              fields.append(("se", .object(zip(names, function.standardErrors).map { ($0, number($1)) })))
            }
            return .object(fields)
          })
      ),
    ]
    return .object(members)
  }

  /// The JSON text, pretty-printed, ending in a newline.
  public func jsonText() -> String { jsonValue().rendered(pretty: true) + "\n" }

  /// CSV with the header `id,a,b,c,se_a,se_b,se_c`.
  public func csvText() -> String {
    func cell(_ value: Double?) -> String { value.map { formatDecimal($0, places: Self.decimals) } ?? "" }
    var text = "id,a,b,c,se_a,se_b,se_c\n"
    for item in items {
      text +=
        [
          CSVExporter.field(item.id), cell(item.a), cell(item.b), cell(item.c), cell(item.seA), cell(item.seB),
          cell(item.seC),
        ]
        .joined(separator: ",") + "\n"
    }
    return text
  }

  /// The parameters as a ``DataTable`` (columns `id,a,b,c,se_a,se_b,se_c`, metadata model, D,
  /// form and date), for any registered ``TableExporter``.
  public func dataTable() -> DataTable {
    func cell(_ value: Double?) -> DataTable.Cell { value.map { .decimal($0, places: Self.decimals) } ?? .missing }
    var metadata: [(key: String, value: String)] = [
      ("model", model), ("parameterization", Self.parameterization),
      ("scaling_constant", String(scalingConstant)),
    ]
    if let form { metadata.append(("form", form)) }
    if let date { metadata.append(("date", date)) }
    return DataTable(
      name: "parameters", metadata: metadata, columns: ["id", "a", "b", "c", "se_a", "se_b", "se_c"],
      rows: items.map { [.text($0.id), cell($0.a), cell($0.b), cell($0.c), cell($0.seA), cell($0.seB), cell($0.seC)] })
  }

  /// Reads a parameter file: JSON (`.json`, or text starting with `{`) or CSV. Model names are
  /// resolved through `models`.
  public static func read(path: String, models: IRTModelRegistry = .shared) throws -> ParameterFile {
    let text = try readText(path: path)
    if text.drop(while: { $0.isWhitespace }).first == "{" {
      return try parseJSON(text, file: path, models: models)
    }
    return try parseCSV(text, file: path)
  }

  /// The text of the parameter file at `path`: a missing or unreadable file, or text that is not
  /// UTF-8, is a ``ParameterFileError`` (at the byte's line and column).
  static func readText(path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason =
        FileManager.default.fileExists(atPath: path) ? "cannot read parameter file" : "no such parameter file"
      throw ParameterFileError(reason, at: SourceLocation(file: path))
    }
    switch UTF8Text.decode(data) {
    case .success(let decoded): return decoded
    case .failure(let problem):
      throw ParameterFileError(
        problem.message, at: SourceLocation(file: path, line: problem.line, column: problem.column))
    }
  }

  /// The top-level keys of the JSON layout.
  public static let jsonKeys = [
    "format", "model", "parameterization", "scaling_constant", "form", "date", "log_likelihood",
    "aic", "bic", "converged", "iterations", "latent", "items",
  ]
  /// The keys of one item in the JSON layout (`model`, `parameters` and `se` for an item of a
  /// registered model outside the a/b/c family, see ``ItemParameters/modelParameters``).
  public static let jsonItemKeys = ["id", "a", "b", "c", "se_a", "se_b", "se_c", "model", "parameters", "se"]

  /// Parses the JSON layout strictly: every problem is a ``ParameterFileError`` at the line and
  /// column of the value (or key) at fault.
  ///
  /// - `model` must be a registered model (``IRTModelRegistry``); the item parameters that model
  ///   has (`parameterNames`, for example a, b, c for `3pl`) are required for every item, the
  ///   others may be absent (a = 1, c = 0) or must hold exactly those values.
  /// - An item of a model outside the a/b/c family (a registered 4PL, say) carries
  ///   `"parameters": {name: value, …}` with exactly its model's ``IRTModel/parameterNames`` in
  ///   order, optionally `"se"` with the same names, and `"model"` when it differs from the
  ///   file's; the model is resolved through `models`, and the item's a, b and c must equal the
  ///   same-named entries of `parameters`.
  /// - Every value must have the documented type (`"a": "1.2"` is an error, never a default);
  ///   unknown keys are errors (with a suggestion); `date` must be a real `YYYY-MM-DD` date and
  ///   `form` and item ids valid ids (``Identifier``).
  public static func parseJSON(_ text: String, file: String, models: IRTModelRegistry = .shared) throws
    -> ParameterFile
  {
    let reader = ParameterJSONReader(file: file)
    let root = try reader.parse(text)
    func at(_ value: LocatedJSON) -> SourceLocation { reader.at(value) }
    func fail(_ message: String, _ value: LocatedJSON) -> ParameterFileError { reader.fail(message, value) }
    func checkKeys(_ object: LocatedJSON, known: [String], context: String) throws {
      try reader.checkKeys(object, known: known, context: context)
    }
    func number(_ value: LocatedJSON?, _ name: String, nullable: Bool = true) throws -> Double? {
      try reader.number(value, name, nullable: nullable)
    }
    func textValue(_ value: LocatedJSON?, _ name: String) throws -> String? { try reader.text(value, name) }

    guard root.members != nil else {
      throw fail("expected a JSON object at the top level, found \(root.kindDescription)", root)
    }
    try checkKeys(root, known: jsonKeys, context: "the parameter file")
    if let format = root["format"] {
      guard let version = format.integer else {
        throw fail("expected 'format' to be a whole number, found \(format.kindDescription)", format)
      }
      guard version == 1 else {
        throw fail("unsupported format version \(version); this ItemBench reads format 1", format)
      }
    }
    guard let modelValue = root["model"] else {
      throw ParameterFileError("missing required key 'model' (rasch, 1pl, 2pl or 3pl)", at: at(root))
    }
    guard let model = modelValue.string else {
      throw fail(
        "expected 'model' to be text (rasch, 1pl, 2pl or 3pl), found \(modelValue.kindDescription)", modelValue)
    }
    let names = models.names
    guard let irtModel = models.model(named: model) else {
      throw fail(
        "unknown model '\(model)'\(EditDistance.didYouMean(model, among: names)); expected one of \(names.joined(separator: ", "))",
        modelValue)
    }
    if let parameterization = root["parameterization"] {
      let written = try textValue(parameterization, "parameterization")
      guard written == Self.parameterization else {
        throw fail(
          "the parameterization '\(written ?? "")' is not the one ItemBench uses ('\(Self.parameterization)'); convert the parameters first",
          parameterization)
      }
    }
    let modelParameters = Set(irtModel.parameterNames)
    guard let itemsValue = root["items"] else {
      throw ParameterFileError("missing required key 'items' (a list of {id, a, b, c})", at: at(root))
    }
    guard let rawItems = itemsValue.elements else {
      throw fail("expected 'items' to be a list of {id, a, b, c}, found \(itemsValue.kindDescription)", itemsValue)
    }
    var items: [ItemParameters] = []
    var seen: [String: Int] = [:]
    for (index, raw) in rawItems.enumerated() {
      guard raw.members != nil else {
        throw fail("expected items[\(index)] to be an object {id, a, b, c}, found \(raw.kindDescription)", raw)
      }
      try checkKeys(raw, known: jsonItemKeys, context: "items[\(index)]")
      guard let idValue = raw["id"] else { throw fail("items[\(index)] is missing required key 'id'", raw) }
      guard let id = idValue.string else {
        throw fail("expected items[\(index)].id to be text, found \(idValue.kindDescription)", idValue)
      }
      if let problem = Identifier.problem(id) { throw fail("items[\(index)].id: \(problem)", idValue) }
      if let first = seen[id] {
        throw fail(
          "items[\(index)]: duplicate item id '\(id)' (first at items[\(first)]); each item may appear once", idValue)
      }
      seen[id] = index
      var values: [String: Double] = [:]
      for name in ["a", "b", "c"] {
        let value = try number(raw[name], "items[\(index)].\(name)", nullable: false)
        let required = name == "b" || modelParameters.contains(name)
        if required && value == nil {
          throw fail("items[\(index)] ('\(id)') is missing '\(name)', which model \(model) requires", raw)
        }
        if let value { values[name] = value }
      }
      if !modelParameters.contains("c"), raw["parameters"] == nil, let c = values["c"], c != 0, let node = raw["c"] {
        throw fail(
          "items[\(index)] ('\(id)'): model \(model) has no lower asymptote, but c is \(c); use 3pl or remove c", node)
      }
      // 'b' is required above, so it is present here.
      guard let b = values["b"] else { throw fail("items[\(index)] ('\(id)') is missing 'b'", raw) }
      var item = ItemParameters(
        id: id, a: values["a"] ?? 1, b: b, c: values["c"] ?? 0,
        seA: try number(raw["se_a"], "items[\(index)].se_a"), seB: try number(raw["se_b"], "items[\(index)].se_b"),
        seC: try number(raw["se_c"], "items[\(index)].se_c"))
      item.modelParameters = try readModelParameters(
        raw, index: index, id: id, fileModel: irtModel, models: models, written: values, file: file)
      if let problem = item.parameterProblem {
        throw fail("items[\(index)] ('\(id)'): \(problem)", raw)
      }
      items.append(item)
    }
    guard !items.isEmpty else {
      throw fail("the parameter file has no items", itemsValue)
    }
    var scalingConstant = 1.0
    if let value = root["scaling_constant"] {
      guard let written = try number(value, "scaling_constant", nullable: false) else {
        throw fail("expected 'scaling_constant' (D) to be a number", value)
      }
      scalingConstant = written
      guard scalingConstant > 0, scalingConstant <= 10 else {
        throw fail(
          "expected 'scaling_constant' (D) to be a positive number of at most 10, found \(scalingConstant)", value)
      }
    }
    var latent = LatentDistribution()
    if let latentValue = root["latent"] {
      guard latentValue.members != nil else {
        throw fail("expected 'latent' to be an object {mean, sd}, found \(latentValue.kindDescription)", latentValue)
      }
      try checkKeys(latentValue, known: ["mean", "sd"], context: "'latent'")
      latent.mean = try number(latentValue["mean"], "latent.mean") ?? 0
      latent.sd = try number(latentValue["sd"], "latent.sd") ?? 1
      guard abs(latent.mean) <= 100, latent.sd > 0, latent.sd <= 100 else {
        throw fail(
          "expected 'latent' to have a mean within ±100 and an sd in (0, 100], found mean \(latent.mean), sd \(latent.sd)",
          latentValue)
      }
    }
    let form = try textValue(root["form"], "form")
    if let form, let problem = Identifier.problem(form), let value = root["form"] {
      throw fail("'form': \(problem)", value)
    }
    let date = try textValue(root["date"], "date")
    if let date, let problem = CalendarDate.problem(date), let value = root["date"] {
      throw fail("'date': \(problem)", value)
    }
    var converged: Bool?
    if let value = root["converged"], !value.isNull {
      guard let flag = value.bool else {
        throw fail("expected 'converged' to be true, false or null, found \(value.kindDescription)", value)
      }
      converged = flag
    }
    var iterations: Int?
    if let value = root["iterations"], !value.isNull {
      guard let count = value.integer, count >= 0 else {
        throw fail("expected 'iterations' to be a whole number ≥ 0 or null, found \(value.kindDescription)", value)
      }
      iterations = count
    }
    return ParameterFile(
      model: model, scalingConstant: scalingConstant, form: form, date: date,
      logLikelihood: try number(root["log_likelihood"], "log_likelihood"), aic: try number(root["aic"], "aic"),
      bic: try number(root["bic"], "bic"), converged: converged, iterations: iterations, latent: latent,
      items: items)
  }

  /// Parses the CSV layout (`id,a,b,c[,se_a,se_b,se_c]`, columns in any order, `id` and `b`
  /// required). The model is inferred: `3pl` if any c ≠ 0, else `2pl` if slopes differ, else `1pl`.
  public static func parseCSV(_ text: String, file: String, scalingConstant: Double = 1) throws -> ParameterFile {
    // "\r\n" is one Character in Swift, so it is a separator of its own.
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    guard let header = lines.first else {
      throw ParameterFileError("empty parameter file", at: SourceLocation(file: file, line: 1, column: 1))
    }
    let columns = header.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard let idColumn = columns.firstIndex(of: "id"), let bColumn = columns.firstIndex(of: "b") else {
      throw ParameterFileError(
        "expected a header with at least 'id' and 'b' (id,a,b,c,se_a,se_b,se_c)",
        at: SourceLocation(file: file, line: 1, column: 1))
    }
    for (position, name) in columns.enumerated()
    where !jsonItemKeys.contains(name) || columns.firstIndex(of: name) != position {
      let known = jsonItemKeys
      throw ParameterFileError(
        columns.firstIndex(of: name) != position
          ? "duplicate column '\(name)'"
          : "unknown column '\(name)'\(EditDistance.didYouMean(name, among: known)); expected \(known.joined(separator: ","))",
        at: SourceLocation(file: file, line: 1, column: position + 1))
    }
    let index = { (name: String) in columns.firstIndex(of: name) }
    var items: [ItemParameters] = []
    var firstLine: [String: Int] = [:]
    for (lineIndex, line) in lines.enumerated().dropFirst() where !line.isEmpty && !line.hasPrefix("#") {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count == columns.count else {
        throw ParameterFileError(
          "expected \(columns.count) fields, found \(cells.count)",
          at: SourceLocation(file: file, line: lineIndex + 1, column: 1))
      }
      func value(_ column: Int?, required: Bool = false) throws -> Double? {
        guard let column else { return nil }
        if cells[column].isEmpty {
          guard !required else {
            throw ParameterFileError(
              "empty '\(columns[column])'; every item needs a value in this column (a number)",
              at: SourceLocation(file: file, line: lineIndex + 1, column: column + 1))
          }
          return nil
        }
        guard let number = Double(cells[column]), number.isFinite else {
          throw ParameterFileError(
            "expected a number in column '\(columns[column])', found '\(cells[column])'",
            at: SourceLocation(file: file, line: lineIndex + 1, column: column + 1))
        }
        return number
      }
      let id = cells[idColumn]
      if let problem = Identifier.problem(id) {
        throw ParameterFileError(problem, at: SourceLocation(file: file, line: lineIndex + 1, column: idColumn + 1))
      }
      if let first = firstLine[id] {
        throw ParameterFileError(
          "duplicate item id '\(id)' (first on line \(first))",
          at: SourceLocation(file: file, line: lineIndex + 1, column: idColumn + 1))
      }
      firstLine[id] = lineIndex + 1
      guard let b = try value(bColumn) else {
        throw ParameterFileError(
          "missing 'b'", at: SourceLocation(file: file, line: lineIndex + 1, column: bColumn + 1))
      }
      let item = ItemParameters(
        id: cells[idColumn], a: try value(index("a"), required: true) ?? 1, b: b,
        c: try value(index("c"), required: true) ?? 0,
        seA: try value(index("se_a")), seB: try value(index("se_b")), seC: try value(index("se_c")))
      if let problem = item.parameterProblem {
        throw ParameterFileError(
          "item '\(item.id)': \(problem)", at: SourceLocation(file: file, line: lineIndex + 1, column: 1))
      }
      items.append(item)
    }
    guard !items.isEmpty else {
      throw ParameterFileError("the parameter file has no items", at: SourceLocation(file: file, line: 1, column: 1))
    }
    let model: String
    if items.contains(where: { $0.c != 0 }) {
      model = "3pl"
    } else if Set(items.map(\.a)).count > 1 {
      model = "2pl"
    } else {
      model = "1pl"
    }
    return ParameterFile(model: model, scalingConstant: scalingConstant, items: items)
  }
}
