import FissionPipeline
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let code: Int32
do {
    code = try CommandLineInterface.main(arguments)
} catch {
    FileHandle.standardError.write(Data("fission: \(error)\n".utf8))
    code = error.exitCode
}
exit(code)
