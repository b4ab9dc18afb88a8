/// Runs libFuzzer on `body` with the process's arguments.
///
/// SwiftPM links an executable target's `main` as `<Target>_main`, so the targets define that
/// symbol themselves and hand control to libFuzzer through `LLVMFuzzerRunDriver` (libFuzzer's
/// documented entry point for programs that have their own `main`).
public func runFuzzer(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
  var argc = CommandLine.argc
  var argv = CommandLine.unsafeArgv
  return LLVMFuzzerRunDriver(&argc, &argv, body)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
