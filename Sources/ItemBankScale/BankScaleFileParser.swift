import ItemBenchCore
import ItemBenchYAML
import ItemResponseTheory
import Yams

/// Reading a bank-scale file (layout in docs/formats.md, "Bank-scale files") with the shared
/// ``MappingReader``: every field of every record is checked on its own and every problem is
/// reported, in file order, each at the line and column of the value at fault.
///
/// Invalid YAML, an empty file, a top level that is not a mapping and a `format` other than 1
/// stop at once (another format may have other fields, so nothing else is checked). Numbers are
/// decimal only (``DecimalSyntax``), as ``BankScaleFile/text(_:)`` writes them: a quoted number,
/// `0x…` or `.inf` is an error, never a converted value. `null` means "not given" where the writer
/// writes it (`date`, `method`, the SEs, `drift_z`) and is an error everywhere else.
extension BankScaleFile {
  private static let fileKeys = [
    "format", "model", "scaling_constant", "parameterization", "scale", "administrations", "reference", "items",
    "history",
  ]
  private static let administrationKeys = [
    "id", "form", "date", "candidates", "placement", "method", "A", "B", "anchors", "dropped",
  ]
  private static let estimateKeys = [
    "a", "b", "c", "se_a", "se_b", "se_c", "r_ab", "r_ac", "r_bc", "administration", "placement", "role",
  ]
  private static let itemKeys = ["id", "status"] + estimateKeys + ["dropped_as_anchor", "recommendation"]
  private static let historyKeys = ["id", "event"] + estimateKeys + ["drift_z"]

  /// Any finite number. The file holds what calibration and linking gave, unbounded (the steps
  /// that use the values check their own limits), so every value the writer writes reads back.
  private static let finite = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude

  /// Parses bank-scale YAML. Unknown fields, wrong types, missing fields and inconsistent records
  /// are errors with the line and column of the value at fault; all of them are reported
  /// (``BankScaleFileError/others``).
  public static func parse(_ text: String, file: String) throws -> BankScale {
    let root: Node
    switch YAMLSource.compose(text, file: file, resolver: YAMLSource.textResolver) {
    case .failure(let problem): throw failure([problem], file)
    case .success(nil):
      throw BankScaleFileError("the bank-scale file is empty", at: SourceLocation(file: file, line: 1, column: 1))
    case .success(let node?): root = node
    }
    var problems: [Diagnostic] = []
    guard var top = MappingReader(root, file: file, context: "the bank-scale file", diagnostics: &problems) else {
      throw failure(problems, file)
    }
    try checkFormat(&top)
    top.reportUnknownKeysListing(known: fileKeys)
    // `parameterization` documents the model's formula for readers of the file; it is not read.
    let model = requiredText("model", &top, expected: "the IRT model, for example 3pl")
    let D = positiveNumber("scaling_constant", label: "'scaling_constant' (D)", &top)
    let scale = readScale(&top)
    let (administrations, listed) = readAdministrations(&top)
    if let definedBy = scale.definedBy, let node = scale.definedByNode, let listed, !listed.contains(definedBy) {
      top.error(
        "'defined_by' names administration '\(definedBy)', which is not listed under 'administrations'", at: node)
    }
    let reference = readReference(&top)
    let items = readItems(&top, listed: listed)
    let history = readHistory(&top, listed: listed)
    guard top.diagnostics.isEmpty, let model, let D, let definedBy = scale.definedBy,
      let referenceForm = scale.referenceForm, let population = scale.population, let administrations,
      let reference, let items, let history
    else {
      throw failure(inFileOrder(top.diagnostics), file)
    }
    return BankScale(
      model: model, scalingConstant: D, definedBy: definedBy, referenceForm: referenceForm,
      referencePopulation: population, reference: reference, administrations: administrations, items: items,
      history: history)
  }

