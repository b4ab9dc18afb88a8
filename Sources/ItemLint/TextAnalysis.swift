import ItemBank

/// Word-level text helpers the item-writing rules share: tokenising, normalising, stop words,
/// numbers and vowel sounds. Public so that rules in other packages read text the same way.
public enum TextAnalysis {
  /// Whether `scalar` is part of a word: a letter or a digit.
  @inlinable
  public static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 {
      return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  /// `scalar` with ASCII upper-case letters made lower-case.
  @inlinable
  public static func foldASCII(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    let value = scalar.value
    return value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(truncatingIfNeeded: value + 32)) : scalar
  }

  static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

  /// The words of `text`, in order: runs of letters and digits, with apostrophes and hyphens
  /// inside a word (`don't`, `lead-time`) and `,`/`.` between digits (`10,000.5`) kept.
  ///
  /// - Complexity: O(`text.count`).
  public static func words(_ text: String) -> [Substring] {
    if let ascii = asciiWords(text) { return ascii }
    var result: [Substring] = []
    let scalars = text.unicodeScalars
    var index = scalars.startIndex
    let end = scalars.endIndex
    while index < end {
      guard isWordScalar(scalars[index]) else {
        index = scalars.index(after: index)
        continue
      }
      let start = index
      var last = index
      index = scalars.index(after: index)
      while index < end {
        let scalar = scalars[index]
        if isWordScalar(scalar) {
          last = index
          index = scalars.index(after: index)
          continue
        }
        let next = scalars.index(after: index)
        guard next < end, isWordScalar(scalars[next]) else { break }
        let joins: Bool
        switch scalar {
        case "'", "’", "-": joins = true
        case ",", ".": joins = isDigit(scalars[last]) && isDigit(scalars[next])
        default: joins = false
        }
        guard joins else { break }
        last = next
        index = scalars.index(after: next)
      }
      result.append(text[start..<scalars.index(after: last)])
    }
    return result
  }

  /// ``words(_:)`` of an ASCII text, scanning its bytes (the same rules: letters and digits,
  /// joined by `'` or `-` between word characters and by `,` or `.` between digits); nil when
  /// the text is not ASCII or not stored contiguously.
  static func asciiWords(_ text: String) -> [Substring]? {
    let offsets: [(Int, Int)]? =
      text.utf8.withContiguousStorageIfAvailable { bytes in
        @inline(__always) func isWord(_ byte: UInt8) -> Bool {
          (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var ranges: [(Int, Int)] = []
        var index = 0
        let end = bytes.count
        while index < end {
          let byte = bytes[index]
          if byte >= 0x80 { return nil }
          guard isWord(byte) else {
            index += 1
            continue
          }
          let start = index
          var last = index
          index += 1
          while index < end {
            let byte = bytes[index]
            if byte >= 0x80 { return nil }
            if isWord(byte) {
              last = index
              index += 1
              continue
            }
            let next = index + 1
            guard next < end, bytes[next] < 0x80, isWord(bytes[next]) else { break }
            let joins: Bool
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "-"): joins = true
            case UInt8(ascii: ","), UInt8(ascii: "."): joins = isDigit(bytes[last]) && isDigit(bytes[next])
            default: joins = false
            }
            guard joins else { break }
            last = next
            index = next + 1
          }
          ranges.append((start, last + 1))
        }
        return ranges
      } ?? nil
    guard let offsets else { return nil }
    let utf8 = text.utf8
    let base = utf8.startIndex
    return offsets.map { text[utf8.index(base, offsetBy: $0.0)..<utf8.index(base, offsetBy: $0.1)] }
  }

  /// `word` lower-cased (ASCII fast path).
  public static func lowercased(_ word: Substring) -> String {
    let ascii: String?? = word.utf8.withContiguousStorageIfAvailable { bytes -> String? in
      var hasUpper = false
      for byte in bytes {
        if byte >= 0x80 { return nil }
        if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
      }
      guard hasUpper else { return String(decoding: bytes, as: UTF8.self) }
      return String(unsafeUninitializedCapacity: bytes.count) { buffer in
        for (index, byte) in bytes.enumerated() { buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
        return bytes.count
      }
    }
    if let ascii = ascii ?? nil { return ascii }
    if word.utf8.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) { return String(word) }
    return word.lowercased()
  }

  /// The lower-cased words of `text`.
  public static func lowercasedWords(_ text: String) -> [String] { words(text).map(lowercased) }

