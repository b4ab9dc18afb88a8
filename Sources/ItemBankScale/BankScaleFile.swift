import Foundation
import ItemBenchCore
import ItemResponseTheory
import Yams

/// A problem in a bank-scale file, at `file:line:column`.
public struct BankScaleFileError: DiagnosticError {
  public var location: SourceLocation
  public var message: String
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }
}

/// Reads and writes bank-scale files (YAML, format 1; layout in docs/formats.md).
///
/// Writing is deterministic: fixed key order, every record one line (a flow mapping), numbers
/// with 6 decimals, items sorted by id and history by item then administration, so the same bank
/// gives the same bytes and a new administration shows in `git diff` as added and changed lines.
public enum BankScaleFile {
  public static let format = 1
  public static let decimals = 6

  // MARK: Writing

  public static func text(_ bank: BankScale) -> String {
    var text = "# ItemBench bank scale: item parameters on the program's scale with provenance and history.\n"
    text += "# Written by `itembench cycle` (docs/formats.md, \"Bank-scale files\"). No item text.\n"
    text += "format: \(format)\n"
    text += "model: \(scalar(bank.model))\n"
    text += "scaling_constant: \(number(bank.scalingConstant))\n"
    text += "parameterization: \(quoted(BankScale.parameterization))\n"
    text += "scale:\n"
    text += "  defined_by: \(scalar(bank.definedBy))\n"
    text += "  reference_form: \(scalar(bank.referenceForm))\n"
    text +=
      "  population: {mean: \(number(bank.referencePopulation.mean)), sd: \(number(bank.referencePopulation.sd))}\n"
    text += "administrations:\n"
    for administration in bank.administrations {
      var fields = [
        "id: \(scalar(administration.id))", "form: \(scalar(administration.form))",
        "date: \(administration.date.map(quoted) ?? "null")", "candidates: \(administration.candidates)",
        "placement: \(administration.placement.rawValue)",
      ]
      if let method = administration.method { fields.append("method: \(scalar(method))") }
      if let A = administration.A { fields.append("A: \(number(A))") }
      if let B = administration.B { fields.append("B: \(number(B))") }
      fields.append("anchors: [\(administration.anchors.map(scalar).joined(separator: ", "))]")
      fields.append("dropped: [\(administration.dropped.map(scalar).joined(separator: ", "))]")
      text += "  - {\(fields.joined(separator: ", "))}\n"
    }
    text += "reference:\n"
    for item in bank.reference {
      text += "  - {id: \(scalar(item.id)), a: \(number(item.a)), b: \(number(item.b)), c: \(number(item.c))}\n"
    }
    text += bank.items.isEmpty ? "items: []\n" : "items:\n"
    for item in bank.items {
      var fields = ["id: \(scalar(item.id))", "status: \(item.status.rawValue)"]
      fields += estimateFields(item.current)
      fields.append("dropped_as_anchor: [\(item.droppedAsAnchor.map(scalar).joined(separator: ", "))]")
      if let recommendation = item.recommendation { fields.append("recommendation: \(recommendation.rawValue)") }
      text += "  - {\(fields.joined(separator: ", "))}\n"
    }
    text += bank.history.isEmpty ? "history: []\n" : "history:\n"
    for entry in bank.history {
      var fields = ["id: \(scalar(entry.id))", "event: \(entry.event.rawValue)"]
      fields += estimateFields(entry.estimate)
      if let z = entry.driftZ { fields.append("drift_z: \(fixed(z, places: 3))") }
      text += "  - {\(fields.joined(separator: ", "))}\n"
    }
    return text
  }

  private static func estimateFields(_ estimate: BankedEstimate) -> [String] {
    var fields = [
      "a: \(number(estimate.a))", "b: \(number(estimate.b))", "c: \(number(estimate.c))",
      "se_a: \(estimate.seA.map(number) ?? "null")", "se_b: \(estimate.seB.map(number) ?? "null")",
      "se_c: \(estimate.seC.map(number) ?? "null")",
    ]
    if let correlations = estimate.correlations {
      fields += [
        "r_ab: \(number(correlations.ab))", "r_ac: \(number(correlations.ac))", "r_bc: \(number(correlations.bc))",
      ]
    }
    return fields + [
      "administration: \(scalar(estimate.administration))", "placement: \(estimate.placement.rawValue)",
      "role: \(scalar(estimate.role))",
    ]
  }

