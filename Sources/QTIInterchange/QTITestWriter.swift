import ItemBank
import ItemBenchCore

/// How a form's items are grouped into `qti-assessment-section`s.
public enum QTISectionLayout: String, Sendable, CaseIterable {
  /// One section holding every item in form order.
  case single
  /// One section per blueprint domain, in the blueprint's domain order; within a section the
  /// items keep their form order. Domains with no item on the form get no section.
  case domain
}

/// Writes a form as a QTI 3.0 `qti-assessment-test`.
///
/// One test part (nonlinear navigation, simultaneous submission, as a fixed-form certification
/// exam is delivered), the sections of ``QTISectionLayout``, one `qti-assessment-item-ref` per
/// form entry. Pretest items are delivered like any other but their reference carries
/// `category="pretest"`, and the test's outcome processing sums the items' SCORE with
/// `exclude-category="pretest"`: the test's SCORE counts scored and anchor items only. When the
/// blueprint states `time_limit_minutes`, the test carries `qti-time-limits` with `max-time` in
/// seconds.
public enum QTITestWriter {
  /// The `qti-assessment-test` for `form`, referring to item files at `itemHref(id)` (relative to
  /// the test file).
  public static func element(
    for form: Form, blueprint: Blueprint?, items: [String: Item], layout: QTISectionLayout,
    itemHref: (String) -> String
  ) throws(QTIExportError) -> XMLElement {
    guard QTIVocabulary.isSafeIdentifier(form.id) else {
      throw QTIExportError(location: form.location, message: "form id '\(form.id)' is not a QTI identifier")
    }
    var seen: Set<String> = []
    for entry in form.entries {
      guard items[entry.itemID] != nil else {
        throw QTIExportError(
          location: entry.location, message: "form '\(form.id)' names item '\(entry.itemID)', which is not exported")
      }
      guard seen.insert(entry.itemID).inserted else {
        throw QTIExportError(location: entry.location, message: "form '\(form.id)' lists item '\(entry.itemID)' twice")
      }
    }
    func reference(_ entry: FormEntry) -> XMLNode {
      var attributes = [("identifier", entry.itemID), ("href", itemHref(entry.itemID))]
      if !entry.role.isScored { attributes.append(("category", QTIVocabulary.pretestCategory)) }
      return .element(XMLElement("qti-assessment-item-ref", attributes))
    }
    var sections: [XMLElement] = []
    switch layout {
    case .single:
      sections.append(
        XMLElement(
          "qti-assessment-section",
          [("identifier", "section-1"), ("title", form.title ?? form.id), ("visible", "true")],
          children: form.entries.map(reference)))
    case .domain:
      var order = blueprint?.domains.map(\.id) ?? []
      // Every entry was checked above to name an exported item.
      for entry in form.entries {
        guard let domain = items[entry.itemID]?.domain else { continue }
        if !order.contains(domain) { order.append(domain) }
      }
      for domain in order {
        let entries = form.entries.filter { items[$0.itemID]?.domain == domain }
        guard !entries.isEmpty else { continue }
        guard QTIVocabulary.isSafeIdentifier("section-" + domain) else {
          throw QTIExportError(
            location: form.location, message: "domain id '\(domain)' cannot make a QTI section identifier")
        }
        let title = blueprint?.domain(domain)?.title ?? domain
        sections.append(
          XMLElement(
            "qti-assessment-section", [("identifier", "section-" + domain), ("title", title), ("visible", "true")],
            children: entries.map(reference)))
      }
    }
    var children: [XMLNode] = [.element(QTIItemWriter.scoreDeclaration())]
    if let minutes = blueprint?.timeLimitMinutes {
      children.append(.element(XMLElement("qti-time-limits", [("max-time", String(minutes * 60))])))
    }
    children.append(
      .element(
        XMLElement(
          "qti-test-part",
          [("identifier", "part-1"), ("navigation-mode", "nonlinear"), ("submission-mode", "simultaneous")],
          children: sections.map { .element($0) })))
    children.append(
      .element(
        XMLElement(
          "qti-outcome-processing",
          children: [
            .element(
              XMLElement(
                "qti-set-outcome-value", [("identifier", "SCORE")],
                children: [
                  .element(
                    XMLElement(
                      "qti-sum",
                      children: [
                        .element(
                          XMLElement(
                            "qti-test-variables",
                            [("variable-identifier", "SCORE"), ("exclude-category", QTIVocabulary.pretestCategory)]))
                      ]))
                ]))
          ])))
    return XMLElement(
      "qti-assessment-test",
      [
        ("xmlns", QTIVocabulary.qti3Namespace), ("xmlns:xsi", QTIVocabulary.xsiNamespace),
        ("xsi:schemaLocation", "\(QTIVocabulary.qti3Namespace) \(QTIVocabulary.qti3SchemaLocation)"),
        ("identifier", form.id), ("title", form.title ?? form.id),
      ],
      children: children)
  }
}
