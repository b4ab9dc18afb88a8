import Testing

@testable import ItemResponseTheory

/// The free-vector layout, worked out by hand for small cases.
@Suite struct CalibrationLayoutTests {
  /// 1PL, items 0 and 2 free, item 1 fixed, so μ and σ are estimated:
  /// ξ = (b₀, b₂, common a, μ, σ).
  static let layout = CalibrationLayout(
    model: OneParameterLogisticModel(), free: [0, 2], itemCount: 3, estimateMean: true, estimateSD: true)
  static let state = CalibrationState(vectors: [[1.1, -0.5], [0.7, 0.3], [1.1, 1.25]], mean: 0.2, sd: 1.3)

  @Test func packsOwnThenSharedThenLatentMoments() {
    #expect(Self.layout.dimension == 5)
    #expect(Self.layout.pack(Self.state) == [-0.5, 1.25, 1.1, 0.2, 1.3])
  }

  @Test func unpackCopiesTheSharedSlopeIntoEveryFreeItemAndLeavesFixedItems() {
    let state = Self.layout.unpack([0.1, 0.2, 1.4, -0.3, 0.9], into: Self.state)
    #expect(state.vectors == [[1.4, 0.1], [0.7, 0.3], [1.4, 0.2]])
    #expect(state.mean == -0.3 && state.sd == 0.9)
  }

  @Test func describesEachComponent() {
    let names = (0..<5).map {
      Self.layout.describe(component: $0, itemIDs: ["I1", "I2", "I3"], parameterNames: ["a", "b"])
    }
    #expect(names.map(\.item) == ["I1", "I3", nil, nil, nil])
    #expect(names.map(\.parameter) == ["b", "b", "common a", "latent mean", "latent SD"])
  }

  @Test func latentMomentsAndEveryItemsComponents() {
    #expect(Self.layout.meanComponent == 3 && Self.layout.sdComponent == 4)
    // Item 1 is fixed (−1, −1); items 0 and 2 share the slope at 2, their b at 0 and 1.
    #expect(Self.layout.itemComponents(itemCount: 3) == [2, 0, -1, -1, 2, 1])
    let noLatent = CalibrationLayout(
      model: TwoParameterLogisticModel(), free: [0], itemCount: 1, estimateMean: false, estimateSD: true)
    #expect(noLatent.meanComponent == nil && noLatent.sdComponent == 2)
  }

  @Test func componentsOfAFreeItem() {
    // Free item 1 (response column 2): its a is the shared component 2, its b component 1.
    #expect(Self.layout.components(ofFreeItem: 1) == [2, 1])
    let threePL = CalibrationLayout(
      model: ThreeParameterLogisticModel(), free: [0, 1], itemCount: 2, estimateMean: false, estimateSD: false)
    #expect(threePL.dimension == 6)
    #expect(threePL.components(ofFreeItem: 1) == [3, 4, 5])
  }
}
