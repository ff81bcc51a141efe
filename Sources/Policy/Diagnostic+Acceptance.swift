import Model
import Readers

extension Diagnostic {
    /// Whether this is the error of a malformed `faultline:accept` comment. It fails a check
    /// like an unreadable file (docs/configuration.md), but the file was read, so reports name
    /// the comment rather than say the file could not be read.
    public var isInvalidAcceptance: Bool { summary.hasPrefix(SuppressionScanner.marker + " ") }
}
