using Grpc.Core;
using Ledger.Protos.V1;

namespace Ledger.Node.Grpc;

/// <summary>Binding of <see cref="GatewayService"/> (named by its <c>[BindServiceMethod]</c>).</summary>
public static class GatewayBinding
{
    private const string Service = "ledger.v1.Gateway";

    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => Gateway.Descriptor;

    public static void BindService(ServiceBinderBase binder, GatewayService? service)
    {
        binder.AddMethod(StrictBinding.Unary(Service, "Submit", SubmitRequest.Parser, SubmitResponse.Parser), service is null ? null : (UnaryServerMethod<SubmitRequest, SubmitResponse>)service.Submit);
        binder.AddMethod(StrictBinding.Unary(Service, "SubmitBatch", SubmitBatchRequest.Parser, SubmitBatchResponse.Parser), service is null ? null : (UnaryServerMethod<SubmitBatchRequest, SubmitBatchResponse>)service.SubmitBatch);
        binder.AddMethod(StrictBinding.Unary(Service, "Evaluate", EvaluateRequest.Parser, EvaluateResponse.Parser), service is null ? null : (UnaryServerMethod<EvaluateRequest, EvaluateResponse>)service.Evaluate);
    }
}
