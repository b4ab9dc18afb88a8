import ItemBenchCore
import ItemBenchYAML
import Yams

/// Reads a blueprint file (format 1). See `docs/formats.md` for the fields.
public enum BlueprintParser {
  public static let knownFields = [
    "format", "id", "exam", "form_length", "scored", "pretest", "weights", "domains",
    "cognitive_levels", "scale", "notes", "time_limit_minutes",
  ]

  public static func parse(_ text: String, file: String) -> (blueprint: Blueprint?, diagnostics: [Diagnostic]) {
    switch YAMLSource.compose(text, file: file, resolver: YAMLSource.textResolver) {
    case .failure(let diagnostic): return (nil, [diagnostic])
    case .success(nil):
      return (
        nil, [.error("empty blueprint file", at: SourceLocation(file: file, line: 1, column: 1), code: "missing-field")]
      )
    case .success(let node?): return parse(node: node, file: file)
    }
  }

  package static func parse(node: Node, file: String) -> (blueprint: Blueprint?, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    guard var reader = MappingReader(node, file: file, context: "blueprint", diagnostics: &diagnostics) else {
      return (nil, diagnostics)
    }
    guard reader.checkFormat() else { return (nil, reader.diagnostics) }
    let id = reader.identifier("id", required: true, expected: "a blueprint id that forms refer to")
    let exam = reader.string("exam", required: true, expected: "the exam's name")
    let length = reader.int(
      "form_length", in: InputLimits.formLength, required: true, expected: "the number of questions on a form")
    let scored = reader.int(
      "scored", in: InputLimits.formLength, required: true, expected: "the number of scored questions")
    let pretest = reader.int("pretest", in: InputLimits.formLength) ?? 0
    let timeLimit = reader.int(
      "time_limit_minutes", in: 1...100_000, expected: "the time allowed for a form, in whole minutes")
    _ = reader.string("notes")

    var unit = WeightUnit.percent
    var source = ""
    if let weights = reader.value("weights") {
      if var inner = MappingReader(weights, file: file, context: "weights", diagnostics: &diagnostics) {
        unit = inner.enumeration("unit", as: WeightUnit.self, required: true) ?? .percent
        source = inner.string("source", required: true, expected: "where the weights come from") ?? ""
        inner.reportUnknownKeys(known: ["unit", "source"])
        reader.append(inner.diagnostics)
      }
    } else {
      reader.missing("weights", expected: "a mapping with 'unit' (percent or count) and 'source'")
    }

    var domains: [BlueprintDomain] = []
    if let list = reader.value("domains") {
      if case .sequence(let sequence) = list {
        for element in sequence {
          guard var inner = MappingReader(element, file: file, context: "domain", diagnostics: &diagnostics) else {
            continue
          }
          let domainID = inner.identifier("id", required: true, expected: "the domain id items use")
          let title = inner.string("title", required: true, expected: "the domain's title")
          let weight = inner.double("weight", in: InputLimits.weight, required: true, expected: "the target weight")
          let tolerance = inner.double("tolerance", in: InputLimits.weight) ?? 0
          let subdomains = inner.stringList("subdomains")
          inner.reportUnknownKeys(known: ["id", "title", "weight", "tolerance", "subdomains"])
          reader.append(inner.diagnostics)
          if let domainID, let title, let weight {
            if domains.contains(where: { $0.id == domainID }) {
              reader.error("duplicate domain id '\(domainID)' in blueprint", at: element, code: "duplicate-id")
            }
            domains.append(
              BlueprintDomain(
                id: domainID, title: title, target: WeightTarget(weight: weight, tolerance: tolerance),
                subdomains: subdomains, location: inner.start))
          }
        }
      } else {
        reader.error("expected 'domains' to be a list of domains, found \(YAMLSource.kindDescription(list))", at: list)
      }
    } else {
      reader.missing("domains", expected: "a list of domains with id, title, weight and tolerance")
    }

    var levels: [CognitiveLevel: WeightTarget] = [:]
    if let levelsNode = reader.value("cognitive_levels") {
      if case .mapping(let mapping) = levelsNode {
        for (keyNode, valueNode) in mapping {
          let name = keyNode.string ?? ""
          guard let level = CognitiveLevel(rawValue: name) else {
            reader.error(
              "unknown cognitive level '\(name)'; expected one of \(CognitiveLevel.allCases.map(\.rawValue).joined(separator: ", "))"
                + EditDistance.didYouMean(name, among: CognitiveLevel.allCases.map(\.rawValue)), at: keyNode)
            continue
          }
          guard
            var inner = MappingReader(
              valueNode, file: file, context: "cognitive level '\(name)'", diagnostics: &diagnostics)
          else { continue }
          let weight = inner.double("weight", in: InputLimits.weight, required: true)
          let tolerance = inner.double("tolerance", in: InputLimits.weight) ?? 0
          inner.reportUnknownKeys(known: ["weight", "tolerance"])
          reader.append(inner.diagnostics)
          if let weight { levels[level] = WeightTarget(weight: weight, tolerance: tolerance) }
        }
      } else {
        reader.error("expected 'cognitive_levels' to be a mapping of level to weight and tolerance", at: levelsNode)
      }
    }

    var scale: ReportingScale?
    if let scaleNode = reader.value("scale") {
      if var inner = MappingReader(scaleNode, file: file, context: "scale", diagnostics: &diagnostics) {
        let minimum = inner.double(
          "min", in: InputLimits.scaleValue, required: true, expected: "the lowest reported score")
        let maximum = inner.double(
          "max", in: InputLimits.scaleValue, required: true, expected: "the highest reported score")
        let passing = inner.double("passing", in: InputLimits.scaleValue, required: true, expected: "the passing score")
        inner.reportUnknownKeys(known: ["min", "max", "passing"])
        if let minimum, let maximum, let passing {
          if !(minimum < maximum) || passing < minimum || passing > maximum {
            inner.error(
              "expected min < max and min ≤ passing ≤ max, found min \(minimum), max \(maximum), passing \(passing)",
              at: scaleNode)
          } else {
            scale = ReportingScale(minimum: minimum, maximum: maximum, passing: passing)
          }
        }
        reader.append(inner.diagnostics)
      }
    }
    reader.reportUnknownKeys(known: knownFields)

    if let length, let scored, scored + pretest != length {
      reader.error("form_length \(length) must equal scored \(scored) + pretest \(pretest)", at: node)
    }
    if unit == .percent, !domains.isEmpty {
      let total = domains.reduce(0) { $0 + $1.target.weight }
      if abs(total - 100) > 0.5 {
        reader.error(
          "domain weights are in percent but add up to \(formatDecimal(total, places: 1)), not 100", at: node)
      }
    } else if unit == .count, let scored, !domains.isEmpty {
      let total = domains.reduce(0) { $0 + $1.target.weight }
      if abs(total - Double(scored)) > 0.5 {
        reader.error(
          "domain weights are counts but add up to \(formatDecimal(total, places: 0)), not the \(scored) scored items",
          at: node)
      }
    }
    guard let id, let exam, let length, let scored else { return (nil, reader.diagnostics) }
    let blueprint = Blueprint(
      id: id, exam: exam, formLength: length, scoredCount: scored, pretestCount: pretest,
      weightUnit: unit, weightSource: source, domains: domains, cognitiveLevels: levels, scale: scale,
      timeLimitMinutes: timeLimit.flatMap { $0 > 0 ? $0 : nil }, location: reader.start)
    return (blueprint, reader.diagnostics)
  }
}

