/// Splits a stream of byte chunks into lines without holding more than one line.
///
/// Lines end at `\n`; a `\r` before it is dropped. A line longer than `maxLineBytes` is reported as too long
/// with only its first bytes kept for the excerpt; the rest is skipped as it streams past.
struct LineSplitter {
    /// One line handed to the consumer; `bytes` is valid only during the callback.
    struct Line {
        var number: Int
        var bytes: UnsafeBufferPointer<UInt8>
        var isTooLong: Bool
    }

    let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var pendingLength = 0          // true length of the current line, including skipped bytes
    private(set) var lineNumber = 0

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// True when bytes of an unfinished line are buffered (the stream stopped mid-line).
    var hasPartialLine: Bool { pendingLength > 0 }

    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (Line) -> Void) {
        var start = 0
        let count = chunk.count
        while start < count {
            let rest = UnsafeBufferPointer(rebasing: chunk[start...])
            guard let nl = rest.firstIndex(of: UInt8(ascii: "\n")) else {
                append(rest)
                return
            }
            let piece = UnsafeBufferPointer(rebasing: rest[..<nl])
            if pendingLength == 0 {
                emitLine(piece, length: piece.count, emit)
            } else {
                append(piece)
                let length = pendingLength
                pending.withUnsafeBufferPointer { emitLine($0, length: length, emit) }
                pending.removeAll(keepingCapacity: true)
                pendingLength = 0
            }
            start += nl + 1
        }
    }

    /// Emits the final line of a stream that does not end in `\n`.
    mutating func finish(_ emit: (Line) -> Void) {
        guard pendingLength > 0 else { return }
        let length = pendingLength
        pending.withUnsafeBufferPointer { emitLine($0, length: length, emit) }
        pending.removeAll()
        pendingLength = 0
    }

    /// Hands out the buffered partial line (for a damaged stream) and clears it.
    mutating func takePartialLine(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        guard pendingLength > 0 else { return }
        lineNumber += 1
        pending.withUnsafeBufferPointer { body(lineNumber, $0) }
        pending.removeAll()
        pendingLength = 0
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let room = max(0, min(bytes.count, maxLineBytes + 1 - pending.count))
        if room > 0 { pending.append(contentsOf: bytes[..<room]) }
        pendingLength += bytes.count
    }

    private mutating func emitLine(_ bytes: UnsafeBufferPointer<UInt8>, length: Int, _ emit: (Line) -> Void) {
        lineNumber += 1
        var content = UnsafeBufferPointer(rebasing: bytes[..<min(bytes.count, length, maxLineBytes + 1)])
        var trueLength = length
        if trueLength > 0, trueLength == content.count, content.last == UInt8(ascii: "\r") {
            content = UnsafeBufferPointer(rebasing: content.dropLast())
            trueLength -= 1
        }
        emit(Line(number: lineNumber, bytes: content, isTooLong: trueLength > maxLineBytes))
    }
}
