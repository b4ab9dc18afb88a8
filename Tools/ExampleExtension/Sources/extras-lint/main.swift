// `extras-lint [PATH ...]`: `itembench lint` with the extension's rule registered, as a tool an
// exam program would build on the ItemBench libraries. Prints `file:line:column: severity:
// message (rule-id)` lines; exit status 0 when no error remains, 1 when one does, 2 for bad
// input (as `itembench lint`).
import Foundation
import ItemBenchExtras
import ItemLint

Extras.register()
let paths = Array(CommandLine.arguments.dropFirst())
do {
  let report = try LintRunner.run(paths: paths)
  FileHandle.standardOutput.write(Data(TextReporter().render(report).utf8))
  exit(report.fails(strict: false) ? 1 : 0)
} catch {
  FileHandle.standardError.write(Data("\(error)\n".utf8))
  exit(2)
}
