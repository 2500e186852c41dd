// Users of the VerifierCore product get the whole API with one import, as Hummingbird re-exports
// HummingbirdCore: the JSON Schema validator and the pure judging core are targets of their own so that
// the compiler, not a convention, keeps them free of I/O.
@_exported import JSONSchema
@_exported import VerifierJudging
