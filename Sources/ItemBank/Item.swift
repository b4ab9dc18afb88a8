import ItemBenchCore

/// The life-cycle status of an item. Only `operational` items count as scored content on a live
/// form; `pretest` items are administered unscored; `retired` items never appear on a form.
public enum ItemStatus: String, CaseIterable, Sendable, Codable, Comparable {
  case draft, review, approved, pretest, operational, retired

  public static func < (lhs: ItemStatus, rhs: ItemStatus) -> Bool {
    // Every case is in `allCases`, so neither index falls back to 0.
    (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
  }
}

/// The cognitive level an item targets (a three-level Bloom-style taxonomy).
public enum CognitiveLevel: String, CaseIterable, Sendable, Codable, Comparable {
  case recall, application, analysis

  public static func < (lhs: CognitiveLevel, rhs: CognitiveLevel) -> Bool {
    // Every case is in `allCases`, so neither index falls back to 0.
    (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
  }
}

/// How an item is answered and scored (the item file's `type`).
public enum ItemResponseType: String, CaseIterable, Sendable, Codable {
  /// One keyed option among several, scored 0 or 1 (the default).
  case multipleChoice = "multiple-choice"
  /// A constructed response (a scenario, a calculation to show) scored by raters in the
  /// categories 0…m of a rubric (``Item/scoreCategories``).
  case partialCredit = "partial-credit"
}

/// One score category of a partial-credit item: the score and the rubric that earns it.
public struct ScoreCategory: Hashable, Sendable {
  /// The score (the categories of an item are 0, 1, …, m in order).
  public var score: Int
  /// What a response must show to earn ``score``.
  public var rubric: String
  public init(score: Int, rubric: String) {
    self.score = score
    self.rubric = rubric
  }
}

/// One answer option of a multiple-choice item.
public struct ItemOption: Hashable, Sendable {
  /// The stable option id (usually a letter, `A`…`E`), unique within the item.
  public var id: String
  public var text: String
  public init(id: String, text: String) {
    self.id = id
    self.text = text
  }
}

/// Why the key is right and, optionally, why each distractor is wrong. For a partial-credit item
/// ``key`` is the scoring note and there are no distractors.
public struct ItemRationale: Hashable, Sendable {
  public var key: String?
  /// Option id → why that option is wrong.
  public var distractors: [String: String]
  public init(key: String? = nil, distractors: [String: String] = [:]) {
    self.key = key
    self.distractors = distractors
  }
  public var isEmpty: Bool { (key ?? "").isEmpty && distractors.isEmpty }
}

/// An item as authored in a YAML file (format 1): multiple choice (options and a key, the
/// default) or partial credit (score categories with rubrics, ``responseType``).
///
/// Statistics and IRT parameters are deliberately absent: they live in parameter files written
/// by calibration, so authored files change only when the content changes.
public struct Item: Hashable, Sendable, Identifiable {
  public var id: String
  public var version: Int
  public var status: ItemStatus
  public var domain: String
  public var subdomain: String?
  public var task: String?
  public var cognitiveLevel: CognitiveLevel
  public var stem: String
  /// Options in the order the author wrote them (empty for a partial-credit item).
  public var options: [ItemOption]
  /// The id of the correct option (empty for a partial-credit item).
  public var key: String
  public var rationale: ItemRationale
  public var references: [String]
  /// Ids of items that must never appear on the same form as this one.
  public var enemies: [String]
  public var authors: [String]
  public var reviewers: [String]
  public var tags: [String]
  public var notes: String?
  /// Whether a delivery system may present the options in a random order (`shuffle: true`);
  /// false (the default) keeps the authored order.
  public var shuffle: Bool

  /// Where the item came from and where each of its values is written.
  public var source: ItemSource
  /// How the item is answered and scored (`type`; multiple choice by default).
  public var responseType: ItemResponseType
  /// The score categories 0…m of a partial-credit item, in order; empty for multiple choice.
  public var scoreCategories: [ScoreCategory]

  public init(
    id: String, version: Int = 1, status: ItemStatus = .draft, domain: String,
    subdomain: String? = nil, task: String? = nil, cognitiveLevel: CognitiveLevel = .recall,
    stem: String, options: [ItemOption] = [], key: String = "", rationale: ItemRationale = ItemRationale(),
    references: [String] = [], enemies: [String] = [], authors: [String] = [],
    reviewers: [String] = [], tags: [String] = [], notes: String? = nil, shuffle: Bool = false,
    source: ItemSource = ItemSource(file: "<memory>"), responseType: ItemResponseType = .multipleChoice,
    scoreCategories: [ScoreCategory] = []
  ) {
    self.id = id
    self.version = version
    self.status = status
    self.domain = domain
    self.subdomain = subdomain
    self.task = task
    self.cognitiveLevel = cognitiveLevel
    self.stem = stem
    self.options = options
    self.key = key
    self.rationale = rationale
    self.references = references
    self.enemies = enemies
    self.authors = authors
    self.reviewers = reviewers
    self.tags = tags
    self.notes = notes
    self.shuffle = shuffle
    self.source = source
    self.responseType = responseType
    self.scoreCategories = scoreCategories
  }

  /// Whether the item is multiple choice (has options and a key).
  public var isMultipleChoice: Bool { responseType == .multipleChoice }

  /// The highest score the item gives: 1 for multiple choice, m (the last category) for partial
  /// credit.
  public var maximumScore: Int {
    switch responseType {
    case .multipleChoice: 1
    case .partialCredit: scoreCategories.map(\.score).max() ?? 0
    }
  }

  /// The option with id `optionID`, if any.
  public func option(_ optionID: String) -> ItemOption? { options.first { $0.id == optionID } }

  /// The keyed option, if the key names one of the options.
  public var keyedOption: ItemOption? { option(key) }

  /// The position (0-based) of the key among the options, if the key names an option.
  public var keyIndex: Int? { options.firstIndex { $0.id == key } }
}

/// The file an item was read from and the location of each of its values.
///
/// Field paths are the YAML keys, with option, rationale and score-category entries qualified:
/// `stem`, `key`, `options.B`, `rationale.key`, `rationale.distractors.C`, `enemies.0`,
/// `score_categories.0` (the category's mapping), `score_categories.0.score`,
/// `score_categories.0.rubric`, … (by position in the list).
public struct ItemSource: Hashable, Sendable {
  public var file: String
  /// Location of the item's own mapping (its first line).
  public var start: SourceLocation
  public var fieldLocations: [String: SourceLocation]

  public init(
    file: String, start: SourceLocation? = nil, fieldLocations: [String: SourceLocation] = [:]
  ) {
    self.file = file
    self.start = start ?? SourceLocation(file: file, line: 1, column: 1)
    self.fieldLocations = fieldLocations
  }

  /// Location of the value at `fieldPath`, falling back to the item's start.
  public func location(of fieldPath: String) -> SourceLocation {
    fieldLocations[fieldPath] ?? start
  }
}
