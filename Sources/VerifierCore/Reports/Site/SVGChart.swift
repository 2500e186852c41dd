import JSONSchema
import VerifierJudging

/// Inline SVG charts for the site: a trend line chart with a gate line, and a small sparkline.
///
/// Pure functions of their input: coordinates are printed with one decimal, so the same history gives the
/// same bytes. Missing values (`null` metrics) break the line instead of being drawn as zero.
public enum SVGChart {
    /// One point of a series: a run.
    public struct Point: Sendable, Hashable {
        /// The run's start time, shown in the point's tooltip and on the axis.
        public var label: String
        /// The value, `nil` when the run has none.
        public var value: Double?
        /// The run's verdict, which colours the point.
        public var verdict: String

        /// Creates a point.
        /// - Parameters:
        ///   - label: The run's start time.
        ///   - value: The value.
        ///   - verdict: The run's verdict.
        public init(label: String, value: Double?, verdict: String) {
            self.label = label
            self.value = value
            self.verdict = verdict
        }
    }

    /// How values are shown.
    public enum Scale: Sendable, Hashable {
        /// Rates from 0 to 1, shown as percentages; the axis ends at 100 %.
        case rate
        /// Plain quantities from zero, with a unit (`ms`, `tok/s`).
        case quantity(unit: String)
    }

