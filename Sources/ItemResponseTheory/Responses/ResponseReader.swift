import Dispatch
import Foundation
import ItemBenchCore

/// Reads a response CSV into a ``ResponseMatrix`` (one byte per response).
///
/// Layout: a header row whose first field names the candidate-id column (any text) and whose
/// other fields are item ids; then one row per candidate, the candidate id first. Cells:
///
/// - `0` / `1`: a scored response (no option recorded);
/// - an option id of the item (with ``ItemKey``s): scored 1 if it is the key, else 0, and the
///   option's index kept for distractor analysis. An item whose options include `0` or `1` reads
///   those cells as options;
/// - empty: ``MissingCodes/empty`` (default *omitted*); the codes of ``MissingCodes`` (default
///   `NR` not reached, `.` and `NP` not presented). Missing by design is normal.
///
/// Cells are trimmed of spaces and tabs and may be quoted (RFC 4180, `""` for a quote; quoted
/// fields cannot span lines). Blank lines and lines starting with `#` are skipped; `\r\n` line
/// ends and a UTF-8 byte-order mark are accepted.
///
/// Errors (``ResponseFileError``, located at file, line and field): no header, empty or
/// duplicated item ids in the header, item ids unknown to the keys (when keys are given), a row
/// with too few or too many fields, an empty or duplicated candidate id, a cell that is none of
/// the above, an option letter for an item without a key, no candidate rows.
///
/// Parsing works on bytes: a 256-entry lookup table per item resolves one-byte cells (the usual
/// case) without creating strings, and the rows are parsed in chunks on all cores; the result
/// does not depend on the chunking.
///
/// - Complexity: O(file size), spread over the available cores, plus O(n) hashing of n
///   candidate ids. Memory: the file (mapped) plus one byte per response.
public enum ResponseReader {
  /// Reads and parses the response file at `path`.
  ///
  /// - Parameters:
  ///   - keys: item id → key and options; `nil` for 0/1 data without a bank, in which case the
  ///     header's item ids are taken as they are and option letters are errors.
  ///   - missing: how missing responses are coded.
  public static func read(
    path: String, keys: [String: ItemKey]? = nil, missing: MissingCodes = MissingCodes()
  ) throws -> ResponseMatrix {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      let reason = FileManager.default.fileExists(atPath: path) ? "cannot read response file" : "no such response file"
      throw ResponseFileError(reason, at: SourceLocation(file: path))
    }
    return try data.withUnsafeBytes { bytes in
      try parse(bytes: bytes, file: path, keys: keys, missing: missing)
    }
  }

  /// Parses response CSV text (see ``ResponseReader``); `file` names it in errors.
  public static func parse(
    text: String, file: String = "<responses>", keys: [String: ItemKey]? = nil,
    missing: MissingCodes = MissingCodes()
  ) throws -> ResponseMatrix {
    var text = text
    return try text.withUTF8 { buffer in
      try parse(bytes: UnsafeRawBufferPointer(buffer), file: file, keys: keys, missing: missing)
    }
  }

  /// Parses response CSV bytes (UTF-8; see ``ResponseReader``); `file` names it in errors.
  public static func parse(
    bytes: UnsafeRawBufferPointer, file: String, keys: [String: ItemKey]? = nil,
    missing: MissingCodes = MissingCodes()
  ) throws -> ResponseMatrix {
    let base = bytes.bindMemory(to: UInt8.self)
    var position = 0
    if base.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { position = 3 }

    // Header: the first line that is neither blank nor a comment.
    var line = 0
    var header: [String]?
    while position < base.count, header == nil {
      line += 1
      let end = lineEnd(base, from: position)
      let contentEnd = trimmedLineEnd(base, start: position, end: end)
      if !isSkippable(base, start: position, end: contentEnd) {
        header = try splitFields(base, start: position, end: contentEnd, file: file, line: line)
      }
      position = min(end + 1, base.count)
    }
    guard let header, header.count >= 2 else {
      throw ResponseFileError(
        "expected a header row: the candidate-id column, then one column per item id",
        at: SourceLocation(file: file, line: max(line, 1), column: 1))
    }
    let itemIDs = Array(header.dropFirst())
    let coding = try ItemCoding(
      itemIDs: itemIDs, keys: keys, missing: missing, file: file, headerLine: line)

    // Rows, in chunks split at line breaks.
    let bodyStart = position
    let bodyLength = base.count - bodyStart
    let chunkCount = bodyLength < 1 << 20 ? 1 : min(64, max(2, bodyLength >> 20))
    var boundaries = [bodyStart]
    for index in 1..<max(chunkCount, 1) {
      var cut = max(bodyStart + bodyLength * index / chunkCount, boundaries[boundaries.count - 1])
      while cut < base.count, base[cut] != UInt8(ascii: "\n") { cut += 1 }
      boundaries.append(min(cut + 1, base.count))
    }
    boundaries.append(base.count)
    let ranges = (0..<(boundaries.count - 1)).map { boundaries[$0]..<boundaries[$0 + 1] }
    let shared = UncheckedSendableBox(base)
    let chunks: [Chunk] = ranges.concurrentMap { range in
      parseChunk(shared.value, range: range, coding: coding, file: file)
    }

    // Merge: line numbers become global; the first error in file order wins.
    var firstLine = line + 1
    var candidateIDs: [String] = []
    var rowLines: [Int] = []
    let rowCount = chunks.reduce(0) { $0 + $1.candidateIDs.count }
    var codes: [UInt8] = []
    codes.reserveCapacity(rowCount * itemIDs.count)
    candidateIDs.reserveCapacity(rowCount)
    rowLines.reserveCapacity(rowCount)
    for chunk in chunks {
      if let error = chunk.error {
        throw ResponseFileError(
          error.message,
          at: SourceLocation(file: file, line: firstLine + error.line, column: error.field))
      }
      codes.append(contentsOf: chunk.codes)
      candidateIDs.append(contentsOf: chunk.candidateIDs)
      rowLines.append(contentsOf: chunk.rowLines.map { firstLine + Int($0) })
      firstLine += chunk.lineCount
    }
    guard !candidateIDs.isEmpty else {
      throw ResponseFileError(
        "the file has a header but no candidate rows", at: SourceLocation(file: file, line: line + 1))
    }
    var seen: [String: Int] = [:]
    seen.reserveCapacity(candidateIDs.count)
    for (row, id) in candidateIDs.enumerated() {
      if let first = seen.updateValue(row, forKey: id) {
        throw ResponseFileError(
          "duplicate candidate id '\(id)' (first on line \(rowLines[first]))",
          at: SourceLocation(file: file, line: rowLines[row], column: 1))
      }
    }
    return ResponseMatrix(
      candidateIDs: candidateIDs, itemIDs: itemIDs, codes: codes, optionIDs: coding.optionIDs)
  }

  // MARK: - Chunks

  /// The rows of one chunk. Line numbers are relative to the chunk's first line (0-based).
  struct Chunk: Sendable {
    var codes: [UInt8] = []
    var candidateIDs: [String] = []
    var rowLines: [Int32] = []
    /// Lines in the chunk (line breaks, plus one for a final unterminated line).
    var lineCount = 0
    var error: (line: Int, field: Int, message: String)?
  }

  static func parseChunk(
    _ base: UnsafeBufferPointer<UInt8>, range: Range<Int>, coding: ItemCoding, file: String
  ) -> Chunk {
    var chunk = Chunk()
    let itemCount = coding.itemCount
    chunk.codes.reserveCapacity(range.count / 2 + itemCount)
    let comma = UInt8(ascii: ",")
    let emptyCode = coding.emptyCode
    var row = [UInt8](repeating: 0, count: itemCount)
    coding.table.withUnsafeBufferPointer { table in
      row.withUnsafeMutableBufferPointer { row in
        var position = range.lowerBound
        var line = -1
        while position < range.upperBound {
          line += 1
          let end = lineEnd(base, from: position, limit: range.upperBound)
          let contentEnd = trimmedLineEnd(base, start: position, end: end)
          defer { position = end + 1 }
          if isSkippable(base, start: position, end: contentEnd) { continue }
          do {
            // Field 1: the candidate id.
            var cursor = position
            let id = try readField(base, cursor: &cursor, end: contentEnd)
            guard !id.isEmpty else {
              throw FieldError(field: 1, message: "empty candidate id")
            }
            // Fields 2…: one cell per item.
            for item in 0..<itemCount {
              guard cursor < contentEnd, base[cursor] == comma else {
                throw FieldError(
                  field: item + 2,
                  message:
                    "row has \(item + 1) fields, expected \(itemCount + 1) (the candidate id and \(itemCount) items)")
              }
              cursor += 1
              if cursor == contentEnd || base[cursor] == comma {
                row[item] = emptyCode
                continue
              }
              if cursor + 1 == contentEnd || base[cursor + 1] == comma {
                let code = table[item << 8 | Int(base[cursor])]
                if code != ItemCoding.unresolved {
                  row[item] = code
                  cursor += 1
                  continue
                }
              }
              let cell = try readField(base, cursor: &cursor, end: contentEnd, field: item + 2)
              row[item] = try coding.resolve(cell, item: item)
            }
            if cursor < contentEnd {
              var fields = itemCount + 1
              while cursor < contentEnd {
                if base[cursor] == comma { fields += 1 }
                cursor += 1
              }
              throw FieldError(
                field: itemCount + 2,
                message: "row has \(fields) fields, expected \(itemCount + 1) (the candidate id and \(itemCount) items)"
              )
            }
            chunk.codes.append(contentsOf: row)
            chunk.candidateIDs.append(id)
            chunk.rowLines.append(Int32(line))
          } catch let error as FieldError {
            chunk.error = (line, error.field, error.message)
            chunk.lineCount = line + 1
            return
          } catch {
            chunk.error = (line, 1, "\(error)")
            chunk.lineCount = line + 1
            return
          }
        }
        chunk.lineCount = line + 1
      }
    }
    return chunk
  }

  /// A cell-level problem; the chunk adds the line.
  struct FieldError: Error {
    var field: Int
    var message: String
  }

  // MARK: - Bytes

  /// The index of the `\n` ending the line that starts at `start`, or `limit`.
  static func lineEnd(_ base: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int? = nil) -> Int {
    let limit = limit ?? base.count
    guard start < limit, let pointer = base.baseAddress else { return limit }
    guard let found = memchr(pointer + start, Int32(UInt8(ascii: "\n")), limit - start) else {
      return limit
    }
    return pointer.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }

  /// `end`, moved back over a `\r`.
  static func trimmedLineEnd(_ base: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
    end > start && base[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
  }

  /// Whether the line is blank (spaces and tabs only) or a `#` comment.
  static func isSkippable(_ base: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
    var index = start
    while index < end, base[index] == UInt8(ascii: " ") || base[index] == UInt8(ascii: "\t") {
      index += 1
    }
    return index == end || base[index] == UInt8(ascii: "#")
  }

  /// Reads the field at `cursor` up to the next unquoted comma or `end` (the cursor stops on the
  /// comma), trimmed of spaces and tabs, unquoted.
  static func readField(
    _ base: UnsafeBufferPointer<UInt8>, cursor: inout Int, end: Int, field: Int = 1
  ) throws -> String {
    let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), quote = UInt8(ascii: "\""),
      comma = UInt8(ascii: ",")
    while cursor < end, base[cursor] == space || base[cursor] == tab { cursor += 1 }
    if cursor < end, base[cursor] == quote {
      var bytes: [UInt8] = []
      cursor += 1
      while true {
        guard cursor < end else {
          throw FieldError(field: field, message: "unterminated quoted field")
        }
        if base[cursor] == quote {
          if cursor + 1 < end, base[cursor + 1] == quote {
            bytes.append(quote)
            cursor += 2
            continue
          }
          cursor += 1
          break
        }
        bytes.append(base[cursor])
        cursor += 1
      }
      while cursor < end, base[cursor] == space || base[cursor] == tab { cursor += 1 }
      guard cursor == end || base[cursor] == comma else {
        throw FieldError(field: field, message: "unexpected text after a closing quote")
      }
      return String(decoding: bytes, as: UTF8.self)
    }
    let start = cursor
    while cursor < end, base[cursor] != comma { cursor += 1 }
    var last = cursor
    while last > start, base[last - 1] == space || base[last - 1] == tab { last -= 1 }
    return String(decoding: UnsafeBufferPointer(rebasing: base[start..<last]), as: UTF8.self)
  }

  /// All fields of a line (used for the header).
  static func splitFields(
    _ base: UnsafeBufferPointer<UInt8>, start: Int, end: Int, file: String, line: Int
  ) throws -> [String] {
    var fields: [String] = []
    var cursor = start
    do {
      while true {
        fields.append(try readField(base, cursor: &cursor, end: end, field: fields.count + 1))
        if cursor >= end { break }
        cursor += 1  // the comma
      }
    } catch let error as FieldError {
      throw ResponseFileError(error.message, at: SourceLocation(file: file, line: line, column: error.field))
    }
    return fields
  }
}

