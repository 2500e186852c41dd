/// The verifier's version, written into reports and the User-Agent.
public enum VerifierVersion {
    /// The current version.
    public static let current = "0.1.0"
}