/// Reads a form file (format 1). See `docs/formats.md` for the fields.
public enum FormParser {
  public static let knownFields = ["format", "id", "title", "blueprint", "administered", "items", "notes"]

  public static func parse(_ text: String, file: String) -> (form: Form?, diagnostics: [Diagnostic]) {
    switch YAMLSource.compose(text, file: file, resolver: YAMLSource.textResolver) {
    case .failure(let diagnostic): return (nil, [diagnostic])
    case .success(nil):
      return (
        nil, [.error("empty form file", at: SourceLocation(file: file, line: 1, column: 1), code: "missing-field")]
      )
    case .success(let node?): return parse(node: node, file: file)
    }
  }

  package static func parse(node: Node, file: String) -> (form: Form?, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    guard var reader = MappingReader(node, file: file, context: "form", diagnostics: &diagnostics) else {
      return (nil, diagnostics)
    }
    guard reader.checkFormat() else { return (nil, reader.diagnostics) }
    let id = reader.identifier("id", required: true, expected: "the form's id")
    let title = reader.string("title")
    let blueprint = reader.string("blueprint", required: true, expected: "the id of the blueprint the form is built to")
    _ = reader.string("notes")
    var administered: String?
    if let text = reader.string("administered", expected: "the date the form was given, as YYYY-MM-DD"),
      let node = reader.value("administered")
    {
      if let problem = CalendarDate.problem(text) {
        reader.error("invalid 'administered': \(problem)", at: node)
      } else {
        administered = text
      }
    }
    var entries: [FormEntry] = []
    if let list = reader.value("items") {
      if case .sequence(let sequence) = list {
        for element in sequence {
          switch element {
          case .scalar:
            // A bare id means a scored item.
            if let text = reader.scalarText(element, field: "items[]", expected: "an item id"),
              let itemID = reader.checkedIdentifier(text, field: "items[]", at: element)
            {
              entries.append(FormEntry(itemID: itemID, role: .scored, location: reader.location(element)))
            }
          default:
            guard var inner = MappingReader(element, file: file, context: "form entry", diagnostics: &diagnostics)
            else { continue }
            let itemID = inner.identifier("id", required: true, expected: "an item id")
            let role = inner.enumeration("role", as: FormRole.self) ?? (inner.has("role") ? nil : .scored)
            inner.reportUnknownKeys(known: ["id", "role"])
            reader.append(inner.diagnostics)
            if let itemID, let role {
              let where_ = inner.value("id").map { inner.location($0) } ?? inner.start
              entries.append(FormEntry(itemID: itemID, role: role, location: where_))
            }
          }
        }
      } else {
        reader.error(
          "expected 'items' to be a list of {id, role} entries, found \(YAMLSource.kindDescription(list))", at: list)
      }
    } else {
      reader.missing("items", expected: "the ordered list of item ids with roles")
    }
    reader.reportUnknownKeys(known: knownFields)
    guard let id, let blueprint else { return (nil, reader.diagnostics) }
    return (
      Form(
        id: id, title: title, blueprintID: blueprint, entries: entries, administered: administered,
        location: reader.start), reader.diagnostics
    )
  }
}