  static func number(_ value: Double) -> String { fixed(value, places: decimals) }

  static func fixed(_ value: Double, places: Int) -> String {
    let text = formatDecimal(value, places: places)
    return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
      ? String(text.dropFirst()) : text
  }

  /// A plain scalar when it cannot be mistaken for another type, else a double-quoted one.
  static func scalar(_ value: String) -> String {
    let safe = value.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0)
    }
    let reserved = ["null", "true", "false", "yes", "no", "on", "off", "~"].contains(value.lowercased())
    guard !value.isEmpty, safe, !reserved, Double(value) == nil, value.first != "-", value.first != "." else {
      return quoted(value)
    }
    return value
  }

  static func quoted(_ value: String) -> String {
    var text = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\t": text += "\\t"
      default:
        if scalar.value < 0x20 {
          text += String(format: "\\x%02X", scalar.value)
        } else {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    return text + "\""
  }

  /// Writes `bank` to `path` atomically.
  public static func write(_ bank: BankScale, to path: String) throws {
    try AtomicFile.write(text(bank), to: path)
  }

  // MARK: Reading

  /// Reads a bank-scale file.
  public static func read(path: String) throws -> BankScale {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw BankScaleFileError(
        FileManager.default.fileExists(atPath: path) ? "cannot read bank-scale file" : "no such bank-scale file",
        at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw BankScaleFileError("bank-scale file is not UTF-8 text", at: SourceLocation(file: path))
    }
    return try parse(text, file: path)
  }

  /// Parses bank-scale YAML. Unknown keys, wrong types and missing fields are errors with the
  /// line and column of the value at fault.
  public static func parse(_ text: String, file: String) throws -> BankScale {
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw BankScaleFileError("the bank-scale file is empty", at: SourceLocation(file: file, line: 1, column: 1))
      }
      root = node
    } catch let error as BankScaleFileError {
      throw error
    } catch let error as YamlError {
      throw BankScaleFileError("invalid YAML: \(error)", at: SourceLocation(file: file))
    } catch {
      throw BankScaleFileError("invalid YAML: \(error)", at: SourceLocation(file: file))
    }
    let reader = Reader(file: file)
    let top = try reader.mapping(
      root, context: "the bank-scale file",
      keys: [
        "format", "model", "scaling_constant", "parameterization", "scale", "administrations", "reference", "items",
        "history",
      ])
    let formatNode = try reader.required(top, "format", in: root)
    let version = try reader.integer(formatNode, "format")
    guard version == format else {
      throw reader.error(
        "unsupported bank-scale format \(version); this ItemBench reads format \(format)", at: formatNode)
    }
    let model = try reader.text(try reader.required(top, "model", in: root), "model")
    let dNode = try reader.required(top, "scaling_constant", in: root)
    let D = try reader.number(dNode, "scaling_constant")
    guard D > 0 else { throw reader.error("expected 'scaling_constant' (D) to be positive", at: dNode) }
    let scaleNode = try reader.required(top, "scale", in: root)
    let scale = try reader.mapping(scaleNode, context: "'scale'", keys: ["defined_by", "reference_form", "population"])
    let populationNode = try reader.required(scale, "population", in: scaleNode)
    let population = try reader.mapping(populationNode, context: "'scale.population'", keys: ["mean", "sd"])
    let sdNode = try reader.required(population, "sd", in: populationNode)
    let sd = try reader.number(sdNode, "sd")
    guard sd > 0 else { throw reader.error("expected 'sd' to be positive", at: sdNode) }

    var bank = BankScale(
      model: model, scalingConstant: D,
      definedBy: try reader.text(try reader.required(scale, "defined_by", in: scaleNode), "defined_by"),
      referenceForm: try reader.text(try reader.required(scale, "reference_form", in: scaleNode), "reference_form"),
      referencePopulation: LatentDistribution(
        mean: try reader.number(try reader.required(population, "mean", in: populationNode), "mean"), sd: sd),
      reference: [])

    for node in try reader.sequence(top["administrations"], "administrations") {
      let fields = try reader.mapping(
        node, context: "an administration",
        keys: ["id", "form", "date", "candidates", "placement", "method", "A", "B", "anchors", "dropped"])
      let id = try reader.text(try reader.required(fields, "id", in: node), "id")
      guard !bank.administrations.contains(where: { $0.id == id }) else {
        throw reader.error("administration '\(id)' appears twice", at: node)
      }
      bank.administrations.append(
        BankedAdministration(
          id: id,
          form: try reader.text(try reader.required(fields, "form", in: node), "form"),
          date: try reader.optionalText(fields["date"], "date"),
          candidates: try reader.integer(try reader.required(fields, "candidates", in: node), "candidates"),
          placement: try reader.choice(try reader.required(fields, "placement", in: node), "placement", Placement.self),
          method: try reader.optionalText(fields["method"], "method"),
          A: try fields["A"].map { try reader.number($0, "A") },
          B: try fields["B"].map { try reader.number($0, "B") },
          anchors: try reader.texts(fields["anchors"], "anchors"),
          dropped: try reader.texts(fields["dropped"], "dropped")))
    }
    let administrationIDs = Set(bank.administrations.map(\.id))
    guard administrationIDs.contains(bank.definedBy) else {
      throw reader.error(
        "'defined_by' names administration '\(bank.definedBy)', which is not listed under 'administrations'",
        at: try reader.required(scale, "defined_by", in: scaleNode))
    }

    var referenceIDs = Set<String>()
    for node in try reader.sequence(top["reference"], "reference") {
      let fields = try reader.mapping(node, context: "a reference item", keys: ["id", "a", "b", "c"])
      let item = ItemParameters(
        id: try reader.text(try reader.required(fields, "id", in: node), "id"),
        a: try reader.number(try reader.required(fields, "a", in: node), "a"),
        b: try reader.number(try reader.required(fields, "b", in: node), "b"),
        c: try reader.number(try reader.required(fields, "c", in: node), "c"))
      guard referenceIDs.insert(item.id).inserted else {
        throw reader.error("reference item '\(item.id)' appears twice", at: node)
      }
      if let problem = item.parameterProblem { throw reader.error("reference item '\(item.id)': \(problem)", at: node) }
      bank.reference.append(item)
    }
    guard !bank.reference.isEmpty else {
      throw BankScaleFileError("the bank scale has no reference items", at: SourceLocation(file: file))
    }

    let estimateKeys = [
      "a", "b", "c", "se_a", "se_b", "se_c", "r_ab", "r_ac", "r_bc", "administration", "placement", "role",
    ]
    func estimate(_ fields: [String: Node], _ node: Node) throws -> BankedEstimate {
      let parameters = ItemParameters(
        id: "", a: try reader.number(try reader.required(fields, "a", in: node), "a"),
        b: try reader.number(try reader.required(fields, "b", in: node), "b"),
        c: try reader.number(try reader.required(fields, "c", in: node), "c"),
        seA: try reader.optionalNumber(fields["se_a"], "se_a"),
        seB: try reader.optionalNumber(fields["se_b"], "se_b"),
        seC: try reader.optionalNumber(fields["se_c"], "se_c"))
      if let problem = parameters.parameterProblem { throw reader.error(problem, at: node) }
      var correlations: (ab: Double, ac: Double, bc: Double)?
      let given = ["r_ab", "r_ac", "r_bc"].filter { fields[$0] != nil }
      if !given.isEmpty {
        guard given.count == 3, parameters.seA != nil, parameters.seB != nil else {
          throw reader.error("expected r_ab, r_ac and r_bc together, with se_a and se_b", at: node)
        }
        var values: [Double] = []
        for key in given {
          let value = try reader.number(try reader.required(fields, key, in: node), key)
          guard value >= -1, value <= 1 else { throw reader.error("expected '\(key)' between -1 and 1", at: node) }
          values.append(value)
        }
        correlations = (values[0], values[1], values[2])
      }
      let administrationNode = try reader.required(fields, "administration", in: node)
      let administration = try reader.text(administrationNode, "administration")
      guard administrationIDs.contains(administration) else {
        throw reader.error(
          "administration '\(administration)' is not listed under 'administrations'", at: administrationNode)
      }
      var estimate = BankedEstimate(
        parameters, administration: administration,
        placement: try reader.choice(try reader.required(fields, "placement", in: node), "placement", Placement.self),
        role: try reader.text(try reader.required(fields, "role", in: node), "role"))
      if let correlations { estimate.setCorrelations(correlations) }
      return estimate
    }
    var previous: String?
    for node in try reader.sequence(top["items"], "items") {
      let fields = try reader.mapping(
        node, context: "an item",
        keys: ["id", "status"] + estimateKeys + ["dropped_as_anchor", "recommendation"])
      let id = try reader.text(try reader.required(fields, "id", in: node), "id")
      if let previous, previous >= id {
        throw reader.error(
          previous == id ? "item '\(id)' appears twice" : "items must be sorted by id ('\(id)' follows '\(previous)')",
          at: node)
      }
      previous = id
      bank.items.append(
        BankedItem(
          id: id,
          status: try reader.choice(try reader.required(fields, "status", in: node), "status", BankedStatus.self),
          current: try estimate(fields, node),
          droppedAsAnchor: try reader.texts(fields["dropped_as_anchor"], "dropped_as_anchor"),
          recommendation: try fields["recommendation"].map {
            try reader.choice($0, "recommendation", PretestRecommendation.self)
          }))
    }
    for node in try reader.sequence(top["history"], "history") {
      let fields = try reader.mapping(
        node, context: "a history entry", keys: ["id", "event"] + estimateKeys + ["drift_z"])
      bank.history.append(
        HistoryEntry(
          id: try reader.text(try reader.required(fields, "id", in: node), "id"),
          event: try reader.choice(try reader.required(fields, "event", in: node), "event", HistoryEvent.self),
          estimate: try estimate(fields, node),
          driftZ: try reader.optionalNumber(fields["drift_z"], "drift_z")))
    }
    return bank
  }

  /// Strict reading of composed YAML nodes, with positions.
  private struct Reader {
    let file: String

    func location(_ node: Node) -> SourceLocation {
      guard let mark = node.mark else { return SourceLocation(file: file) }
      return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ message: String, at node: Node) -> BankScaleFileError {
      BankScaleFileError(message, at: location(node))
    }

    func mapping(_ node: Node, context: String, keys: [String]) throws -> [String: Node] {
      guard case .mapping(let mapping) = node else { throw error("expected \(context) to be a mapping", at: node) }
      var result: [String: Node] = [:]
      for (keyNode, value) in mapping {
        let key = keyNode.string ?? ""
        guard keys.contains(key) else {
          throw error(
            "unknown key '\(key)' in \(context)\(EditDistance.didYouMean(key, among: keys)); expected one of \(keys.joined(separator: ", "))",
            at: keyNode)
        }
        guard result[key] == nil else { throw error("key '\(key)' appears twice in \(context)", at: keyNode) }
        result[key] = value
      }
      return result
    }

    func required(_ fields: [String: Node], _ key: String, in node: Node) throws -> Node {
      guard let value = fields[key] else { throw error("missing required key '\(key)'", at: node) }
      return value
    }

    func sequence(_ node: Node?, _ key: String) throws -> [Node] {
      guard let node else { return [] }
      guard case .sequence(let sequence) = node else { throw error("expected '\(key)' to be a list", at: node) }
      return Array(sequence)
    }

    func text(_ node: Node, _ key: String) throws -> String {
      guard case .scalar(let scalar) = node, !(scalar.style == .plain && (node.null != nil)), !scalar.string.isEmpty
      else {
        throw error("expected '\(key)' to be text", at: node)
      }
      return scalar.string
    }

    func optionalText(_ node: Node?, _ key: String) throws -> String? {
      guard let node, node.null == nil else { return nil }
      return try text(node, key)
    }

    func texts(_ node: Node?, _ key: String) throws -> [String] {
      try sequence(node, key).map { try text($0, key) }
    }

    func number(_ node: Node, _ key: String) throws -> Double {
      guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Double(scalar.string), value.isFinite
      else {
        throw error("expected '\(key)' to be a number", at: node)
      }
      return value
    }

    func optionalNumber(_ node: Node?, _ key: String) throws -> Double? {
      guard let node, node.null == nil else { return nil }
      return try number(node, key)
    }

    func integer(_ node: Node, _ key: String) throws -> Int {
      guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string), value >= 0 else {
        throw error("expected '\(key)' to be a whole number ≥ 0", at: node)
      }
      return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ key: String, _ type: T.Type) throws -> T
    where T.RawValue == String {
      let value = try text(node, key)
      guard let result = T(rawValue: value) else {
        let names = T.allCases.map(\.rawValue)
        throw error(
          "unknown \(key) '\(value)'\(EditDistance.didYouMean(value, among: names)); expected one of \(names.joined(separator: ", "))",
          at: node)
      }
      return result
    }
  }
}
