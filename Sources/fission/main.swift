import FissionPipeline
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let code: Int32
do {
    code = try CommandLineInterface.main(arguments)
} catch let error as PipelineError {
    FileHandle.standardError.write(Data("fission: \(error)\n".utf8))
    code = error.exitCode
} catch {
    FileHandle.standardError.write(Data("fission: unexpected error: \(error)\n".utf8))
    code = PipelineError.io("").exitCode
}
exit(code)
