/// A target whose items (in Items/, excluded from the sources) are linted on every build by
/// ItemBench's ItemLintBuildPlugin.
public enum ExamContent {
  /// Where the items live, relative to this target's directory.
  public static let itemDirectory = "Items"
}
