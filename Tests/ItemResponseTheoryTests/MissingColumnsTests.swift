import ItemResponseTheory
import Testing

@Suite struct MissingColumnsTests {
  static let matrix = ResponseMatrix(
    candidateIDs: ["x"], itemIDs: ["A", "B", "C"], scores: [[1, 0, 1]])

  @Test func listsTheAbsentIDsOnceInTheOrderGiven() {
    #expect(Self.matrix.missingColumns(for: ["C", "Z", "A", "Y", "Z"]) == ["Z", "Y"])
    #expect(Self.matrix.missingColumns(for: ["A", "B"]).isEmpty)
  }

  @Test func oneSentenceForEveryCaller() {
    #expect(
      ResponseMatrix.missingColumnsMessage(["Z"], form: "cpim-a")
        == "the responses have no column for 1 scored item(s) of form 'cpim-a': Z")
    #expect(
      ResponseMatrix.missingColumnsMessage(["1", "2", "3", "4", "5", "6"], kind: "")
        == "the responses have no column for 6 item(s): 1, 2, 3, 4, 5, …")
  }
}
