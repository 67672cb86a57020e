using Grpc.Core;
using Ledger.Consensus;
using Ledger.Consensus.Attestations;
using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.Protos;
using Ledger.Protos.V1;
using Ledger.Execution;
using Ledger.State;
using System.Text;
using CoreBlock = Ledger.Core.Blocks.Block;

namespace Ledger.Node.Grpc;

/// <summary>Reading the chain: blocks, transactions with inclusion proofs, and a live block stream.</summary>
// Not sealed, and its handlers are virtual and declared here: Grpc.AspNetCore binds handlers that
// are declared by the type named in [BindServiceMethod] (see StrictBinding).
[BindServiceMethod(typeof(LedgerBinding), nameof(LedgerBinding.BindService))]
public class LedgerService(LedgerStore ledger, CommitFeed feed, ContractRegistry contracts, AttestationService attestations)
{
    /// <summary>Most heights one GetAttestations call covers.</summary>
    public const int MaxAttestationHeights = AttestationService.MaxHeightsPerFetch;

    /// <summary>Longest state key a proof can be asked for (the longest a contract can write).</summary>
    public const int MaxStateKeyBytes = ExecutionLimits.MaxKeyBytes;

    public virtual Task<Block> GetBlock(GetBlockRequest request, ServerCallContext context)
    {
        var height = request.Latest ? ledger.Head!.Height : request.Height;
        var bytes = ledger.GetBlockBytes(height)
            ?? throw StatusMapping.Exception(StatusCode.NotFound, $"no block at height {height} (head is {ledger.Head!.Height})", "BLOCK_NOT_FOUND");
        return Task.FromResult(WithCertificate(CoreBlock.Decode(bytes), bytes));
    }

    public virtual Task<GetAttestationsResponse> GetAttestations(GetAttestationsRequest request, ServerCallContext context)
    {
        if (request.FromHeight > request.ToHeight || request.ToHeight - request.FromHeight >= MaxAttestationHeights)
        {
            throw StatusMapping.InvalidArgument("to_height", $"ask for 1 to {MaxAttestationHeights} heights, from_height <= to_height");
        }

        var response = new GetAttestationsResponse();
        var head = ledger.Head!.Height;
        for (var h = request.FromHeight; h <= Math.Min(request.ToHeight, head); h++)
        {
            response.Certificates.Add(Certificate(Core.Blocks.BlockHeader.Decode(ledger.GetHeaderBytes(h)!)));
        }

        return Task.FromResult(response);
    }

    public virtual Task<GetTransactionResponse> GetTransaction(GetTransactionRequest request, ServerCallContext context)
    {
        if (!Hash32.TryParse(request.TxId, out var txId))
        {
            throw StatusMapping.InvalidArgument("tx_id", "tx_id must be 64 hex digits");
        }

        var location = ledger.FindTransaction(txId)
            ?? throw StatusMapping.Exception(StatusCode.NotFound, $"no committed transaction {txId}", "TX_NOT_FOUND");
        var block = ledger.GetBlock(location.Height)!;
        var leaves = CoreBlock.LeafHashes(block.Transactions);
        var proof = new InclusionProof
        {
            LeafIndex = (ulong)location.Index,
            TreeSize = (ulong)leaves.Length,
            LeafHash = ProtoMapper.Bytes(leaves[location.Index]),
        };
        foreach (var sibling in MerkleTree.InclusionPath(leaves, location.Index))
        {
            proof.AuditPath.Add(ProtoMapper.Bytes(sibling));
        }

        return Task.FromResult(new GetTransactionResponse
        {
            Transaction = ProtoMapper.ToProto(block.Transactions[location.Index], location.Index),
            Header = ProtoMapper.ToProto(block.Header),
            Proof = proof,
            Certificate = Certificate(block.Header),
        });
    }

    public const int MaxHeadersPerCall = 10_000;

    public virtual Task<GetHeadersResponse> GetHeaders(GetHeadersRequest request, ServerCallContext context)
    {
        var head = ledger.Head!.Height;
        if (request.FromHeight > request.ToHeight || request.ToHeight - request.FromHeight >= MaxHeadersPerCall)
        {
            throw StatusMapping.InvalidArgument("to_height", $"ask for 1 to {MaxHeadersPerCall} headers, from_height <= to_height");
        }

        if (request.ToHeight > head)
        {
            throw StatusMapping.Exception(StatusCode.NotFound, $"no block at height {request.ToHeight} (head is {head})", "BLOCK_NOT_FOUND");
        }

        var response = new GetHeadersResponse();
        for (var h = request.FromHeight; h <= request.ToHeight; h++)
        {
            response.Headers.Add(ProtoMapper.ToProto(Core.Blocks.BlockHeader.Decode(ledger.GetHeaderBytes(h)!)));
        }

        return Task.FromResult(response);
    }

