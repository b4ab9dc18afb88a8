extension ResponseMatrix {
  /// The ids of `itemIDs` that have no column in these responses, in the order given (each
  /// once). O(columns + ids).
  public func missingColumns(for itemIDs: [String]) -> [String] {
    let present = Set(self.itemIDs)
    var seen = Set<String>()
    return itemIDs.filter { !present.contains($0) && seen.insert($0).inserted }
  }

  /// The one sentence every command and step uses when responses lack items a form needs:
  /// "the responses have no column for 3 scored item(s) of form 'cpim-a': A, B, C" (the first
  /// five ids, then "…").
  ///
  /// - Parameters:
  ///   - missing: the absent ids (``missingColumns(for:)``), not empty.
  ///   - kind: what the items are ("scored", or "" for every item of the form).
  ///   - form: the form's id, when the items are a form's.
  public static func missingColumnsMessage(_ missing: [String], kind: String = "scored", form: String? = nil)
    -> String
  {
    let items = kind.isEmpty ? "item(s)" : "\(kind) item(s)"
    let of = form.map { " of form '\($0)'" } ?? ""
    let shown = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
    return "the responses have no column for \(missing.count) \(items)\(of): \(shown)"
  }
}