  /// Whether every letter of `word` is upper case and it has at least two letters (`NOT`).
  public static func isCapitalised(_ word: Substring) -> Bool {
    var letters = 0
    for scalar in word.unicodeScalars where scalar.properties.isAlphabetic {
      if !scalar.properties.isUppercase { return false }
      letters += 1
    }
    return letters >= 2
  }

  /// Text compared for equality: lower case, runs of white space as one space, trimmed, without
  /// trailing `.`, `;` or `,`.
  public static func normalised(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    var ascii = true
    for scalar in text.unicodeScalars {
      let value = scalar.value
      let isSpace = value < 0x80 ? (value == 0x20 || (value >= 0x09 && value <= 0x0D)) : scalar.properties.isWhitespace
      if isSpace {
        pendingSpace = !result.isEmpty
        continue
      }
      if pendingSpace {
        result.unicodeScalars.append(" ")
        pendingSpace = false
      }
      if value >= 0x80 { ascii = false }
      result.unicodeScalars.append(foldASCII(scalar))
    }
    while let last = result.last, last == "." || last == ";" || last == "," { result.removeLast() }
    return ascii ? result : result.lowercased()
  }

  /// Function words that carry no content (articles, pronouns, prepositions, auxiliaries and
  /// the question words of stems).
  public static let stopWords: Set<String> = [
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "best", "between",
    "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each",
    "few", "following", "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
    "least", "less", "likely", "many", "may", "might", "more", "most", "much", "must", "my",
    "no", "nor", "not", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out",
    "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "you",
    "your", "true", "false", "correct", "statement", "describes", "option", "options",
  ]

  /// The content words of `text`: lower-cased, stop words and numbers removed, simple plurals
  /// reduced (`orders` → `order`, but not `process`), at least three letters long.
  public static func contentWords(_ text: String) -> [String] {
    var result: [String] = []
    for word in words(text) {
      guard word.unicodeScalars.count >= 3, let first = word.unicodeScalars.first, !isDigit(first) else { continue }
      let lower = lowercased(word)
      if stopWords.contains(lower) { continue }
      result.append(stemmed(lower))
    }
    return result
  }

  /// Whether a lower-cased word counts as a content word: three letters or more, not a number,
  /// not a stop word.
  public static func isContentWord(_ word: String) -> Bool {
    guard word.utf8.count >= 3, let first = word.unicodeScalars.first, !isDigit(first) else { return false }
    return word.unicodeScalars.count >= 3 && !stopWords.contains(word)
  }

  /// `hash(stemmed(word))` when the lower-cased `word` is a content word, computed without
  /// building the stemmed string; nil for stop words, numbers and short words.
  public static func contentHash(_ word: String) -> UInt64? {
    var word = word
    return word.withUTF8 { bytes -> UInt64? in
      let count = bytes.count
      guard count >= 3, !(bytes[0] >= 0x30 && bytes[0] <= 0x39) else { return nil }
      // Stop words are ASCII and at most 11 bytes: check those through the string set.
      if count <= 11, stopWordFilter.mayContain(fnv(bytes[...])) && stopWordHashes.contains(fnv(bytes[...])) {
        if stopWords.contains(String(decoding: bytes, as: UTF8.self)) { return nil }
      }
      var length = count
      // The plural rule of `stemmed(_:)`, on bytes (all its letters are ASCII).
      if count >= 4, bytes[count - 1] == UInt8(ascii: "s") {
        let before = bytes[count - 2]
        if before != UInt8(ascii: "s") && before != UInt8(ascii: "u") && before != UInt8(ascii: "i")
          && before != UInt8(ascii: "'")
        {
          length = count - 1
        }
      }
      if !bytes.allSatisfy({ $0 < 0x80 }) {
        // Non-ASCII: count scalars as `isContentWord` does.
        guard String(decoding: bytes, as: UTF8.self).unicodeScalars.count >= 3 else { return nil }
      }
      return fnv(bytes[0..<length])
    }
  }

  static func fnv(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return hash
  }

  static let stopWordHashes: Set<UInt64> = Set(stopWords.map(hash))

