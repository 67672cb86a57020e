using Grpc.Core;
using Ledger.Consensus;
using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.Protos;
using Ledger.Protos.V1;
using Ledger.State;
using CoreBlock = Ledger.Core.Blocks.Block;

namespace Ledger.Node.Grpc;

/// <summary>Reading the chain: blocks, transactions with inclusion proofs, and a live block stream.</summary>
// Not sealed, and its handlers are virtual and declared here: Grpc.AspNetCore binds handlers that
// are declared by the type named in [BindServiceMethod] (see StrictBinding).
[BindServiceMethod(typeof(LedgerBinding), nameof(LedgerBinding.BindService))]
public class LedgerService(LedgerStore ledger, CommitFeed feed)
{
    public virtual Task<Block> GetBlock(GetBlockRequest request, ServerCallContext context)
    {
        var height = request.Latest ? ledger.Head!.Height : request.Height;
        var bytes = ledger.GetBlockBytes(height)
            ?? throw StatusMapping.Exception(StatusCode.NotFound, $"no block at height {height} (head is {ledger.Head!.Height})", "BLOCK_NOT_FOUND");
        return Task.FromResult(ProtoMapper.ToProto(CoreBlock.Decode(bytes), bytes));
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

    public virtual async Task StreamBlocks(StreamBlocksRequest request, IServerStreamWriter<Block> responseStream, ServerCallContext context)
    {
        var next = request.FromHeight;
        var cancellation = context.CancellationToken;
        while (!cancellation.IsCancellationRequested)
        {
            await feed.WaitForHeightAsync(next, cancellation);
            var head = ledger.Head!.Height;
            for (; next <= head; next++)
            {
                var bytes = ledger.GetBlockBytes(next)!;
                await responseStream.WriteAsync(ProtoMapper.ToProto(CoreBlock.Decode(bytes), bytes), cancellation);
            }
        }
    }
}
