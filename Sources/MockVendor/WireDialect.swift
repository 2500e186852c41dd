/// The shape a mock host gives its answers on the wire: OpenAI's own, or a real engine's.
///
/// A dialect changes nothing a correct client may rely on — the calls, their arguments, the text and
/// the finish reason stay the scripted model's — only what real servers were seen to send around them
/// (docs/real-engines.md): extra members, `content: ""` where OpenAI sends `null`, id formats, error
/// bodies, and how a streamed answer is cut into chunks. The verifier must judge a dialect's answers
/// exactly as it judges OpenAI's, which is what the dialect profiles' tests prove.
public enum WireDialect: String, Sendable, Hashable, CaseIterable {
    /// OpenAI's shape: `call_…` ids, `content: null` beside calls, `{"error": {…, "code": null}}`.
    case openAI = "openai"
    /// llama.cpp's `llama-server`: `system_fingerprint` and `timings` members, usage with
    /// `prompt_tokens_details`, `content: ""` beside calls, 32-character alphanumeric call ids without a
    /// prefix, no `logprobs` member, `{"error": {"code": 400, …}}` with a numeric code, and `timings` on
    /// the last streamed chunk.
    case llamaServer = "llama-server"
    /// llama-cpp-python's server (`chatml-function-calling`): `chatcmpl-<uuid>` ids, call ids
    /// `call__<i>_<name>_cmpl-<uuid>`, the deprecated `function_call` beside a single call, every streamed
    /// call delta with `role`, `content`, `function_call` and `tool_calls` members (mostly `null`), each
    /// call fragment re-sending the id and the name, no usage chunk whatever `stream_options` asks, and
    /// errors as `{"error": {"message": "1 validation error: …", "type", "param": null, "code": null}}`.
    case llamaCppPython = "llama-cpp-python"
}