  /// A 4,096-bit filter of ``stopWordHashes`` (one bit per hash's low 12 bits): most words that
  /// are not stop words are ruled out without hashing their hash into the set.
  struct HashFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 64)
    init(_ hashes: some Sequence<UInt64>) {
      for hash in hashes { bits[Int(hash >> 6) & 63] |= 1 << (hash & 63) }
    }
    func mayContain(_ hash: UInt64) -> Bool { bits[Int(hash >> 6) & 63] & (1 << (hash & 63)) != 0 }
  }
  static let stopWordFilter = HashFilter(stopWordHashes)

  /// The FNV-1a 64-bit hash of `text`'s UTF-8 bytes (stable across runs, unlike `hashValue`).
  public static func hash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return hash
  }

  /// The number of values two sorted arrays share.
  public static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
    var i = 0
    var j = 0
    var count = 0
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        count += 1
        i += 1
        j += 1
      } else if a[i] < b[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return count
  }

  /// Whether the sorted array `values` contains `value` (binary search).
  public static func sortedContains(_ values: [UInt64], _ value: UInt64) -> Bool {
    var low = 0
    var high = values.count
    while low < high {
      let middle = (low + high) / 2
      if values[middle] < value { low = middle + 1 } else { high = middle }
    }
    return low < values.count && values[low] == value
  }

  /// `word` with a plural `s` removed (`orders` → `order`, `processes` stays `processe`-free:
  /// only a final `s` after a letter other than `s`, `u` or `i`, in words of four letters or
  /// more).
  public static func stemmed(_ word: String) -> String {
    let scalars = word.unicodeScalars
    guard scalars.count >= 4, scalars.last == "s" else { return word }
    let before = scalars[scalars.index(scalars.endIndex, offsetBy: -2)]
    if before == "s" || before == "u" || before == "i" || before == "'" { return word }
    return String(word.dropLast())
  }

  /// A number written at the start of `text`: optional currency sign, sign, digits with `,`
  /// thousands separators and a decimal point. Returns the value and the rest of the text.
  public static func leadingNumber(_ text: Substring) -> (value: Double, rest: Substring)? {
    var index = text.startIndex
    let scalars = text.unicodeScalars
    func skipSpaces() {
      while index < text.endIndex, scalars[index].properties.isWhitespace { index = scalars.index(after: index) }
    }
    skipSpaces()
    var negative = false
    if index < text.endIndex, "$€£¥".unicodeScalars.contains(scalars[index]) {
      index = scalars.index(after: index)
    }
    if index < text.endIndex, scalars[index] == "-" || scalars[index] == "−" || scalars[index] == "+" {
      negative = scalars[index] != "+"
      index = scalars.index(after: index)
    }
    if index < text.endIndex, "$€£¥".unicodeScalars.contains(scalars[index]) {
      index = scalars.index(after: index)
    }
    var digits = ""
    var sawDigit = false
    var sawPoint = false
    while index < text.endIndex {
      let scalar = scalars[index]
      if isDigit(scalar) {
        digits.unicodeScalars.append(scalar)
        sawDigit = true
      } else if scalar == ",", sawDigit, !sawPoint {
        let next = scalars.index(after: index)
        guard next < text.endIndex, isDigit(scalars[next]) else { break }
      } else if scalar == ".", !sawPoint {
        let next = scalars.index(after: index)
        guard next < text.endIndex, isDigit(scalars[next]) else { break }
        digits.unicodeScalars.append(".")
        sawPoint = true
      } else {
        break
      }
      index = scalars.index(after: index)
    }
    guard sawDigit, let value = Double(digits) else { return nil }
    return (negative ? -value : value, text[index...])
  }

  /// Whether a word is pronounced starting with a vowel sound, so that it takes "an".
  ///
  /// A heuristic for English: vowels except `uni-`, `use`, `eu-`, `one` (which sound like
  /// "y" or "w"); a silent `h` in `hour`, `honest`, `honour`/`honor`, `heir`; acronyms read
  /// letter by letter (`MRP`: "em-ar-pee") by the sound of their first letter's name; numbers
  /// by their spoken form (8, 11, 18, 80, 800 start with a vowel sound).
  public static func startsWithVowelSound(_ word: Substring) -> Bool {
    guard let first = word.unicodeScalars.first else { return false }
    if isDigit(first) {
      let digits = String(word.unicodeScalars.filter(isDigit))
      if first == "8" { return true }
      // "eleven", "eighteen" (and 11,000 / 18,000 spoken as "eleven thousand").
      let groupLength = word.unicodeScalars.prefix { isDigit($0) }.count
      return groupLength == 2 && (digits.hasPrefix("11") || digits.hasPrefix("18"))
    }
    let lower = lowercased(word)
    let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
    let isAcronym =
      letters.count >= 2 && letters.allSatisfy { $0.properties.isUppercase }
      && !letters.contains { "AEIOU".unicodeScalars.contains($0) }
    if isAcronym || (letters.count == 1 && word.unicodeScalars.count == 1 && first.properties.isUppercase) {
      return "aefhilmnorsx".unicodeScalars.contains(foldASCII(first))
    }
    for prefix in ["hour", "honest", "honour", "honor", "heir"] where lower.hasPrefix(prefix) { return true }
    for prefix in ["uni", "use", "usu", "uti", "ura", "ure", "euro", "eu", "ewe", "one", "once", "ubiq", "uk"]
    where lower.hasPrefix(prefix) {
      return false
    }
    return "aeiou".unicodeScalars.contains(foldASCII(first))
  }
}

