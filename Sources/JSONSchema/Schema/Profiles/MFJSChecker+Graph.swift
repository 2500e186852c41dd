import Foundation

/// The MFJS rules that need the whole schema: total property count, nesting depth through `$ref`s, and required
/// chains that can never end. Both graph algorithms are iterative and linear in the number of subschemas and
/// references.
extension MFJSChecker {
    /// Resolves references, then checks the property count, the depth and the recursion rules.
    mutating func checkGraph() {
        resolveReferences()
        if propertyCount > limits.maximumPropertyCount {
            report(
                .mfjsPropertyCount,
                "",
                "The schema declares \(propertyCount) properties in all; MFJS allows at most "
                    + "\(limits.maximumPropertyCount)."
            )
        }
        checkDepth()
        checkTermination()
    }

    /// Points every `$ref` at its node: `#` is the root, `#/…` a JSON Pointer to a collected subschema. Other
    /// references (already reported) and pointers to places MFJS does not walk stay unresolved.
    private mutating func resolveReferences() {
        for index in nodes.indices {
            guard let reference = nodes[index].reference, reference.hasPrefix("#") else { continue }
            let fragment = String(reference.dropFirst())
            let pointer = fragment.removingPercentEncoding ?? fragment
            nodes[index].target = nodeAtPointer[pointer]
        }
    }

    // MARK: Depth

    /// The schema's edges for nesting depth: a property adds a level; `items`, `additionalProperties`, `anyOf`
    /// and `$ref` do not.
    private func depthEdges(_ index: Int) -> [(node: Int, weight: Int)] {
        let node = nodes[index]
        var edges = node.properties.map { (node: $0.node, weight: 1) }
        if let items = node.items { edges.append((items, 0)) }
        if let additional = node.additionalProperties { edges.append((additional, 0)) }
        edges += node.anyOf.map { (node: $0, weight: 0) }
        if let target = node.target { edges.append((target, 0)) }
        return edges
    }

