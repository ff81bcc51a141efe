#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard error output, kept apart from the report on standard output.
enum Terminal {
    /// Whether a descriptor is a terminal (colour and progress only go to terminals).
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    static func error(_ message: String, newline: Bool = true) {
        var text = message
        if newline && !text.hasSuffix("\n") { text += "\n" }
        // write(2) on descriptor 2 rather than the C `stderr` global, which Swift 6 cannot
        // prove concurrency-safe.
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(2, base + offset, buffer.count - offset)
            }
            if written <= 0 { break }
            offset += written
        }
    }
}