/// The words and normalised texts of one item, computed once and shared by every rule that
/// checks the item (each computed on first use).
///
/// An analysis belongs to the one thread that checks its item, as the linter arranges; it is
/// not safe to share between threads.
public final class ItemAnalysis: @unchecked Sendable {
  public let item: Item

  public init(_ item: Item) { self.item = item }

  /// The stem's words (``TextAnalysis/words(_:)``).
  public private(set) lazy var stemWords: [Substring] = TextAnalysis.words(item.stem)
  public private(set) lazy var lowercasedStemWords: [String] = stemWords.map(TextAnalysis.lowercased)
  /// The stem's content words (``TextAnalysis/contentWords(_:)``).
  public private(set) lazy var stemContentWords: Set<String> = Self.contentWords(lowercasedStemWords)
  /// Each option's words, in option order.
  public private(set) lazy var optionWords: [[Substring]] = item.options.map { TextAnalysis.words($0.text) }
  public private(set) lazy var lowercasedOptionWords: [[String]] = optionWords.map { $0.map(TextAnalysis.lowercased) }
  /// Each option's content words.
  public private(set) lazy var optionContentWords: [Set<String>] = lowercasedOptionWords.map(Self.contentWords)
  /// Each option's text normalised for comparison (``TextAnalysis/normalised(_:)``).
  public private(set) lazy var normalisedOptions: [String] = item.options.map { TextAnalysis.normalised($0.text) }
  /// Each option as a numeric interval, when it is a number, range or bound.
  lazy var optionIntervals: [NumericInterval?] = item.options.map { option in
    option.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } ? NumericInterval(option.text) : nil
  }
  /// Whether each option combines other options (type K).
  lazy var combinationOptions: [Bool] = {
    let ids = item.options.map(\.id)
    return item.options.map { TypeKRule.isCombination($0.text, optionIDs: ids) }
  }()
  /// Where each option says "all of the above" / "none of the above", as word ranges.
  lazy var aboveOptionPhrases: [Range<Int>?] = lowercasedOptionWords.map { words in
    // Every phrase starts with "all" or "none".
    guard words.contains(where: { $0 == "all" || $0 == "none" }) else { return nil }
    return WritingRules.findPhrase(WritingRules.allOfTheAbovePhrases + WritingRules.noneOfTheAbovePhrases, in: words)
  }

  /// The stem's content words as sorted, distinct 64-bit hashes (``TextAnalysis/hash(_:)``):
  /// cheaper to intersect than sets of strings.
  lazy var stemContentHashes: [UInt64] = Self.contentHashes(lowercasedStemWords)
  /// Each option's content words as sorted, distinct hashes.
  lazy var optionContentHashes: [[UInt64]] = lowercasedOptionWords.map(Self.contentHashes)

  static func contentHashes(_ lowercased: [String]) -> [UInt64] {
    var hashes: [UInt64] = []
    hashes.reserveCapacity(lowercased.count)
    for word in lowercased {
      if let hash = TextAnalysis.contentHash(word) { hashes.append(hash) }
    }
    hashes.sort()
    // Drop repeats in place.
    var kept = 0
    for index in hashes.indices where kept == 0 || hashes[kept - 1] != hashes[index] {
      hashes[kept] = hashes[index]
      kept += 1
    }
    hashes.removeLast(hashes.count - kept)
    return hashes
  }

  static func contentWords(_ lowercased: [String]) -> Set<String> {
    var result: Set<String> = []
    for word in lowercased {
      guard word.unicodeScalars.count >= 3, let first = word.unicodeScalars.first, !TextAnalysis.isDigit(first),
        !TextAnalysis.stopWords.contains(word)
      else { continue }
      result.insert(TextAnalysis.stemmed(word))
    }
    return result
  }
}
