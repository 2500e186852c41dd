import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The draft-07 metaschema URI, for tables that need draft-07 semantics.
private let draft7 = "http://json-schema.org/draft-07/schema#"

/// Parses JSON text used in the tables below.
private func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(text)
}

/// Compiles `schema` and validates `instance`, both given as JSON text.
private func violations(_ schema: String, _ instance: String) throws -> [SchemaViolation] {
    try JSONSchema(json(schema)).validate(json(instance))
}

/// Wraps `inner` in `levels` levels of `{"items": …}`.
private func nestedItems(_ inner: JSONValue, levels: Int) -> JSONValue {
    var schema = inner
    for _ in 0..<levels { schema = ["items": schema] }
    return schema
}

/// Wraps `inner` in `levels` one-element arrays.
private func nestedArrays(_ inner: JSONValue, levels: Int) -> JSONValue {
    var value = inner
    for _ in 0..<levels { value = [value] }
    return value
}

@Suite("JSON Schema validation")
struct JSONSchemaTests {
    // MARK: Passing instances

    @Test(
        "instances that satisfy the schema produce no violations",
        arguments: [
            // The boolean schema true accepts anything.
            (#"true"#, #"{"a":[1,null]}"#),
            // The empty schema accepts anything.
            (#"{}"#, #"null"#),
            // type string.
            (#"{"type":"string"}"#, #""hi""#),
            // integer accepts 1.0: JSON Schema integers are mathematical.
            (#"{"type":"integer"}"#, #"1.0"#),
            // integer accepts an exponent form with an integral value.
            (#"{"type":"integer"}"#, #"1e2"#),
            // integer accepts negative zero.
            (#"{"type":"integer"}"#, #"-0"#),
            // integer accepts a value far beyond Int64.
            (#"{"type":"integer"}"#, #"123456789012345678901234567890"#),
            // number accepts integers.
            (#"{"type":"number"}"#, #"3"#),
            // A type array accepts any listed type.
            (#"{"type":["string","null"]}"#, #"null"#),
            // type boolean.
            (#"{"type":"boolean"}"#, #"false"#),
            // type object.
            (#"{"type":"object"}"#, #"{}"#),
            // type array.
            (#"{"type":"array"}"#, #"[]"#),
            // type null.
            (#"{"type":"null"}"#, #"null"#),
            // properties that match.
            (#"{"properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#, #"{"a":"x","b":2}"#),
            // A property may be named like a keyword.
            (
                #"{"properties":{"type":{"type":"string"},"required":{"type":"integer"}}}"#,
                #"{"type":"x","required":1}"#
            ),
            // properties do not require presence.
            (#"{"properties":{"a":{"type":"string"}}}"#, #"{}"#),
            // required properties present (null counts as present).
            (#"{"required":["a","b"]}"#, #"{"a":1,"b":null}"#),
            // additionalProperties false with only declared properties.
            (#"{"properties":{"a":{}},"additionalProperties":false}"#, #"{"a":1}"#),
            // additionalProperties as a schema.
            (#"{"additionalProperties":{"type":"integer"}}"#, #"{"x":1,"y":2}"#),
            // enum compares numbers by value: 1.0 matches 1.
            (#"{"enum":[1,"a"]}"#, #"1.0"#),
            // enum compares objects regardless of member order.
            (#"{"enum":[{"a":1,"b":2}]}"#, #"{"b":2,"a":1}"#),
            // const compares numbers by value: 1e1 matches 10.
            (#"{"const":10}"#, #"1e1"#),
            // const null.
            (#"{"const":null}"#, #"null"#),
            // items as a single schema.
            (#"{"items":{"type":"integer"}}"#, #"[1,2,3]"#),
            // Draft-07 tuple items: a shorter array is fine.
            (
                #"{"$schema":"\#(draft7)","items":[{"type":"string"},{"type":"integer"}]}"#,
                #"["a"]"#
            ),
            // Draft-07 tuple items without additionalItems allow extra elements.
            (
                #"{"$schema":"\#(draft7)","items":[{"type":"string"},{"type":"integer"}]}"#,
                #"["a",1,true]"#
            ),
            // Draft-07 additionalItems applies after the tuple.
            (
                #"{"$schema":"\#(draft7)","items":[{"type":"integer"}],"additionalItems":{"type":"string"}}"#,
                #"[1,"a","b"]"#
            ),
            // additionalItems is ignored when items is a single schema.
            (#"{"items":{"type":"integer"},"additionalItems":false}"#, #"[1,2]"#),
            // prefixItems with items for the rest.
            (#"{"prefixItems":[{"type":"string"}],"items":{"type":"integer"}}"#, #"["a",1,2]"#),
            // minimum is inclusive.
            (#"{"minimum":0}"#, #"0"#),
            // exclusiveMinimum just above the limit.
            (#"{"exclusiveMinimum":0}"#, #"0.0001"#),
            // maximum is inclusive and compares by value.
            (#"{"maximum":10}"#, #"10.0"#),
            // exclusiveMaximum just below the limit.
            (#"{"exclusiveMaximum":10}"#, #"9.999"#),
            // Bounds are exact beyond Double precision.
            (#"{"maximum":9007199254740993}"#, #"9007199254740993"#),
            // Bounds beyond Double range.
            (#"{"maximum":1e400}"#, #"1e399"#),
            // Numeric keywords ignore non-numbers.
            (#"{"minimum":5}"#, #""3""#),
            // Length counts code points: e + combining acute is 2.
            (#"{"minLength":2,"maxLength":2}"#, #""e\u0301""#),
            // One astral code point (two UTF-16 units) has length 1.
            (#"{"maxLength":1}"#, #""👍""#),
            // A huge maxLength saturates instead of overflowing.
            (#"{"maxLength":1e30}"#, #""abc""#),
            // minItems and maxItems (written 2.0, still an integer).
            (#"{"minItems":1,"maxItems":2.0}"#, #"[1,2]"#),
            // allOf with every subschema satisfied.
            (#"{"allOf":[{"type":"integer"},{"minimum":1}]}"#, #"2"#),
            // anyOf with one alternative satisfied.
            (#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, #"3"#),
            // oneOf with exactly one alternative satisfied.
            (#"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#, #""x""#),
            // not with a non-matching subschema.
            (#"{"not":{"type":"string"}}"#, #"1"#),
            // nullable true admits null past type.
            (#"{"type":"string","nullable":true}"#, #"null"#),
            // nullable true admits null past enum.
            (#"{"type":"string","enum":["a"],"nullable":true}"#, #"null"#),
            // Annotation keywords are ignored (format is an annotation unless assertion is turned on).
            (#"{"format":"email","description":"d","title":"t","examples":["a"],"deprecated":true}"#, #""nope""#),
            // Unknown extension keywords are ignored.
            (#"{"x-vendor":{"type":"integer"},"strict":true}"#, #""nope""#),
            // Duplicate instance keys: the last value wins, as in JavaScript.
            (#"{"properties":{"a":{"type":"integer"}}}"#, #"{"a":"x","a":1}"#),
            // A property matched by patternProperties is not "additional".
            (#"{"patternProperties":{"^x":{}},"additionalProperties":false}"#, #"{"x1":1}"#),
            // $ref into $defs.
            (##"{"$ref":"#/$defs/a","$defs":{"a":{"type":"integer"}}}"##, #"3"#),
            // pattern is a search, not a full match.
            (#"{"pattern":"b+"}"#, #""abbc""#),
            // multipleOf with a decimal divisor is exact.
            (#"{"multipleOf":0.01}"#, #"19.99"#),
            // An integer beyond 2^64 is a multiple of 3 exactly.
            (#"{"multipleOf":3}"#, #"300000000000000000000000000000"#),
            // uniqueItems compares by value: 1 and "1" differ.
            (#"{"uniqueItems":true}"#, #"[1,"1",[1],{"a":1}]"#),
            // if/then: then applies only when if matches.
            (#"{"if":{"type":"string"},"then":{"minLength":3}}"#, #"5"#),
            // dependentRequired is satisfied.
            (#"{"dependentRequired":{"a":["b"]}}"#, #"{"a":1,"b":2}"#),
            // contains with minContains.
            (#"{"contains":{"type":"string"},"minContains":2}"#, #"["a",1,"b"]"#),
            // unevaluatedProperties sees properties evaluated through allOf.
            (
                #"{"allOf":[{"properties":{"a":true}}],"unevaluatedProperties":false}"#,
                #"{"a":1}"#
            ),
            // propertyNames.
            (#"{"propertyNames":{"maxLength":3}}"#, #"{"abc":1}"#),
        ]
    )
    func acceptsValidInstances(schema: String, instance: String) throws {
        let compiled = try JSONSchema(json(schema))
        let value = try json(instance)
        #expect(compiled.validate(value) == [])
        #expect(compiled.isValid(value))
    }

    // MARK: Single violations

    @Test(
        "each failing keyword yields exactly one violation at the right locations",
        arguments: [
            // integer rejects a string.
            (#"{"type":"integer"}"#, #""5""#, "", "/type", "type"),
            // integer rejects 1.5.
            (#"{"type":"integer"}"#, #"1.5"#, "", "/type", "type"),
            // integer rejects 1e-1.
            (#"{"type":"integer"}"#, #"1e-1"#, "", "/type", "type"),
            // string rejects null.
            (#"{"type":"string"}"#, #"null"#, "", "/type", "type"),
            // A type array rejects unlisted types.
            (#"{"type":["string","null"]}"#, #"1"#, "", "/type", "type"),
            // number rejects a numeric string.
            (#"{"type":"number"}"#, #""1""#, "", "/type", "type"),
            // boolean rejects 0.
            (#"{"type":"boolean"}"#, #"0"#, "", "/type", "type"),
            // nullable false does not admit null.
            (#"{"type":"string","nullable":false}"#, #"null"#, "", "/type", "type"),
            // A property with the wrong type.
            (#"{"properties":{"city":{"type":"string"}}}"#, #"{"city":5}"#, "/city", "/properties/city/type", "type"),
            // A missing required property is reported at the object.
            (#"{"required":["city"]}"#, #"{}"#, "", "/required", "required"),
            // additionalProperties false rejects an undeclared property.
            (
                #"{"properties":{"a":{}},"additionalProperties":false}"#, #"{"a":1,"b":2}"#, "/b",
                "/additionalProperties", "additionalProperties"
            ),
            // additionalProperties as a schema.
            (
                #"{"additionalProperties":{"type":"integer"}}"#, #"{"x":"1"}"#, "/x", "/additionalProperties/type",
                "type"
            ),
            // enum rejects an unlisted value.
            (#"{"enum":["a","b"]}"#, #""c""#, "", "/enum", "enum"),
            // enum does not equate 1 and "1".
            (#"{"enum":[1]}"#, #""1""#, "", "/enum", "enum"),
            // const rejects another value.
            (#"{"const":"a"}"#, #""b""#, "", "/const", "const"),
            // const does not equate 1 and true.
            (#"{"const":1}"#, #"true"#, "", "/const", "const"),
            // items checks every element.
            (#"{"items":{"type":"integer"}}"#, #"[1,"2",3]"#, "/1", "/items/type", "type"),
            // Draft-07 tuple items check positionally.
            (
                #"{"$schema":"\#(draft7)","items":[{"type":"string"},{"type":"integer"}]}"#,
                #"["a","b"]"#, "/1", "/items/1/type",
                "type"
            ),
            // Draft-07 additionalItems false rejects elements after the tuple.
            (
                #"{"$schema":"\#(draft7)","items":[{}],"additionalItems":false}"#,
                #"[1,2]"#, "/1", "/additionalItems",
                "additionalItems"
            ),
            // items false after prefixItems rejects the rest.
            (#"{"prefixItems":[{}],"items":false}"#, #"[1,2]"#, "/1", "/items", "items"),
            // minimum.
            (#"{"minimum":0}"#, #"-1"#, "", "/minimum", "minimum"),
            // exclusiveMinimum rejects the limit itself.
            (#"{"exclusiveMinimum":0}"#, #"0"#, "", "/exclusiveMinimum", "exclusiveMinimum"),
            // maximum.
            (#"{"maximum":10}"#, #"10.5"#, "", "/maximum", "maximum"),
            // exclusiveMaximum rejects the limit in another spelling.
            (#"{"exclusiveMaximum":10}"#, #"1e1"#, "", "/exclusiveMaximum", "exclusiveMaximum"),
            // Exact comparison where Double would round both to 2^53.
            (#"{"maximum":9007199254740992}"#, #"9007199254740993"#, "", "/maximum", "maximum"),
            // multipleOf with a decimal divisor.
            (#"{"multipleOf":0.01}"#, #"0.015"#, "", "/multipleOf", "multipleOf"),
            // pattern.
            (#"{"pattern":"^[a-z]+$"}"#, #""abc1""#, "", "/pattern", "pattern"),
            // A $ref shows up in the keyword location.
            (##"{"$ref":"#/$defs/a","$defs":{"a":{"type":"integer"}}}"##, #""x""#, "", "/$ref/type", "type"),
            // uniqueItems compares numbers by value.
            (#"{"uniqueItems":true}"#, #"[1,1.0]"#, "", "/uniqueItems", "uniqueItems"),
            // then applies when if matches.
            (#"{"if":{"type":"string"},"then":{"minLength":3}}"#, #""ab""#, "", "/then/minLength", "minLength"),
            // dependentRequired.
            (#"{"dependentRequired":{"a":["b"]}}"#, #"{"a":1}"#, "", "/dependentRequired", "dependentRequired"),
            // contains.
            (#"{"contains":{"type":"string"}}"#, #"[1,2]"#, "", "/contains", "contains"),
            // unevaluatedProperties false.
            (
                #"{"properties":{"a":true},"unevaluatedProperties":false}"#, #"{"a":1,"b":2}"#, "/b",
                "/unevaluatedProperties", "unevaluatedProperties"
            ),
            // propertyNames reports at the object.
            (#"{"propertyNames":{"maxLength":3}}"#, #"{"abcd":1}"#, "", "/propertyNames", "propertyNames"),
            // minLength counts one astral code point as 1.
            (#"{"minLength":2}"#, #""👍""#, "", "/minLength", "minLength"),
            // maxLength counts e + combining acute as 2.
            (#"{"maxLength":1}"#, #""e\u0301""#, "", "/maxLength", "maxLength"),
            // minItems.
            (#"{"minItems":1}"#, #"[]"#, "", "/minItems", "minItems"),
            // maxItems.
            (#"{"maxItems":1}"#, #"[1,2]"#, "", "/maxItems", "maxItems"),
            // allOf reports the failing subschema's own keyword.
            (#"{"allOf":[{"type":"integer"},{"minimum":5}]}"#, #"3"#, "", "/allOf/1/minimum", "minimum"),
            // anyOf with no alternative satisfied.
            (#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, #"1.5"#, "", "/anyOf", "anyOf"),
            // anyOf reports one summary and nothing from inside the alternatives.
            (
                #"{"anyOf":[{"properties":{"a":{"type":"string"}}},{"required":["b"]}]}"#, #"{"a":1}"#, "", "/anyOf",
                "anyOf"
            ),
            // oneOf with no alternative satisfied.
            (#"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#, #"true"#, "", "/oneOf", "oneOf"),
            // oneOf with two alternatives satisfied.
            (#"{"oneOf":[{"type":"number"},{"type":"integer"}]}"#, #"1"#, "", "/oneOf", "oneOf"),
            // not with a matching subschema.
            (#"{"not":{"type":"string"}}"#, #""x""#, "", "/not", "not"),
            // The boolean schema false at the root.
            (#"false"#, #"1"#, "", "", "false"),
            // The boolean schema false for one property.
            (#"{"properties":{"a":false}}"#, #"{"a":1}"#, "/a", "/properties/a", "false"),
            // Nested arrays of objects: the pointer walks every level.
            (
                #"{"items":{"properties":{"tags":{"items":{"type":"string"}}}}}"#,
                #"[{"tags":["a"]},{"tags":["b",2]}]"#,
                "/1/tags/1", "/items/properties/tags/items/type", "type"
            ),
            // "/" in a property name is escaped as ~1 in both pointers.
            (#"{"properties":{"a/b":{"type":"integer"}}}"#, #"{"a/b":"x"}"#, "/a~1b", "/properties/a~1b/type", "type"),
            // "~" in a property name is escaped as ~0 in both pointers.
            (#"{"properties":{"m~n":{"type":"integer"}}}"#, #"{"m~n":"x"}"#, "/m~0n", "/properties/m~0n/type", "type"),
            // "~/" together: ~ is escaped first, so it becomes ~0~1.
            (
                #"{"additionalProperties":false}"#, #"{"~/":1}"#, "/~0~1", "/additionalProperties",
                "additionalProperties"
            ),
            // A duplicated instance key is judged once, by its last value.
            (#"{"properties":{"a":{"type":"integer"}}}"#, #"{"a":1,"a":"x"}"#, "/a", "/properties/a/type", "type"),
        ]
    )
    func reportsOneViolation(
        schema: String,
        instance: String,
        instanceLocation: String,
        keywordLocation: String,
        keyword: String
    ) throws {
        let found = try violations(schema, instance)
        try #require(found.count == 1, "got \(found)")
        #expect(found[0].instanceLocation == instanceLocation)
        #expect(found[0].keywordLocation == keywordLocation)
        #expect(found[0].keyword == keyword)
        #expect(try !JSONSchema(json(schema)).isValid(json(instance)))
    }

    // MARK: Messages

    @Test(
        "messages say what was expected and what arrived",
        arguments: [
            // Type mismatch with the value.
            (#"{"type":"integer"}"#, #""5""#, #"expected integer, got string "5""#),
            // A non-integral number for integer.
            (#"{"type":"integer"}"#, #"1.5"#, "expected integer, got number 1.5"),
            // A type array.
            (#"{"type":["string","number","null"]}"#, #"true"#, "expected string, number or null, got boolean true"),
            // nullable adds null to the expectation.
            (#"{"type":"integer","nullable":true}"#, #""x""#, #"expected integer or null, got string "x""#),
            // nullable next to an explicit null type does not repeat null.
            (#"{"type":["string","null"],"nullable":true}"#, #"1"#, "expected string or null, got number 1"),
            // A missing required property.
            (#"{"required":["city"]}"#, #"{}"#, #"missing required property "city""#),
            // An undeclared property.
            (
                #"{"additionalProperties":false}"#, #"{"x":1}"#,
                #"unexpected property "x" (additionalProperties is false)"#
            ),
            // enum lists the allowed values.
            (#"{"enum":["a","b"]}"#, #""c""#, #"expected one of ["a","b"], got string "c""#),
            // const.
            (#"{"const":"a"}"#, #"null"#, #"expected the constant "a", got null"#),
            // minimum.
            (#"{"minimum":1}"#, #"0"#, "expected a number at least 1, got 0"),
            // exclusiveMaximum keeps the literal as sent.
            (#"{"exclusiveMaximum":1}"#, #"1.0"#, "expected a number less than 1, got 1.0"),
            // maxLength.
            (#"{"maxLength":3}"#, #""abcd""#, #"expected at most 3 characters, got 4: "abcd""#),
            // minItems, singular noun.
            (#"{"minItems":1}"#, #"[]"#, "expected at least 1 item, got 0"),
            // The false schema.
            (#"false"#, #""x""#, #"no value is allowed here (the schema is false), got string "x""#),
            // anyOf explains why each alternative failed.
            (
                #"{"anyOf":[{"type":"string"},{"type":"null"}]}"#, #"1"#,
                "expected a value matching at least one of the 2 schemas in anyOf, but number 1 matches none "
                    + "(#0: expected string, got number 1; #1: expected null, got number 1)"
            ),
            // anyOf names the instance location of a deeper failure.
            (
                #"{"anyOf":[{"properties":{"a":{"type":"string"}}},{"type":"array"}]}"#, #"{"a":1}"#,
                #"expected a value matching at least one of the 2 schemas in anyOf, but object {"a":1} matches none "#
                    + #"(#0: at /a: expected string, got number 1; #1: expected array, got object {"a":1})"#
            ),
            // oneOf with several matches names them.
            (
                #"{"oneOf":[{"type":"number"},{"type":"integer"}]}"#, #"1"#,
                "expected a value matching exactly one of the 2 schemas in oneOf, but it matches 2 (#0 and #1)"
            ),
            // not.
            (
                #"{"not":{"type":"string"}}"#, #""x""#,
                #"expected the value not to match the schema in not, but string "x" does"#
            ),
            // items false after a tuple.
            (
                #"{"prefixItems":[{}],"items":false}"#, #"[1,2]"#,
                "unexpected item at index 1: only 1 item allowed (items is false)"
            ),
            // Control characters and quotes are escaped in quoted values.
            (#"{"type":"integer"}"#, #""a\"b\n\u0001""#, #"expected integer, got string "a\"b\n\u0001""#),
        ]
    )
    func messages(schema: String, instance: String, message: String) throws {
        let found = try violations(schema, instance)
        try #require(found.count == 1, "got \(found)")
        #expect(found[0].message == message)
    }

    @Test("long values are cut short in messages")
    func longValuesAreTruncated() throws {
        let long = String(repeating: "x", count: 500)
        let found = try JSONSchema(json(#"{"type":"integer"}"#)).validate(.string(long))
        let message = try #require(found.first?.message)
        #expect(message.hasPrefix(#"expected integer, got string "xxxx"#))
        #expect(message.hasSuffix("…"))
        #expect(message.count < 120)

        let manyItems = JSONValue.array(Array(repeating: "item", count: 10_000))
        let arrayMessage = try #require(JSONSchema(json(#"{"type":"object"}"#)).validate(manyItems).first?.message)
        #expect(arrayMessage.hasPrefix(#"expected object, got array ["item","item","#))
        #expect(arrayMessage.hasSuffix("…"))
        #expect(arrayMessage.count < 120)
    }

    // MARK: Several violations

    @Test("every violation is collected: two wrong properties and one missing required give three")
    func collectsEveryViolation() throws {
        let schema = #"""
            {"type": "object",
             "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1},
                            "unit": {"enum": ["c", "f"]}},
             "required": ["city", "days", "unit"],
             "additionalProperties": false}
            """#
        let found = try violations(schema, #"{"days": "5", "unit": "k"}"#)
        #expect(found.count == 3)
        #expect(found.map(\.instanceLocation) == ["/days", "/unit", ""])
        #expect(found.map(\.keywordLocation) == ["/properties/days/type", "/properties/unit/enum", "/required"])
        #expect(found.map(\.keyword) == ["type", "enum", "required"])
        #expect(found.last?.message == #"missing required property "city""#)
    }

    @Test(
        "several violations, in order",
        arguments: [
            // type and minimum both fail for 2.5.
            (#"{"type":"integer","minimum":3}"#, #"2.5"#, ["/type", "/minimum"], ["", ""]),
            // Two undeclared properties give two violations, in instance order.
            (
                #"{"properties":{"a":{}},"additionalProperties":false}"#, #"{"z":1,"a":1,"y":2}"#,
                ["/additionalProperties", "/additionalProperties"], ["/z", "/y"]
            ),
            // Every wrong array element is reported.
            (
                #"{"items":{"type":"string"}}"#, #"[1,"ok",2,3]"#, ["/items/type", "/items/type", "/items/type"],
                ["/0", "/2", "/3"]
            ),
            // allOf reports the violations of every failing subschema.
            (#"{"allOf":[{"type":"string"},{"minimum":5}]}"#, #"3"#, ["/allOf/0/type", "/allOf/1/minimum"], ["", ""]),
            // Both minimum and exclusiveMinimum fail.
            (#"{"minimum":5,"exclusiveMinimum":4}"#, #"4"#, ["/minimum", "/exclusiveMinimum"], ["", ""]),
            // Two missing required properties.
            (#"{"required":["a","b","c"]}"#, #"{"b":1}"#, ["/required", "/required"], ["", ""]),
            // Nested arrays of objects with one problem per level.
            (
                #"{"items":{"type":"object","required":["id"],"properties":{"tags":{"type":"array","maxItems":1}}}}"#,
                #"[{"id":1,"tags":[1,2]},{"tags":"x"}]"#,
                [
                    "/items/properties/tags/maxItems", "/items/properties/tags/type",
                    "/items/required",
                ], ["/0/tags", "/1/tags", "/1"]
            ),
        ]
    )
    func collectsSeveral(
        schema: String,
        instance: String,
        keywordLocations: [String],
        instanceLocations: [String]
    ) throws {
        let found = try violations(schema, instance)
        #expect(found.map(\.keywordLocation) == keywordLocations)
        #expect(found.map(\.instanceLocation) == instanceLocations)
    }

    @Test("one compiled schema validates many instances")
    func reusesCompiledSchema() throws {
        let schema = try JSONSchema(json(#"{"properties":{"n":{"type":"integer"}},"required":["n"]}"#))
        #expect(schema.validate(try json(#"{"n":1}"#)).isEmpty)
        #expect(schema.validate(try json(#"{"n":1.5}"#)).map(\.keyword) == ["type"])
        #expect(schema.validate(try json(#"{}"#)).map(\.keyword) == ["required"])
        #expect(schema.validate(try json(#"[]"#)).isEmpty)
    }

    // MARK: Malformed schemas

    @Test(
        "malformed schemas throw SchemaError pointing at the problem",
        arguments: [
            // A schema must be an object or a boolean.
            (#""string""#, ""),
            // An unknown type name.
            (#"{"type":"text"}"#, "/type"),
            // type must be a string or an array.
            (#"{"type":5}"#, "/type"),
            // A non-string inside a type array.
            (#"{"type":["string",5]}"#, "/type/1"),
            // A type listed twice.
            (#"{"type":["string","string"]}"#, "/type/1"),
            // An unknown name inside a type array.
            (#"{"type":["string","strin"]}"#, "/type/1"),
            // properties must be an object.
            (#"{"properties":[]}"#, "/properties"),
            // A property schema must be a schema.
            (#"{"properties":{"a":"string"}}"#, "/properties/a"),
            // Errors deep inside are located with escaped pointers.
            (#"{"properties":{"a/b":{"type":"txt"}}}"#, "/properties/a~1b/type"),
            // A property declared twice is ambiguous.
            (#"{"properties":{"a":{},"a":{}}}"#, "/properties"),
            // A keyword given twice is ambiguous.
            (#"{"type":"string","type":"integer"}"#, ""),
            // required must be an array.
            (#"{"required":"city"}"#, "/required"),
            // required entries must be strings.
            (#"{"required":["a",1]}"#, "/required/1"),
            // required entries must be unique.
            (#"{"required":["a","a"]}"#, "/required/1"),
            // enum must be an array.
            (#"{"enum":"a"}"#, "/enum"),
            // items must be a schema or an array of schemas.
            (#"{"items":"string"}"#, "/items"),
            // Every draft-07 tuple entry must be a schema.
            (#"{"$schema":"\#(draft7)","items":[{},3]}"#, "/items/1"),
            // In 2020-12 items is one schema; the tuple form is prefixItems.
            (#"{"items":[{}]}"#, "/items"),
            // items cannot be a tuple next to prefixItems.
            (#"{"prefixItems":[{}],"items":[{}]}"#, "/items"),
            // Draft-07 additionalItems must be a schema.
            (
                #"{"$schema":"\#(draft7)","items":{},"additionalItems":3}"#,
                "/additionalItems"
            ),
            // The draft-04 boolean exclusiveMinimum is not valid in draft-07 or 2020-12.
            (#"{"minimum":0,"exclusiveMinimum":true}"#, "/exclusiveMinimum"),
            // multipleOf must be positive.
            (#"{"multipleOf":0}"#, "/multipleOf"),
            // pattern must be a valid ECMA-262 regex.
            (#"{"pattern":"(abc"}"#, "/pattern"),
            // patternProperties keys must be valid regexes.
            (#"{"patternProperties":{"[a-":{}}}"#, "/patternProperties/[a-"),
            // An unresolvable $ref.
            (##"{"properties":{"a":{"$ref":"#/$defs/missing"}}}"##, "/properties/a/$ref"),
            // A remote $ref that the registry does not hold.
            (#"{"$ref":"https://example.com/schema.json"}"#, "/$ref"),
            // A $ref loop that never descends into the instance.
            (##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##, "/$defs/b"),
            // $id may not carry a fragment in 2020-12.
            (#"{"$id":"https://example.com/s.json#frag"}"#, "/$id"),
            // An unknown $schema.
            (#"{"$schema":"https://example.com/my-meta"}"#, "/$schema"),
            // description must be a string (meta-data vocabulary).
            (#"{"description":3}"#, "/description"),
            // A property schema must be a schema even deep inside $defs.
            (#"{"$defs":{"a":{"properties":{"b":1}}}}"#, "/$defs/a/properties/b"),
            // additionalProperties must be a schema.
            (#"{"additionalProperties":"no"}"#, "/additionalProperties"),
            // minimum must be a number.
            (#"{"minimum":"0"}"#, "/minimum"),
            // exclusiveMaximum must be a number (or the draft-04 boolean).
            (#"{"exclusiveMaximum":"1"}"#, "/exclusiveMaximum"),
            // minLength must not be negative.
            (#"{"minLength":-1}"#, "/minLength"),
            // maxItems must be an integer.
            (#"{"maxItems":1.5}"#, "/maxItems"),
            // anyOf must not be empty.
            (#"{"anyOf":[]}"#, "/anyOf"),
            // oneOf must be an array.
            (#"{"oneOf":{}}"#, "/oneOf"),
            // A malformed subschema inside allOf.
            (#"{"allOf":[{"type":"integer"},{"minimum":"x"}]}"#, "/allOf/1/minimum"),
            // not must be a schema.
            (#"{"not":1}"#, "/not"),
            // nullable must be a boolean.
            (#"{"nullable":"yes"}"#, "/nullable"),
        ]
    )
    func rejectsMalformedSchemas(schema: String, location: String) throws {
        let value = try json(schema)
        let error = #expect(throws: SchemaError.self) { try JSONSchema(value) }
        #expect(error?.location == location)
    }

    @Test("SchemaError and SchemaViolation describe themselves on one line")
    func descriptions() throws {
        let error = #expect(throws: SchemaError.self) { try JSONSchema(json(#"{"type":"text"}"#)) }
        #expect(
            error?.description
                == #"invalid schema at /type: unknown type "text"; expected one of null, boolean, object, "#
                + "array, number, string, integer"
        )
        let rootError = #expect(throws: SchemaError.self) { try JSONSchema(json("3")) }
        #expect(
            rootError?.description == "invalid schema at the root: a schema must be an object or a boolean, got number"
        )

        let found = try violations(#"{"properties":{"n":{"type":"integer"}}}"#, #"{"n":"5"}"#)
        #expect(found.first?.description == #"/n: expected integer, got string "5" (schema /properties/n/type)"#)
    }

    // MARK: Keyword coverage

    @Test(
        "every draft keyword is evaluated, so nothing is reported as unsupported",
        arguments: [
            // $ref and $defs.
            ##"{"$ref":"#/$defs/a","$defs":{"a":{}}}"##,
            // String and array keywords inside subschemas.
            #"{"properties":{"a":{"pattern":"^x"}},"items":{"uniqueItems":true}}"#,
            // patternProperties next to additionalProperties.
            #"{"patternProperties":{"^x":{}},"additionalProperties":false}"#,
            // Combinators and conditionals.
            #"{"anyOf":[{"multipleOf":2}],"if":{},"then":{},"else":{}}"#,
            // Dynamic references and unevaluated keywords.
            ##"{"$dynamicAnchor":"n","items":{"$dynamicRef":"#n"},"unevaluatedItems":false}"##,
            // Draft-07 dependencies.
            #"{"$schema":"\#(draft7)","dependencies":{"a":["b"],"c":{}}}"#,
        ]
    )
    func everyKeywordIsSupported(schema: String) throws {
        #expect(try JSONSchema(json(schema)).unsupportedKeywords.isEmpty)
    }

    // MARK: Depth limits

    @Test("schemas nested up to the limit compile and validate; deeper ones throw")
    func schemaDepthLimit() throws {
        let limit = JSONSchema.maximumDepth
        let deepest = try JSONSchema(nestedItems(["type": "integer"], levels: limit))
        let instance = nestedArrays("x", levels: limit)
        let found = deepest.validate(instance)
        try #require(found.count == 1)
        #expect(found[0].instanceLocation == String(repeating: "/0", count: limit))
        #expect(found[0].keywordLocation == String(repeating: "/items", count: limit) + "/type")

        let error = #expect(throws: SchemaError.self) {
            try JSONSchema(nestedItems(["type": "integer"], levels: limit + 1))
        }
        #expect(error?.location == String(repeating: "/items", count: limit + 1))
    }

    @Test("deep enum values are rejected; deep instances are validated without recursion trouble")
    func deepValues() throws {
        let deepEnum: JSONValue = ["enum": [nestedArrays(1, levels: 300)]]
        let error = #expect(throws: SchemaError.self) { try JSONSchema(deepEnum) }
        #expect(error?.location == "/enum")

        let deepInstance = nestedArrays(1, levels: 2_000)
        #expect(try JSONSchema(json(#"{"type":"array","items":{"type":"array"}}"#)).validate(deepInstance) == [])
        let found = try JSONSchema(json(#"{"enum":[[[1]]],"const":[[[1]]]}"#)).validate(deepInstance)
        #expect(found.map(\.keyword) == ["const", "enum"])
        #expect(found.allSatisfy { $0.message.count < 300 })
    }
}
