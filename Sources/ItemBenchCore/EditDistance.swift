/// Levenshtein edit distance and "did you mean" suggestions for unknown names.
public enum EditDistance {
  /// The Levenshtein distance between `a` and `b` (insertions, deletions, substitutions all cost 1).
  ///
  /// - Complexity: O(`a.count` × `b.count`) time, O(`b.count`) memory.
  public static func levenshtein(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// The candidate closest to `name`, if it is close enough to be a plausible typo
  /// (distance at most a third of the longer name's length, and at least 1 allowed).
  public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
      let distance = levenshtein(name.lowercased(), candidate.lowercased())
      let isCloser = best.map { distance < $0.1 || (distance == $0.1 && candidate < $0.0) } ?? true
      if isCloser {
        best = (candidate, distance)
      }
    }
    guard let (candidate, distance) = best else { return nil }
    let limit = Swift.max(1, Swift.max(name.count, candidate.count) / 3)
    return distance <= limit ? candidate : nil
  }

  /// `" (did you mean 'x'?)"` or the empty string.
  public static func didYouMean(_ name: String, among candidates: some Sequence<String>) -> String {
    guard let suggestion = suggestion(for: name, among: candidates) else { return "" }
    return " (did you mean '\(suggestion)'?)"
  }
}
