using Ledger.Client.Proofs;
using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Merkle;
using Ledger.TestKit;

namespace Ledger.Client.Tests;

/// <summary>Offline transaction proofs: a genuine one holds, and every kind of tampering is named.</summary>
public sealed class TransactionProofTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;
    private readonly Block _genesis;
    private readonly TransactionProof _proof;

    public TransactionProofTests()
    {
        _ledger = new TestLedger(_consortium);
        _genesis = _consortium.Genesis;
        var maker = _consortium.Transactions("manufacturer");
        _ledger.Commit(maker.Register("P-1"), maker.Register("P-2"));
        _ledger.Commit(maker.Register("P-3"), maker.Register("P-4"), maker.Register("P-5"), maker.Register("P-6"), maker.Register("P-7"));
        _ledger.Commit(maker.Register("P-8"));
        _proof = Prove(height: 2, index: 3);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    /// <summary>What <c>ledger proof tx</c> writes, built straight from the store.</summary>
    private TransactionProof Prove(ulong height, int index)
    {
        var block = _ledger.Ledger.GetBlock(height)!;
        var leaves = Block.LeafHashes(block.Transactions);
        var record = block.Transactions[index];
        var head = _ledger.Ledger.Head!.Height;
        return new TransactionProof(
            TransactionProof.CurrentKind,
            _genesis.Header.ChainId,
            _genesis.Hash.ToHex(),
            record.TxId.ToHex(),
            height,
            Enumerable.Range(1, (int)height).Select(h => Convert.ToBase64String(_ledger.Ledger.GetBlock((ulong)h)!.Header.Encode())).ToArray(),
            Convert.ToBase64String(record.LeafData()),
            (ulong)index,
            MerkleTree.InclusionPath(leaves, index).Select(p => p.ToHex()).ToArray());
    }

    private string? FailedCheck(TransactionProof proof, Block? genesis = null)
    {
        var result = OfflineVerifier.VerifyTransaction(TransactionProof.Parse(proof.ToJson()), genesis ?? _genesis);
        return result.IsValid ? null : result.Check;
    }

    private static string FlipHex(string hex, int at) => hex[..at] + (hex[at] == '0' ? '1' : '0') + hex[(at + 1)..];

    private static string FlipBase64Byte(string base64, int at)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[at] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }

    [Fact]
    public void A_genuine_proof_holds_and_says_what_it_proves()
    {
        var result = OfflineVerifier.VerifyTransaction(_proof, _genesis);

        Assert.True(result.IsValid, result.Message);
        Assert.Contains($"transaction {_proof.TxId} is in block 2", result.Message, StringComparison.Ordinal);
        Assert.Contains("equipment.Register by admin@manufacturer", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_transaction_of_every_block_has_a_proof_that_holds()
    {
        for (ulong h = 1; h <= 3; h++)
        {
            var count = _ledger.Ledger.GetBlock(h)!.Transactions.Count;
            for (var i = 0; i < count; i++)
            {
                Assert.Null(FailedCheck(Prove(h, i)));
            }
        }
    }

    [Fact]
    public void A_flipped_byte_in_the_transactions_payload_changes_its_id() =>
        Assert.Equal("tx-id", FailedCheck(_proof with { Record = FlipBase64Byte(_proof.Record, 30) }));

    [Fact]
    public void A_flipped_byte_in_the_recorded_outcome_breaks_the_path()
    {
        var bytes = Convert.FromBase64String(_proof.Record);
        bytes[^5] ^= 0x01; // inside the last field (events/result), not the envelope

        Assert.Equal("inclusion-path", FailedCheck(_proof with { Record = Convert.ToBase64String(bytes) }));
    }

    [Fact]
    public void A_flipped_bit_in_a_sibling_breaks_the_path() =>
        Assert.Equal("inclusion-path", FailedCheck(_proof with { AuditPath = [FlipHex(_proof.AuditPath[0], 5), .. _proof.AuditPath.Skip(1)] }));

    [Fact]
    public void Siblings_in_another_order_break_the_path()
    {
        Assert.True(_proof.AuditPath.Count >= 2);

        Assert.Equal("inclusion-path", FailedCheck(_proof with { AuditPath = _proof.AuditPath.Reverse().ToArray() }));
    }

    [Fact]
    public void A_truncated_or_extended_path_is_refused()
    {
        Assert.Equal("inclusion-path", FailedCheck(_proof with { AuditPath = _proof.AuditPath.SkipLast(1).ToArray() }));
        Assert.Equal("inclusion-path", FailedCheck(_proof with { AuditPath = [.. _proof.AuditPath, _proof.AuditPath[0]] }));
    }

    [Fact]
    public void Another_leaf_index_is_refused()
    {
        Assert.Equal("inclusion-path", FailedCheck(_proof with { LeafIndex = 2 }));
        Assert.Equal("leaf-index", FailedCheck(_proof with { LeafIndex = 5 }));
    }

    [Fact]
    public void A_proof_against_another_genesis_is_refused()
    {
        using var other = new TestConsortium();

        Assert.Equal("genesis", FailedCheck(_proof, other.Genesis));
    }

    [Fact]
    public void A_tampered_header_breaks_the_link_to_the_next()
    {
        var headers = _proof.Headers.ToArray();
        var first = BlockHeader.Decode(Convert.FromBase64String(headers[0]));
        headers[0] = Convert.ToBase64String((first with { StateRoot = Hash32.Compute("forged"u8) }).Encode());

        Assert.Equal("header-link", FailedCheck(_proof with { Headers = headers }));
    }

    [Fact]
    public void A_tampered_tx_root_in_the_last_header_breaks_the_path()
    {
        var headers = _proof.Headers.ToArray();
        var last = BlockHeader.Decode(Convert.FromBase64String(headers[^1]));
        headers[^1] = Convert.ToBase64String((last with { TxRoot = Hash32.Compute("forged"u8) }).Encode());

        Assert.Equal("inclusion-path", FailedCheck(_proof with { Headers = headers }));
    }

    [Fact]
    public void A_changed_transaction_count_names_another_block_hash()
    {
        // RFC 9162 paths do not bind the tree size, so the header does (TxCount); changing it changes
        // the header's hash, and the proof then speaks of a block that is not the chain's. (Without
        // commit certificates the last header is only as good as the node that served it.)
        var headers = _proof.Headers.ToArray();
        var last = BlockHeader.Decode(Convert.FromBase64String(headers[^1]));
        var forged = last with { TxCount = last.TxCount + 1 };
        headers[^1] = Convert.ToBase64String(forged.Encode());

        var result = OfflineVerifier.VerifyTransaction(_proof with { Headers = headers }, _genesis);

        Assert.NotEqual(last.Hash, forged.Hash);
        Assert.DoesNotContain(last.Hash.ToHex(), result.Message, StringComparison.Ordinal);
        Assert.Equal("leaf-index", FailedCheck(_proof with { Headers = headers, LeafIndex = forged.TxCount }));
    }

    [Fact]
    public void Missing_or_reordered_headers_are_refused()
    {
        Assert.Equal("header-height", FailedCheck(_proof with { Headers = _proof.Headers.Skip(1).ToArray() }));
        Assert.Equal("header-height", FailedCheck(_proof with { Headers = _proof.Headers.Reverse().ToArray() }));
    }

    [Fact]
    public void A_claimed_height_other_than_the_last_header_is_refused() =>
        Assert.Equal("height", FailedCheck(_proof with { Height = 3 }));

    [Fact]
    public void A_proof_claiming_another_transaction_is_refused()
    {
        var other = Prove(2, 1);

        Assert.Equal("tx-id", FailedCheck(_proof with { TxId = other.TxId }));
    }

    [Fact]
    public void A_proof_for_another_chain_is_refused() =>
        Assert.Equal("chain-id", FailedCheck(_proof with { ChainId = "another-chain" }));

    [Fact]
    public void Bytes_that_do_not_decode_are_named()
    {
        Assert.Equal("encoding", FailedCheck(_proof with { Record = "not base64!" }));
        Assert.Equal("encoding", FailedCheck(_proof with { AuditPath = ["abc"] }));
    }

    [Fact]
    public void A_file_that_is_not_a_proof_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => TransactionProof.Parse("{}"));
        Assert.Throws<FormatException>(() => TransactionProof.Parse("not json"));
    }

    [Fact]
    public void A_genesis_file_that_is_not_a_genesis_block_is_named()
    {
        var (genesis, failure) = OfflineVerifier.LoadGenesis(_ledger.Ledger.GetBlockBytes(1)!);

        Assert.Null(genesis);
        Assert.Equal("genesis", failure!.Check);
    }
}
