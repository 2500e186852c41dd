/// What successful evaluation has covered of an object or array, for `unevaluatedProperties` and
/// `unevaluatedItems`.
///
/// Only collected when some schema on the way uses an `unevaluated*` keyword.
struct SchemaAnnotations {
    /// Property names evaluated by `properties`, `patternProperties`, `additionalProperties` or a nested
    /// `unevaluatedProperties`.
    var properties: Set<String> = []
    /// Whether every property counts as evaluated.
    var allProperties = false
    /// Elements `0..<itemsPrefix` are evaluated (`prefixItems`, array-form `items`).
    var itemsPrefix = 0
    /// Whether every element counts as evaluated (`items`, `additionalItems`, nested `unevaluatedItems`).
    var allItems = false
    /// Elements matched by `contains`.
    var items: Set<Int> = []

    /// Adds what `other` covered.
    mutating func merge(_ other: SchemaAnnotations) {
        if other.allProperties {
            allProperties = true
        } else if !other.properties.isEmpty {
            properties.formUnion(other.properties)
        }
        itemsPrefix = max(itemsPrefix, other.itemsPrefix)
        allItems = allItems || other.allItems
        if !other.items.isEmpty { items.formUnion(other.items) }
    }

    /// Whether the property `name` was evaluated.
    func covers(property name: String) -> Bool {
        allProperties || properties.contains(name)
    }

    /// Whether the element at `index` was evaluated.
    func covers(item index: Int) -> Bool {
        allItems || index < itemsPrefix || items.contains(index)
    }
}