  /// Throws unless `format` is the version this build reads; a missing `format` is recorded and
  /// the rest is read as this version.
  private static func checkFormat(_ top: inout MappingReader<Node>) throws {
    guard let node = top.value("format") else {
      top.missing("format", expected: "the file-format version, \(format)")
      return
    }
    guard let version = wholeNumber(node, top) else {
      throw BankScaleFileError(
        "expected 'format' to be a whole number ≥ 0, found \(top.written(node))", at: top.location(node))
    }
    guard version == format else {
      throw BankScaleFileError(
        "unsupported bank-scale format \(version); this ItemBench reads format \(format)", at: top.location(node))
    }
  }

  /// `problems` by line and column; problems at the same place keep the order they were found in.
  private static func inFileOrder(_ problems: [Diagnostic]) -> [Diagnostic] {
    problems.enumerated().sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
      .map(\.element)
  }

  // MARK: Sections

  /// The `scale` section as read; each part is nil when it is missing or wrong (the problem is
  /// recorded).
  private struct ScaleSection {
    var definedBy: String?
    var definedByNode: Node?
    var referenceForm: String?
    var population: LatentDistribution?
  }

  /// `scale: {defined_by, reference_form, population: {mean, sd}}`, sd > 0.
  private static func readScale(_ top: inout MappingReader<Node>) -> ScaleSection {
    var result = ScaleSection()
    guard top.has("scale") else {
      top.missing("scale", expected: "a mapping with defined_by, reference_form and population")
      return result
    }
    guard var scale = top.section("scale") else { return result }
    scale.reportUnknownKeysListing(known: ["defined_by", "reference_form", "population"])
    result.definedBy = requiredText("defined_by", &scale, expected: "the administration that defined the scale")
    result.definedByNode = scale.value("defined_by")
    result.referenceForm = requiredText("reference_form", &scale, expected: "the reference form's id")
    if !scale.has("population") {
      scale.missing("population", expected: "{mean: …, sd: …}")
    } else if var population = scale.section("population", context: "'scale.population'") {
      population.reportUnknownKeysListing(known: ["mean", "sd"])
      let mean = number("mean", &population)
      let sd = positiveNumber("sd", label: "'sd'", &population)
      if let mean, let sd { result.population = LatentDistribution(mean: mean, sd: sd) }
      scale.absorb(population)
    }
    top.absorb(scale)
    return result
  }

  /// The `administrations` list (absent: none), nil when any entry is wrong; `ids` is every
  /// entry's id, nil when some id could not be read (the checks that an id is listed are then
  /// skipped).
  private static func readAdministrations(
    _ top: inout MappingReader<Node>
  ) -> (administrations: [BankedAdministration]?, ids: Set<String>?) {
    guard let list = entries("administrations", &top) else { return (nil, nil) }
    var administrations: [BankedAdministration] = []
    var ids = Set<String>()
    var complete = list.complete
    var allIDs = list.complete
    for var entry in list.readers {
      defer { top.absorb(entry) }
      entry.reportUnknownKeysListing(known: administrationKeys)
      let id = requiredText("id", &entry, expected: "the administration id")
      if let id {
        if !ids.insert(id).inserted { entry.error("administration '\(id)' appears twice", at: entry.node) }
      } else {
        allIDs = false
      }
      let form = requiredText("form", &entry, expected: "the form id")
      let date = optionalText("date", &entry)
      let candidates = count("candidates", &entry)
      let placement = requiredChoice("placement", Placement.self, &entry)
      let method = optionalText("method", &entry)
      let A = number("A", &entry, required: false)
      let B = number("B", &entry, required: false)
      let anchors = textList("anchors", &entry)
      let dropped = textList("dropped", &entry)
      guard entry.diagnostics.isEmpty, let id, let form, let candidates, let placement, let anchors, let dropped
      else {
        complete = false
        continue
      }
      administrations.append(
        BankedAdministration(
          id: id, form: form, date: date, candidates: candidates, placement: placement, method: method, A: A, B: B,
          anchors: anchors, dropped: dropped))
    }
    return (complete ? administrations : nil, allIDs ? ids : nil)
  }

