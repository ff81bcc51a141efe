import Model
import Testing

@testable import Readers

@Suite struct AssetReaderTests {
    let reader = AssetReader()

    func rows(_ text: String, path: String = "ui/index.html") -> [String] {
        reader.read(path: path, bytes: Array(text.utf8)).mentions.map { "\($0.line) \($0.context) \($0.text)" }
    }

    @Test(arguments: [
        ("<script src=\"https://cdn.example.com/app.js\"></script>", ["1 <script src> https://cdn.example.com/app.js"]),
        ("<script src=\"/app.js\"></script><script src=app.js></script><img src=\"data:image/png;base64,AAAA\"><a href=\"#top\">x</a>", []),
        ("<img src=//cdn.example.com/logo.png alt=logo>", ["1 <img src> //cdn.example.com/logo.png"]),
        ("<img srcset=\"https://a.example.com/1x.png 1x, https://a.example.com/2x.png 2x,/local.png 3x\" src=\"/x.png\">",
         ["1 <img srcset> https://a.example.com/1x.png", "1 <img srcset> https://a.example.com/2x.png"]),
        ("<picture>\n<source srcset=\"https://v.example.com/a.webp 480w,https://v.example.com/b.webp 800w\" type=\"image/webp\">\n</picture>",
         ["2 <source srcset> https://v.example.com/a.webp", "2 <source srcset> https://v.example.com/b.webp"]),
        ("<video poster=\"https://media.example.com/poster.jpg\">\n  <source src=\"https://media.example.com/v.mp4\">\n</video>",
         ["1 <video poster> https://media.example.com/poster.jpg", "2 <source src> https://media.example.com/v.mp4"]),
        ("<iframe src='https://www.youtube.com/embed/abc' allowfullscreen></iframe>", ["1 <iframe src> https://www.youtube.com/embed/abc"]),
        ("<link href=\"https://fonts.googleapis.com/css2?family=DM+Sans&amp;display=swap\" rel=\"stylesheet\">",
         ["1 <link rel=stylesheet> https://fonts.googleapis.com/css2?family=DM+Sans&display=swap"]),
        ("<link rel=modulepreload href=https://esm.example.com/react.js><link rel=\"preload\" as=\"font\" href=\"https://fonts.example.com/a.woff2\">",
         ["1 <link rel=modulepreload> https://esm.example.com/react.js", "1 <link rel=preload> https://fonts.example.com/a.woff2"]),
        ("<link rel=\"preconnect\" href=\"https://fonts.gstatic.com\"><link rel=icon href=\"https://x.example.com/f.ico\"><a href=\"https://twitter.com/weaveworks\">t</a>", []),
        ("<!-- <script src=\"https://old.example.com/x.js\"></script> -->\n<script src=\"https://new.example.com/x.js\"></script>",
         ["2 <script src> https://new.example.com/x.js"]),
        ("<style>\nbody { background: url(https://img.example.com/bg.png) }\n@import \"https://fonts.example.com/f.css\";\n</style>",
         ["2 <style> url() https://img.example.com/bg.png", "3 <style> @import https://fonts.example.com/f.css"]),
        ("<div style=\"background-image: url('https://img.example.com/hero.jpg')\"></div>", ["1 style url() https://img.example.com/hero.jpg"]),
        ("<script>\nvar s = \"<img src='https://in-script.example.com/x.png'>\";\n</script>\n<img src=\"https://after.example.com/y.png\">",
         ["4 <img src> https://after.example.com/y.png"]),
        ("<SCRIPT SRC=\"HTTPS://CDN.EXAMPLE.COM/A.JS\"></SCRIPT>", ["1 <script src> HTTPS://CDN.EXAMPLE.COM/A.JS"]),
        ("<img src=\"https://a.example.com/x.png\" <div <p>>< img src=\"https://not-a-tag.example.com\"> <br/><img/src=\"https://b.example.com/y.png\">",
         ["1 <img src> https://a.example.com/x.png", "1 <img src> https://b.example.com/y.png"]),
        ("<img src=\"https://unclosed.example.com/x.png>\n<script src=\"https://swallowed.example.com\">", []),
        ("<!-- never closed\n<script src=\"https://inside-comment.example.com/x.js\"></script>", []),
        ("<img src=\"  https://padded.example.com/x.png  \">", ["1 <img src> https://padded.example.com/x.png"]),
        ("<img src=\"http://\"><img src=\"///local\">", []),
        ("<base href=\"https://cdn.example.com/ui/\"><script src=\"app.js\"></script>", ["1 <base href> https://cdn.example.com/ui/"]),
        ("<div style=\"background:url(&quot;https://img.example.com/q.png&quot;)\"></div>", ["1 style url() https://img.example.com/q.png"]),
        ("<object data=\"https://docs.example.com/a.pdf\" type=\"application/pdf\"></object><a data=\"https://not-loaded.example.com\">",
         ["1 <object data> https://docs.example.com/a.pdf"]),
        ("<svg><image href=\"https://img.example.com/a.svg\"/><image xlink:href='https://img.example.com/b.png'/></svg>",
         ["1 <image href> https://img.example.com/a.svg", "1 <image xlink:href> https://img.example.com/b.png"]),
        ("<meta http-equiv=\"Refresh\" content=\"0; URL='https://moved.example.com/app/'\"><meta name=x content=\"url=https://no.example.com\">",
         ["1 <meta refresh> https://moved.example.com/app/"]),
        ("<meta http-equiv=refresh content=\"5;url=https://later.example.com\">", ["1 <meta refresh> https://later.example.com"]),
        ("<meta http-equiv=\"refresh\" content=\"0; https://curly.example.com/index.html\">", ["1 <meta refresh> https://curly.example.com/index.html"]),
        ("<meta http-equiv=refresh content=\"30\"><meta http-equiv=refresh content=a content=b>", []),
        ("<script type=module type=text/plain>import 'https://first-type-wins.example.com/m.js'</script>",
         ["1 <script type=module> import https://first-type-wins.example.com/m.js"]),
        // An import map's values are loaded; its keys (names, scope prefixes) are not.
        ("<script type=\"importmap\">\n{\"imports\": {\"react\": \"https://esm.sh/react@18\", \"https://old.example.com/\": \"https://new.example.com/\"},\n \"scopes\": {\"https://scope.example.com/\": {\"a\": \"/local/a.js\"}}}\n</script>",
         ["2 <script type=importmap> https://esm.sh/react@18", "2 <script type=importmap> https://new.example.com/"]),
        ("<script type=module>\nimport { h } from \"https://esm.sh/preact\";\nimport 'https://cdn.example.com/side.js';\n// import x from \"https://commented.example.com/x.js\";\nconst s = \"import 'https://in-string.example.com'\";\nexport * from \"https://re.example.com/m.js\";\nconst m = await import(\n  `https://dyn.example.com/m.js`);\nimport.meta.url; Array.from(\"https://not-an-import.example.com\");\n</script>",
         ["2 <script type=module> import https://esm.sh/preact", "3 <script type=module> import https://cdn.example.com/side.js",
          "6 <script type=module> import https://re.example.com/m.js", "8 <script type=module> import https://dyn.example.com/m.js"]),
        // What a textarea, a title or an iframe holds is text to a browser, not markup.
        ("<textarea>\n<img src=\"https://in-textarea.example.com/x.png\">\n</textarea><title><img src=\"https://in-title.example.com\"></title>\n<img src=\"https://after.example.com/z.png\">",
         ["4 <img src> https://after.example.com/z.png"]),
        ("<iframe src=\"https://frame.example.com/\"><img src=\"https://fallback.example.com/x.png\"></iframe>", ["1 <iframe src> https://frame.example.com/"]),
        // Inside SVG a title holds markup: from the first `<svg>` on, none is skipped.
        ("<svg><title><img src=\"https://in-svg-title.example.com/x.png\"></title></svg>", ["1 <img src> https://in-svg-title.example.com/x.png"]),
        ("<svg><title>Logo</svg><img src=\"https://after-svg.example.com/y.png\">", ["1 <img src> https://after-svg.example.com/y.png"]),
        // A classic script's body, and a module's when it has `src`, are not read.
        ("<script>import('https://classic.example.com/x.js')</script><script type=module src=\"/m.js\">import 'https://ignored.example.com/y.js'</script>", []),
    ] as [(String, [String])])
    func htmlURLsAreFound(html: String, expected: [String]) {
        #expect(rows(html) == expected)
    }

