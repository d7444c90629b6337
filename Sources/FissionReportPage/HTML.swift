/// Small builders for the report page's HTML (no external scripts, fonts or styles).
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Escaped text with `code` spans (the documents' backticks) as `<code>`.
    static func inline(_ text: String) -> String {
        escape(text).split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }.joined()
    }

    /// A table with a header row; cells are already HTML.
    static func table(_ header: [String], _ rows: [[String]], id: String? = nil, caption: String? = nil) -> String {
        let head = header.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { $0.hasPrefix("<td") ? $0 : "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<div class=\"scroll\"><table\(id.map { " id=\"\($0)\"" } ?? "")>" + (caption.map { "<caption>\(escape($0))</caption>" } ?? "")
            + "<thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table></div>"
    }

    /// A horizontal bar, `share` of the full width (0…1), with a label.
    static func bar(_ share: Double, _ label: String, title: String? = nil) -> String {
        let w = max(0, min(1, share.isFinite ? share : 0)) * 100
        return "<div class=\"bar\"\(title.map { " title=\"\(escape($0))\"" } ?? "")><span style=\"width:\(String(format: "%.1f", w))%\"></span><em>\(escape(label))</em></div>"
    }

    /// A sub-heading and a figure's caption.
    static func figure(_ title: String, _ body: String, note: String? = nil) -> String {
        "<figure><figcaption>\(escape(title))</figcaption>\(body)" + (note.map { "<p class=\"muted small\">\(escape($0))</p>" } ?? "") + "</figure>"
    }

    static let style = """
        :root{--ink:#111;--muted:#666;--line:#e5e5e5;--accent:#2563eb}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:var(--ink)}
        h1{font-size:1.6em;margin:.2em 0}h2{margin-top:2em;border-bottom:2px solid #ddd;padding-bottom:.2em}h3{margin:1.4em 0 .3em}
        a{color:var(--accent)}.muted{color:var(--muted)}.small{font-size:12px}nav{font-size:13px;line-height:1.9}
        nav{display:flex;flex-wrap:wrap;gap:0 .8em}nav a{white-space:nowrap}svg{max-width:100%;height:auto}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:10px}
        .card{border:1px solid #ddd;border-radius:8px;padding:10px}.card b,.card span{display:block}.card b{font-size:1.6em}
        .delta{font-size:12px}.up{color:#15803d}.down{color:#b91c1c}
        figure{margin:.8em 0}figcaption{font-weight:600;font-size:14px;margin-bottom:.3em}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;font-size:12px;margin:.4em 0}
        caption{text-align:left;font-weight:600;padding:2px 0}
        th,td{border:1px solid var(--line);padding:2px 5px;text-align:right;white-space:nowrap}th{background:#f6f6f6}
        td.inc{background-image:repeating-linear-gradient(45deg,#e5e7eb 0 3px,#fff 3px 6px);color:#999}
        td.heat{color:#000;min-width:2.6em}
        .chart{width:100%;height:auto;max-height:240px}.cols{max-height:150px}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:0 16px}.legend{font-size:12px}.legend span{margin-right:.8em}
        .bar{position:relative;background:#f1f5f9;height:20px;margin:2px 0}.bar span{display:block;height:100%;background:#93c5fd}
        .bar em{position:absolute;left:6px;top:1px;font-style:normal;font-size:12px;white-space:nowrap}
        .trees{display:flex;flex-wrap:wrap;gap:12px}.trees svg{border:1px solid var(--line);border-radius:6px;max-width:100%}
        details{margin:.4em 0}summary{cursor:pointer;color:var(--accent);font-size:13px}
        section.report{border-left:3px solid #eef2ff;padding-left:10px;margin:1.2em 0}
        @media (max-width:600px){body{padding:8px;font-size:14px}.card b{font-size:1.3em}}
        @media print{nav,details{display:none}h2{break-before:auto}section.report,figure{break-inside:avoid}.chart{max-height:170px}}
        """
}
