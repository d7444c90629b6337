import Foundation

/// Inline SVG charts: values on hover come from `<title>` elements, so the page needs no script.
enum SVG {
    static let colours = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#be185d", "#4d7c0f"]

    /// Polylines of one or more series over the same x positions, scaled to the largest value; NULLs are gaps. Each
    /// point carries its label and value as a hover title.
    static func lines(_ series: [(name: String, values: [Double?])], labels: [String] = [], width: Int = 680, height: Int = 180,
                      format: (Double) -> String = { String(format: "%.3g", $0) }) -> String {
        let top = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        guard top > 0, let count = series.map(\.values.count).max(), count > 1 else { return "<p class=\"muted\">no data</p>" }
        func x(_ i: Int) -> Double { Double(i) / Double(count - 1) * Double(width - 50) + 40 }
        func y(_ v: Double) -> Double { Double(height - 20) - v / top * Double(height - 30) }
        var parts = [
            "<line x1=\"40\" y1=\"\(height - 20)\" x2=\"\(width - 10)\" y2=\"\(height - 20)\" stroke=\"#ccc\"/>",
            "<text x=\"36\" y=\"14\" font-size=\"10\" text-anchor=\"end\" fill=\"#666\">\(HTML.escape(format(top)))</text>",
            "<text x=\"36\" y=\"\(height - 20)\" font-size=\"10\" text-anchor=\"end\" fill=\"#666\">0</text>",
        ]
        if let first = labels.first, let last = labels.last {
            parts.append("<text x=\"40\" y=\"\(height - 4)\" font-size=\"10\" fill=\"#666\">\(HTML.escape(first))</text>")
            parts.append("<text x=\"\(width - 10)\" y=\"\(height - 4)\" font-size=\"10\" text-anchor=\"end\" fill=\"#666\">\(HTML.escape(last))</text>")
        }
        for (k, s) in series.enumerated() {
            let colour = colours[k % colours.count]
            var run: [String] = []
            func flush() {
                if run.count > 1 { parts.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(run.joined(separator: " "))\"/>") }
                run = []
            }
            for (i, v) in s.values.enumerated() {
                guard let v else { flush(); continue }
                run.append(String(format: "%.1f,%.1f", x(i), y(v)))
                let label = i < labels.count ? labels[i] + " · " : ""
                parts.append(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%@\"><title>%@</title></circle>", x(i), y(v), colour,
                                    HTML.escape("\(s.name) · \(label)\(format(v))")))
            }
            flush()
        }
        let legend = series.count < 2 ? "" : "<div class=\"legend\">" + series.enumerated().map { k, s in
            "<span style=\"color:\(colours[k % colours.count])\">■ \(HTML.escape(s.name))</span>"
        }.joined() + "</div>"
        return "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" class=\"chart\">\(parts.joined())</svg>\(legend)"
    }

    /// A small trend line without axes, for the headline cards.
    static func sparkline(_ values: [Double?], width: Int = 160, height: Int = 34) -> String {
        let present = values.compactMap { $0 }
        guard present.count > 1, let lo = present.min(), let hi = present.max() else { return "" }
        let span = hi > lo ? hi - lo : 1
        var runs: [[String]] = [[]]
        for (i, v) in values.enumerated() {
            guard let v else { runs.append([]); continue }
            let x = Double(i) / Double(max(1, values.count - 1)) * Double(width - 4) + 2
            let y = Double(height - 3) - (v - lo) / span * Double(height - 6)
            runs[runs.count - 1].append(String(format: "%.1f,%.1f", x, y))
        }
        let lines = runs.filter { $0.count > 1 }.map { "<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\" points=\"\($0.joined(separator: " "))\"/>" }
        return "<svg class=\"spark\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" height=\"\(height)\" role=\"img\" aria-label=\"trend\">\(lines.joined())</svg>"
    }

    /// Vertical bars with a label under each and the value on hover (a histogram of bins).
    static func columns(_ bars: [(label: String, value: Double)], width: Int = 680, height: Int = 150) -> String {
        let top = bars.map(\.value).max() ?? 0
        guard top > 0 else { return "<p class=\"muted\">no data</p>" }
        let slot = Double(width - 20) / Double(bars.count)
        let parts = bars.enumerated().map { i, b -> String in
            let h = b.value / top * Double(height - 40)
            let x = 10 + Double(i) * slot
            return String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#60a5fa\"><title>%@</title></rect>",
                          x + 2, Double(height - 24) - h, slot - 4, h, HTML.escape("\(b.label): \(Format.integer(b.value))"))
                + String(format: "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#444\">%@</text>", x + slot / 2, height - 10, HTML.escape(b.label))
                + String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"#111\">%@</text>", x + slot / 2,
                         Double(height - 27) - h, Format.integer(b.value))
        }
        return "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" class=\"chart cols\">\(parts.joined())</svg>"
    }

    /// A tree drawn top-down: leaves spread evenly, each parent centred over its children. `children` maps a node to
    /// its children; at most `limit` nodes are drawn (the rest are counted under the drawing).
    static func tree(root: String, children: [String: [String]], title: String, limit: Int = 60) -> String {
        // Breadth-first from the root, each person once (bad data cannot loop), at most `limit` of them.
        var order: [(node: String, depth: Int)] = [(root, 0)]
        var parent: [String: String] = [:], kids: [String: [String]] = [:]
        var seen: Set<String> = [root]
        var index = 0
        while index < order.count, order.count < limit {
            let (node, depth) = order[index]
            for child in children[node] ?? [] where order.count < limit && seen.insert(child).inserted {
                order.append((child, depth + 1))
                parent[child] = node
                kids[node, default: []].append(child)
            }
            index += 1
        }
        var x: [String: Double] = [:]
        var nextLeaf = 0.0
        // Leaves left to right in depth-first order, then parents centred over their children.
        func placeLeaves(_ node: String) {
            guard let k = kids[node] else { x[node] = nextLeaf; nextLeaf += 1; return }
            k.forEach(placeLeaves)
            x[node] = k.map { x[$0]! }.reduce(0, +) / Double(k.count)
        }
        placeLeaves(root)
        let depth = order.map(\.depth).max() ?? 0
        let width = max(120, Int(nextLeaf) * 18 + 20), height = depth * 46 + 30
        func px(_ n: String) -> Double { (x[n] ?? 0) * 18 + 19 }
        var parts: [String] = []
        for (node, d) in order where d > 0 {
            parts.append(String(format: "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#94a3b8\"/>", px(parent[node]!), (d - 1) * 46 + 15, px(node), d * 46 + 15))
        }
        for (node, d) in order {
            parts.append(String(format: "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%@\"><title>%@</title></circle>", px(node), d * 46 + 15,
                                d == 0 ? "#dc2626" : "#2563eb", HTML.escape(node)))
        }
        let total = countNodes(root, children)
        return "<div><svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\"><title>\(HTML.escape(title))</title>\(parts.joined())</svg>"
            + "<div class=\"small muted\">\(HTML.escape(title))\(total > order.count ? " (first \(order.count) of \(total) persons drawn)" : "")</div></div>"
    }

    private static func countNodes(_ root: String, _ children: [String: [String]]) -> Int {
        var count = 0, stack = [root]
        var seen: Set<String> = []
        while let n = stack.popLast() {
            guard seen.insert(n).inserted else { continue }
            count += 1
            stack += children[n] ?? []
        }
        return count
    }

    /// An UpSet-style chart: one column per exact platform set (bar = persons), a dot matrix of the set's platforms
    /// under it, and each platform's total at the left.
    static func upset(sets: [(platforms: [String], persons: Double)], platforms: [String], totals: [String: Double]) -> String {
        guard let top = sets.map(\.persons).max(), top > 0 else { return "<p class=\"muted\">no data</p>" }
        let left = 150.0, slot = 30.0, barHeight = 140.0, row = 18.0
        let width = Int(left + slot * Double(sets.count) + 10), height = Int(barHeight + 20 + row * Double(platforms.count) + 10)
        let topTotal = totals.values.max() ?? 1
        var parts: [String] = []
        for (i, s) in sets.enumerated() {
            let x = left + Double(i) * slot
            let h = s.persons / top * (barHeight - 14)
            parts.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2563eb\"><title>%@</title></rect>", x + 4, barHeight - h, slot - 8, h,
                                HTML.escape("only \(s.platforms.joined(separator: " + ")): \(Format.integer(s.persons)) persons")))
            parts.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%@</text>", x + slot / 2, barHeight - h - 3, Format.integer(s.persons)))
            let ys = platforms.indices.filter { s.platforms.contains(platforms[$0]) }.map { barHeight + 20 + Double($0) * row }
            if let a = ys.min(), let b = ys.max(), a < b {
                parts.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#111\" stroke-width=\"2\"/>", x + slot / 2, a, x + slot / 2, b))
            }
            for (k, _) in platforms.enumerated() {
                let on = s.platforms.contains(platforms[k])
                parts.append(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%@\"/>", x + slot / 2, barHeight + 20 + Double(k) * row, on ? "#111" : "#e5e7eb"))
            }
        }
        for (k, p) in platforms.enumerated() {
            let y = barHeight + 20 + Double(k) * row
            let w = (totals[p] ?? 0) / topTotal * 60
            parts.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"10\" fill=\"#93c5fd\"><title>%@</title></rect>", 80 - w, y - 5, w,
                                HTML.escape("\(p): \(Format.integer(totals[p])) persons in all")))
            parts.append(String(format: "<text x=\"86\" y=\"%.1f\" font-size=\"11\">%@</text>", y + 4, HTML.escape(p)))
        }
        return "<div class=\"scroll\"><svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" id=\"overlap-upset\">\(parts.joined())</svg></div>"
    }
}
