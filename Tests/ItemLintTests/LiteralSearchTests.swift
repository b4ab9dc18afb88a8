import Foundation
import Testing

@testable import ItemLint

@Suite struct LiteralSearchTests {
  /// Foundation's `contains` is the independent oracle: the searcher must name the same first
  /// needle for every text built from fragments of the needles, across byte boundaries and
  /// with non-ASCII text around them.
  @Test func answersAsFoundationContainsDoes() {
    let needles = ["First option", "Fir", "Why B is wrong.", "option", "é garde", "x"]
    let search = LiteralSearch(needles)
    let fragments = ["First", " option", "Fir", "Why B is", " wrong.", "opt", "ion", "é", " garde", "y", "—", "X"]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<2000 {
      var text = ""
      for _ in 0..<Int(state % 7) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += fragments[Int((state >> 33) % UInt64(fragments.count))]
      }
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let expected = needles.firstIndex { text.contains($0) }
      #expect(search.firstMatch(in: text) == expected, "\(text)")
    }
  }

  @Test func findsNeedlesAtTheEdgesAndIgnoresEmptyOnes() {
    let search = LiteralSearch(["", "end.", "Start"])
    #expect(search.firstMatch(in: "Start and end.") == 1)
    #expect(search.firstMatch(in: "Start") == 2)
    #expect(search.firstMatch(in: "the end") == nil)
    #expect(search.firstMatch(in: "") == nil)
    #expect(search.firstMatch(in: "Star") == nil)
  }
}
