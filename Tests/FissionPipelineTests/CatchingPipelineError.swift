import FissionPipeline
import Testing

/// Runs `body`, turning a thrown `PipelineError` into a failure; any other error is a test failure.
func catchingPipelineError<T>(_ body: () throws -> T) -> Result<T, PipelineError> {
    do {
        return .success(try body())
    } catch let error as PipelineError {
        return .failure(error)
    } catch {
        Issue.record("expected a PipelineError, got \(error)")
        return .failure(.io("\(error)"))
    }
}
