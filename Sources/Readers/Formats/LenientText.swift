import Model

/// Decodes configuration files that tools read as bytes (nginx, Docker): text that is not
/// valid UTF-8 is still read, with a located warning, since the endpoints in it are ASCII.
enum LenientText {
    static func decode(_ bytes: [UInt8], path: String) -> (text: String, problem: Diagnostic?) {
        switch YAMLText.decode(bytes) {
        case .success(let text):
            return (text, nil)
        case .failure(let problem):
            let warning = Diagnostic(
                .warning, "file is not valid UTF-8; it was read with replacement characters",
                detail: problem.detail, path: path, line: problem.line)
            return (String(decoding: bytes, as: UTF8.self), warning)
        }
    }
}