    @Test(arguments: [
        ("@import url(\"https://fonts.googleapis.com/css?family=Roboto\");", ["1 css @import https://fonts.googleapis.com/css?family=Roboto"]),
        ("@import 'https://cdn.example.com/base.css' screen;", ["1 css @import https://cdn.example.com/base.css"]),
        (".a{background:url(https://img.example.com/a.png)}.b{background:url(/local.png)}", ["1 css url() https://img.example.com/a.png"]),
        ("/* .x { background: url(https://commented.example.com/x.png) } */", []),
        (".q::before { content: \"url(https://in-string.example.com)\" }", []),
        ("@font-face{src:url(data:font/woff2;base64,AAA) format(\"woff2\"),url(//fonts.example.com/f.woff2) format(\"woff2\")}",
         ["1 css url() //fonts.example.com/f.woff2"]),
        ("\n\n.u { background: URL( \"https://upper.example.com/x.png\" ) }", ["3 css url() https://upper.example.com/x.png"]),
        (".m { mask: myurl(https://not-a-function.example.com) }", []),
        (".broken { background: url(https://unterminated.example.com/x.png; color: red }", ["1 css url() https://unterminated.example.com/x.png"]),
        (".h { background-image: image-set(\"https://img.example.com/a.avif\" type(\"image/avif\"), url(https://img.example.com/a.jpg) 2x, \"/local.png\" 1x) }",
         ["1 css image-set() https://img.example.com/a.avif", "1 css image-set() https://img.example.com/a.jpg"]),
        (".w { background: -webkit-image-set('https://img.example.com/w.png' 1x); } .x { background: myimage-set(\"https://no.example.com\") }",
         ["1 css image-set() https://img.example.com/w.png"]),
    ] as [(String, [String])])
    func cssURLsAreFound(css: String, expected: [String]) {
        #expect(rows(css, path: "ui/styles/main.css") == expected)
    }

