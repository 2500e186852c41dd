/// The rules one schema resource is read with: its draft and, for 2019-09 and later, its vocabularies.
struct SchemaDialect: Sendable, Hashable {
    /// Vocabularies a metaschema's `$vocabulary` enables.
    struct Vocabularies: OptionSet, Sendable, Hashable {
        let rawValue: UInt16

        static let applicator = Vocabularies(rawValue: 1 << 0)
        static let unevaluated = Vocabularies(rawValue: 1 << 1)
        static let validation = Vocabularies(rawValue: 1 << 2)
        static let formatAssertion = Vocabularies(rawValue: 1 << 3)
        static let all: Vocabularies = [.applicator, .unevaluated, .validation]

        /// The vocabulary for a 2019-09 or 2020-12 vocabulary URI; `[]` for annotation-only vocabularies
        /// (core, meta-data, content, format-annotation); `nil` for an unknown URI.
        static func named(_ uri: String) -> Vocabularies? {
            for draft in [
                "https://json-schema.org/draft/2020-12/vocab/", "https://json-schema.org/draft/2019-09/vocab/",
            ]
            where uri.hasPrefix(draft) {
                switch uri.dropFirst(draft.count) {
                case "applicator": return .applicator
                case "unevaluated": return .unevaluated
                case "validation": return .validation
                case "format-assertion": return .formatAssertion
                case "core", "meta-data", "content", "format-annotation", "format": return []
                default: return nil
                }
            }
            return nil
        }
    }

    /// The draft.
    var draft: JSONSchema.Draft
    /// The enabled vocabularies (every one for draft-07).
    var vocabularies: Vocabularies

    /// A draft with its default vocabularies.
    init(draft: JSONSchema.Draft, vocabularies: Vocabularies = .all) {
        self.draft = draft
        self.vocabularies = vocabularies
    }

    var isDraft7: Bool { draft.value == .draft7 }
    var is2020: Bool { draft.value == .draft2020_12 }
    var applicator: Bool { vocabularies.contains(.applicator) }
    var validation: Bool { vocabularies.contains(.validation) }
    var unevaluated: Bool { vocabularies.contains(.unevaluated) && !isDraft7 }
}
