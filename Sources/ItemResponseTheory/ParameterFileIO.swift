import Foundation
import ItemBenchCore

/// A problem reading a parameter file, with the file and (where known) line and column.
public struct ParameterFileError: Error, CustomStringConvertible, Sendable {
  public var location: SourceLocation
  public var message: String
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
  public var description: String { "\(location): error: \(message)" }
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
      ("items", .array(items.map { item in
        .object([
          ("id", .string(item.id)),
          ("a", number(item.a)), ("b", number(item.b)), ("c", number(item.c)),
          ("se_a", number(item.seA)), ("se_b", number(item.seB)), ("se_c", number(item.seC)),
        ])
      })),
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
      text += [CSVExporter.field(item.id), cell(item.a), cell(item.b), cell(item.c), cell(item.seA), cell(item.seB), cell(item.seC)]
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

  /// Reads a parameter file: JSON (`.json`, or text starting with `{`) or CSV.
  public static func read(path: String) throws -> ParameterFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason = FileManager.default.fileExists(atPath: path) ? "cannot read parameter file" : "no such parameter file"
      throw ParameterFileError(reason, at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ParameterFileError("parameter file is not UTF-8 text", at: SourceLocation(file: path))
    }
    if text.drop(while: { $0.isWhitespace }).first == "{" {
      return try parseJSON(text, file: path)
    }
    return try parseCSV(text, file: path)
  }

  /// Parses the JSON layout. Unknown keys are ignored; missing required keys are errors.
  public static func parseJSON(_ text: String, file: String) throws -> ParameterFile {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    } catch {
      throw ParameterFileError("invalid JSON: \(jsonProblem(error))", at: jsonErrorLocation(error, text: text, file: file))
    }
    guard let root = object as? [String: Any] else {
      throw ParameterFileError("expected a JSON object at the top level", at: SourceLocation(file: file))
    }
    if let format = root["format"] as? Int, format > 1 {
      throw ParameterFileError("unsupported format version \(format); this ItemBench reads format 1", at: SourceLocation(file: file))
    }
    func double(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }
    guard let model = root["model"] as? String else {
      throw ParameterFileError("missing required key 'model' (rasch, 1pl, 2pl or 3pl)", at: SourceLocation(file: file))
    }
    guard let rawItems = root["items"] as? [[String: Any]] else {
      throw ParameterFileError("missing required key 'items' (a list of {id, a, b, c})", at: SourceLocation(file: file))
    }
    var items: [ItemParameters] = []
    var seen: Set<String> = []
    for (index, raw) in rawItems.enumerated() {
      guard let id = raw["id"] as? String, let b = double(raw["b"]) else {
        throw ParameterFileError("items[\(index)] needs 'id' (text) and 'b' (a number)", at: SourceLocation(file: file))
      }
      guard seen.insert(id).inserted else {
        throw ParameterFileError("items[\(index)]: duplicate item id '\(id)'; each item may appear once", at: SourceLocation(file: file))
      }
      let item = ItemParameters(
        id: id, a: double(raw["a"]) ?? 1, b: b, c: double(raw["c"]) ?? 0,
        seA: double(raw["se_a"]), seB: double(raw["se_b"]), seC: double(raw["se_c"]))
      if let problem = item.parameterProblem {
        throw ParameterFileError("items[\(index)] ('\(id)'): \(problem)", at: SourceLocation(file: file))
      }
      items.append(item)
    }
    guard !items.isEmpty else {
      throw ParameterFileError("the parameter file has no items", at: SourceLocation(file: file))
    }
    let latentObject = root["latent"] as? [String: Any]
    let scalingConstant = double(root["scaling_constant"]) ?? 1
    guard scalingConstant.isFinite, scalingConstant > 0 else {
      throw ParameterFileError("expected 'scaling_constant' (D) to be a positive number, found \(scalingConstant)", at: SourceLocation(file: file))
    }
    let latent = LatentDistribution(mean: double(latentObject?["mean"]) ?? 0, sd: double(latentObject?["sd"]) ?? 1)
    guard latent.mean.isFinite, latent.sd.isFinite, latent.sd > 0 else {
      throw ParameterFileError("expected 'latent' to have a finite mean and a positive sd, found mean \(latent.mean), sd \(latent.sd)", at: SourceLocation(file: file))
    }
    return ParameterFile(
      model: model, scalingConstant: scalingConstant,
      form: root["form"] as? String, date: root["date"] as? String,
      logLikelihood: double(root["log_likelihood"]), aic: double(root["aic"]), bic: double(root["bic"]),
      converged: root["converged"] as? Bool, iterations: root["iterations"] as? Int,
      latent: latent,
      items: items)
  }

  /// Parses the CSV layout (`id,a,b,c[,se_a,se_b,se_c]`, columns in any order, `id` and `b`
  /// required). The model is inferred: `3pl` if any c ≠ 0, else `2pl` if slopes differ, else `1pl`.
  public static func parseCSV(_ text: String, file: String, scalingConstant: Double = 1) throws -> ParameterFile {
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    guard let header = lines.first else {
      throw ParameterFileError("empty parameter file", at: SourceLocation(file: file, line: 1, column: 1))
    }
    let columns = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard let idColumn = columns.firstIndex(of: "id"), let bColumn = columns.firstIndex(of: "b") else {
      throw ParameterFileError("expected a header with at least 'id' and 'b' (id,a,b,c,se_a,se_b,se_c)", at: SourceLocation(file: file, line: 1, column: 1))
    }
    let index = { (name: String) in columns.firstIndex(of: name) }
    var items: [ItemParameters] = []
    var firstLine: [String: Int] = [:]
    for (lineIndex, line) in lines.enumerated().dropFirst() where !line.isEmpty && !line.hasPrefix("#") {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == columns.count else {
        throw ParameterFileError("expected \(columns.count) fields, found \(cells.count)", at: SourceLocation(file: file, line: lineIndex + 1, column: 1))
      }
      func value(_ column: Int?) throws -> Double? {
        guard let column, !cells[column].isEmpty else { return nil }
        guard let number = Double(cells[column]), number.isFinite else {
          throw ParameterFileError("expected a number in column '\(columns[column])', found '\(cells[column])'", at: SourceLocation(file: file, line: lineIndex + 1, column: column + 1))
        }
        return number
      }
      let id = cells[idColumn]
      if let first = firstLine[id] {
        throw ParameterFileError("duplicate item id '\(id)' (first on line \(first))", at: SourceLocation(file: file, line: lineIndex + 1, column: idColumn + 1))
      }
      firstLine[id] = lineIndex + 1
      guard let b = try value(bColumn) else {
        throw ParameterFileError("missing 'b'", at: SourceLocation(file: file, line: lineIndex + 1, column: bColumn + 1))
      }
      let item = ItemParameters(
        id: cells[idColumn], a: try value(index("a")) ?? 1, b: b, c: try value(index("c")) ?? 0,
        seA: try value(index("se_a")), seB: try value(index("se_b")), seC: try value(index("se_c")))
      if let problem = item.parameterProblem {
        throw ParameterFileError("item '\(item.id)': \(problem)", at: SourceLocation(file: file, line: lineIndex + 1, column: 1))
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

/// The text of a JSON parsing error without Foundation's generic preamble.
private func jsonProblem(_ error: Error) -> String {
  if let debug = (error as NSError).userInfo["NSDebugDescription"] as? String { return debug }
  return error.localizedDescription
}

/// The line and column of a JSON parsing error, from the byte offset Foundation reports
/// ("… around character N."), or the file alone when no offset is given.
private func jsonErrorLocation(_ error: Error, text: String, file: String) -> SourceLocation {
  let problem = jsonProblem(error)
  guard let range = problem.range(of: "character "),
    let offset = Int(problem[range.upperBound...].prefix(while: \.isNumber))
  else { return SourceLocation(file: file) }
  var line = 1
  var column = 1
  for (index, byte) in text.utf8.enumerated() {
    if index == offset { break }
    if byte == UInt8(ascii: "\n") {
      line += 1
      column = 1
    } else if byte & 0xC0 != 0x80 {  // count characters, not UTF-8 continuation bytes
      column += 1
    }
  }
  return SourceLocation(file: file, line: line, column: column)
}