    /// E-mail templates are loaded by the reader's mail client, not served: they need nothing.
    @Test(arguments: [
        ("app/templates/email/welcome.html", true), ("mailers/reset_password.html", true), ("app/templates/mail/reset.html", true),
        ("web/index.html", false), ("web/gmail-like/inbox.html", false), ("web/mailbox.html", false), ("web/mail/index.html", false),
        ("web/e-mail-settings.html", false), ("web/verify-email.html", false), ("emails/app.css", false),
    ])
    func mailTemplatesNeedNothing(path: String, skipped: Bool) {
        // An image in HTML, and in CSS for a stylesheet.
        let page = "<img src=\"https://brand-assets.s3.us-east-1.amazonaws.com/logo.png\"> .l { background: url(https://brand-assets.s3.us-east-1.amazonaws.com/bg.png) }"
        #expect(rows(page, path: path).isEmpty == skipped)
    }

    @Test func bytesThatAreNotUTF8DoNotHideURLs() {
        let bytes = Array("<p>caf".utf8) + [0xE9, 0xFF] + Array("</p>\n<script src=\"https://cdn.example.com/a.js\"></script>".utf8)
        let facts = reader.read(path: "index.html", bytes: bytes)
        #expect(facts.mentions == [Mention(text: "https://cdn.example.com/a.js", line: 2, context: "<script src>")])
        #expect(facts.diagnostics.isEmpty)
    }

    /// Minified CSS is one huge line; its speed is measured by `readers-benchmark`.
    @Test func threeMebibytesOfMinifiedCSSAreReadWhole() {
        let rule = ".c{background:url(https://img.example.com/a.png);color:#fff}/*x*/.d{content:\"u\"}"
        let repetitions = 3 * 1024 * 1024 / rule.utf8.count + 1
        let bytes = Array(String(repeating: rule, count: repetitions).utf8)
        let facts = reader.read(path: "dist/app.min.css", bytes: bytes)
        #expect(facts.mentions.count == repetitions)
        #expect(facts.mentions.allSatisfy { $0.line == 1 && $0.text == "https://img.example.com/a.png" })
    }

    @Test func hugeMalformedHTMLIsReadWhole() {
        let chunk = "<img src=\"https://a.example.com/x.png\"><div <a<b <!x <script>x</script><link rel=stylesheet href=//c.example.com/s.css "
        let repetitions = 3 * 1024 * 1024 / chunk.utf8.count
        let bytes = Array(String(repeating: chunk, count: repetitions).utf8) + Array("><style>a{b:url(https://end.example.com)".utf8)
        let facts = reader.read(path: "big.html", bytes: bytes)
        #expect(facts.mentions.count >= repetitions)
        #expect(facts.mentions.last?.text == "https://end.example.com")
    }

    @Test(arguments: [
        ("index.html", true), ("ui/page.HTM", true), ("static/app.css", true), ("a.html/readme.md", false),
        ("styles.scss", false), ("page.html.j2", false), ("css", false),
    ] as [(String, Bool)])
    func acceptsHTMLAndCSS(path: String, accepted: Bool) {
        #expect(reader.accepts(path: path) == accepted)
    }
}
