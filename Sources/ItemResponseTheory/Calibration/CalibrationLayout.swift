/// The item vectors and latent moments of one EM state.
struct CalibrationState {
  /// One vector per item, in response-file order (a fixed item's holds its own values).
  var vectors: [[Double]]
  var mean: Double
  var sd: Double
}

/// The layout of a calibration's free parameter vector ξ, which the EM's convergence test, the
/// SQUAREM extrapolation and the information matrices index:
///
///     ξ = (own parameters of free item 1, …, of free item m, shared parameters, μ?, σ?)
///
/// An item's own parameters are those of ``IRTModel/parameterNames`` not in
/// ``IRTModel/sharedParameterIndices``, in model order; a shared parameter (the 1PL's common
/// slope) appears once, after all items, and is copied into every free item on unpacking. μ is
/// present when some items are fixed (the free items are placed on their scale), σ when items
/// are fixed or the model estimates it (Rasch). Fixed items have no components.
struct CalibrationLayout: Sendable {
  /// Parameters per item vector.
  let p: Int
  /// Indices of the model's shared and own parameters, ascending.
  let shared: [Int]
  let own: [Int]
  /// The estimated items (not fixed), ascending.
  let freeItems: [Int]
  let estimateMean: Bool
  let estimateSD: Bool
  /// Length of ξ.
  let dimension: Int

  init(model: any IRTModel, free: [Int], itemCount: Int, estimateMean: Bool, estimateSD: Bool) {
    p = model.parameterNames.count
    shared = model.sharedParameterIndices.sorted()
    own = (0..<p).filter { !model.sharedParameterIndices.contains($0) }
    freeItems = free
    self.estimateMean = estimateMean
    self.estimateSD = estimateSD
    let sharedCount = free.isEmpty ? 0 : shared.count
    dimension = free.count * own.count + sharedCount + (estimateMean ? 1 : 0) + (estimateSD ? 1 : 0)
  }

  /// Components before the shared parameters: every free item's own parameters.
  var ownTotal: Int { freeItems.count * own.count }

  /// The component of the latent mean in ξ, or nil when it is not estimated.
  var meanComponent: Int? { estimateMean ? latentStart : nil }
  /// The component of the latent SD in ξ, or nil when it is not estimated.
  var sdComponent: Int? { estimateSD ? latentStart + (estimateMean ? 1 : 0) : nil }
  /// The first component after the item parameters (own and shared).
  private var latentStart: Int { ownTotal + (freeItems.isEmpty ? 0 : shared.count) }

  /// ξ of `state`. O(dimension).
  func pack(_ state: CalibrationState) -> [Double] {
    var x: [Double] = []
    x.reserveCapacity(dimension)
    for j in freeItems { for index in own { x.append(state.vectors[j][index]) } }
    if let first = freeItems.first { for index in shared { x.append(state.vectors[first][index]) } }
    if estimateMean { x.append(state.mean) }
    if estimateSD { x.append(state.sd) }
    return x
  }

  /// `template` with the components of ξ = `x` written in (fixed items unchanged).
  func unpack(_ x: [Double], into template: CalibrationState) -> CalibrationState {
    var state = template
    var position = 0
    for j in freeItems {
      for index in own {
        state.vectors[j][index] = x[position]
        position += 1
      }
    }
    if !freeItems.isEmpty {
      for index in shared {
        for j in freeItems { state.vectors[j][index] = x[position] }
        position += 1
      }
    }
    if estimateMean {
      state.mean = x[position]
      position += 1
    }
    if estimateSD { state.sd = x[position] }
    return state
  }

  /// The item and parameter name of component `index`, for messages.
  func describe(component index: Int, itemIDs: [String], parameterNames: [String]) -> (
    item: String?, parameter: String
  ) {
    if index < ownTotal {
      return (itemIDs[freeItems[index / own.count]], parameterNames[own[index % own.count]])
    }
    var rest = index - ownTotal
    if !freeItems.isEmpty {
      if rest < shared.count { return (nil, "common " + parameterNames[shared[rest]]) }
      rest -= shared.count
    }
    if estimateMean && rest == 0 { return (nil, "latent mean") }
    return (nil, "latent SD")
  }

  /// For every item j of `itemCount` and parameter a, its component in ξ at index j·p + a
  /// (−1 for a fixed item).
  func itemComponents(itemCount: Int) -> [Int] {
    var target = [Int](repeating: -1, count: itemCount * p)
    for (position, j) in freeItems.enumerated() {
      for (index, component) in components(ofFreeItem: position).enumerated() { target[j * p + index] = component }
    }
    return target
  }

  /// For free item `position` (its index in ``freeItems``), the component of each of its p
  /// parameters in ξ.
  func components(ofFreeItem position: Int) -> [Int] {
    var indices = [Int](repeating: 0, count: p)
    for (o, index) in own.enumerated() { indices[index] = position * own.count + o }
    for (s, index) in shared.enumerated() { indices[index] = ownTotal + s }
    return indices
  }
}
