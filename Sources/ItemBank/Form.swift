import ItemBenchCore

/// The role an item plays on a form.
public enum FormRole: String, Sendable, CaseIterable, Codable {
  /// Counts toward the candidate's score.
  case scored
  /// Administered but not scored (collects data to calibrate new items).
  case pretest
  /// Scored, and shared with other forms so that forms can be linked and equated.
  case anchor

  /// Whether an item in this role counts toward the score (`scored` and `anchor`).
  public var isScored: Bool { self != .pretest }
}

/// One position on a form.
public struct FormEntry: Hashable, Sendable {
  public var itemID: String
  public var role: FormRole
  public var location: SourceLocation
  public init(
    itemID: String, role: FormRole, location: SourceLocation = SourceLocation(file: "<memory>")
  ) {
    self.itemID = itemID
    self.role = role
    self.location = location
  }
}

/// An exam form: an ordered list of items with roles, built to a named blueprint.
public struct Form: Hashable, Sendable, Identifiable {
  public var id: String
  public var title: String?
  /// The id of the blueprint this form is built to.
  public var blueprintID: String
  public var entries: [FormEntry]
  /// The date (`YYYY-MM-DD`) the form was administered, or nil for a form not yet given. An
  /// administered form is a record: its items' statuses may have moved on since (a pretest item
  /// promoted to operational, an operational item retired), and coverage checks it as it was
  /// (docs/coverage.md, rule `status-role`).
  public var administered: String?
  public var location: SourceLocation

  public init(
    id: String, title: String? = nil, blueprintID: String, entries: [FormEntry], administered: String? = nil,
    location: SourceLocation = SourceLocation(file: "<memory>")
  ) {
    self.id = id
    self.title = title
    self.blueprintID = blueprintID
    self.entries = entries
    self.administered = administered
    self.location = location
  }

  /// Ids of the items that count toward the score (scored and anchor), in form order.
  public var scoredItemIDs: [String] { entries.filter { $0.role.isScored }.map(\.itemID) }
  public var anchorItemIDs: [String] { entries.filter { $0.role == .anchor }.map(\.itemID) }
  public var pretestItemIDs: [String] { entries.filter { $0.role == .pretest }.map(\.itemID) }
}