  /// The `reference` list: the reference form's items (id, a, b, c), at least one, each once.
  private static func readReference(_ top: inout MappingReader<Node>) -> [ItemParameters]? {
    guard let node = top.value("reference") else {
      top.error("the bank scale has no reference items", at: top.node, code: "missing-field")
      return nil
    }
    guard let list = entries("reference", &top) else { return nil }
    if node.elements.isEmpty {
      top.error("the bank scale has no reference items", at: node)
      return nil
    }
    var items: [ItemParameters] = []
    var ids = Set<String>()
    var complete = list.complete
    for var entry in list.readers {
      defer { top.absorb(entry) }
      entry.reportUnknownKeysListing(known: ["id", "a", "b", "c"])
      let id = requiredText("id", &entry, expected: "the item id")
      if let id, !ids.insert(id).inserted { entry.error("reference item '\(id)' appears twice", at: entry.node) }
      let a = number("a", &entry)
      let b = number("b", &entry)
      let c = number("c", &entry)
      guard let a, let b, let c else {
        complete = false
        continue
      }
      let item = ItemParameters(id: id ?? "", a: a, b: b, c: c)
      if let problem = item.parameterProblem {
        entry.error("\(id.map { "reference item '\($0)'" } ?? "the reference item"): \(problem)", at: entry.node)
      }
      if entry.diagnostics.isEmpty, id != nil { items.append(item) } else { complete = false }
    }
    return complete ? items : nil
  }

  /// The `items` list (absent: none): one entry per item, sorted by id, each once.
  private static func readItems(_ top: inout MappingReader<Node>, listed: Set<String>?) -> [BankedItem]? {
    guard let list = entries("items", &top) else { return nil }
    var items: [BankedItem] = []
    var complete = list.complete
    var previous: String?
    for var entry in list.readers {
      defer { top.absorb(entry) }
      entry.reportUnknownKeysListing(known: itemKeys)
      let id = requiredText("id", &entry, expected: "the item id")
      if let id {
        if let previous, previous == id {
          entry.error("item '\(id)' appears twice", at: entry.node)
        } else if let previous, previous > id {
          entry.error("items must be sorted by id ('\(id)' follows '\(previous)')", at: entry.node)
        }
        previous = id
      }
      let status = requiredChoice("status", BankedStatus.self, &entry)
      let estimate = readEstimate(&entry, listed: listed)
      let droppedAsAnchor = textList("dropped_as_anchor", &entry)
      let recommendation = entry.choice("recommendation", PretestRecommendation.self)
      guard entry.diagnostics.isEmpty, let id, let status, let estimate, let droppedAsAnchor else {
        complete = false
        continue
      }
      items.append(
        BankedItem(
          id: id, status: status, current: estimate, droppedAsAnchor: droppedAsAnchor,
          recommendation: recommendation))
    }
    return complete ? items : nil
  }

  /// The `history` list (absent: none): earlier and comparison estimates.
  private static func readHistory(_ top: inout MappingReader<Node>, listed: Set<String>?) -> [HistoryEntry]? {
    guard let list = entries("history", &top) else { return nil }
    var history: [HistoryEntry] = []
    var complete = list.complete
    for var entry in list.readers {
      defer { top.absorb(entry) }
      entry.reportUnknownKeysListing(known: historyKeys)
      let id = requiredText("id", &entry, expected: "the item id")
      let event = requiredChoice("event", HistoryEvent.self, &entry)
      let estimate = readEstimate(&entry, listed: listed)
      let driftZ = optionalNumber("drift_z", &entry)
      guard entry.diagnostics.isEmpty, let id, let event, let estimate else {
        complete = false
        continue
      }
      history.append(HistoryEntry(id: id, event: event, estimate: estimate, driftZ: driftZ))
    }
    return complete ? history : nil
  }

  // MARK: Estimates