    /// A line chart over a run history.
    /// - Parameters:
    ///   - title: The chart's title.
    ///   - points: The runs, oldest first.
    ///   - gate: The gate, drawn as a dashed line, if any.
    ///   - scale: How values are shown.
    /// - Returns: An `<svg>` element.
    public static func line(title: String, points: [Point], gate: Double? = nil, scale: Scale) -> String {
        let width = 360.0
        let height = 150.0
        let left = 46.0
        let right = 10.0
        let top = 22.0
        let bottom = 22.0
        let values = points.compactMap(\.value)
        let (low, high) = range(values + (gate.map { [$0] } ?? []), scale: scale)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ index: Int) -> Double {
            points.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (value - low) / max(high - low, 1e-9))
        }
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(number(width)) \(number(height))\""
            + " width=\"\(number(width))\" height=\"\(number(height))\" role=\"img\" aria-label=\""
            + MarkupText.attribute(title) + "\">"
        svg += "<title>" + MarkupText.text(title) + "</title>"
        svg += "<text x=\"\(number(left))\" y=\"14\" class=\"ct\">" + MarkupText.text(title) + "</text>"
        svg +=
            "<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\" class=\"pa\"/>"
        for value in [low, (low + high) / 2, high] {
            svg +=
                "<line x1=\"\(number(left))\" x2=\"\(number(width - right))\" y1=\"\(number(y(value)))\" y2=\"\(number(y(value)))\" class=\"gl\"/>"
            svg +=
                "<text x=\"\(number(left - 4))\" y=\"\(number(y(value) + 4))\" class=\"ax\" text-anchor=\"end\">"
                + MarkupText.text(axisText(value, scale: scale)) + "</text>"
        }
        if let gate {
            svg +=
                "<line x1=\"\(number(left))\" x2=\"\(number(width - right))\" y1=\"\(number(y(gate)))\" y2=\"\(number(y(gate)))\" class=\"gate\"><title>gate "
                + MarkupText.text(valueText(gate, scale: scale)) + "</title></line>"
        }
        if let first = points.first, let last = points.last {
            svg +=
                "<text x=\"\(number(left))\" y=\"\(number(height - 6))\" class=\"ax\">"
                + MarkupText.text(String(first.label.prefix(10))) + "</text>"
            if points.count > 1 {
                svg +=
                    "<text x=\"\(number(width - right))\" y=\"\(number(height - 6))\" class=\"ax\" text-anchor=\"end\">"
                    + MarkupText.text(String(last.label.prefix(10))) + "</text>"
            }
        }
        let coordinates = points.enumerated().map { index, point in point.value.map { (x(index), y($0)) } }
        for segment in segments(coordinates) {
            svg +=
                "<polyline class=\"ln\" points=\""
                + segment.map { number($0.0) + "," + number($0.1) }.joined(separator: " ") + "\"/>"
        }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            svg +=
                "<circle cx=\"\(number(x(index)))\" cy=\"\(number(y(value)))\" r=\"2.6\" class=\"pt \(verdictClass(point.verdict))\"><title>"
                + MarkupText.text(point.label + ": " + valueText(value, scale: scale) + " (" + point.verdict + ")")
                + "</title></circle>"
        }
        if values.isEmpty {
            svg +=
                "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(top + plotHeight / 2))\" class=\"ax\" text-anchor=\"middle\">no data</text>"
        }
        return svg + "</svg>"
    }

    /// A small chart of several rate series (0–1) without axes.
    /// - Parameters:
    ///   - series: Each series' values, oldest first, with its CSS class.
    ///   - title: The tooltip.
    /// - Returns: An `<svg>` element.
    public static func sparkline(_ series: [(cssClass: String, values: [Double?])], title: String) -> String {
        let width = 96.0
        let height = 24.0
        let all = series.flatMap { $0.values.compactMap { $0 } }
        let (low, high) = range(all, scale: .rate)
        var svg =
            "<svg class=\"spark\" viewBox=\"0 0 96 24\" width=\"96\" height=\"24\">"
        svg += "<title>" + MarkupText.text(title) + "</title>"
        for (cssClass, values) in series {
            let count = values.count
            let points = values.indices.map { index in
                values[index].map { value in
                    (
                        count <= 1 ? width / 2 : 2 + (width - 4) * Double(index) / Double(count - 1),
                        2 + (height - 4) * (1 - (value - low) / max(high - low, 1e-9))
                    )
                }
            }
            for segment in segments(points) {
                if segment.count == 1, let only = segment.first {
                    svg += "<circle cx=\"\(number(only.0))\" cy=\"\(number(only.1))\" r=\"1.8\" class=\"\(cssClass)\"/>"
                } else {
                    svg +=
                        "<polyline class=\"\(cssClass)\" points=\""
                        + segment.map { number($0.0) + "," + number($0.1) }.joined(separator: " ") + "\"/>"
                }
            }
        }
        return svg + "</svg>"
    }

    /// Runs of consecutive present points.
    static func segments(_ points: [(Double, Double)?]) -> [[(Double, Double)]] {
        var result: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for point in points {
            if let point {
                current.append(point)
            } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The axis range: rates end at 1 and start at a tenth below the lowest value; quantities start at 0.
    static func range(_ values: [Double], scale: Scale) -> (Double, Double) {
        switch scale {
        case .rate:
            let lowest = values.min() ?? 0
            let low = max(0, ((lowest - 0.05) * 10).rounded(.down) / 10)
            return (min(low, 0.9), 1)
        case .quantity:
            let highest = values.max() ?? 0
            return (0, highest > 0 ? highest * 1.1 : 1)
        }
    }

    static func axisText(_ value: Double, scale: Scale) -> String {
        switch scale {
        case .rate: return String(Int((value * 100).rounded())) + "%"
        case .quantity: return compact(value)
        }
    }

    static func valueText(_ value: Double, scale: Scale) -> String {
        switch scale {
        case .rate: return Metric.percent(value)
        case .quantity(let unit): return compact(value) + " " + unit
        }
    }

    /// `1234`, `12.3`, `1.2k`, `3.4M`.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return number(value / 1_000_000) + "M" }
        if magnitude >= 10_000 { return number(value / 1000) + "k" }
        if magnitude >= 100 { return String(Int(value.rounded())) }
        return number(value)
    }

    static func verdictClass(_ verdict: String) -> String {
        switch verdict {
        case "pass": "v-pass"
        case "fail": "v-fail"
        default: "v-other"
        }
    }

    /// A number with at most one decimal, without locale (`12`, `12.5`, `-3.2`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        return sign + String(whole) + (fraction == 0 ? "" : "." + String(fraction))
    }
}
