import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Markup escaping")
struct MarkupTextTests {
    @Test(arguments: [
        ("plain text", "plain text", "plain text"),  // nothing to do
        ("a < b & c > d", "a &lt; b &amp; c &gt; d", "a &lt; b &amp; c &gt; d"),  // markup characters
        ("x]]>y", "x]]&gt;y", "x]]&gt;y"),  // CDATA end is harmless
        ("say \"hi\" 'there'", "say \"hi\" 'there'", "say &quot;hi&quot; &#39;there&#39;"),  // quotes in attributes
        ("a\tb\nc\rd", "a\tb\nc&#13;d", "a&#9;b&#10;c&#13;d"),  // whitespace kept through attribute normalisation
        // Control characters are shown as their pictures.
        ("nul\u{0}esc\u{1B}del\u{7F}", "nul\u{2400}esc\u{241B}del\u{2421}", "nul\u{2400}esc\u{241B}del\u{2421}"),
        ("bad\u{FFFE}\u{FFFF}", "bad\u{FFFD}\u{FFFD}", "bad\u{FFFD}\u{FFFD}"),  // non-characters replaced
        ("ünïcödé 日本 🙂", "ünïcödé 日本 🙂", "ünïcödé 日本 🙂"),  // other text untouched
    ])
    func escapes(input: String, text: String, attribute: String) {
        #expect(MarkupText.text(input) == text)
        #expect(MarkupText.attribute(input) == attribute)
    }
}