  /// The estimate fields of an item or a history entry: a, b and c (a > 0, 0 ≤ c < 1), their SEs
  /// (`null`: not estimated), the correlations, and the administration, placement and role that
  /// gave the estimate. Nil when any is missing or wrong (the problems are recorded). `listed`:
  /// the administrations' ids, nil when they could not all be read.
  private static func readEstimate(_ entry: inout MappingReader<Node>, listed: Set<String>?) -> BankedEstimate? {
    let a = number("a", &entry)
    let b = number("b", &entry)
    let c = number("c", &entry)
    let seA = standardError("se_a", &entry)
    let seB = standardError("se_b", &entry)
    let seC = standardError("se_c", &entry)
    var parameters: ItemParameters?
    if let a, let b, let c {
      let read = ItemParameters(id: "", a: a, b: b, c: c, seA: seA, seB: seB, seC: seC)
      if let problem = read.parameterProblem { entry.error(problem, at: entry.node) } else { parameters = read }
    }
    let correlations = readCorrelations(&entry)
    let administration = requiredText(
      "administration", &entry, expected: "the id of an administration listed under 'administrations'")
    if let administration, let listed, !listed.contains(administration), let node = entry.value("administration") {
      entry.error("administration '\(administration)' is not listed under 'administrations'", at: node)
    }
    let placement = requiredChoice("placement", Placement.self, &entry)
    let role = requiredText("role", &entry, expected: "the item's role on the form, for example anchor")
    guard entry.diagnostics.isEmpty, let parameters, let administration, let placement, let role else { return nil }
    var estimate = BankedEstimate(parameters, administration: administration, placement: placement, role: role)
    if let correlations { estimate.setCorrelations(correlations) }
    return estimate
  }

  /// `r_ab`, `r_ac` and `r_bc`: all three or none, each from -1 to 1, and only with `se_a` and
  /// `se_b`. Nil when there are none or they are wrong (the problems are recorded).
  private static func readCorrelations(_ entry: inout MappingReader<Node>) -> (ab: Double, ac: Double, bc: Double)? {
    let given = ["r_ab", "r_ac", "r_bc"].filter { entry.has($0) }
    guard !given.isEmpty else { return nil }
    var values: [Double] = []
    for key in given {
      if let value = entry.decimalNumber(key, in: -1...1, expected: "a number") { values.append(value) }
    }
    // Whether an SE is written (a wrong one is reported by itself and does not count as missing).
    func isWritten(_ key: String) -> Bool { entry.node.value(forKey: key).map { !$0.isNull } ?? false }
    guard given.count == 3, isWritten("se_a"), isWritten("se_b") else {
      entry.error("expected r_ab, r_ac and r_bc together, with se_a and se_b", at: entry.node)
      return nil
    }
    guard values.count == 3 else { return nil }
    return (values[0], values[1], values[2])
  }

  // MARK: Fields

  /// The list of mappings at `key` (absent: none) and whether every entry is a mapping; nil (the
  /// problem recorded) when the value is not a list.
  private static func entries(
    _ key: String, _ top: inout MappingReader<Node>
  ) -> (readers: [MappingReader<Node>], complete: Bool)? {
    guard let node = top.value(key) else { return ([], true) }
    guard let readers = top.sections(key) else { return nil }
    return (readers, readers.count == node.elements.count)
  }

  /// `key` as text that is not empty; when missing, a problem saying `expected`.
  private static func requiredText(_ key: String, _ reader: inout MappingReader<Node>, expected: String) -> String? {
    guard reader.has(key) else {
      reader.missing(key, expected: expected)
      return nil
    }
    return nonEmptyText(key, &reader)
  }

  /// `key` as text that is not empty; nil when absent or `null`.
  private static func optionalText(_ key: String, _ reader: inout MappingReader<Node>) -> String? {
    guard let node = reader.value(key), !node.isNull else { return nil }
    return nonEmptyText(key, &reader)
  }

  /// The text of `key` (a present key), which must not be empty (`""` is an error).
  private static func nonEmptyText(_ key: String, _ reader: inout MappingReader<Node>) -> String? {
    guard let text = reader.text(key), let node = reader.value(key) else { return nil }
    guard !text.isEmpty else {
      reader.error("expected '\(key)' to be text, found \(reader.written(node))", at: node)
      return nil
    }
    return text
  }

