using Ledger.Core.Blocks;
using Ledger.Core.Serialization;
using Ledger.Core.Transactions;

namespace Ledger.Core.Tests.Support;

/// <summary>Well-formed sample values for the format tests (no real keys needed).</summary>
internal static class Samples
{
    public static TxPayload Payload(string chainId = "test-chain", string arguments = """{"pin":"SY215C-0001","note":"Grüße"}""") => new(
        chainId,
        "equipment",
        "Register",
        arguments,
        Enumerable.Range(0, 300).Select(i => (byte)i).ToArray(),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
        1_767_225_600_000);

    public static byte[] Signature(byte fill = 0x5A) => Enumerable.Repeat(fill, 64).ToArray();

    public static SignedTransaction Envelope(int endorsements = 2)
    {
        var list = Enumerable.Range(0, endorsements)
            .Select(i => new Endorsement(Enumerable.Repeat((byte)(0x30 + i), 100 + i).ToArray(), Signature((byte)i)))
            .ToArray();
        return new SignedTransaction(Payload().Encode(), Signature(), list);
    }

    public static TxRecord Tx(ValidationCode code = ValidationCode.Valid, int events = 2) => new(
        Envelope().Encode(),
        code,
        code == ValidationCode.Valid ? string.Empty : "NOT_OWNER",
        code == ValidationCode.Valid ? string.Empty : "only the owner may do that",
        code == ValidationCode.Valid ? """{"id":"SY215C0001"}""" : string.Empty,
        Enumerable.Range(0, events).Select(i => new ContractEvent($"Event{i}", $$"""{"i":{{i}}}""")).ToArray());

    public static BlockHeader Header(
        uint version = BlockHeader.CurrentVersion,
        string chainId = "test-chain",
        ulong height = 7,
        Hash32? previousHash = null,
        Hash32? txRoot = null,
        uint txCount = 3,
        Hash32? stateRoot = null,
        long blockTimeUnixMs = 1_767_225_601_000,
        string proposer = "node-1",
        ulong configVersion = 1,
        Hash32? configHash = null) => new(
        version,
        chainId,
        height,
        previousHash ?? Hash32.Compute("previous"u8),
        txRoot ?? Hash32.Compute("tx root"u8),
        txCount,
        stateRoot ?? Hash32.Compute("state root"u8),
        blockTimeUnixMs,
        proposer,
        configVersion,
        configHash ?? Hash32.Compute("config"u8));

    public static Block BlockOf(int transactions = 3, byte[]? config = null)
    {
        var records = Enumerable.Range(0, transactions)
            .Select(i => Tx(i % 2 == 0 ? ValidationCode.Valid : ValidationCode.ContractRejected, events: i))
            .ToArray();
        return new Block(Header(txRoot: Block.ComputeTxRoot(records), txCount: (uint)records.Length), records, config);
    }

    /// <summary>Asserts that <paramref name="decode"/> rejects every proper prefix of <paramref name="bytes"/>.</summary>
    public static void AssertEveryTruncationIsRejected(byte[] bytes, Action<byte[]> decode)
    {
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            var e = Record.Exception(() => decode(prefix));
            Assert.True(e is LedgerFormatException, $"a prefix of {length} of {bytes.Length} bytes gave {e?.GetType().Name ?? "no exception"}");
        }
    }

    public static byte[] Append(byte[] bytes, params byte[] extra) => [.. bytes, .. extra];
}