/// How each item's cells map to response codes: a 256-entry table per item for one-byte cells,
/// and a slower path for longer cells and errors.
struct ItemCoding: Sendable {
  /// Table value meaning "not a one-byte code: take the slow path".
  static let unresolved: UInt8 = 0xFC

  let itemIDs: [String]
  let itemCount: Int
  /// `itemCount × 256`: entry `item << 8 | byte`.
  let table: [UInt8]
  let emptyCode: UInt8
  /// Missing codes by text.
  let missingCodes: [String: UInt8]
  /// Per item: option id → index; empty without keys.
  let optionIndex: [[String: Int]]
  let keyIndex: [Int?]
  let optionIDs: [[String]]
  let hasKeys: Bool
  let missing: MissingCodes

  init(
    itemIDs: [String], keys: [String: ItemKey]?, missing: MissingCodes, file: String,
    headerLine: Int
  ) throws {
    func location(_ item: Int) -> SourceLocation {
      SourceLocation(file: file, line: headerLine, column: item + 2)
    }
    // Header checks.
    var firstColumn: [String: Int] = [:]
    for (item, id) in itemIDs.enumerated() {
      guard !id.isEmpty else { throw ResponseFileError("empty item id in the header", at: location(item)) }
      if let first = firstColumn[id] {
        throw ResponseFileError(
          "duplicate item id '\(id)' in the header (first in field \(first + 2))", at: location(item))
      }
      firstColumn[id] = item
      if let keys, keys[id] == nil {
        throw ResponseFileError(
          "unknown item id '\(id)': not in the bank\(EditDistance.didYouMean(id, among: keys.keys))",
          at: location(item))
      }
    }
    // Missing codes.
    var missingCodes: [String: UInt8] = [:]
    for (text, code) in missing.all {
      let reserved =
        text.isEmpty || text == "0" || text == "1"
        || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        || text != text.trimmingCharacters(in: .whitespaces)
      guard !reserved else {
        throw ResponseFileError(
          "invalid missing-response code '\(text)': a code cannot be empty, 0, 1, or contain a comma, quote, line break or surrounding spaces",
          at: SourceLocation(file: file))
      }
      if let other = missingCodes[text], other != code {
        throw ResponseFileError(
          "missing-response code '\(text)' is given for two kinds of missing response",
          at: SourceLocation(file: file))
      }
      missingCodes[text] = code
    }

    var table = [UInt8](repeating: Self.unresolved, count: itemIDs.count << 8)
    var optionIndex: [[String: Int]] = []
    var keyIndex: [Int?] = []
    var optionIDs: [[String]] = []
    for (item, id) in itemIDs.enumerated() {
      let base = item << 8
      table[base | Int(UInt8(ascii: "0"))] = ResponseCode.answered(score: 0)
      table[base | Int(UInt8(ascii: "1"))] = ResponseCode.answered(score: 1)
      for (text, code) in missingCodes where text.utf8.count == 1 {
        if let byte = text.utf8.first { table[base | Int(byte)] = code }
      }
      guard let key = keys?[id] else {
        optionIndex.append([:])
        keyIndex.append(nil)
        continue
      }
      guard key.options.count <= ItemKey.maximumOptionCount else {
        throw ResponseFileError(
          "item '\(id)' has \(key.options.count) options; at most \(ItemKey.maximumOptionCount) are supported",
          at: location(item))
      }
      guard let keyPosition = key.options.firstIndex(of: key.key) else {
        throw ResponseFileError(
          "item '\(id)': its key '\(key.key)' is not one of its options (\(key.options.joined(separator: ", ")))",
          at: location(item))
      }
      var indices: [String: Int] = [:]
      for (index, option) in key.options.enumerated() {
        if missingCodes[option] != nil {
          throw ResponseFileError(
            "item '\(id)' has an option '\(option)' that is also a missing-response code; choose other codes",
            at: location(item))
        }
        guard indices[option] == nil else {
          throw ResponseFileError("item '\(id)' lists option '\(option)' twice", at: location(item))
        }
        indices[option] = index
        let code = ResponseCode.answered(score: index == keyPosition ? 1 : 0, optionIndex: index)
        if option.utf8.count == 1, let byte = option.utf8.first { table[base | Int(byte)] = code }
      }
      optionIndex.append(indices)
      keyIndex.append(keyPosition)
      optionIDs.append(key.options)
    }
    self.itemIDs = itemIDs
    self.itemCount = itemIDs.count
    self.table = table
    self.emptyCode = missing.empty.code
    self.missingCodes = missingCodes
    self.optionIndex = optionIndex
    self.keyIndex = keyIndex
    self.optionIDs = keys == nil ? [] : optionIDs
    self.hasKeys = keys != nil
    self.missing = missing
  }

