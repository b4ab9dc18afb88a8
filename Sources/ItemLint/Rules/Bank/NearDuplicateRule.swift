import Foundation
import ItemBank
import ItemBenchCore

/// `near-duplicate`: two items whose stems are near-identical.
///
/// Similarity is the Jaccard index |S ∩ T| / |S ∪ T| of the stems' sets of word bigrams
/// (consecutive pairs of lower-cased words, numbers included), so a stem cloned with one number
/// changed still matches while two stems that merely share phrasing do not.
///
/// Pairs at or above the threshold are found without comparing every pair, by prefix filtering
/// over an inverted index (Chaudhuri, Ganti & Kaushik 2006, "A primitive operator for similarity
/// joins in data cleaning"; Bayardo, Ma & Srikant 2007, "Scaling up all pairs similarity
/// search"): with bigrams ordered rarest first, two sets with Jaccard ≥ t must share a bigram
/// among the first |S| − ⌈t·|S|⌉ + 1 of each, so only those prefixes are indexed and probed, and
/// only sets of size ≥ t·|S| are candidates. Candidates are verified exactly, so the result is
/// the same as the quadratic all-pairs comparison.
///
/// - Complexity: O(N·L) to build the sets (N items, L words per stem) plus the prefix postings
///   probed, which grows with the number of similar pairs rather than with N²; the worst case
///   (every stem identical) is quadratic.
struct NearDuplicateRule: LintRule {
  let id = "near-duplicate"
  let defaultSeverity = Severity.warning
  let category = LintRuleCategory.bank
  let description = """
    Two items have near-identical stems (Jaccard similarity of word pairs at least `threshold`, \
    default 0.8). Clones belong together as enemies (listing each other under `enemies`, which \
    this rule accepts) or should be rewritten.
    """
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "threshold", default: .number(0.8),
        "the Jaccard similarity of the stems' word pairs at which two items are reported", minimum: 0.1, maximum: 1)
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "a.yml": ExampleItem.text(
          id: "INV-0001",
          stem:
            "Annual demand is 10,000 units, ordering costs $50 and holding costs $4 per unit per year. What is the EOQ?",
          options: ["250 units", "500 units", "707 units", "1,000 units"], key: "B"),
        "b.yml": ExampleItem.text(
          id: "INV-0002",
          stem:
            "↓Annual demand is 12,000 units, ordering costs $50 and holding costs $4 per unit per year. What is the EOQ?",
          options: ["300 units", "548 units", "775 units", "1,200 units"], key: "B"),
      ])
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        files: [
          "a.yml": ExampleItem.text(
            id: "INV-0001",
            stem:
              "Annual demand is 10,000 units, ordering costs $50 and holding costs $4 per unit per year. What is the EOQ?",
            options: ["250 units", "500 units", "707 units", "1,000 units"], key: "B", extra: "enemies: [INV-0002]"),
          "b.yml": ExampleItem.text(
            id: "INV-0002",
            stem:
              "Annual demand is 12,000 units, ordering costs $50 and holding costs $4 per unit per year. What is the EOQ?",
            options: ["300 units", "548 units", "775 units", "1,200 units"], key: "B"),
        ], note: "clones declared as enemies"),
      LintExample(files: [
        "a.yml": ExampleItem.text(
          id: "INV-0001",
          stem:
            "Annual demand is 10,000 units, ordering costs $50 and holding costs $4 per unit per year. What is the EOQ?",
          options: ["250 units", "500 units", "707 units", "1,000 units"], key: "B"),
        "b.yml": ExampleItem.text(
          id: "INV-0002", stem: "Which cost falls when the order quantity grows beyond the EOQ?",
          options: ["Ordering cost", "Holding cost", "Purchase price", "Shortage cost"]),
      ]),
    ]
  }

  /// A similar pair: bank indices `first < second` and their similarity.
  struct Pair: Hashable {
    var first: Int
    var second: Int
    var similarity: Double
  }

  func check(bank: ItemBank, context: LintContext) -> [LintFinding] {
    let pairs = Self.similarPairs(stems: bank.items.map(\.stem), threshold: context.options.number("threshold"))
    var findings: [LintFinding] = []
    for pair in pairs {
      let a = bank.items[pair.first]
      let b = bank.items[pair.second]
      if a.enemies.contains(b.id) || b.enemies.contains(a.id) { continue }
      let (reported, other) = context.isLinted(b.source.file) ? (b, a) : (a, b)
      guard context.isLinted(reported.source.file) else { continue }
      findings.append(
        context.finding(
          "the stem is near-identical to the stem of item '\(other.id)' (similarity \(formatDecimal(pair.similarity, places: 2))); rewrite one or list them as enemies",
          item: reported, field: "stem", highlighting: TextAnalysis.words(reported.stem).first.map(String.init)))
    }
    return findings
  }

  /// Every pair of `stems` with Jaccard similarity of word bigrams ≥ `threshold`, sorted.
  static func similarPairs(stems: [String], threshold: Double) -> [Pair] {
    // 1. Each stem as a set of 64-bit bigram hashes (sorted, distinct).
    let hashed: [[UInt64]] = stems.concurrentMap { stem in
      var hashes = bigramHashes(stem)
      hashes.sort()
      var distinct: [UInt64] = []
      distinct.reserveCapacity(hashes.count)
      for hash in hashes where distinct.last != hash { distinct.append(hash) }
      return distinct
    }
    // 2. Order tokens by global frequency, rarest first (ties by hash), and rewrite every set as
    //    sorted token ranks. Tokens are numbered in a hash table of their own (the hashes are
    //    already well mixed), which is several times cheaper than two Dictionary passes.
    var table = TokenTable(capacity: hashed.reduce(0) { $0 + $1.count })
    var counts: [Int32] = []
    let numbered: [[Int32]] = hashed.map { set in
      set.map { token in
        let number = table.number(of: token)
        if Int(number) == counts.count { counts.append(0) }
        counts[Int(number)] += 1
        return number
      }
    }
    let tokens = table.tokens
    let ordered = tokens.indices.sorted { (counts[$0], tokens[$0]) < (counts[$1], tokens[$1]) }
    var rank = [Int32](repeating: 0, count: tokens.count)
    for (position, number) in ordered.enumerated() { rank[number] = Int32(position) }
    let sets: [[Int32]] = numbered.map { $0.map { rank[Int($0)] }.sorted() }
    // 3. Process sets by size. Probe the index with x's prefix, counting shared prefix tokens
    //    per candidate and dropping a candidate as soon as the positional bound (PPJoin, Xiao et
    //    al. 2008) shows it cannot reach the overlap α = ⌈t/(1+t)·(|x|+|y|)⌉ that J ≥ t needs;
    //    then verify the survivors exactly and add x's prefix to the index.
    let order = sets.indices.filter { !sets[$0].isEmpty }.sorted { (sets[$0].count, $0) < (sets[$1].count, $1) }
    // Postings of each token rank: the sets whose prefix holds it, with its position there.
    var index = [[(set: Int32, position: Int32)]](repeating: [], count: tokens.count)
    var pairs: [Pair] = []
    var overlap = [Int32](repeating: 0, count: sets.count)  // shared prefix tokens; -1 = pruned
    var touched: [Int] = []
    for x in order {
      let set = sets[x]
      let size = set.count
      let prefix = max(1, size - Int((threshold * Double(size) - 1e-9).rounded(.up)) + 1)
      let minimumSize = threshold * Double(size) - 1e-9
      for (i, token) in set.prefix(prefix).enumerated() {
        for (candidate, j) in index[Int(token)] {
          let y = Int(candidate)
          guard overlap[y] >= 0 else { continue }
          let other = sets[y].count
          guard Double(other) >= minimumSize else { continue }
          let alpha = Int((threshold / (1 + threshold) * Double(size + other) - 1e-9).rounded(.up))
          let bound = Int(overlap[y]) + 1 + min(size - i - 1, other - Int(j) - 1)
          if overlap[y] == 0 { touched.append(y) }
          if bound >= alpha {
            overlap[y] += 1
          } else {
            overlap[y] = -1
          }
        }
      }
      for y in touched {
        if overlap[y] > 0 {
          let other = sets[y].count
          let alpha = Int((threshold / (1 + threshold) * Double(size + other) - 1e-9).rounded(.up))
          if let shared = intersectionCount(set, sets[y], atLeast: alpha) {
            let similarity = Double(shared) / Double(size + other - shared)
            if similarity >= threshold - 1e-12 {
              pairs.append(Pair(first: min(x, y), second: max(x, y), similarity: similarity))
            }
          }
        }
        overlap[y] = 0
      }
      touched.removeAll(keepingCapacity: true)
      for (i, token) in set.prefix(prefix).enumerated() {
        index[Int(token)].append((Int32(x), Int32(i)))
      }
    }
    return pairs.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
  }

  /// Numbers distinct 64-bit tokens 0, 1, 2, … in order of first appearance (open addressing
  /// with linear probing on the token's low bits; tokens are hashes already).
  struct TokenTable {
    private var slots: [Int32]  // token number + 1; 0 = empty
    private let mask: Int
    private(set) var tokens: [UInt64] = []

    /// Room for up to `capacity` distinct tokens at a load factor of at most one half.
    init(capacity: Int) {
      var size = 16
      while size < 2 * capacity { size *= 2 }
      slots = [Int32](repeating: 0, count: size)
      mask = size - 1
    }

    /// The number of `token`, assigning the next one if it is new.
    mutating func number(of token: UInt64) -> Int32 {
      var slot = Int(truncatingIfNeeded: token ^ (token >> 29)) & mask
      while true {
        let stored = slots[slot]
        if stored == 0 {
          tokens.append(token)
          slots[slot] = Int32(tokens.count)
          return Int32(tokens.count - 1)
        }
        if tokens[Int(stored) - 1] == token { return stored - 1 }
        slot = (slot + 1) & mask
      }
    }
  }

  /// Hashes (FNV-1a, 64-bit) of consecutive word pairs of `text`, lower-cased (ASCII), with
  /// words split as ``TextAnalysis/words(_:)`` does (`,`, `.`, `'` and `-` between letters or
  /// digits stay inside a word, so `10,000` and `lead-time` are one word); a one-word text gives
  /// its single word.
  static func bigramHashes(_ text: String) -> [UInt64] {
    // ASCII text (the usual case) is read byte by byte rather than decoded scalar by scalar.
    let ascii: [UInt64]?? = text.utf8.withContiguousStorageIfAvailable { bytes in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      return bigramHashes(scalars: bytes.lazy.map { Unicode.Scalar($0) })
    }
    if let ascii = ascii ?? nil { return ascii }
    return bigramHashes(scalars: text.unicodeScalars)
  }

  static func bigramHashes<Scalars: Sequence<Unicode.Scalar>>(scalars: Scalars) -> [UInt64] {
    let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    let prime: UInt64 = 0x0000_0100_0000_01b3
    var words: [UInt64] = []
    var hash = offset
    var inWord = false
    var pendingJoiner: Unicode.Scalar?
    var lastWasDigit = false
    for scalar in scalars {
      if TextAnalysis.isWordScalar(scalar) {
        let isDigit = TextAnalysis.isDigit(scalar)
        if inWord, let joiner = pendingJoiner {
          if (joiner == "," || joiner == ".") && !(lastWasDigit && isDigit) {
            words.append(hash)
            hash = offset
          } else {
            hash = (hash ^ UInt64(joiner.value)) &* prime
          }
        } else if !inWord {
          hash = offset
          inWord = true
        }
        pendingJoiner = nil
        lastWasDigit = isDigit
        hash = (hash ^ UInt64(TextAnalysis.foldASCII(scalar).value)) &* prime
      } else if inWord, pendingJoiner == nil,
        scalar == "," || scalar == "." || scalar == "'" || scalar == "-" || scalar == "’"
      {
        pendingJoiner = scalar
      } else if inWord {
        words.append(hash)
        inWord = false
        pendingJoiner = nil
      }
    }
    if inWord { words.append(hash) }
    guard words.count > 1 else { return words }
    var bigrams: [UInt64] = []
    bigrams.reserveCapacity(words.count - 1)
    for index in 1..<words.count {
      bigrams.append((words[index - 1] &* 0x9E37_79B9_7F4A_7C15) ^ (words[index] &+ 0x632B_E59B_D9B4_E019))
    }
    return bigrams
  }

  /// |a ∩ b| of two sorted arrays, or nil as soon as it cannot reach `minimum` (the merge
  /// stops when the shared count plus what is left of the shorter remainder falls short).
  static func intersectionCount(_ a: [Int32], _ b: [Int32], atLeast minimum: Int = 0) -> Int? {
    var i = 0
    var j = 0
    var count = 0
    while i < a.count && j < b.count {
      if count + min(a.count - i, b.count - j) < minimum { return nil }
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
    return count >= minimum ? count : nil
  }
}