    /// Reports `properties` nested deeper than the limit, from the root or from any `$defs` entry (each measured
    /// from level 0, as walle does). A `$ref` back into a schema that is still being measured counts once, so
    /// recursive schemas have a finite depth.
    private mutating func checkDepth() {
        let count = nodes.count
        var state = [UInt8](repeating: 0, count: count)  // 0 new, 1 on the path, 2 done
        var depth = [Int](repeating: 0, count: count)
        var deepest = [Int?](repeating: nil, count: count)  // the edge that gives `depth`
        let starts = [0] + nodes[0].definitions
        for start in starts where state[start] == 0 {
            state[start] = 1
            var stack: [(node: Int, edges: [(node: Int, weight: Int)], next: Int)] = [(start, depthEdges(start), 0)]
            while let top = stack.last {
                if top.next < top.edges.count {
                    stack[stack.count - 1].next += 1
                    let child = top.edges[top.next].node
                    if state[child] == 0 {
                        state[child] = 1
                        stack.append((child, depthEdges(child), 0))
                    }
                    continue
                }
                // All children done; children still on the path are references back into it and count nothing.
                var best = 0
                var choice: Int?
                for (position, edge) in top.edges.enumerated() where state[edge.node] == 2 {
                    let candidate = edge.weight + depth[edge.node]
                    if candidate > best {
                        best = candidate
                        choice = position
                    }
                }
                depth[top.node] = best
                deepest[top.node] = choice
                state[top.node] = 2
                stack.removeLast()
            }
        }
        guard let start = starts.first(where: { depth[$0] > limits.maximumDepth }) else { return }
        // Follow the deepest path to the first subschema beyond the limit.
        var node = start
        var level = 0
        var path: [String] = []
        while level <= limits.maximumDepth, let choice = deepest[node] {
            let edge = depthEdges(node)[choice]
            if nodes[node].target == edge.node, let reference = nodes[node].reference { path.append(reference) }
            level += edge.weight
            node = edge.node
        }
        let origin = start == 0 ? "the root" : nodes[start].pointer
        let through = path.isEmpty ? "" : " (through $ref \(path.map { "\"\($0)\"" }.joined(separator: ", ")))"
        report(
            .mfjsDepth,
            nodes[node].pointer,
            "properties nest \(depth[start]) levels deep from \(origin)\(through); MFJS allows at most "
                + "\(limits.maximumDepth). This subschema is at level \(level)."
        )
    }

    // MARK: Recursion

    /// One AND or OR gate of the termination circuit.
    private struct Gate {
        var isAnd: Bool
        /// Inputs still false (AND), or 1 until any input is true (OR).
        var pending: Int
        var parents: [Int] = []
        var isTrue = false
    }

    /// Reports a root schema that no finite value can satisfy through its required chains (walle's "infinite
    /// recursion"), decided as a least fixed point by unit propagation over an AND/OR circuit.
    ///
    /// A subschema *can end* when each of its parts can: its `type` (any scalar type ends; an array ends when it
    /// has no `items` or its items can end; an object ends when it requires nothing or any required property can
    /// end — MFJS's reading, which lets one finite required member close a chain); its `$ref` target; and, with
    /// `anyOf`, some branch. Schemas without `type` end. Optional properties never matter.
    private mutating func checkTermination() {
        var gates = nodes.map { _ in Gate(isAnd: true, pending: 0) }
        let alwaysTrue = gates.count
        gates.append(Gate(isAnd: true, pending: 0))

        func connect(_ gate: Int, isAnd: Bool, _ inputs: [Int]) {
            gates[gate].isAnd = isAnd
            gates[gate].pending = isAnd ? inputs.count : 1
            for input in inputs { gates[input].parents.append(gate) }
        }
        func add(isAnd: Bool, _ inputs: [Int]) -> Int {
            gates.append(Gate(isAnd: isAnd, pending: 0))
            connect(gates.count - 1, isAnd: isAnd, inputs)
            return gates.count - 1
        }

        for (index, node) in nodes.enumerated() {
            guard node.isObject else {
                // true (or a non-schema) ends; false never does.
                connect(index, isAnd: node.booleanValue, [])
                continue
            }
            var parts: [Int] = []
            if let types = node.types, !types.contains(where: Self.scalarTypes.contains) {
                var options: [Int] = []
                if types.contains("array") { options.append(node.items ?? alwaysTrue) }
                if types.contains("object") { options.append(objectGate(node, alwaysTrue: alwaysTrue, add: add)) }
                parts.append(add(isAnd: false, options))
            }
            if let target = node.target { parts.append(target) }
            if !node.anyOf.isEmpty { parts.append(add(isAnd: false, node.anyOf)) }
            connect(index, isAnd: true, parts)
        }

        var queue = gates.indices.filter { gates[$0].isAnd && gates[$0].pending == 0 }
        for gate in queue { gates[gate].isTrue = true }
        var head = 0
        while head < queue.count {
            let gate = queue[head]
            head += 1
            for parent in gates[gate].parents where !gates[parent].isTrue {
                gates[parent].pending -= 1
                if !gates[parent].isAnd || gates[parent].pending == 0 {
                    gates[parent].isTrue = true
                    queue.append(parent)
                }
            }
        }
        guard !gates[0].isTrue else { return }
        reportEndlessChain { gates[$0].isTrue }
    }

    /// The gate for an object alternative: true without required names or properties, or when a required name
    /// is not declared (any value may fill it); otherwise an OR over the required properties.
    private func objectGate(_ node: Node, alwaysTrue: Int, add: (Bool, [Int]) -> Int) -> Int {
        guard !node.required.isEmpty, !node.properties.isEmpty else { return alwaysTrue }
        let byName = node.propertyNodes
        var required: [Int] = []
        for name in node.required {
            guard let property = byName[name] else { return alwaysTrue }
            required.append(property)
        }
        return add(false, required)
    }

    /// Finds the first `$ref` (breadth first from the root, along required members that cannot end) whose target
    /// cannot end, and reports the endless chain there.
    private mutating func reportEndlessChain(ends: (Int) -> Bool) {
        var visited = Set<Int>([0])
        var queue = [0]
        var head = 0
        while head < queue.count {
            let node = nodes[queue[head]]
            head += 1
            if let target = node.target, !ends(target), let reference = node.reference {
                report(
                    .mfjsInfiniteRecursion,
                    node.pointer + "/$ref",
                    "Infinite recursion: every value must contain \"\(reference)\" again through required "
                        + "properties, so no finite value can be generated. Make a property on the chain optional, "
                        + "or add an anyOf branch that ends (such as null)."
                )
                return
            }
            var next: [Int] = node.anyOf
            if let items = node.items { next.append(items) }
            let byName = node.propertyNodes
            next += node.required.compactMap { byName[$0] }
            if let target = node.target { next.append(target) }
            for child in next where !ends(child) && visited.insert(child).inserted { queue.append(child) }
        }
        report(
            .mfjsInfiniteRecursion,
            "",
            "Infinite recursion: no finite value satisfies the schema's required properties."
        )
    }
}
