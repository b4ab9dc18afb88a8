import CalibrationKernels

/// Counts of the arithmetic the calibration performs, for benchmarks that state what fraction
/// of the machine's peak the E-step reaches on the work it actually does.
public enum CalibrationWork {
  /// The E-step additions performed so far in this process: for every pattern, its listed items
  /// times the points of its log-likelihood row (the row sums) plus its listed items times its
  /// posterior window (the scatter into the counts).
  public static var eStepAdditions: Int { Int(cal_work_additions()) }
}
