import ArgumentParser

/// `itembench scale-table`: the raw-to-scale conversion table of a form.
struct ScaleTableCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scale-table",
    abstract: "Build a form's raw-to-scaled-score conversion table with pass/fail, CSEM and decision quality.",
    discussion: """
      Columns raw, theta, equated, scaled, pass, csem for every raw score of the new form; the \
      metadata names the form, the base form, the method, the linking constants, the parameters' \
      dates, classification accuracy and consistency and the expected pass rate. A raw score whose \
      equated value is below the cut is never reported at or above the passing score. Use the base \
      file as --new too for the base form's own table. See docs/equating.md.
      """
  )

  @OptionGroup var arguments: EquatingArguments

  @Option(help: "The scale file (YAML): range, passing score, cut, mapping, rounding.")
  var scale: String

  func run() throws {
    let (table, summary) = try arguments.run(scalePath: scale)
    try arguments.write(table, summary: summary)
  }
}
