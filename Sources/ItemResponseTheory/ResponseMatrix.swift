/// Candidates' responses to items, one byte per response, row-major (candidate by candidate).
///
/// Each byte is a ``ResponseCode``: either a missing-data code (`0xFD`…`0xFF`), or an answered
/// response whose bit 0 is the score (1 correct, 0 incorrect) and whose bits 1…6 hold the chosen
/// option's index plus one (0 when only 0/1 scores were given). So `code & 1` is the score of any
/// answered response, and the option letter survives for distractor analysis without a second
/// matrix.
public struct ResponseMatrix: Sendable, Equatable {
  public var candidateIDs: [String]
  public var itemIDs: [String]
  /// `candidateCount × itemCount` codes; response (i, j) is at `i * itemCount + j`.
  public var codes: [UInt8]
  /// For letter data: the option ids (letters) of each item, in index order. Empty for 0/1 data.
  public var optionIDs: [[String]]

  public init(candidateIDs: [String], itemIDs: [String], codes: [UInt8], optionIDs: [[String]] = []) {
    precondition(codes.count == candidateIDs.count * itemIDs.count, "codes must be candidates × items")
    self.candidateIDs = candidateIDs
    self.itemIDs = itemIDs
    self.codes = codes
    self.optionIDs = optionIDs
  }

  /// Builds a matrix of 0/1 scores; `nil` entries are ``ResponseCode/notPresented``.
  public init(candidateIDs: [String], itemIDs: [String], scores: [[UInt8?]]) {
    var codes: [UInt8] = []
    codes.reserveCapacity(candidateIDs.count * itemIDs.count)
    for row in scores {
      precondition(row.count == itemIDs.count, "each row needs one score per item")
      for score in row { codes.append(score.map { $0 == 0 ? 0 : 1 } ?? ResponseCode.notPresented) }
    }
    self.init(candidateIDs: candidateIDs, itemIDs: itemIDs, codes: codes)
  }

  public var candidateCount: Int { candidateIDs.count }
  public var itemCount: Int { itemIDs.count }

  /// The code of candidate `candidate`'s response to item `item`.
  @inlinable
  public func code(candidate: Int, item: Int) -> UInt8 { codes[candidate * itemIDs.count + item] }

  /// The score (0 or 1), or `nil` when the response is missing.
  @inlinable
  public func score(candidate: Int, item: Int) -> UInt8? {
    let code = code(candidate: candidate, item: item)
    return ResponseCode.isMissing(code) ? nil : code & 1
  }
}

/// The byte codes of a ``ResponseMatrix``.
public enum ResponseCode {
  /// The item was not on the candidate's form (missing by design).
  public static let notPresented: UInt8 = 0xFF
  /// The candidate saw the item and gave no answer.
  public static let omitted: UInt8 = 0xFE
  /// The candidate stopped before reaching the item.
  public static let notReached: UInt8 = 0xFD

  @inlinable public static func isMissing(_ code: UInt8) -> Bool { code >= 0xFD }

  /// An answered response: `score` (0/1) and, if known, the chosen option's index.
  @inlinable public static func answered(score: UInt8, optionIndex: Int? = nil) -> UInt8 {
    let option = optionIndex.map { UInt8($0 + 1) } ?? 0
    return (option << 1) | (score & 1)
  }

  /// The chosen option's index, if the code is an answered response that records it.
  @inlinable public static func optionIndex(_ code: UInt8) -> Int? {
    guard !isMissing(code) else { return nil }
    let option = Int(code >> 1)
    return option == 0 ? nil : option - 1
  }
}

extension ResponseMatrix {
  /// The responses to `itemIDs` only (in that order), for every candidate; option ids follow.
  ///
  /// Used to score a form's scored items apart from its pretest items.
  ///
  /// - Precondition: every id is one of ``itemIDs``.
  /// - Complexity: O(candidates × selected items).
  public func selecting(itemIDs selected: [String]) -> ResponseMatrix {
    var position: [String: Int] = [:]
    for (index, id) in itemIDs.enumerated() { position[id] = index }
    let columns = selected.map { id -> Int in
      guard let column = position[id] else { preconditionFailure("unknown item id \(id)") }
      return column
    }
    var selectedCodes = [UInt8](repeating: 0, count: candidateCount * columns.count)
    codes.withUnsafeBufferPointer { source in
      selectedCodes.withUnsafeMutableBufferPointer { target in
        for candidate in 0..<candidateCount {
          let row = candidate * itemCount
          let out = candidate * columns.count
          for (index, column) in columns.enumerated() { target[out + index] = source[row + column] }
        }
      }
    }
    let options = optionIDs.isEmpty ? [] : columns.map { optionIDs[$0] }
    return ResponseMatrix(candidateIDs: candidateIDs, itemIDs: selected, codes: selectedCodes, optionIDs: options)
  }
}
