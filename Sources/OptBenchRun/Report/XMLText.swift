/// Escaping for XML, HTML and SVG text (the report, JUnit): markup characters escaped, and
/// the characters XML 1.0 forbids even escaped (control characters other than tab, line feed
/// and carriage return; U+FFFE, U+FFFF) replaced by U+FFFD, so the text stays visibly marked.
enum XMLText {
    /// - Parameter attribute: also encode tab, line feed and carriage return as character
    ///   references, which an attribute value would otherwise normalize to spaces.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r":
                if attribute { out += "&#\(c.value);" } else { out.unicodeScalars.append(c) }
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }
}
