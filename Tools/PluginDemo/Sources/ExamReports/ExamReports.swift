/// A target whose items live outside it (SharedItems/ at the package root), named in its
/// itembench-plugin.json.
public enum ExamReports {
  public static let itemDirectory = "SharedItems"
}