  /// The code of a (trimmed, unquoted) cell of `item`, or a ``ResponseReader/FieldError``.
  func resolve(_ cell: String, item: Int) throws -> UInt8 {
    if cell.isEmpty { return emptyCode }
    if let code = missingCodes[cell] { return code }
    if let keyPosition = keyIndex[item] {
      if let index = optionIndex[item][cell] {
        return ResponseCode.answered(score: index == keyPosition ? 1 : 0, optionIndex: index)
      }
    }
    if cell == "0" { return ResponseCode.answered(score: 0) }
    if cell == "1" { return ResponseCode.answered(score: 1) }
    let field = item + 2
    let shown = cell.count > 20 ? String(cell.prefix(20)) + "…" : cell
    let looksLikeOption = cell.count <= 3 && cell.allSatisfy { $0.isLetter || $0.isNumber }
    if keyIndex[item] == nil, looksLikeOption {
      throw ResponseReader.FieldError(
        field: field,
        message:
          "option '\(shown)' for item '\(itemIDs[item])' but no key to score it: letter data needs the bank (--bank) with the item's key"
      )
    }
    var expected = ["0", "1"]
    if let options = optionIDs.indices.contains(item) ? optionIDs[item] : nil, keyIndex[item] != nil {
      expected.append("an option (\(options.joined(separator: ", ")))")
    }
    expected.append("empty (\(missing.empty.rawValue))")
    for (kind, codes) in [
      ("omitted", missing.omitted), ("not reached", missing.notReached), ("not presented", missing.notPresented),
    ] where !codes.isEmpty {
      expected.append("\(codes.joined(separator: " or ")) (\(kind))")
    }
    throw ResponseReader.FieldError(
      field: field,
      message: "invalid response '\(shown)' for item '\(itemIDs[item])'; expected \(expected.joined(separator: ", "))")
  }
}
