import JSONSchema
import VerifierJudging

/// The frame every site page shares: a self-contained HTML document with a small inline style sheet.
///
/// Pages load nothing: no scripts, fonts, images or style sheets from anywhere. A Content-Security-Policy
/// of `default-src 'none'` with inline styles allowed makes the browser refuse any load a future change
/// might add by mistake.
enum HTMLPage {
    /// A whole document.
    /// - Parameters:
    ///   - title: The `<title>`.
    ///   - body: The body's inner HTML.
    /// - Returns: The document.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>\(MarkupText.text(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)
        <footer>Written by vendor-verifier \(MarkupText.text(VerifierVersion.current)) from the scorecards listed; \
        no script, no external asset.</footer>
        </body>
        </html>

        """
    }

    /// Escapes text.
    static func h(_ text: String) -> String { MarkupText.text(text) }

    /// Escapes an attribute value.
    static func a(_ text: String) -> String { MarkupText.attribute(text) }

    /// A verdict badge.
    static func badge(_ verdict: String) -> String {
        "<span class=\"badge \(SVGChart.verdictClass(verdict))\">\(h(verdict.uppercased()))</span>"
    }

    /// A decision cell's text with its class.
    static func decision(_ decision: String?) -> String {
        guard let decision else { return "<td class=\"muted\">—</td>" }
        let cssClass =
            switch decision {
            case "pass": "v-pass"
            case "fail": "v-fail"
            default: "v-other"
            }
        return "<td><span class=\"dec \(cssClass)\">\(h(decision))</span></td>"
    }

    /// `1458 ms`-style text of a number of milliseconds or another quantity; `—` when absent.
    static func quantity(_ value: Double?) -> String {
        guard let value else { return "—" }
        return SVGChart.compact(value)
    }

    /// `$1.23`; `—` when absent.
    static func cost(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let cents = Int((value * 100).rounded())
        let fraction = abs(cents) % 100
        return (cents < 0 ? "-$" : "$") + String(abs(cents) / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// The path from folder `from` to `to`, both absolute and standardised, with `/` separators.
    static func relativePath(from: String, to: String) -> String {
        let source = from.split(separator: "/")
        let target = to.split(separator: "/")
        var common = 0
        while common < source.count, common < target.count, source[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: source.count - common)
        let parts = ups + target[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Percent-encodes a relative path for an `href` (keeps `/`, letters, digits, `-._~`).
    static func href(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let keep =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || [UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~")]
                    .contains(byte)
            if keep {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0f)])
            }
        }
        return out
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1400px;\
        padding:0 16px;color:#1d2330;background:#fff}
        h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;\
        padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
        a{color:#1f5fbf;text-decoration:none}a:hover{text-decoration:underline}
        table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
        th,td{border-bottom:1px solid #e4e8ef;padding:4px 6px;text-align:left;vertical-align:top}
        th{background:#f3f5f9;font-weight:600}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}
        .muted{color:#6b7385}.small{font-size:12px}.nw{white-space:nowrap}
        td.bad{color:#c62f2f;font-weight:600}td.unsure{color:#a26a00;font-weight:600}
        .badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;font-weight:700;color:#fff}
        .badge.v-pass{background:#1e8a4c}.badge.v-fail{background:#c62f2f}.badge.v-other{background:#7d8593}
        .dec{font-weight:600}.dec.v-pass{color:#1e8a4c}.dec.v-fail{color:#c62f2f}.dec.v-other{color:#a26a00}
        tr.row-fail td:first-child{border-left:3px solid #c62f2f}tr.row-pass td:first-child{border-left:3px solid #1e8a4c}
        tr.row-other td:first-child{border-left:3px solid #7d8593}
        code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        pre{background:#f6f8fa;border:1px solid #e4e8ef;padding:8px;white-space:pre-wrap;word-break:break-all;\
        max-height:320px;overflow:auto;margin:4px 0}
        .charts{display:flex;flex-wrap:wrap;gap:10px}
        svg.chart{border:1px solid #e4e8ef;border-radius:4px;background:#fff}
        svg .pa{fill:#fbfcfe}svg .gl{stroke:#e4e8ef;stroke-width:1}svg .gate{stroke:#c62f2f;stroke-width:1.2;\
        stroke-dasharray:5 4}svg .ln{fill:none;stroke:#1f5fbf;stroke-width:1.8}
        svg .pt{stroke:#fff;stroke-width:.8}svg .pt.v-pass{fill:#1e8a4c}svg .pt.v-fail{fill:#c62f2f}\
        svg .pt.v-other{fill:#7d8593}
        svg .ct{font-size:12px;font-weight:600;fill:#1d2330}svg .ax{font-size:10px;fill:#6b7385}
        svg.spark polyline{fill:none;stroke-width:1.5}svg.spark .s1{stroke:#1f5fbf;fill:#1f5fbf}\
        svg.spark .s2{stroke:#d9822b;fill:#d9822b}
        details{border:1px solid #e4e8ef;border-radius:4px;padding:4px 10px;margin:8px 0}
        summary{cursor:pointer;font-weight:600}
        .excerpt{border-left:3px solid #dde2ea;padding-left:10px;margin:6px 0 14px}
        dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 14px;margin:8px 0}
        dl.meta dt{color:#6b7385}dl.meta dd{margin:0}
        .legend span{display:inline-block;width:10px;height:3px;margin:0 4px 3px 10px;vertical-align:middle}
        footer{margin-top:36px;color:#6b7385;font-size:12px;border-top:1px solid #e4e8ef;padding-top:8px}
        """
}