    public virtual Task<GetStateProofResponse> GetStateProof(GetStateProofRequest request, ServerCallContext context)
    {
        if (request.Contract.Length == 0 || Encoding.UTF8.GetByteCount(request.Contract) > Core.Consortium.ConsortiumConfig.MaxIdBytes || request.Contract.Contains('\0', StringComparison.Ordinal))
        {
            throw StatusMapping.InvalidArgument("contract", $"contract must be 1 to {Core.Consortium.ConsortiumConfig.MaxIdBytes} UTF-8 bytes without NUL");
        }

        if (contracts.Find(request.Contract) is null)
        {
            throw StatusMapping.Exception(StatusCode.NotFound, $"no contract '{request.Contract}' on this chain (there are: {string.Join(", ", contracts.Names.Order(StringComparer.Ordinal))})", "CONTRACT_NOT_FOUND");
        }

        if (request.Key.Length == 0 || Encoding.UTF8.GetByteCount(request.Key) > MaxStateKeyBytes)
        {
            throw StatusMapping.InvalidArgument("key", $"key must be 1 to {MaxStateKeyBytes} UTF-8 bytes");
        }

        var head = ledger.Head!.Height;
        var height = request.HasHeight ? request.Height : head;
        if (height > head)
        {
            throw StatusMapping.Exception(StatusCode.NotFound, $"no block at height {height} (head is {head})", "BLOCK_NOT_FOUND");
        }

        Core.Blocks.BlockHeader header;
        byte[]? value;
        StateProofPath path;
        try
        {
            (header, value, path) = ledger.ProveState(request.Contract, request.Key, height);
        }
        catch (InvalidOperationException e)
        {
            throw StatusMapping.Exception(StatusCode.Internal, e.Message, "STATE_CORRUPT");
        }

        var response = new GetStateProofResponse { Header = ProtoMapper.ToProto(header), Present = value is not null, Certificate = Certificate(header) };
        if (value is not null)
        {
            response.Value = Google.Protobuf.ByteString.CopyFrom(value);
        }

        if (path.Terminal is { } leaf)
        {
            response.Terminal = new StateProofLeaf { KeyHash = ProtoMapper.Bytes(leaf.KeyHash), ValueHash = ProtoMapper.Bytes(leaf.ValueHash) };
        }

        foreach (var level in path.Levels)
        {
            var proto = new Protos.V1.StateProofLevel { Bitmap = level.Bitmap };
            foreach (var sibling in level.Siblings)
            {
                proto.Siblings.Add(ProtoMapper.Bytes(sibling));
            }

            response.Levels.Add(proto);
        }

        return Task.FromResult(response);
    }

    public virtual async Task StreamBlocks(StreamBlocksRequest request, IServerStreamWriter<Block> responseStream, ServerCallContext context)
    {
        if (request.CertifiedOnly && attestations.Policy is null)
        {
            throw StatusMapping.Exception(StatusCode.FailedPrecondition, "this chain's genesis sets no attestation policy: no block is ever certified", "NO_ATTESTATION_POLICY");
        }

        var next = request.FromHeight;
        var cancellation = context.CancellationToken;
        while (!cancellation.IsCancellationRequested)
        {
            await feed.WaitForHeightAsync(next, cancellation);
            var head = ledger.Head!.Height;
            for (; next <= head; next++)
            {
                if (request.CertifiedOnly)
                {
                    await attestations.WaitForCertificateAsync(next, cancellation);
                }

                var bytes = ledger.GetBlockBytes(next)!;
                await responseStream.WriteAsync(WithCertificate(CoreBlock.Decode(bytes), bytes), cancellation);
            }
        }
    }

    private Block WithCertificate(CoreBlock block, byte[] bytes)
    {
        var message = ProtoMapper.ToProto(block, bytes);
        message.Certificate = Certificate(block.Header);
        return message;
    }

    private CommitCertificate Certificate(Core.Blocks.BlockHeader header) =>
        ProtoMapper.ToProto(header.Height, header.Hash, attestations.AttestationsAt(header.Height), attestations.CertifiedOrgs(header.Height), attestations.Policy?.Threshold ?? 0);
}