  /// `key` as a finite decimal number; nil when absent (a problem if `required`) or wrong.
  private static func number(_ key: String, _ reader: inout MappingReader<Node>, required: Bool = true) -> Double? {
    guard reader.has(key) else {
      if required { reader.missing(key, expected: "a number") }
      return nil
    }
    return reader.decimalNumber(key, in: finite, expected: "a number")
  }

  /// A required number above 0; "expected LABEL to be positive" otherwise.
  private static func positiveNumber(_ key: String, label: String, _ reader: inout MappingReader<Node>) -> Double? {
    guard let value = number(key, &reader), let node = reader.value(key) else { return nil }
    guard value > 0 else {
      reader.error("expected \(label) to be positive, found \(value)", at: node)
      return nil
    }
    return value
  }

  /// A standard error: a number ≥ 0, nil when absent or `null` (not estimated).
  private static func standardError(_ key: String, _ reader: inout MappingReader<Node>) -> Double? {
    guard let value = optionalNumber(key, &reader), let node = reader.value(key) else { return nil }
    guard value >= 0 else {
      reader.error("expected '\(key)' (a standard error) to be at least 0, found \(value)", at: node)
      return nil
    }
    return value
  }

  /// `key` as a decimal number, nil when absent or `null` (not given).
  private static func optionalNumber(_ key: String, _ reader: inout MappingReader<Node>) -> Double? {
    guard let node = reader.value(key), !node.isNull else { return nil }
    return reader.decimalNumber(key, in: finite, expected: "a number")
  }

  /// `key` as a whole number ≥ 0 written in decimal; required.
  private static func count(_ key: String, _ reader: inout MappingReader<Node>) -> Int? {
    guard let node = reader.value(key) else {
      reader.missing(key, expected: "a whole number ≥ 0")
      return nil
    }
    guard let value = wholeNumber(node, reader) else {
      reader.error("expected '\(key)' to be a whole number ≥ 0, found \(reader.written(node))", at: node)
      return nil
    }
    return value
  }

  /// `node` as a whole number ≥ 0 written in decimal (``MappingReader/decimalWholeNumber(_:)``),
  /// or nil.
  private static func wholeNumber(_ node: Node, _ reader: MappingReader<Node>) -> Int? {
    reader.decimalWholeNumber(node).flatMap { $0 >= 0 ? $0 : nil }
  }

  /// A required value that must be one of `type`'s raw values.
  private static func requiredChoice<T: RawRepresentable & CaseIterable>(
    _ key: String, _ type: T.Type, _ reader: inout MappingReader<Node>
  ) -> T? where T.RawValue == String {
    guard reader.has(key) else {
      reader.missing(key, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
      return nil
    }
    return reader.choice(key, type)
  }

  /// `key` as a list of texts that are not empty (absent: none); nil when it is not a list or an
  /// entry is not text (each problem recorded).
  private static func textList(_ key: String, _ reader: inout MappingReader<Node>) -> [String]? {
    guard let node = reader.value(key) else { return [] }
    guard node.kind == .sequence else {
      reader.error("expected '\(key)' to be a list, found \(reader.written(node))", at: node)
      return nil
    }
    var texts: [String] = []
    var complete = true
    for (index, element) in node.elements.enumerated() {
      if element.kind == .scalar, !element.isNull, let text = element.text, !text.isEmpty {
        texts.append(text)
      } else {
        reader.error("expected '\(key)' entry \(index + 1) to be text, found \(reader.written(element))", at: element)
        complete = false
      }
    }
    return complete ? texts : nil
  }

  /// The error for `problems` (the first, with the rest as its others).
  private static func failure(_ problems: [Diagnostic], _ file: String) -> BankScaleFileError {
    BankScaleFileError(problems: problems, unreadable: "the bank-scale file could not be read", file: file)
  }
}
