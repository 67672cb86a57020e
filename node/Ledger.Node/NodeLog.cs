namespace Ledger.Node;

internal static partial class NodeLog
{
    [LoggerMessage(100, LogLevel.Error, "Unhandled error in {Method} (correlation id {CorrelationId})")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string correlationId);

    [LoggerMessage(101, LogLevel.Information, "Created a dev consortium '{ChainId}' with {OrgCount} orgs in {DataDirectory}")]
    public static partial void DevConsortiumCreated(ILogger logger, string chainId, int orgCount, string dataDirectory);

    [LoggerMessage(102, LogLevel.Information, "Ledger node {NodeId} of chain {ChainId} at height {Height}, genesis {GenesisHash}, data in {DataDirectory}")]
    public static partial void Opened(ILogger logger, string nodeId, string chainId, ulong height, string genesisHash, string dataDirectory);

    [LoggerMessage(103, LogLevel.Information, "gRPC listening on {Address}. Try next:\n  ledger status --node {Address}\n  ledger submit --node {Address} --identity {Registrar} --contract equipment --function Register --args '{{\"pin\":\"SANY-SY215C-0001\",\"manufacturer\":\"Sany\",\"model\":\"SY215C\",\"category\":\"excavator\"}}' --wait\n  ledger query --node {Address} --identity {Identity} --contract equipment --function Get --args '{{\"id\":\"SANYSY215C0001\"}}'\n  ledger block --node {Address} --height 1")]
    public static partial void Listening(ILogger logger, string address, string registrar, string identity);

    [LoggerMessage(104, LogLevel.Information, "Health, readiness and metrics on {Address}/healthz, {Address}/readyz and {Address}/metrics")]
    public static partial void HttpListening(ILogger logger, string address);

    [LoggerMessage(105, LogLevel.Warning, "A TLS client certificate is refused: {Reason}")]
    public static partial void TlsClientRefused(ILogger logger, string reason);

    [LoggerMessage(106, LogLevel.Information, "Cryptography: SHA-256 by {Sha256}; ECDSA P-256 verification {Ecdsa}; per-key tables of precomputed multiples {Tables} (a key gets one after {TableAfter} verifications, at most {MaxTables} keys)")]
    public static partial void Cryptography(ILogger logger, string sha256, string ecdsa, string tables, int tableAfter, int maxTables);

    [LoggerMessage(107, LogLevel.Information, "Garbage collection: {Kind}; dynamic adaptation to the application's size (DATAS) {Datas}")]
    public static partial void GarbageCollection(ILogger logger, string kind, string datas);
}
