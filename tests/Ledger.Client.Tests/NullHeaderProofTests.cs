using System.Text.Json.Nodes;
using Ledger.Client.Proofs;

namespace Ledger.Client.Tests;

/// <summary>
/// A proof file whose header list holds a JSON null is refused as a file or named as an encoding
/// failure, never an unhandled exception (the check every proof shares: state and transaction proofs).
/// </summary>
public sealed class NullHeaderProofTests(StateProofLedger chain) : IClassFixture<StateProofLedger>
{
    private static string WithNullHeader(string json, int index)
    {
        var node = JsonNode.Parse(json)!;
        node["headers"]![index] = null;
        return node.ToJsonString();
    }

    /// <summary>Either the file is refused (FormatException) or the verifier names the check "encoding".</summary>
    private static void AssertRefusedAsEncoding<TProof>(string json, Func<string, TProof> parse, Func<TProof, VerificationResult> verify)
    {
        TProof proof;
        try
        {
            proof = parse(json);
        }
        catch (FormatException)
        {
            return;
        }

        var result = verify(proof);
        Assert.False(result.IsValid);
        Assert.Equal("encoding", result.Check);
    }

    [Fact]
    public void A_state_proof_with_a_null_header_is_refused_not_thrown_on()
    {
        var proof = chain.Prove(StateProofLedger.Machine(7));
        Assert.NotEmpty(proof.Headers);

        AssertRefusedAsEncoding(WithNullHeader(proof.ToJson(), 0), StateProof.Parse, p => OfflineVerifier.VerifyState(p, chain.Genesis));
        AssertRefusedAsEncoding(WithNullHeader(proof.ToJson(), proof.Headers.Count - 1), StateProof.Parse, p => OfflineVerifier.VerifyState(p, chain.Genesis));
    }

    [Fact]
    public void A_transaction_proof_with_a_null_header_is_refused_not_thrown_on()
    {
        var genesis = chain.Genesis;
        var block = chain.Ledger.Ledger.GetBlock(1)!;
        var record = block.Transactions[0];
        var proof = new TransactionProof(
            TransactionProof.CurrentKind,
            genesis.Header.ChainId,
            genesis.Hash.ToHex(),
            record.TxId.ToHex(),
            1,
            [Convert.ToBase64String(block.Header.Encode())],
            Convert.ToBase64String(record.LeafData()),
            0,
            Ledger.Core.Merkle.MerkleTree.InclusionPath(Ledger.Core.Blocks.Block.LeafHashes(block.Transactions), 0).Select(p => p.ToHex()).ToArray());
        Assert.True(OfflineVerifier.VerifyTransaction(proof, genesis).IsValid);

        AssertRefusedAsEncoding(WithNullHeader(proof.ToJson(), 0), TransactionProof.Parse, p => OfflineVerifier.VerifyTransaction(p, genesis));
    }
}
