import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per database: an exclusive `flock(2)` on `<database>.lock`, held for the life of the process.
/// The kernel releases it when the process ends in any way (SIGKILL included), so a lock is never left stale. The
/// file holds the holder's pid and start time, for the message a second run prints.
final class RunLock {
    private let fd: Int32

    /// Takes the lock, or throws `PipelineError.busy` naming the holder; `PipelineError.io` when the lock file cannot
    /// be created (a read-only folder).
    init(database: String, started: Date) throws(PipelineError) {
        let path = database + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PipelineError.io("cannot create the run lock \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let holder = String(decoding: buffer.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PipelineError.busy("already running (\(holder.isEmpty ? "pid unknown" : holder)) on \(database)")
        }
        let text = "pid \(getpid()), started \(ISO8601DateFormatter().string(from: started))\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
