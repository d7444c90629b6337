/// Small builders for the report page's HTML and inline SVG (no external scripts, fonts or styles).
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

    /// A table with a header row; cells are already HTML.
    static func table(_ header: [String], _ rows: [[String]], id: String? = nil) -> String {
        let head = header.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }

    /// A polyline chart of one or more series over the same x positions, scaled to the largest value; NULLs are gaps.
    static func lines(_ series: [(name: String, values: [Double?])], width: Int = 640, height: Int = 160) -> String {
        let top = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        guard top > 0, let count = series.map(\.values.count).max(), count > 1 else { return "<p class=\"muted\">no data</p>" }
        let colours = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2"]
        var paths: [String] = []
        for (k, s) in series.enumerated() {
            var segments: [[String]] = [[]]
            for (i, v) in s.values.enumerated() {
                guard let v else { segments.append([]); continue }
                let x = Double(i) / Double(count - 1) * Double(width - 20) + 10
                let y = Double(height - 10) - v / top * Double(height - 20)
                segments[segments.count - 1].append(String(format: "%.1f,%.1f", x, y))
            }
            for seg in segments where seg.count > 1 {
                paths.append("<polyline fill=\"none\" stroke=\"\(colours[k % colours.count])\" stroke-width=\"2\" points=\"\(seg.joined(separator: " "))\"><title>\(escape(s.name))</title></polyline>")
            }
        }
        let legend = series.enumerated().map { k, s in
            "<span style=\"color:\(colours[k % colours.count])\">■ \(escape(s.name))</span>"
        }.joined(separator: " ")
        return "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" class=\"chart\">\(paths.joined())</svg><div class=\"legend\">\(legend)</div>"
    }

    /// A horizontal bar, `share` of the full width (0…1), with a label.
    static func bar(_ share: Double, _ label: String) -> String {
        let w = max(0, min(1, share)) * 100
        return "<div class=\"bar\"><span style=\"width:\(String(format: "%.1f", w))%\"></span><em>\(escape(label))</em></div>"
    }

    static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1080px;padding:16px;color:#111}
        h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
        .muted{color:#666}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
        .card{border:1px solid #ddd;border-radius:8px;padding:10px}.card b{display:block;font-size:1.6em}
        table{border-collapse:collapse;font-size:13px;margin:.5em 0;display:block;overflow-x:auto}
        th,td{border:1px solid #e5e5e5;padding:3px 6px;text-align:right;white-space:nowrap}th{background:#f6f6f6}
        td.inc{background-image:repeating-linear-gradient(45deg,#eee 0 4px,#fff 4px 8px);color:#999}
        .chart{width:100%;height:auto;max-height:220px}.legend{font-size:12px}
        .bar{position:relative;background:#f1f5f9;height:20px;margin:2px 0}.bar span{display:block;height:100%;background:#93c5fd}
        .bar em{position:absolute;left:6px;top:1px;font-style:normal;font-size:12px}
        @media print{h2{break-before:auto}.chart{max-height:160px}}
        """
}
