/// A fixed set of literal strings searched for in texts by their UTF-8 bytes.
///
/// `String.contains(_:)` from Foundation compares with canonical equivalence through
/// `CFStringFind`, which bridges every text to UTF-16 first: about a third of a lint run over
/// 20,000 items went there for the template-placeholder rule alone. This searcher makes one pass
/// over the text's UTF-8 bytes; at a byte that starts some needle (a 256-bit table of first
/// bytes) it compares those needles byte by byte. The match is exact on code units: a needle
/// followed in the text by a combining mark still matches, which for the ASCII placeholder
/// sentences this serves is the stricter behaviour.
///
/// Complexity: O(n + m·k) for a text of n bytes of which m start some needle, k the total
/// length of the needles that start with that byte; no allocation for native strings.
struct LiteralSearch: Sendable {
  /// The needles as UTF-8 bytes, in the order given.
  private let needles: [[UInt8]]
  /// Bit `b` of word `b >> 6`: some needle starts with byte `b`.
  private let firstBytes: [UInt64]

  /// Empty needles are ignored (they would match every text).
  init(_ needles: [String]) {
    self.needles = needles.map { Array($0.utf8) }
    var table = [UInt64](repeating: 0, count: 4)
    for needle in self.needles where !needle.isEmpty {
      table[Int(needle[0] >> 6)] |= 1 << UInt64(needle[0] & 63)
    }
    firstBytes = table
  }

  /// The index (in the order given) of the first needle that occurs anywhere in `text`, as
  /// `needles.firstIndex { text.contains($0) }` would answer; nil when none occurs.
  func firstMatch(in text: String) -> Int? {
    var text = text
    return text.withUTF8 { bytes in firstMatch(in: bytes) }
  }

  private func firstMatch(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = bytes.count
    var best: Int?
    var start = 0
    while start < count && best != 0 {
      let byte = bytes[start]
      if firstBytes[Int(byte >> 6)] & (1 << UInt64(byte & 63)) != 0 {
        for (index, needle) in needles.enumerated()
        where !needle.isEmpty && needle[0] == byte && count - start >= needle.count {
          var offset = 1
          while offset < needle.count && bytes[start + offset] == needle[offset] { offset += 1 }
          if offset == needle.count, index < best ?? .max { best = index }
        }
      }
      start += 1
    }
    return best
  }
}
