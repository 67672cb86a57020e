using Grpc.Core;
using Ledger.Protos.V1;

namespace Ledger.Node.Grpc;

/// <summary>Binding of <see cref="LedgerService"/>.</summary>
public static class LedgerBinding
{
    private const string Service = "ledger.v1.Ledger";

    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => Protos.V1.Ledger.Descriptor;

    public static void BindService(ServiceBinderBase binder, LedgerService? service)
    {
        binder.AddMethod(StrictBinding.Unary(Service, "GetBlock", GetBlockRequest.Parser, Block.Parser), service is null ? null : (UnaryServerMethod<GetBlockRequest, Block>)service.GetBlock);
        binder.AddMethod(StrictBinding.Unary(Service, "GetTransaction", GetTransactionRequest.Parser, GetTransactionResponse.Parser), service is null ? null : (UnaryServerMethod<GetTransactionRequest, GetTransactionResponse>)service.GetTransaction);
        binder.AddMethod(StrictBinding.Unary(Service, "GetHeaders", GetHeadersRequest.Parser, GetHeadersResponse.Parser), service is null ? null : (UnaryServerMethod<GetHeadersRequest, GetHeadersResponse>)service.GetHeaders);
        binder.AddMethod(StrictBinding.Unary(Service, "GetStateProof", GetStateProofRequest.Parser, GetStateProofResponse.Parser), service is null ? null : (UnaryServerMethod<GetStateProofRequest, GetStateProofResponse>)service.GetStateProof);
        binder.AddMethod(StrictBinding.Unary(Service, "GetAttestations", GetAttestationsRequest.Parser, GetAttestationsResponse.Parser), service is null ? null : (UnaryServerMethod<GetAttestationsRequest, GetAttestationsResponse>)service.GetAttestations);
        binder.AddMethod(StrictBinding.ServerStreaming(Service, "StreamBlocks", StreamBlocksRequest.Parser, Block.Parser), service is null ? null : (ServerStreamingServerMethod<StreamBlocksRequest, Block>)service.StreamBlocks);
    }
}
