import Model

/// Reads HTML and CSS for the absolute URLs a page loads when it is shown: scripts,
/// stylesheets, images, media, frames, fonts and `@import`s.
///
/// A tolerant byte scanner rather than an HTML parser: it never fails, reads malformed markup
/// the way a browser would as far as URLs go, and runs in one linear pass, so a megabytes-long
/// line of minified CSS costs no more than the same bytes spread over many lines. Relative
/// URLs, `data:` URIs and fragments are not endpoints and are left out, as is everything in
/// HTML comments, and e-mail templates (pages in an `emails/`, `mailers/`, … folder) give
/// nothing. Bytes that are not UTF-8 are read as they are: URLs are ASCII.
public struct AssetReader: FileReader {
    public let name = "assets"
    public let version = 6

    public init() {}

    public func accepts(path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        switch path[path.index(after: dot)...].lowercased() {
        case "html", "htm", "css": return true
        default: return false
        }
    }

    /// Folders whose pages are e-mail (`emails/welcome.html`, `app/views/mailers/…`,
    /// `templates/mail/reset.html`): a mail client loads their images when the mail is read,
    /// and the service does not serve them. `mail` alone is a webmail UI as often, so it counts
    /// only under a `templates` or `views` folder.
    static let mailFolders: Set<String> = [
        "email", "emails", "mailer", "mailers", "newsletters", "email-templates", "email_templates", "mail-templates",
        "mail_templates", "emailtemplates", "mailtemplates",
    ]

    static func isMailTemplate(_ path: String) -> Bool {
        let lower = path.lowercased()
        guard lower.hasSuffix(".html") || lower.hasSuffix(".htm") else { return false }
        let folders = lower.split(separator: "/").dropLast().map(String.init)
        if folders.contains(where: mailFolders.contains) { return true }
        return folders.contains { $0 == "mail" || $0 == "mails" } && folders.contains { $0 == "templates" || $0 == "views" }
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        guard !Self.isMailTemplate(path) else { return facts }
        var found: [AssetURL] = []
        if path.lowercased().hasSuffix(".css") {
            CSSURLScanner.scan(bytes, 0..<bytes.count, urlContext: "css url()", importContext: "css @import", into: &found)
        } else {
            var scanner = HTMLURLScanner(bytes: bytes)
            scanner.scan()
            found = scanner.found
        }
        facts.mentions = Self.locate(found, in: bytes)
        return facts
    }

    /// Turns byte offsets into 1-based lines in one pass over the bytes.
    static func locate(_ found: [AssetURL], in bytes: [UInt8]) -> [Mention] {
        var line = 1
        var counted = 0
        return found.sorted { $0.offset < $1.offset }.map { url in
            while counted < url.offset {
                if bytes[counted] == 0x0A { line += 1 }
                counted += 1
            }
            return Mention(text: url.text, line: line, context: url.context)
        }
    }
}
